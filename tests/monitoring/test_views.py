"""Monitoring pages through the test client: typed input is never lost; query counts stay fixed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.urls import reverse

from planmonitor.accounts.models import District, Institution, Municipality, User
from planmonitor.monitoring import selectors, services
from planmonitor.monitoring.models import ProgressReport
from tests.monitoring.factories import make_period, make_plan, make_user, make_world
from tests.querycount import BIG, SMALL, assert_same_count, get, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _form_data(world, **kw):
    numeric = world.own_measure.indicators.get(position=1)
    text = world.own_measure.indicators.get(position=2)
    data = {
        "version": "0", "measure_status": "in_progress", "done_text": "Opened two classes",
        f"value_{numeric.pk}": "12", f"value_{text.pk}": "campaign held in May",
        "exp_source_0": "Municipal budget", "exp_amount_0": "1500", "exp_currency_0": "BGN",
        "people_reached": "40", "women": "20", "men": "20", "action": "save",
    }
    data.update(kw)
    return data


def test_report_form_saves_and_shows_values(client):
    w = make_world()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    response = client.post(url, _form_data(w))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.values.get(indicator__position=1).value == Decimal("12")
    assert report.values.get(indicator__position=2).text == "campaign held in May"
    page = client.get(url).content.decode()
    assert "Opened two classes" in page
    assert 'value="12"' in page


def test_a_conflict_keeps_what_was_typed_and_overwrites_nothing(client):
    w = make_world()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    client.post(url, _form_data(w, done_text="First save"))
    # Someone else saves version 1 -> 2 meanwhile.
    services.save_report(w.own_measure, w.period, services.ReportInput(done_text="Their change"),
                         actor=w.users["coordinator"], version=1)
    response = client.post(url, _form_data(w, version="1", done_text="My long careful text"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "My long careful text" in body           # my input is back in the form
    assert "Their change" in body                    # and what is saved now is shown
    assert 'name="version" value="2"' in body        # saving again is a conscious overwrite
    assert ProgressReport.objects.get().done_text == "Their change"


def test_a_validation_error_keeps_what_was_typed(client):
    w = make_world()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    numeric = w.own_measure.indicators.get(position=1)
    response = client.post(url, _form_data(w, **{f"value_{numeric.pk}": "twelve", "done_text": "Kept text"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kept text" in body and 'value="twelve"' in body
    assert not ProgressReport.objects.exists()


def test_submit_from_the_form(client):
    w = make_world()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    client.post(url, _form_data(w, action="submit"))
    assert ProgressReport.objects.get().status == "submitted"


def _approved_reports(plan, period, reporter, coordinator, *, skip_last: bool = False, submitted: int = 0):
    """Approved reports on every measure; with ``skip_last`` none on the last one, and of the ones before it the
    last ``submitted`` are left submitted (waiting in the coordinator's review queue)."""
    measures = list(plan.measures.order_by("position"))
    if skip_last:
        measures = measures[:-1]
    waiting = measures[len(measures) - submitted:] if submitted else []
    for measure in measures:
        numeric = measure.indicators.get(position=1)
        report = services.save_report(
            measure, period,
            services.ReportInput(measure_status="done", values={numeric.pk: "30"},
                                 expenditures=[services.ExpenditureInput("Budget", Decimal("100"), "BGN")]),
            actor=reporter, version=0,
        )
        report = services.submit_report(report, actor=reporter)
        if measure not in waiting:
            services.approve_report(report, actor=coordinator)


@dataclass
class Town:
    """A municipality with its own school, plan, open period, coordinator and reporter. The last measure has no
    report (the reporter has something to do), the fifth of the measures before it have submitted reports (the
    coordinator has something to review), the others approved ones."""

    plan: object
    period: object
    school: Institution
    coordinator: object
    reporter: object

    @property
    def reported(self):
        return self.plan.measures.order_by("position").first()

    @property
    def unreported(self):
        return self.plan.measures.order_by("position").last()


def _town(name: str, district: District, measures: int) -> Town:
    town = Municipality.objects.create(name=name, district=district)
    school = Institution.objects.create(abbreviation=f"S{name[:3]}", name=f"School of {name}", municipality=town)
    plan = make_plan(town, measures=measures, institutions=[school], priorities=2)
    period = make_period(plan)
    coordinator = make_user(f"coordinator-{name}", User.Role.COORDINATOR, municipality=town)
    reporter = make_user(f"reporter-{name}", User.Role.REPORTER, municipality=town, institution=school)
    _approved_reports(plan, period, coordinator, coordinator, skip_last=True, submitted=measures // 5)
    return Town(plan, period, school, coordinator, reporter)


@pytest.fixture
def small_and_big():
    """Two towns in one district: a plan of SMALL measures (and reports) and one of BIG."""
    district = District.objects.create(name="District Q")
    return _town("Small", district, SMALL), _town("Big", district, BIG)


MONITORING_PAGES = {
    "dashboard": ("coordinator", lambda t: reverse("monitoring:dashboard", args=[t.plan.pk])),
    "periods": ("coordinator", lambda t: reverse("monitoring:periods", args=[t.plan.pk])),
    "period": ("coordinator", lambda t: reverse("monitoring:period", args=[t.period.pk])),
    "review": ("coordinator", lambda t: reverse("monitoring:review", args=[t.reported.pk, t.period.pk])),
    "xlsx": ("coordinator", lambda t: reverse("monitoring:xlsx_download", args=[t.period.pk, t.school.pk])),
    "report": ("reporter", lambda t: reverse("monitoring:report", args=[t.reported.pk, t.period.pk])),
    "report-blank": ("reporter", lambda t: reverse("monitoring:report", args=[t.unreported.pk, t.period.pk])),
    "todo": ("reporter", lambda t: reverse("monitoring:todo")),
    "review-queue": ("coordinator", lambda t: reverse("monitoring:todo")),
    "review-submitted": ("coordinator", lambda t: reverse(
        "monitoring:review", args=[t.plan.measures.order_by("position")[t.plan.measures.count() - 2].pk, t.period.pk])),
}


@pytest.mark.parametrize("page", list(MONITORING_PAGES))
def test_monitoring_pages_query_counts_do_not_grow_with_measures(small_and_big, page):
    """Each page costs the same for a plan of SMALL measures and reports as for one of BIG."""
    who, url = MONITORING_PAGES[page]
    small, big = small_and_big
    n_small, _n_big = assert_same_count(
        get(logged_in(getattr(small, who)), url(small)), get(logged_in(getattr(big, who)), url(big)),
        what=f"monitoring {page} ({SMALL} / {BIG} measures)",
    )
    assert n_small > 2  # the page did read its data (more than the session and the user)


def test_district_query_count_does_not_grow_with_plans():
    """The district page costs the same with one plan as with four (each with approved reports)."""
    small, big = District.objects.create(name="District S"), District.objects.create(name="District B")
    _town("Alone", small, SMALL)
    for n in range(4):
        _town(f"Many {n}", big, SMALL + n)
    watchers = [logged_in(make_user(f"district-{d.pk}", User.Role.DISTRICT, district=d)) for d in (small, big)]
    url = [reverse("monitoring:district", args=[d.pk]) for d in (small, big)]
    assert_same_count(get(watchers[0], url[0]), get(watchers[1], url[1]), what="monitoring district (1 / 4 plans)")
    assert "Many 3" in watchers[1].get(url[1]).content.decode()


def test_dashboard_shows_approved_values_only():
    w = make_world()
    measure = w.own_measure
    numeric = measure.indicators.get(position=1)
    reporter = w.users["reporter"]
    report = services.save_report(measure, w.period, services.ReportInput(measure_status="done",
                                  values={numeric.pk: "40"}), actor=reporter, version=0)
    summary = selectors.plan_summary(w.plan, as_of=date(2025, 6, 1))
    row = next(i for m in summary.measures() for i in m.indicators if i.indicator_id == numeric.pk)
    assert row.result.reached is None
    services.approve_report(services.submit_report(report, actor=reporter), actor=w.users["coordinator"])
    summary = selectors.plan_summary(w.plan, as_of=date(2025, 6, 1))
    row = next(i for m in summary.measures() for i in m.indicators if i.indicator_id == numeric.pk)
    assert row.result.reached == Decimal("40")
    assert summary.nearest(1)[0].indicator_id == numeric.pk
    done = next(m for m in summary.measures() if m.measure_id == measure.pk)
    assert done.status == "done"
    assert "silent" not in done.flags
    others = [m for m in summary.measures() if m.measure_id != measure.pk]
    assert all("silent" in m.flags for m in others)


def test_district_cache_follows_changes(client):
    w = make_world()
    client.force_login(w.users["district"])
    url = reverse("monitoring:district", args=[w.district.pk])
    client.get(url)
    measure = w.own_measure
    report = services.save_report(measure, w.period, services.ReportInput(measure_status="done"),
                                  actor=w.users["reporter"], version=0)
    services.approve_report(services.submit_report(report, actor=w.users["reporter"]), actor=w.users["coordinator"])
    lines = selectors.district_overview(w.district.pk)
    town = next(line for line in lines if line.plan.pk == w.plan.pk)
    assert town.rollup.by_status["done"] == 1


def test_a_refused_evidence_file_keeps_the_form_and_saves_nothing(client, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    w = make_world()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    data = _form_data(w, done_text="Kept with the file error")
    data["evidence_file"] = SimpleUploadedFile("page.html", b"<script>alert(1)</script>")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Kept with the file error" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_goal_rollups_on_the_dashboard(client):
    from planmonitor.plans.models import Goal

    w = make_world(measures=4)
    priority = w.plan.priorities.first()
    goal = Goal.objects.create(priority=priority, position=1, code="1.1", title="Children in school")
    w.plan.measures.filter(priority=priority).update(goal=goal)
    summary = selectors.plan_summary(w.plan)
    rollups = selectors.goal_rollups(summary)
    assert rollups[goal.pk].measures == w.plan.measures.filter(goal=goal).count()
    client.force_login(w.users["coordinator"])
    assert "Children in school" in client.get(reverse("monitoring:dashboard", args=[w.plan.pk])).content.decode()


def test_a_number_typed_the_bulgarian_way_shows_as_typed(client):
    w = make_world()
    numeric = w.own_measure.indicators.get(position=1)
    services.save_report(w.own_measure, w.period, services.ReportInput(values={numeric.pk: "1 234,5"}),
                         actor=w.users["reporter"], version=0)
    client.force_login(w.users["reporter"])
    body = client.get(reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])).content.decode()
    fields = _form_fields(body)
    assert fields[f"value_{numeric.pk}"] == ("text", "1 234,5")


class _Inputs(HTMLParser):
    """The form's fields as a browser sees them: (type, value) by name."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, tuple[str, str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit", "button"):
            self.fields[a["name"]] = (a.get("type", "text"), a.get("value") or "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ("textarea", "")
        elif tag == "select":
            self._select = a.get("name")
            self.fields.setdefault(a.get("name"), ("select", ""))
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = ("select", a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            kind, value = self.fields[self._textarea]
            self.fields[self._textarea] = (kind, value + data.lstrip("\n"))


def _form_fields(body: str) -> dict[str, tuple[str, str]]:
    parser = _Inputs()
    parser.feed(body)
    return parser.fields


def _as_the_browser_sends(body: str) -> dict[str, str]:
    """What a browser posts for an unchanged form: a number input sends "" for anything not a plain number."""
    data = {}
    for name, (kind, value) in _form_fields(body).items():
        if kind == "number":
            try:
                float(value)
            except ValueError:
                value = ""
        data[name] = value
    return data


def test_a_text_value_of_a_numeric_indicator_is_shown_and_survives_a_resave(client):
    """Issue 10.3: "проведено" saved when the indicator had no numeric target must not be erased."""
    from planmonitor.monitoring.models import IndicatorValue

    w = make_world()
    numeric = w.own_measure.indicators.get(position=1)
    text = w.own_measure.indicators.get(position=2)
    numeric.target = None
    numeric.save()
    services.save_report(w.own_measure, w.period, services.ReportInput(
        values={numeric.pk: "проведено", text.pk: "кампания"}), actor=w.users["reporter"], version=0)
    numeric.target = Decimal(100)  # the plan is amended: the indicator now has a numeric target
    numeric.save()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    body = client.get(url).content.decode()
    assert _form_fields(body)[f"value_{numeric.pk}"] == ("text", "проведено")
    data = _as_the_browser_sends(body)
    data["done_text"] = "Now with a description"
    data["action"] = "save"
    assert client.post(url, data).status_code == 302
    kept = IndicatorValue.objects.get(indicator=numeric)
    assert (kept.raw, kept.value) == ("проведено", None)
    assert IndicatorValue.objects.get(indicator=text).raw == "кампания"
    assert ProgressReport.objects.get().done_text == "Now with a description"
    # A number typed in its place is read as a number again.
    data = _as_the_browser_sends(client.get(url).content.decode())
    data[f"value_{numeric.pk}"] = "1 234,5"
    data["action"] = "save"
    assert client.post(url, data).status_code == 302
    kept.refresh_from_db()
    assert (kept.raw, kept.value) == ("1 234,5", Decimal("1234.5"))


def test_resaving_an_unchanged_form_changes_nothing(client):
    """Every value comes back exactly as it was saved: a second save of the same page is no change."""
    w = make_world()
    client.force_login(w.users["reporter"])
    url = reverse("monitoring:report", args=[w.own_measure.pk, w.period.pk])
    client.post(url, _form_data(w, **{f"value_{w.own_measure.indicators.get(position=1).pk}": "1 234,5"}))
    version = ProgressReport.objects.get().version
    data = _as_the_browser_sends(client.get(url).content.decode())
    data["action"] = "save"
    assert client.post(url, data).status_code == 302
    assert ProgressReport.objects.get().version == version



def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("page", ["dashboard", "district"])
def test_cached_dashboards_cost_three_queries_whatever_the_size(client, page, size):
    """Served from the cache, the plan dashboard and the district page cost the session, the user and one query
    (the plan or district with its plans' revisions), for a small and a larger dataset alike."""
    from planmonitor.accounts.models import Municipality

    w = make_world(measures=size)
    for n in range(size // 4):
        town = Municipality.objects.create(name=f"Extra {n}", district=w.district)
        make_plan(town, measures=size, institutions=[w.school])
    _approved_reports(w.plan, w.period, w.users["coordinator"], w.users["coordinator"])
    client.force_login(w.users["coordinator" if page == "dashboard" else "district"])
    url = (reverse("monitoring:dashboard", args=[w.plan.pk]) if page == "dashboard"
           else reverse("monitoring:district", args=[w.district.pk]))
    client.get(url)
    assert _queries(client, url) == 3


def test_district_state_read_with_the_district_matches_the_separate_query():
    """The district page reads its plans' state along with the district; it is the one the reports compute."""
    w = make_world()
    before = selectors.district_state(w.district.pk)
    assert selectors.district_with_state(w.district.pk)[1] == before
    _approved_reports(w.plan, w.period, w.users["admin"], w.users["admin"])
    after = selectors.district_state(w.district.pk)
    assert after != before
    assert selectors.district_with_state(w.district.pk)[1] == after
    assert selectors.district_with_state(w.district.pk + 1000) is None


def test_dashboard_cache_follows_an_approved_report(client):
    """The dashboard's key is read with the plan: an approved report shows on the next request."""
    w = make_world()
    client.force_login(w.users["coordinator"])
    url = reverse("monitoring:dashboard", args=[w.plan.pk])
    before = client.get(url).content
    _approved_reports(w.plan, w.period, w.users["coordinator"], w.users["coordinator"])
    assert client.get(url).content != before


def test_district_overview_reads_again_only_the_plan_that_changed(django_assert_num_queries):
    """Each plan's roll-up is cached under its own revision: after one plan changes, the overview computes that
    plan alone (the plans query, then summarise_plans' queries for it), and shows the change."""
    from planmonitor.accounts.models import Municipality

    w = make_world()
    for n in range(3):
        town = Municipality.objects.create(name=f"Extra {n}", district=w.district)
        make_plan(town, measures=3, institutions=[w.school])
    selectors.district_overview(w.district.pk)
    with django_assert_num_queries(1):
        selectors.district_overview(w.district.pk)
    _approved_reports(w.plan, w.period, w.users["coordinator"], w.users["coordinator"])
    lines = selectors.district_overview(w.district.pk)
    assert next(line for line in lines if line.plan.pk == w.plan.pk).rollup.by_status["done"] == w.plan.measures.count()
