"""Amendments never delete reported history (issue 11, point 1).

A measure with progress reports that an amendment (or ``import --new-version``)
removes is retired: its reports, the closed period and every yearly report stay
exactly as they were; it leaves the current plan, to-do lists and new periods.
"""

from __future__ import annotations

import copy
import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse

from planmonitor.accounts.models import Institution, User
from planmonitor.ingest import exact_json
from planmonitor.monitoring import selectors as monitoring_selectors
from planmonitor.monitoring import services as monitoring
from planmonitor.monitoring.models import ProgressReport
from planmonitor.plans import services
from planmonitor.plans.models import Measure, Plan
from planmonitor.reports import data
from planmonitor.reports.render import render_report
from tests.reports.documents import docx_text

pytestmark = pytest.mark.django_db
DONE = "Обхванати 35 деца; проведени 12 срещи с родители"
TODAY = date(2026, 3, 1)


def _approved(measure: Measure, period, actor, done: str) -> ProgressReport:
    value = {measure.indicators.get().pk: "35"} if measure.indicators.exists() else {}
    report = monitoring.save_report(
        measure, period, monitoring.ReportInput(measure_status="in_progress", done_text=done, values=value),
        actor=actor, version=0,
    )
    report = monitoring.submit_report(report, actor=actor)
    return monitoring.approve_report(report, actor=actor)


