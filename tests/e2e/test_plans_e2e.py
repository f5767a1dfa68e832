"""A coordinator's day in headless Chromium: import a DOCX, correct it, publish, search, amend, compare.

And the public's view: no draft, no edit page. Screenshots of each main page go
to the test output folder.
"""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from planmonitor.accounts.models import District, Municipality, User
from planmonitor.plans import services
from planmonitor.plans.models import Measure, Plan
from tests.e2e.axe import check_page

PASSWORD = "e2e-coordinator-pw-1"
HEADER = ["№", "Мерки", "Статус", "Срок", "Отговорна институция", "Източник на финансиране",
          "Индикатори", "Текуща стойност", "Целева стойност"]
ROWS = [
    ["", "Летни занимания по четене за деца от уязвими групи", "текущ", "Летни ваканции",
     "Читалища", "Не е необходим", "Брой участници", "", "50 деца"],
    ["1.1", "Записване на ромските деца в детските градини и училищата", "текущ", "2025 – 2028",
     "Община Примерна, РУО", "Общински бюджет – 12 000 лв.", "Брой записани деца", "120 деца", "200 деца"],
    ["1.2", "Наемане на образователни медиатори", "предстоящ", "2026",
     "МОН, училища", "Национална програма „Заедно за всяко дете“", "Брой медиатори", "2", "6"],
]


def plan_docx() -> bytes:
    """A Tvarditsa-like plan: a priority heading, a goal paragraph, one table; its first measure has no number."""
    doc = Document()
    doc.add_paragraph("ПЛАН ЗА ДЕЙСТВИЕ НА ОБЩИНА ПРИМЕРНА ЗА ПРИОБЩАВАНЕ НА РОМИТЕ (2025-2028 г.)")
    doc.add_paragraph("ПРИОРИТЕТ „ОБРАЗОВАНИЕ“")
    doc.add_paragraph("Цел 1. Ефективен обхват и задържане на децата в училище")
    table = doc.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for col, text in enumerate(HEADER):
        table.cell(0, col).text = text
    for r, row in enumerate(ROWS, 1):
        for col, text in enumerate(row):
            table.cell(r, col).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def shot(page, output_dir, name: str) -> None:
    """A screenshot of the page for people to look at, and axe-core on it (no serious or critical finding)."""
    page.screenshot(path=output_dir / f"{name}.png", full_page=True)
    check_page(page, f"plans/{name}", output_dir)


@pytest.fixture
def coordinator(db):
    district = District.objects.get_or_create(name="Сливен")[0]
    municipality = Municipality.objects.create(name="Примерна", district=district)
    return User.objects.create_user("koordinator", password=PASSWORD, role="coordinator", municipality=municipality)


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """The upload is read at once inside the request (the database worker is not running in tests)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/$"))


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_import_correct_publish_search_amend(page, coordinator, immediate_tasks, output_dir):
    log_in(page, "koordinator", PASSWORD)
    shot(page, output_dir, "plans-01-list")

    # Upload the DOCX; it is read and shown for review with the measure without a number flagged.
    page.goto("/plans/import/")
    page.set_input_files("#id_file", files=[{
        "name": "plan-primerna.docx",
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "buffer": plan_docx(),
    }])
    shot(page, output_dir, "plans-02-upload")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#publish-form")
    assert Plan.objects.count() == 0
    flagged = page.locator("#m-0 .review-field.flag input")
    assert flagged.count() == 1
    assert page.locator("#m-0 .warning").count() >= 1
    shot(page, output_dir, "plans-03-review")

    # Correct the flagged field: it is saved as soon as it changes.
    flagged.fill("1.0")
    flagged.press("Tab")
    page.wait_for_selector("#m-0 .review-field.flag input[data-saved]")
    target = page.locator("input[name='measures.2.target']")
    target.fill("8")  # typed but not yet saved by a change event: publish must keep it too
    page.check("#publish-confirm")  # municipality, title and period checked
    page.click("#publish")
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    plan = Plan.objects.get()
    assert plan.status == "draft"  # adopting is a separate step
    assert Measure.objects.get(plan=plan, code="1.0").text.startswith("Летни занимания")
    assert Measure.objects.get(plan=plan, code="1.2").target_raw == "8"
    assert page.locator("text=Записване на ромските деца").count() >= 1
    shot(page, output_dir, "plans-04-plan")

    # Find a measure by search, whatever the word's ending or case.
    page.fill("#site-q", "МЕДИАТОРИТЕ")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r".*/plans/search/\?q=.*"))
    results = page.locator("table.results tbody tr")
    assert results.count() == 1
    assert "Наемане на образователни медиатори" in results.first.inner_text()
    shot(page, output_dir, "plans-05-search")

    # Amend the measure found, with the council decision, and see the difference.
    results.first.locator("a[href*='/plans/measures/']").first.click()
    page.wait_for_url(re.compile(r".*/plans/measures/\d+/$"))
    shot(page, output_dir, "plans-06-measure")
    page.click("a[href$='/edit/']")
    page.fill("#id_text", "Наемане на образователни и здравни медиатори")
    page.fill("#id_reason", "Решение № 345 на Общинския съвет от 20.03.2026")
    shot(page, output_dir, "plans-07-amend")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/measures/\d+/$"))
    page.goto(f"/plans/{plan.pk}/versions/")
    assert page.locator("ins", has_text="здравни").count() >= 1
    assert page.locator("text=Решение № 345 на Общинския съвет от 20.03.2026").count() == 1
    shot(page, output_dir, "plans-08-versions")
    plan.refresh_from_db()
    assert plan.version == 2

    # An institution's page lists what it answers for.
    page.goto(f"/plans/{plan.pk}/")
    page.click(".measure a.badge:has-text('РУО')")
    page.wait_for_url(re.compile(r".*/plans/institutions/\d+/$"))
    assert page.locator("text=Записване на ромските деца").count() == 1
    shot(page, output_dir, "plans-09-institution")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_public_sees_no_draft_and_no_edit_page(page, coordinator, shared_dir, output_dir):
    import json

    plan_json = json.loads((shared_dir / "groundtruth" / "tvarditsa-2024-2027.json").read_text(encoding="utf-8"))
    draft = services.import_plan(plan_json, actor=None, municipality=coordinator.municipality)
    measure = draft.measures.order_by("position").first()
    response = page.goto(f"/plans/{draft.pk}/")
    assert response.status == 404
    assert page.goto(f"/plans/measures/{measure.pk}/").status == 404
    page.goto("/plans/search/?q=обхват")
    assert page.locator("table.results").count() == 0
    for url in [f"/plans/measures/{measure.pk}/edit/", f"/plans/{draft.pk}/measures/add/",
                f"/plans/{draft.pk}/status/", "/plans/import/"]:
        page.goto(url)
        assert "/accounts/login/" in page.url, url
    services.set_plan_status(draft, "adopted", actor=None, decision="Решение № 1")
    page.goto(f"/plans/{draft.pk}/")  # the staff page of an adopted plan sends the public to the portal
    assert page.url.endswith(f"/portal/plans/{draft.pk}/")
    assert page.locator("h1").inner_text() == draft.title
    shot(page, output_dir, "plans-10-public-plan")
    page.goto(f"/plans/measures/{measure.pk}/edit/")
    assert "/accounts/login/" in page.url
