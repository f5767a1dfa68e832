"""An unapproved value never reaches the report, the portal or open data, in any unapproved state."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from planmonitor.accounts.models import User
from planmonitor.monitoring.models import ProgressReport, Recommendation, ReviewComment
from planmonitor.reports import services
from planmonitor.reports.models import GeneratedReport
from tests.reports import documents, factories

UNAPPROVED = [ProgressReport.Status.DRAFT, ProgressReport.Status.SUBMITTED, ProgressReport.Status.RETURNED]
NUMBERS = ("987654.32", "987 654,32", "876543.21", "876 543,21", "765432.19", "765 432,19")


def _zip_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return "\n".join(zf.read(name).decode("utf-8") for name in zf.namelist())


@pytest.mark.django_db
@pytest.mark.parametrize("status", UNAPPROVED)
def test_unapproved_marker_is_nowhere(client, tmp_path, status, django_capture_on_commit_callbacks):
    built = factories.full_year(unreported=1)
    marker = f"UNAPPROVED-MARKER-{status}"
    reporter = factories.user("reporter", User.Role.REPORTER, municipality=built.plan.municipality)
    hidden = factories.report(built.measures[-1], built.period, status=status, done=marker,
                              values=(Decimal("987654.32"), Decimal("876543.21")), spent=Decimal("765432.19"))
    hidden.submitted_by = reporter
    hidden.save(update_fields=["submitted_by"])
    ReviewComment.objects.create(report=hidden, author=reporter, text=f"COMMENT-{marker}")
    # Internal names of approved reports' reporters never show either.
    approved = built.reports[0]
    approved.submitted_by = reporter
    approved.save(update_fields=["submitted_by"])
    needles = (marker, *NUMBERS, reporter.last_name)

    texts = {}
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"r.{fmt}"
        call_command("report", str(built.plan.pk), "--year", "2025", "--format", fmt, "-o", str(out))
        texts[fmt] = documents.docx_text(out.read_bytes()) if fmt == "docx" else documents.pdf_text(out.read_bytes())
    base = f"/open-data/plans/{built.plan.pk}/"
    for name in ("plan.json", "dcat.jsonld", "measures.csv", "progress.csv", "indicators.csv", "datapackage.json"):
        texts[name] = client.get(base + name).content.decode()
    texts["datapackage.zip"] = _zip_text(client.get(base + "datapackage.zip").content)
    texts["all.zip"] = _zip_text(client.get("/open-data/all.zip").content)
    texts["catalogue"] = client.get("/open-data/catalog.jsonld").content.decode()
    texts["portal plan"] = client.get(reverse("portal:plan", args=[built.plan.pk])).content.decode()
    texts["portal period"] = client.get(
        reverse("portal:plan", args=[built.plan.pk]), {"period": built.period.pk}
    ).content.decode()
    texts["portal index"] = client.get(reverse("portal:index")).content.decode()
    texts["portal search"] = client.get(reverse("portal:search"), {"q": "приобщаване"}).content.decode()
    for where, text in texts.items():
        for needle in needles:
            assert needle not in text, f"{where} shows {needle!r}"
    # The approved data is there (so the absence above is not an empty page).
    assert approved.done_text in texts["portal plan"] and approved.done_text in texts["pdf"]
    assert Recommendation.objects.exists()


@pytest.mark.django_db
def test_portal_lists_only_final_report_versions(client, django_capture_on_commit_callbacks):
    built = factories.full_year(unreported=0)
    coordinator = factories.user("c", User.Role.COORDINATOR, municipality=built.plan.municipality)
    with django_capture_on_commit_callbacks(execute=True):
        final = services.request_report(built.plan, built.period, "pdf", actor=coordinator)
    hidden = built.reports[0]
    hidden.status = ProgressReport.Status.RETURNED
    hidden.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.request_report(built.plan, built.period, "pdf", actor=coordinator)
    final.refresh_from_db(), draft.refresh_from_db()
    assert (final.is_final, draft.is_final) == (True, False)
    assert draft.status == GeneratedReport.Status.DONE
    html = client.get(reverse("portal:plan", args=[built.plan.pk])).content.decode()
    assert reverse("portal:report", args=[final.pk]) in html
    assert reverse("portal:report", args=[draft.pk]) not in html
    assert client.get(reverse("portal:report", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:report", args=[final.pk])).status_code == 200