@pytest.fixture
def reported(small_plan_json, admin_user):
    """An adopted plan whose measure 1.1.2 has an approved report in the closed period 2025."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status=Plan.Status.ADOPTED)
    period = monitoring.open_period(plan, actor=admin_user, name="2025", start=date(2025, 1, 1),
                                    end=date(2025, 12, 31), deadline=date(2026, 1, 31))
    measure = plan.measures.get(code="1.1.2")
    report = _approved(measure, period, admin_user, DONE)
    monitoring.close_period(period, actor=admin_user)
    return plan, period, measure, report


def test_removing_a_reported_measure_retires_it_and_every_report_stays(client, reported, admin_user):
    plan, period, measure, report = reported
    with_bg = {"unit": "", "today": TODAY}
    from django.utils import translation

    with translation.override("bg"):
        before = data.gather(plan, period, **with_bg)
    docx_before = docx_text(render_report(plan, period, "docx", today=TODAY).content)

    services.remove_measure(measure, actor=admin_user, reason="Решение № 5 на Общинския съвет")

    measure.refresh_from_db()
    plan.refresh_from_db()
    assert measure.retired_in == plan.version == 2 and measure.retired_at is not None
    kept = ProgressReport.objects.get(pk=report.pk)
    assert (kept.status, kept.done_text, kept.version) == (report.status, DONE, report.version)
    assert kept.values.get().raw == "35"
    # The yearly report given to the council reads the same when generated again.
    with translation.override("bg"):
        assert data.gather(plan, period, **with_bg) == before
    assert docx_text(render_report(plan, period, "docx", today=TODAY).content) == docx_before
    # It is out of the current plan: export, plan page, versions say so.
    assert "1.1.2" not in [m["code"] for m in services.export_plan(plan)["measures"]]
    client.force_login(admin_user)
    assert measure.text not in client.get(plan.get_absolute_url()).content.decode()
    # The public page of the measure still shows its approved history; open data still has it.
    client.logout()
    page = client.get(reverse("portal:measure", args=[plan.pk, measure.pk]))
    assert page.status_code == 200 and DONE in page.content.decode()
    assert "version 2 dropped it" in page.content.decode() or "версия 2" in page.content.decode()
    rows = csv.DictReader(io.StringIO(client.get(f"/open-data/plans/{plan.pk}/measures.csv").content.decode("utf-8-sig")))
    retired_row = next(r for r in rows if r["measure_id"] == str(measure.pk))
    assert retired_row["retired_in_version"] == "2"
    progress = csv.DictReader(io.StringIO(client.get(f"/open-data/plans/{plan.pk}/progress.csv").content.decode("utf-8-sig")))
    assert next(r for r in progress if r["measure_id"] == str(measure.pk))["done"] == DONE
    # A new period does not ask for it; nobody can report on it or amend it any more.
    new = monitoring.open_period(plan, actor=admin_user, name="2026", start=date(2026, 1, 1),
                                 end=date(2026, 12, 31), deadline=date(2027, 1, 31))
    assert measure.pk not in [row.measure.pk for row in monitoring_selectors.period_rows(new)]
    assert measure.pk in [row.measure.pk for row in monitoring_selectors.period_rows(period)]
    with translation.override("bg"):
        assert measure.pk not in [m.id for m in data.gather(plan, new).measures]
    with pytest.raises(monitoring.MonitoringError):
        monitoring.save_report(measure, new, monitoring.ReportInput(done_text="x"), actor=admin_user, version=0)
    with pytest.raises(services.PlanError):
        services.amend_measure(measure, {"text": "нова"}, actor=admin_user, reason="опит")
    school = Institution.objects.filter(measures=measure).first()
    reporter = User.objects.create_user("rep", password="pw-rep-1234", role=User.Role.REPORTER,
                                        municipality=plan.municipality, institution=school)
    assert measure.pk not in [item.measure.pk for item in monitoring_selectors.reporter_todo(reporter)]


def test_a_measure_without_history_is_still_deleted(reported, admin_user):
    plan, _period, _measure, _report = reported
    unreported = plan.measures.get(code="1")
    services.remove_measure(unreported, actor=admin_user, reason="Решение")
    assert not Measure.objects.filter(pk=unreported.pk).exists()


def test_the_database_refuses_to_delete_history(reported):
    _plan, period, measure, _report = reported
    with pytest.raises(ProtectedError):
        measure.delete()
    with pytest.raises(ProtectedError):
        period.delete()


def test_new_version_matches_renumbered_measures_by_text_and_says_what_it_retires(reported, admin_user, tmp_path):
    """A re-edited document: one measure renumbered, one reworded, one dropped (the reported one)."""
    plan, period, reported_measure, report = reported
    employment = plan.measures.get(code="1")
    employment_report = None
    monitoring.reopen_period(period, actor=admin_user, reason="късен доклад")
    employment_report = _approved(employment, period, admin_user, "Обучени 20 души")
    monitoring.close_period(period, actor=admin_user)
    first = plan.measures.get(code="1.1.1")
    plan_json = services.export_plan(plan)
    new = copy.deepcopy(plan_json)
    new["measures"] = [
        dict(new["measures"][0], text="Обхват на ромските деца в училищата и детските градини"),  # reworded
        dict(new["measures"][2], code="2.1"),  # renumbered, same text
    ]
    path = tmp_path / "plan-v2.json"
    path.write_text(exact_json.dumps(new, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import", str(path), "--new-version", stdout=out)

    plan.refresh_from_db()
    assert plan.version == 2
    assert "1.1.2" in out.getvalue() and reported_measure.text[:40] in out.getvalue()
    assert Measure.objects.get(pk=employment.pk).code == "2.1"  # the same measure, its report with it
    assert ProgressReport.objects.get(pk=employment_report.pk).measure_id == employment.pk
    assert Measure.objects.get(pk=first.pk).text.endswith("детските градини")
    assert Measure.objects.get(pk=reported_measure.pk).retired_in == 2
    assert ProgressReport.objects.get(pk=report.pk).done_text == DONE
    assert list(plan.measures.current().order_by("position").values_list("pk", flat=True)) == [first.pk, employment.pk]


def test_a_retired_measure_that_comes_back_gets_its_history_back(reported, admin_user, small_plan_json):
    plan, _period, measure, report = reported
    services.remove_measure(measure, actor=admin_user, reason="по грешка")
    services.amend_plan(plan, small_plan_json, actor=admin_user, reason="върната")
    measure.refresh_from_db()
    assert measure.retired_in is None
    assert ProgressReport.objects.get(pk=report.pk).measure_id == measure.pk


def test_an_indicator_with_reported_values_is_not_dropped_silently(reported, admin_user):
    """Fewer indicators in an amendment would delete reported values: refused with a sentence, nothing changed."""
    plan, _period, measure, report = reported
    with pytest.raises(services.PlanJsonError, match="reported values"):
        services.amend_measure(measure, {"indicators": None, "target": None}, actor=admin_user, reason="без индикатор")
    plan.refresh_from_db()
    assert plan.version == 1
    assert ProgressReport.objects.get(pk=report.pk).values.get().raw == "35"
