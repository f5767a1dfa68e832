"""``planmonitor demo``: the shipped sample plans (and the seed plans when present) through the real importer,
every role, every report state, twice."""

from __future__ import annotations

import importlib.util
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from planmonitor.accounts.models import User
from planmonitor.ingest import read_plan
from planmonitor.monitoring.management.commands.demo import SAMPLES_DIR
from planmonitor.monitoring.models import ProgressReport, ReportingPeriod
from planmonitor.plans.models import Plan

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _counts() -> tuple[int, int, int, int]:
    return (Plan.objects.count(), User.objects.count(), ReportingPeriod.objects.count(),
            ProgressReport.objects.count())


def test_demo_comes_up_without_the_shared_folder(monkeypatch, tmp_path):
    """A fresh clone has no ../shared: the two shipped sample plans make the whole demo, run twice."""
    monkeypatch.setenv("PLANMONITOR_SEEDS", str(tmp_path / "no-such-folder"))
    out = StringIO()
    call_command("demo", stdout=out)
    first = _counts()
    plans = list(Plan.objects.select_related("municipality__district").order_by("municipality__name"))
    assert [(p.municipality.name, p.municipality.district.name, p.status) for p in plans] == [
        ("Котел", "Сливен", "adopted"), ("Мъглиж", "Стара Загора", "adopted")]
    assert sorted(p.source_file for p in plans) == ["kotel-2024-2027.xlsx", "muglizh-2024-2027.docx"]
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    for plan in plans:
        latest = ReportingPeriod.objects.filter(plan=plan, status="open").get()
        states = set(ProgressReport.objects.filter(period=latest).values_list("status", flat=True))
        assert states == set(ProgressReport.Status.values), plan
        assert plan.measures.count() > ProgressReport.objects.filter(period=latest).count()  # some are silent
    assert ReportingPeriod.objects.filter(status="closed").count() == 2
    assert str(tmp_path / "no-such-folder") in out.getvalue()

    call_command("demo", stdout=StringIO())
    assert _counts() == first


def test_an_explicit_seeds_folder_that_is_missing_is_one_line(tmp_path):
    with pytest.raises(CommandError, match="no-such-folder"):
        call_command("demo", "--seeds", str(tmp_path / "no-such-folder"), stdout=StringIO())
    assert Plan.objects.count() == 0


def test_the_shipped_samples_are_what_the_script_writes(tmp_path):
    """scripts/make_demo_plans.py makes the committed documents: they read the same as freshly built ones."""
    spec = importlib.util.spec_from_file_location("make_demo_plans", ROOT / "scripts" / "make_demo_plans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert sorted(p.name for p in SAMPLES_DIR.iterdir()) == sorted(module.SAMPLES)
    for name, (source, _layout, _kind) in module.SAMPLES.items():
        shipped = read_plan((SAMPLES_DIR / name).read_bytes(), name)
        fresh = read_plan(module.build(name), name)
        assert shipped.plan == fresh.plan, name
        assert not shipped.warnings, name
        assert shipped.plan["title"] == source["title"]
        assert [m["text"] for m in shipped.plan["measures"]] == [m["text"] for m in source["measures"]]


def test_demo_loads_the_seed_plans_as_well(shared_dir, monkeypatch):
    monkeypatch.setenv("PLANMONITOR_SEEDS", str(shared_dir / "seeds"))
    out = StringIO()
    call_command("demo", stdout=out)
    first = _counts()
    assert first[0] == 4
    assert set(Plan.objects.values_list("status", flat=True)) == {"adopted"}
    assert {p.municipality.name: p.municipality.district.name
            for p in Plan.objects.select_related("municipality__district")} == {
        "Казанлък": "Стара Загора", "Твърдица": "Сливен", "Мъглиж": "Стара Загора", "Котел": "Сливен"}
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    states = Counter(ProgressReport.objects.values_list("status", flat=True))
    assert set(states) == set(ProgressReport.Status.values)
    assert ReportingPeriod.objects.filter(status="closed").count() == 4
    assert "coordinator." in out.getvalue().splitlines()[-1]

    call_command("demo", stdout=StringIO())
    assert _counts() == first


def test_demo_users_can_log_in(monkeypatch, client, tmp_path):
    monkeypatch.setenv("PLANMONITOR_SEEDS", str(tmp_path / "none"))
    call_command("demo", stdout=StringIO())
    coordinator = User.objects.filter(role="coordinator").first()
    assert client.login(username=coordinator.username, password="demo-planmonitor-2026")
    plan = Plan.objects.get(municipality=coordinator.municipality)
    assert client.get(f"/monitoring/plans/{plan.pk}/dashboard/").status_code == 200
