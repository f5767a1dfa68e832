"""A coordinator imports, reviews and publishes a plan of 400 measures in headless Chromium (issue 10).

The plan document is written by ``tests.builders`` (no ``../shared`` needed). The review is shown a
page of measures at a time; corrections are saved per field as they are typed; a merged measure is
split, a missing one added, an extra one deleted; a name the institution registry does not know is
confirmed; the plan is published as a draft (a small request, where the old one-form page of 6,800
fields failed with TooManyFieldsSent) and then adopted in a separate, confirmed step.
"""

from __future__ import annotations

import re

import pytest

from planmonitor.accounts.models import District, Institution, Municipality, User
from planmonitor.plans.models import ImportSession, Plan
from tests.builders.big_plan import synthetic_plan
from tests.builders.word import build_docx

PASSWORD = "e2e-review-pw-400"
MEASURES = 400


@pytest.fixture
def coordinator(db):
    district, _created = District.objects.get_or_create(name="Сливен")
    municipality = Municipality.objects.create(name="Примерна", district=district)
    return User.objects.create_user("koordinator400", password=PASSWORD, role="coordinator",
                                    municipality=municipality)


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """The upload is read at once inside the request (the database worker is not running in tests)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


def saved(page, name: str) -> None:
    page.wait_for_selector(f"[name='{name}'][data-saved]")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_import_review_and_publish_a_400_measure_plan(page, coordinator, immediate_tasks, output_dir):
    document = build_docx(synthetic_plan(MEASURES, quirks=True), "tvarditsa")
    page.goto("/accounts/login/")
    page.fill("#id_username", "koordinator400")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/$"))

    page.goto("/plans/import/")
    page.set_input_files("#id_file", files=[{
        "name": "plan-primerna-400.docx",
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "buffer": document,
    }])
    page.click("main form button[type=submit]")
    page.wait_for_selector("#publish-form", timeout=60000)
    session = ImportSession.objects.get()
    assert len(session.plan_json["measures"]) == MEASURES
    assert Plan.objects.count() == 0
    # Municipality, title and period are shown for confirmation; the municipality is the coordinator's own.
    assert page.input_value("[name='plan.municipality']") == "Примерна"
    assert page.get_attribute("[name='plan.municipality']", "readonly") is not None
    assert "2025" in page.input_value("[name='plan.title']")
    assert page.locator("form.review-measure").count() == 50
    assert page.locator("nav.pages").first.locator("li").count() == 8
    page.screenshot(path=output_dir / "import-400-01-review.png")

    # An emptied text is refused at the field and in the error summary at the top; typing it back clears both.
    text = page.locator("[name='measures.5.text']")
    original = text.input_value()
    text.fill("")
    text.press("Tab")
    page.wait_for_selector("#error-summary:not([hidden]) a[href='#f-measures.5.text']")
    assert page.locator("[id='err-measures.5.text']").count() == 1
    page.locator("#error-summary").scroll_into_view_if_needed()
    page.screenshot(path=output_dir / "import-400-02-error-summary.png")
    text.fill(original + " (поправено)")
    text.press("Tab")
    saved(page, "measures.5.text")
    assert page.locator("#error-summary").is_hidden()

    # Split the merged third measure where the second one starts (the cursor is put there).
    page.eval_on_selector("[name='measures.2.text']",
                          "el => { const at = el.value.indexOf('1.1.99.'); el.focus(); el.setSelectionRange(at, at); }")
    page.locator("#m-2 button[data-split]").click()
    page.wait_for_url(re.compile(r".*#m-3$"))
    assert page.input_value("[name='measures.3.code']") == "1.1.99"
    assert page.input_value("[name='measures.3.text']").startswith("Кръгла маса с родители")

    # Add a missing measure after the first and write its text (saved as it is typed).
    page.locator("#m-0 button[value=add]").click()
    page.wait_for_url(re.compile(r".*#m-1$"))
    page.fill("[name='measures.1.text']", "Нова мярка, пропусната при четенето")
    page.press("[name='measures.1.text']", "Tab")
    saved(page, "measures.1.text")

    # Jump from warning to warning: the added measure, then the split one.
    # (The reader may flag other measures too: the jumps follow the page's own order of flagged measures.)
    page.goto(page.url.split("#")[0])
    flagged = page.locator("form.flagged-measure").evaluate_all("forms => forms.map(f => f.id)")
    assert {"m-1", "m-4"} <= set(flagged), flagged
    page.click("#first-flagged")
    page.wait_for_url(re.compile(rf".*#{flagged[0]}$"))
    page.locator(f"#{flagged[0]} a.next-flagged").click()
    page.wait_for_url(re.compile(rf".*#{flagged[1]}$"))

    # Delete an extra measure (the browser asks first).
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#m-20 button[data-delete]").click()
    page.wait_for_url(re.compile(r".*#m-19$"))

    # The last page (401 measures now: page 9): correct the last measure's target; it is saved at once.
    page.locator("nav.pages").first.get_by_role("link", name="9", exact=True).click()
    page.wait_for_url(re.compile(r".*page=9.*"))
    last = page.locator("form.review-measure").last
    last_index = int(last.get_attribute("data-measure"))
    assert last_index == MEASURES  # 400 + split + added - deleted = 401 measures
    page.fill(f"[name='measures.{last_index}.target']", "75 деца")
    page.press(f"[name='measures.{last_index}.target']", "Tab")
    saved(page, f"measures.{last_index}.target")
    page.screenshot(path=output_dir / "import-400-03-last-page.png")

    # The body the registry does not know is confirmed; the fragment "всички институции" is not offered.
    page.goto(page.url.split("?")[0])
    offered = page.locator("#institutions label").all_inner_texts()
    assert any("Сдружение „Нов път“" in label for label in offered)
    assert not any("всички институции" in label for label in offered)
    page.check("#institutions input[value='Сдружение „Нов път“']")
    page.wait_for_function("() => document.getElementById('save-state').textContent.length > 0")

    # Publish: a small request of the plan's own fields and the confirmation.
    page.fill("[name='plan.title']", page.input_value("[name='plan.title']") + " ")
    page.check("#publish-confirm")
    with page.expect_request(lambda r: r.url.endswith("/publish/")) as publish_request:
        page.click("#publish")
    assert len(publish_request.value.post_data.split("&")) < 15
    page.wait_for_url(re.compile(r".*/plans/\d+/$"), timeout=60000)
    plan = Plan.objects.get()
    assert plan.status == "draft" and plan.municipality == coordinator.municipality
    assert plan.measures.count() == MEASURES + 1
    assert plan.measures.get(code="1.1.99").text.startswith("Кръгла маса с родители")
    assert plan.measures.get(position=2).text == "Нова мярка, пропусната при четенето"
    assert plan.measures.get(position=MEASURES + 1).target_raw == "75 деца"
    assert plan.measures.get(position=8).text.endswith("(поправено)")  # moved down by the split and the added
    assert Institution.objects.filter(name="Сдружение „Нов път“", municipality=coordinator.municipality).exists()
    assert not Institution.objects.filter(name__icontains="всички институции").exists()
    page.screenshot(path=output_dir / "import-400-04-draft-plan.png")

    # Adopting is a separate step, confirmed, with the council decision.
    page.click("a[href$='/status/']")
    page.fill("#id_decision", "Решение № 12 на Общинския съвет от 30.01.2026")
    page.check("#id_confirm")
    page.screenshot(path=output_dir / "import-400-05-adopt.png", full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/plans/\d+/$"))
    plan.refresh_from_db()
    assert plan.status == "adopted" and plan.decision.startswith("Решение № 12")
