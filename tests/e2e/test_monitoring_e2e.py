"""The monitoring cycle in headless Chromium, as the people who use it click through it.

A reporter sees only their measures, fills a report with an indicator value
and an evidence file and submits; the coordinator returns it with a comment;
the reporter corrects and resubmits; the coordinator approves; the plan
dashboard (and the public portal, where it exists) shows the new value; the
reporter gets 403 on another institution's measure even by typing its
address. A screenshot of each page goes to the test output.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from planmonitor.monitoring.models import ProgressReport
from tests.e2e.axe import check_page
from tests.e2e.session import log_in
from tests.monitoring.factories import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shot(page, output_dir, name):
    """A screenshot of the page for people to look at, and axe-core on it (no serious or critical finding)."""
    folder = output_dir / "monitoring"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    check_page(page, f"monitoring/{name}", output_dir)


def test_the_reporting_cycle(page, output_dir, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = make_world(measures=4)
    own, other = w.own_measure, w.other_measure
    numeric = own.indicators.get(position=1)
    report_url = reverse("monitoring:report", args=[own.pk, w.period.pk])
    review_url = reverse("monitoring:review", args=[own.pk, w.period.pk])
    evidence = tmp_path / "attendance-list.pdf"
    evidence.write_bytes(b"%PDF-1.4 attendance list")

    # The reporter sees only their measures.
    log_in(page, "reporter")
    page.goto(reverse("monitoring:todo"))
    shot(page, output_dir, "01-reporter-todo")
    todo = page.locator("table.todo")
    assert own.text in todo.inner_text()
    assert other.text not in page.content()

    # ... fills a report with an indicator value and an evidence file, and submits.
    page.get_by_role("link", name=re.compile(re.escape(own.text))).click()
    page.select_option("#id_measure_status", "in_progress")
    page.fill("#id_done_text", "Opened two preparatory classes")
    page.fill(f"#id_value_{numeric.pk}", "12")
    page.fill("#id_exp_source_0", "Municipal budget")
    page.fill("#id_exp_amount_0", "1500")
    page.fill("#id_people_reached", "40")
    page.set_input_files("#id_evidence_file", str(evidence))
    page.fill("#id_evidence_description", "Attendance list")
    shot(page, output_dir, "02-report-form-filled")
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert "submitted" == ProgressReport.objects.get().status
    assert page.get_by_role("link", name="Attendance list").is_visible()
    shot(page, output_dir, "03-report-submitted")

    # The coordinator returns it with a comment.
    log_in(page, "coordinator")
    page.goto(reverse("monitoring:todo"))
    assert own.text[:40] in page.locator("ul.review-queue").inner_text()
    page.goto(review_url)
    shot(page, output_dir, "04-review")
    page.fill("#id_comment", "The number of children is missing the second class")
    page.locator("button[value=return]").click()
    page.wait_for_load_state()
    assert ProgressReport.objects.get().status == "returned"

    # The reporter corrects and resubmits.
    log_in(page, "reporter")
    page.goto(report_url)
    assert "missing the second class" in page.content()
    shot(page, output_dir, "05-report-returned")
    page.fill(f"#id_value_{numeric.pk}", "27")
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert ProgressReport.objects.get().status == "submitted"

    # The coordinator approves; the dashboard shows the new value.
    log_in(page, "coordinator")
    page.goto(review_url)
    page.locator("button[value=approve]").click()
    page.wait_for_load_state()
    assert ProgressReport.objects.get().status == "approved"
    page.goto(reverse("monitoring:period", args=[w.period.pk]))
    shot(page, output_dir, "06-period")
    page.goto(reverse("monitoring:dashboard", args=[w.plan.pk]))
    shot(page, output_dir, "07-dashboard")
    reached = page.locator("table.indicators td.reached").all_inner_texts()
    assert any(text.strip() in ("27", "27.00", "27,00") for text in reached), reached
    assert page.locator("figure.chart svg").count() >= 2
    page.goto(reverse("monitoring:periods", args=[w.plan.pk]))
    shot(page, output_dir, "08-periods")

    # The public portal shows the approved value.
    page.context.clear_cookies()
    page.goto(reverse("portal:plan", args=[w.plan.pk]))
    shot(page, output_dir, "09-portal-plan")
    assert f"{numeric.name}: 27 " in page.locator("main").inner_text()  # "27" alone is in "2024 – 2027"

    # The district coordinator compares municipalities.
    log_in(page, "district")
    page.goto(reverse("monitoring:district", args=[w.district.pk]))
    shot(page, output_dir, "10-district")
    assert "Town" in page.locator("table.district").inner_text()

    # The reporter cannot open another institution's measure, even by typing its address.
    log_in(page, "reporter")
    response = page.goto(reverse("monitoring:report", args=[other.pk, w.period.pk]))
    assert response.status == 403
    shot(page, output_dir, "11-reporter-403")


def test_local_draft_survives_a_reload(page, output_dir):
    """What is typed is kept in the browser and offered back after the page is reloaded unsaved."""
    w = make_world(measures=2)
    log_in(page, "reporter")
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    page.goto(url)
    page.fill("#id_done_text", "Typed but never saved")
    page.goto(url)
    assert page.locator("#id_done_text").input_value() == ""
    page.locator("[data-draft-restore]").click()
    assert page.locator("#id_done_text").input_value() == "Typed but never saved"
    shot(page, output_dir, "12-draft-restored")


def _drafts(page) -> list[str]:
    return page.evaluate("Object.keys(window.localStorage).filter(k => k.startsWith('planmonitor:'))")


def test_a_draft_is_only_offered_to_the_person_who_typed_it_and_log_out_clears_it(page, output_dir):
    """A shared municipal computer, one browser: two reporters of the same institution (issue 11.11)."""
    from planmonitor.accounts.models import User
    from tests.monitoring.factories import make_user

    w = make_world(measures=2)
    make_user("colleague", User.Role.REPORTER, municipality=w.town, institution=w.school)
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])

    # The first reporter types, and the next person signs in without the first logging out.
    log_in(page, "reporter")
    page.goto(url)
    page.fill("#id_done_text", "Чернова на първия репортер")
    log_in(page, "colleague")
    page.goto(url)
    assert page.locator(".draft-note").is_hidden()
    assert page.locator("#id_done_text").input_value() == ""
    assert len(_drafts(page)) == 1  # the first reporter's, under their own key
    shot(page, output_dir, "13-draft-not-offered-to-a-colleague")

    # The first reporter comes back: their own draft is still theirs.
    log_in(page, "reporter")
    page.goto(url)
    assert page.locator(".draft-note").is_visible()
    page.locator("[data-draft-restore]").click()
    assert page.locator("#id_done_text").input_value() == "Чернова на първия репортер"

    # Logging out removes every draft this site kept in the browser.
    page.get_by_role("button", name=re.compile("Изход|Log out")).click()
    page.wait_for_load_state()
    assert _drafts(page) == []
    log_in(page, "reporter")
    page.goto(url)
    assert page.locator(".draft-note").is_hidden()
    assert page.locator("#id_done_text").input_value() == ""
