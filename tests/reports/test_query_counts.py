"""Report data and report pages cost the same number of queries for a small and a big dataset."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from planmonitor.accounts.models import District, User
from planmonitor.reports import data, services
from tests.querycount import BIG, SMALL, assert_count_stays, assert_same_count, get, logged_in
from tests.reports import factories

pytestmark = pytest.mark.django_db


def test_gathering_a_report_costs_the_same_for_5_and_50_measures_per_priority():
    small = factories.full_year(measures_per_priority=SMALL)
    big = factories.full_year(measures_per_priority=BIG, muni=factories.municipality("Голяма"))

    def gather(built):
        def run():
            with translation.override("bg"):
                result = data.gather(built.plan, built.period)
            assert len(result.measures) == built.plan.measures.count()
        return run

    assert_same_count(gather(small), gather(big), what=f"reports data.gather ({2 * SMALL} / {2 * BIG} measures)")


def test_plan_reports_page_costs_the_same_for_a_small_and_a_big_plan():
    small = factories.full_year(measures_per_priority=SMALL)
    big = factories.full_year(measures_per_priority=BIG, muni=factories.municipality("Голяма"))
    clients = [logged_in(factories.user(f"c{n}", User.Role.COORDINATOR, municipality=b.plan.municipality))
               for n, b in enumerate((small, big))]
    assert_same_count(get(clients[0], reverse("reports:plan", args=[small.plan.pk])),
                      get(clients[1], reverse("reports:plan", args=[big.plan.pk])),
                      what=f"reports:plan ({2 * SMALL} / {2 * BIG} measures)")


def test_plan_reports_page_costs_the_same_for_one_version_and_three(django_capture_on_commit_callbacks):
    built = factories.full_year()
    coordinator = factories.user("coord", User.Role.COORDINATOR, municipality=built.plan.municipality)

    def generate(fmt: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            services.request_report(built.plan, built.period, fmt, actor=coordinator)

    generate("docx")
    assert_count_stays(get(logged_in(coordinator), reverse("reports:plan", args=[built.plan.pk])),
                       lambda: (generate("pdf"), generate("docx")), what="reports:plan (1 / 3 versions)")
    assert built.plan.generated_reports.count() == 3


def test_reports_index_costs_the_same_for_one_plan_and_four():
    factories.full_year(muni=factories.municipality("Първа"))
    admin = factories.user("admin", User.Role.ADMIN)

    def grow() -> None:
        for name in ("Втора", "Трета", "Четвърта"):
            factories.full_year(muni=factories.municipality(name, name))

    assert_count_stays(get(logged_in(admin), reverse("reports:index")), grow, what="reports:index (1 / 4 plans)")


def test_district_page_costs_the_same_for_one_municipality_and_four():
    factories.full_year(muni=factories.municipality("Сама", "Малка"))
    for n in range(4):
        factories.full_year(muni=factories.municipality(f"Община {n}", "Голяма"),
                            measures_per_priority=SMALL + n)
    clients = [logged_in(factories.user(f"d-{name}", User.Role.DISTRICT, district=District.objects.get(name=name)))
               for name in ("Малка", "Голяма")]
    assert_same_count(get(clients[0], reverse("reports:district"), {"year": 2025}),
                      get(clients[1], reverse("reports:district"), {"year": 2025}),
                      what="reports:district (1 / 4 municipalities)")


def test_national_page_costs_the_same_for_one_plan_of_a_district_and_three():
    factories.full_year(muni=factories.municipality("Сливен", "Сливен"))
    national = factories.user("national", User.Role.NATIONAL)

    def grow() -> None:
        factories.full_year(muni=factories.municipality("Котел", "Сливен"), measures_per_priority=BIG)
        factories.full_year(muni=factories.municipality("Нова Загора", "Сливен"))

    assert_count_stays(get(logged_in(national), reverse("reports:national"), {"year": 2025}), grow,
                       what="reports:national (1 / 3 plans in one district)")


def test_national_page_costs_the_same_for_one_district_and_three():
    factories.full_year(muni=factories.municipality("Сливен", "Сливен"))
    national = factories.user("national", User.Role.NATIONAL)

    def grow() -> None:
        factories.full_year(muni=factories.municipality("Казанлък", "Стара Загора"))
        factories.full_year(muni=factories.municipality("Бургас", "Бургас"))

    assert_count_stays(get(logged_in(national), reverse("reports:national"), {"year": 2025}), grow,
                       what="reports:national (1 / 3 districts)")
