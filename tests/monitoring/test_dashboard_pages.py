"""Dashboard and district pages (issue 10, points 7, 10, 16): one currency as the plan, links, latest year."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from planmonitor.monitoring import services
from tests.monitoring.factories import make_period, make_world

pytestmark = pytest.mark.django_db


def _approve(world, period, measure):
    reporter, coordinator = world.users["reporter"], world.users["coordinator"]
    report = services.save_report(measure, period, services.ReportInput(
        measure_status="in_progress",
        expenditures=[services.ExpenditureInput("Budget", Decimal("100"), services.allowed_currencies(period)[-1])],
    ), actor=reporter, version=0)
    services.approve_report(services.submit_report(report, actor=reporter), actor=coordinator)


def test_a_plan_in_leva_is_shown_in_leva_only(client):
    w = make_world()
    _approve(w, w.period, w.own_measure)
    client.force_login(w.users["coordinator"])
    body = client.get(reverse("monitoring:dashboard", args=[w.plan.pk])).content.decode()
    main = body[body.index("<main"):]
    assert "лв." in main
    assert "€" not in main and "(EUR)" not in main and "евро" not in main.lower()


def test_late_and_silent_measures_link_to_them(client):
    w = make_world()
    client.force_login(w.users["coordinator"])
    body = client.get(reverse("monitoring:dashboard", args=[w.plan.pk])).content.decode()
    silent = body[body.index("silent-list"):]
    silent = silent[: silent.index("</ul>")]
    assert reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk]) in silent


def test_scrollable_tables_can_be_reached_by_keyboard(client):
    w = make_world()
    client.force_login(w.users["district"])
    for url in (reverse("monitoring:dashboard", args=[w.plan.pk]), reverse("monitoring:district", args=[w.district.pk])):
        body = client.get(url).content.decode()
        wraps = re.findall(r'<div class="table-wrap"[^>]*>', body)
        assert wraps and all('tabindex="0"' in tag and "aria-label=" in tag for tag in wraps), wraps


def test_the_district_report_opens_on_the_latest_year_with_data(client):
    w = make_world()
    older = make_period(w.plan, 2023)
    _approve(w, older, w.own_measure)  # 2025 (and 2024) have nothing approved
    client.force_login(w.users["district"])
    body = client.get(reverse("reports:district")).content.decode()
    assert re.search(r"<h1>[^<]*2023</h1>", body), body[body.index("<h1"):body.index("</h1>")]
