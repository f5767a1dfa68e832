"""Every role against every monitoring page and action, as one table.

Allowed and refused cases share their setup (one world, one report), and an
action's effect is checked both ways: done when allowed, not done when
refused, so that a refusal cannot pass for the wrong reason. ``login``
means a redirect to the log-in page.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from planmonitor.monitoring import services, spreadsheets
from planmonitor.monitoring.models import ProgressReport, Recommendation, ReportingPeriod
from tests.monitoring.factories import make_world

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reporter", "reporter_other", "coordinator", "coordinator_other", "district",
         "district_other", "admin"]

#          anon     rep   rep_oth coord coord_oth dist dist_oth admin
PAGES = {
    "report":     ("login", 200, 403, 200, 403, 200, 403, 200),
    "review":     ("login", 403, 403, 200, 403, 403, 403, 200),
    "todo":       ("login", 200, 200, 200, 200, 200, 200, 200),
    "periods":    ("login", 403, 403, 200, 403, 200, 403, 200),
    "period":     ("login", 403, 403, 200, 403, 200, 403, 200),
    "dashboard":  ("login", 403, 403, 200, 403, 200, 403, 200),
    "district":   ("login", 403, 403, 403, 403, 200, 403, 200),
    "xlsx":       ("login", 403, 403, 200, 403, 403, 403, 200),
    "evidence":   ("login", 200, 403, 200, 403, 200, 403, 200),
}

ACTIONS = {
    "save":       ("login", 302, 403, 302, 403, 403, 403, 302),
    "approve":    ("login", 403, 403, 302, 403, 403, 403, 302),
    "return":     ("login", 403, 403, 302, 403, 403, 403, 302),
    "recommend":  ("login", 403, 403, 302, 403, 403, 403, 302),
    "open":       ("login", 403, 403, 302, 403, 403, 403, 302),
    "close":      ("login", 403, 403, 302, 403, 403, 403, 302),
    "upload":     ("login", 403, 403, 302, 403, 403, 403, 302),
}


def _cases(table):
    return [(name, role, expected[i]) for name, expected in table.items() for i, role in enumerate(ROLES)]


@pytest.fixture
def world(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    w = make_world()
    reporter = w.users["reporter"]
    numeric = w.own_measure.indicators.get(position=1)
    report = services.save_report(
        w.own_measure, w.period, services.ReportInput(measure_status="in_progress", values={numeric.pk: "5"}),
        actor=reporter, version=0,
    )
    services.add_evidence(report, actor=reporter, url="https://example.org/x")
    from django.core.files.uploadedfile import SimpleUploadedFile

    [w.evidence] = services.add_evidence(report, actor=reporter, file=SimpleUploadedFile("a.txt", b"proof"))
    return w


def _client(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _page_url(name, w):
    m, p = w.own_measure, w.period
    return {
        "report": reverse("monitoring:report", args=[m.pk, p.pk]),
        "review": reverse("monitoring:review", args=[m.pk, p.pk]),
        "todo": reverse("monitoring:todo"),
        "periods": reverse("monitoring:periods", args=[w.plan.pk]),
        "period": reverse("monitoring:period", args=[p.pk]),
        "dashboard": reverse("monitoring:dashboard", args=[w.plan.pk]),
        "district": reverse("monitoring:district", args=[w.district.pk]),
        "xlsx": reverse("monitoring:xlsx_download", args=[p.pk, w.school.pk]),
        "evidence": reverse("monitoring:evidence", args=[w.evidence.pk]),
    }[name]


def _check(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == expected, response.content[:300]


@pytest.mark.parametrize(("page", "role", "expected"), _cases(PAGES))
def test_page(client, world, page, role, expected):
    _check(_client(client, world, role).get(_page_url(page, world)), expected)


def _submit(w):
    report = ProgressReport.objects.get(measure=w.own_measure, period=w.period)
    services.submit_report(report, actor=w.users["reporter"])


def _action(name, w):
    """(setup, url, data, effect) for an action; ``effect()`` says whether it took place."""
    m, p = w.own_measure, w.period
    report_url = reverse("monitoring:report", args=[m.pk, p.pk])
    review_url = reverse("monitoring:review", args=[m.pk, p.pk])

    def status_is(status):
        return lambda: ProgressReport.objects.get(measure=m, period=p).status == status

    if name == "save":
        return (None, report_url, {"version": "1", "measure_status": "done", "done_text": "typed", "action": "save"},
                lambda: ProgressReport.objects.get(measure=m, period=p).done_text == "typed")
    if name == "approve":
        return (_submit, review_url, {"action": "approve"}, status_is("approved"))
    if name == "return":
        return (_submit, review_url, {"action": "return", "comment": "fix"}, status_is("returned"))
    if name == "recommend":
        return (None, review_url, {"action": "recommend", "text": "do more"},
                lambda: Recommendation.objects.filter(measure=m).exists())
    if name == "open":
        return (None, reverse("monitoring:periods", args=[w.plan.pk]),
                {"name": "2026", "start": "2026-01-01", "end": "2026-12-31", "deadline": "2027-01-31"},
                lambda: ReportingPeriod.objects.filter(plan=w.plan, name="2026").exists())
    if name == "close":
        return (None, reverse("monitoring:close_period", args=[p.pk]), {"confirm": "yes"},
                lambda: ReportingPeriod.objects.get(pk=p.pk).is_locked)
    if name == "upload":
        from django.core.files.uploadedfile import SimpleUploadedFile

        content = spreadsheets.write_workbook(p, w.school)
        return (None, reverse("monitoring:xlsx_upload", args=[p.pk]),
                {"file": SimpleUploadedFile("r.xlsx", content)},
                lambda: ProgressReport.objects.filter(period=p).count() > 1)
    raise AssertionError(name)


@pytest.mark.parametrize(("action", "role", "expected"), _cases(ACTIONS))
def test_action(client, world, action, role, expected):
    setup, url, data, effect = _action(action, world)
    if setup:
        setup(world)
    assert effect() is False
    response = _client(client, world, role).post(url, data)
    _check(response, expected)
    assert effect() is (expected == 302)


def test_another_institutions_measure_is_403_even_by_typed_address(client):
    w = make_world()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.other_measure.pk, w.period.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": "0", "done_text": "x"}).status_code == 403
    assert not ProgressReport.objects.exists()


def test_a_draft_plan_is_not_found_for_outsiders(client):
    w = make_world()
    w.neighbour_plan.status = "draft"
    w.neighbour_plan.save(update_fields=["status"])
    measure = w.neighbour_plan.measures.first()
    client.force_login(w.users["coordinator_other"])
    assert client.get(reverse("monitoring:report", args=[measure.pk, w.neighbour_period.pk])).status_code == 404
    client.force_login(w.users["district"])
    assert client.get(reverse("monitoring:report", args=[measure.pk, w.neighbour_period.pk])).status_code == 200


def test_a_period_of_another_plan_is_not_found(client):
    w = make_world()
    client.force_login(w.users["coordinator"])
    assert client.get(reverse("monitoring:report", args=[w.own_measure.pk, w.neighbour_period.pk])).status_code == 404


def test_reporters_see_only_their_measures_in_their_list(client):
    w = make_world()
    client.force_login(w.users["reporter"])
    body = client.get(reverse("monitoring:todo")).content.decode()
    assert w.own_measure.text in body
    assert w.other_measure.text not in body
    # The school also answers for measures of the neighbouring municipality's plan: not this reporter's.
    assert w.neighbour_plan.measures.first().text not in body


def test_public_sees_only_approved_values(world):
    from planmonitor.reports.data import approved_reports

    def public() -> list[ProgressReport]:
        return list(approved_reports().filter(measure__plan=world.plan))

    assert public() == []
    report = ProgressReport.objects.get()
    services.submit_report(report, actor=world.users["reporter"])
    assert public() == []
    services.approve_report(report, actor=world.users["coordinator"])
    assert public() == [ProgressReport.objects.get()]


def test_the_period_form_defaults_to_the_next_year(client):
    w = make_world()
    client.force_login(w.users["coordinator"])
    body = client.get(reverse("monitoring:periods", args=[w.plan.pk])).content.decode()
    assert 'value="2026"' in body
    assert w.period.end == date(2025, 12, 31)
