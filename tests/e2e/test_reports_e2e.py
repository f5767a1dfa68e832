"""In headless Chromium: the coordinator generates the yearly report, watches its progress and
downloads both files. The task runs when the test says so (the dummy backend only records it), so
the page is seen waiting at 0 % and then turning into a download link without being reloaded.
"""

from __future__ import annotations

import io

import pytest
from docx import Document

from planmonitor.accounts.models import User
from planmonitor.reports.models import GeneratedReport
from planmonitor.reports.tasks import generate_report
from tests.e2e.axe import check_page
from tests.reports import documents, factories

PASSWORD = "pass-Word-123"


def shot(page, folder, name: str) -> None:
    """A screenshot of the page for people to look at, and axe-core on it (no serious or critical finding)."""
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    check_page(page, f"{folder.name}/{name}", folder.parent)


@pytest.fixture
def recorded_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def _log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def _generate(page, plan_id: int, fmt: str, output_dir, tmp_path) -> bytes:
    page.goto(f"/reports/plan/{plan_id}/")
    page.select_option("select[name=format]", fmt)
    page.click("text=" + page.locator("form.filters button").first.inner_text())
    page.wait_for_url("**/reports/*/")
    generated = GeneratedReport.objects.order_by("-pk").first()
    assert generated.status == GeneratedReport.Status.QUEUED
    page.wait_for_selector("[data-status]")
    assert page.locator("progress").get_attribute("value") == "0"
    shot(page, output_dir, f"report-{fmt}-queued")
    generate_report.call(generated.pk)  # the worker picks it up
    link = page.locator("[data-download] a")
    link.wait_for(state="visible", timeout=15000)
    assert page.locator("progress").evaluate("e => e.value") == 100
    shot(page, output_dir, f"report-{fmt}-ready")
    with page.expect_download() as info:
        link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_coordinator_generates_watches_and_downloads_both_files(page, recorded_tasks, output_dir, tmp_path):
    built = factories.full_year()
    factories.user("koord", User.Role.COORDINATOR, municipality=built.plan.municipality)
    out = output_dir / "e2e-reports"
    out.mkdir(exist_ok=True)
    _log_in(page, "koord")
    pdf = _generate(page, built.plan.pk, "pdf", out, tmp_path)
    assert pdf.startswith(b"%PDF")
    assert documents.normalise(built.measures[0].text) in documents.pdf_text(pdf)
    docx = _generate(page, built.plan.pk, "docx", out, tmp_path)
    assert built.measures[0].text in "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    page.goto(f"/reports/plan/{built.plan.pk}/")
    shot(page, out, "plan-reports")
    assert page.locator("table tbody tr").count() == 2


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_anonymous_visitor_finds_the_plan_and_downloads_its_open_data(page, output_dir, tmp_path):
    built = factories.full_year()
    out = output_dir / "e2e-portal"
    out.mkdir(exist_ok=True)
    page.goto("/")
    page.wait_for_url("**/portal/")
    shot(page, out, "portal-index")
    page.click(f"text={built.plan.title}")
    page.wait_for_url(f"**/portal/plans/{built.plan.pk}/")
    assert page.locator(f"#m{built.measures[0].pk}").is_visible()
    assert built.reports[0].done_text in page.content()
    shot(page, out, "portal-plan")
    # Each measure has a page of its own with its approved history.
    page.click(f"#m{built.measures[0].pk} a[href*='/measures/']")
    page.wait_for_url(f"**/portal/plans/{built.plan.pk}/measures/{built.measures[0].pk}/")
    assert built.reports[0].done_text in page.content()
    assert page.locator("script").count() == 0
    shot(page, out, "portal-measure")
    page.go_back()
    with page.expect_download() as info:
        page.click("text=datapackage.zip")
    path = tmp_path / "package.zip"
    info.value.save_as(path)
    import zipfile

    with zipfile.ZipFile(path) as zf:
        assert {"datapackage.json", "measures.csv", "progress.csv", "indicators.csv"} <= set(zf.namelist())
    # The portal's search finds the measure from an inflected word.
    page.goto("/portal/search/?q=Приобщаването")
    shot(page, out, "search")
    assert built.measures[0].text in page.content()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_district_coordinator_downloads_the_consolidated_report(page, output_dir, tmp_path):
    """The district coordinator opens the consolidation, names who prepared it, and downloads the PDF."""
    built = factories.full_year()
    factories.user("oblast", User.Role.DISTRICT, district=built.plan.municipality.district)
    out = output_dir / "e2e-reports"
    out.mkdir(exist_ok=True)
    _log_in(page, "oblast")
    page.goto("/reports/district/?year=2025")
    assert built.plan.municipality.name in page.content()
    page.fill("input[name=unit]", "Областна комисия по интеграция")
    shot(page, out, "district-report")
    with page.expect_download() as info:
        page.click("button[name=format][value=pdf]")
    path = tmp_path / "district.pdf"
    info.value.save_as(path)
    text = documents.pdf_text(path.read_bytes())
    assert "Областна комисия по интеграция" in text
    assert built.plan.municipality.name in text
