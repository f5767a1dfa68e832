"""A coordinator uploads a 25-page scanned plan; the page shows the text recognition page by page (issue 13).

The scan is a generated corpus plan laid out as a ruled table, turned into a PDF by LibreOffice and
then into 25 pages of 200 dpi images with no text layer (``tests/builders/scan.py``). The upload is
queued (the dummy task backend records it) and this test's worker thread reads it, as the database
worker would, while the browser polls: the status line names the page reached ("страница N от 25"),
and when the reading ends the review opens with the measures and the recognition's warnings.
"""

from __future__ import annotations

import os
import re
import shutil
import threading

import pytest
from django.db import connection

from planmonitor.accounts.models import District, Municipality, User
from planmonitor.plans.models import ImportSession
from planmonitor.plans.tasks import parse_import
from tests.builders.corpus.generate import Features, random_plan
from tests.builders.corpus.render import Style, layout
from tests.builders.office import convert, soffice
from tests.builders.scan import pages_of, scan_pdf
from tests.builders.word import docx_from_blocks

PASSWORD = "e2e-scan-pw-25"
PAGES = 25

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed"),
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed"),
    # Several minutes of text recognition that no database changes: it runs once, in the SQLite pass of
    # ./scripts/test; the PostgreSQL pass covers the same background import in test_import_review_e2e.
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="text recognition does not depend on the database: run once, on SQLite"),
]


def scanned_plan() -> tuple[bytes, dict]:
    """A 25-page image-only PDF of a generated plan, and the plan."""
    plan = random_plan(4242, Features(measures=150, long_cells=True, currency="mixed"))  # 27 pages
    blocks, _truth = layout(plan, "goal_column", Style(seed=4242, ruling="grid", shuffle=False))
    pdf = convert(docx_from_blocks(blocks, plan["municipality"], "grid"), "docx", "pdf")
    return scan_pdf(pages_of(pdf, PAGES)), plan


@pytest.fixture
def recorded_tasks(settings, tmp_path):
    """Uploads are queued, not read in the request: this test plays the worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_a_scanned_plan_is_read_in_the_background_with_page_progress(page, recorded_tasks, output_dir):
    data, plan = scanned_plan()
    district, _created = District.objects.get_or_create(name="Сливен")
    municipality, _created = Municipality.objects.get_or_create(name=plan["municipality"],
                                                                defaults={"district": district})
    User.objects.create_user("skener25", password=PASSWORD, role="coordinator", municipality=municipality)
    page.goto("/accounts/login/")
    page.fill("#id_username", "skener25")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/$"))

    page.goto("/plans/import/")
    page.set_input_files("#id_file", files=[{"name": "skaniran-plan.pdf", "mimeType": "application/pdf",
                                             "buffer": data}])
    page.click("main form button[type=submit]")
    page.wait_for_selector("#progress")
    session = ImportSession.objects.get()
    assert session.status == ImportSession.Status.PENDING

    failures: list[BaseException] = []

    def worker() -> None:
        try:
            parse_import.call(session.pk)
        except BaseException as error:  # reported by the test below
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        status = page.locator("#progress-text")
        status.filter(has_text=re.compile(r"страница \d+ от 25")).wait_for(timeout=180_000)
        first = int(re.search(r"страница (\d+) от", status.inner_text()).group(1))
        page.screenshot(path=output_dir / "scan-25-progress.png")
        status.filter(has_text=re.compile(rf"страница (?!{first} )\d+ от 25")).wait_for(timeout=180_000)
        later = int(re.search(r"страница (\d+) от", status.inner_text()).group(1))
        assert later > first
        page.wait_for_selector("#publish-form", timeout=1_800_000)  # 25 pages on a busy machine
    finally:
        thread.join(timeout=1800)
    assert not failures, failures
    session.refresh_from_db()
    assert session.status == ImportSession.Status.READY, session.error
    assert len(session.plan_json["measures"]) >= 100
    assert any("сканирано копие" in w["message"] for w in session.warnings)
    page.screenshot(path=output_dir / "scan-25-review.png")
