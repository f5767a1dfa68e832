"""``planmonitor restore`` brings back what ``backup`` wrote, for every kind: rows, exports and files identical."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from planmonitor.monitoring.models import Evidence
from planmonitor.plans.models import ImportSession, Plan
from planmonitor.reports import services
from tests.reports import factories
from tests.reports.roundtrip import differences, snapshot


def _site_with_files(settings):
    """A plan with a year of reports, an evidence file, a generated report and an upload under review."""
    built = factories.full_year()
    coordinator = factories.user("c-restore", "coordinator", municipality=built.plan.municipality)
    evidence = Evidence(report=built.reports[0], description="Протокол от срещата")
    evidence.file.save("протокол.pdf", ContentFile(b"%PDF-1.4 evidence"), save=True)
    generated = services.request_report(built.plan, built.period, "docx", actor=coordinator)
    generated.refresh_from_db()
    assert generated.status == "done"  # the reports tests run tasks at once
    session = ImportSession(filename="plan.docx", created_by=coordinator)
    session.file.save("plan.docx", ContentFile(b"PK plan under review"), save=True)
    return built


def _spoil(media):
    """What a bad day does: a plan removed (its monitoring and generated reports first: history is
    protected), a stranger added, an uploaded file lost and another added."""
    from planmonitor.monitoring.models import ProgressReport, Recommendation
    from planmonitor.reports.models import GeneratedReport

    GeneratedReport.objects.all().delete()
    Recommendation.objects.all().delete()
    ProgressReport.objects.all().delete()
    Plan.objects.all().delete()
    get_user_model().objects.create_user("stranger", password="x-123456789")
    next(p for p in media.rglob("*.pdf")).unlink()
    (media / "junk.txt").write_text("not ours")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["json", "tar.gz", "sqlite3", "dump", "sql"])
def test_backup_then_restore_gives_back_every_row_export_and_file(tmp_path, settings, kind):
    vendor_of = {"sqlite3": "sqlite", "dump": "postgresql", "sql": "postgresql"}
    if kind in vendor_of and connection.vendor != vendor_of[kind]:
        pytest.skip(f".{kind} copies are for {vendor_of[kind]} databases")
    _site_with_files(settings)
    media = settings.MEDIA_ROOT
    with_files = kind == "tar.gz"
    before = snapshot(media if with_files else None)
    assert before["exports"] and (before["files"] or not with_files)
    copy = tmp_path / f"copy.{kind}"
    call_command("backup", "-o", str(copy))
    _spoil(media)
    assert differences(before, snapshot(media if with_files else None))
    call_command("restore", str(copy), interactive=False)
    assert differences(before, snapshot(media if with_files else None)) == []


@pytest.mark.django_db
def test_restore_refuses_a_copy_of_another_kind(tmp_path):
    other = "copy.dump" if connection.vendor == "sqlite" else "copy.sqlite3"
    (tmp_path / other).write_bytes(b"x")
    with translation.override("bg"), pytest.raises(CommandError, match="може да се възстанови само в"):
        call_command("restore", str(tmp_path / other), interactive=False)
    with translation.override("bg"), pytest.raises(CommandError, match="не съществува"):
        call_command("restore", str(tmp_path / "missing.json"), interactive=False)
