"""Every admin list page costs the same number of queries for one plan as for three (a list column that reads a
related row per line would add a query per line)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from planmonitor.accounts.models import Institution, User
from planmonitor.monitoring.models import Evidence, ReminderSent, ReviewComment
from tests.querycount import BIG, assert_count_stays, get, logged_in
from tests.reports import factories

pytestmark = pytest.mark.django_db

MODELS = sorted(f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry)


def _people(built, prefix: str, n: int) -> None:
    """``n`` reporters of a new school, and for each a review comment, a piece of evidence and a reminder, so that
    every admin list has a line per person (an empty list would cost the same whatever its columns read)."""
    muni = built.plan.municipality
    school = Institution.objects.create(name=f"Училище {prefix}", abbreviation=prefix, municipality=muni)
    for i in range(n):  # no password: hashing one costs a good part of a second, and the list needs none
        person = User.objects.create(username=f"{prefix}{i}", role=User.Role.REPORTER, municipality=muni,
                                     institution=school)
        report = built.reports[i % len(built.reports)]
        ReviewComment.objects.create(report=report, author=person, text=f"Бележка {prefix}{i}")
        Evidence.objects.create(report=report, added_by=person, url=f"https://example.org/{prefix}{i}")
        ReminderSent.objects.create(user=person, period=built.period, days_before=i, measure_count=i)


@pytest.mark.parametrize("model", MODELS)
def test_admin_list_costs_the_same_for_one_plan_and_three(model):
    _people(factories.full_year(muni=factories.municipality("Първа", "Първа област")), "a", 1)
    root = User.objects.create(username="root", role=User.Role.ADMIN, is_staff=True, is_superuser=True)

    def grow() -> None:
        _people(factories.full_year(muni=factories.municipality("Втора", "Първа област"),
                                    measures_per_priority=BIG), "b", 5)
        _people(factories.full_year(muni=factories.municipality("Трета", "Втора област")), "c", 5)

    app, name = model.split(".")
    assert_count_stays(get(logged_in(root), reverse(f"admin:{app}_{name}_changelist")), grow,
                       what=f"admin {model} list (1 / 3 plans)")
