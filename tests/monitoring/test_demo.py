"""``planmonitor demo``: both seed plans through the real importer, every role, every report state, twice."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from planmonitor.accounts.models import User
from planmonitor.monitoring.models import ProgressReport, ReportingPeriod
from planmonitor.plans.models import Plan

pytestmark = pytest.mark.django_db


def test_demo_fills_every_state_and_is_idempotent(shared_dir, monkeypatch):
    monkeypatch.setenv("PLANMONITOR_SEEDS", str(shared_dir / "seeds"))
    out = StringIO()
    call_command("demo", stdout=out)
    first = (Plan.objects.count(), User.objects.count(), ReportingPeriod.objects.count(),
             ProgressReport.objects.count())
    assert first[0] == 2
    assert set(Plan.objects.values_list("status", flat=True)) == {"adopted"}
    assert {p.municipality.district.name for p in Plan.objects.select_related("municipality__district")} == {
        "Стара Загора", "Сливен"}
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    states = Counter(ProgressReport.objects.values_list("status", flat=True))
    assert set(states) == set(ProgressReport.Status.values)
    assert ReportingPeriod.objects.filter(status="closed").count() == 2
    assert "Log in at" in out.getvalue() and "coordinator." in out.getvalue().splitlines()[-1]

    call_command("demo", stdout=StringIO())
    again = (Plan.objects.count(), User.objects.count(), ReportingPeriod.objects.count(),
             ProgressReport.objects.count())
    assert again == first


def test_demo_users_can_log_in(shared_dir, monkeypatch, client):
    monkeypatch.setenv("PLANMONITOR_SEEDS", str(shared_dir / "seeds"))
    call_command("demo", stdout=StringIO())
    coordinator = User.objects.filter(role="coordinator").first()
    assert client.login(username=coordinator.username, password="demo-planmonitor-2026")
    plan = Plan.objects.get(municipality=coordinator.municipality)
    assert client.get(f"/monitoring/plans/{plan.pk}/dashboard/").status_code == 200
