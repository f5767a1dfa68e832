"""One cache mechanism (``plans.revision``): every service that changes a plan raises its revision,
and every cached page is computed again right after each kind of change.

``test_every_public_service_is_accounted_for`` fails when a new public function of
``plans.services`` or ``monitoring.services`` is neither given a scenario here
(and so checked to raise the revision) nor listed as changing nothing a page shows.
"""

from __future__ import annotations

import copy
import inspect
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from planmonitor.monitoring import services as monitoring
from planmonitor.monitoring.models import Evidence, ProgressReport
from planmonitor.plans import services as plans
from planmonitor.plans.models import ImportSession, Plan
from tests.monitoring.factories import World, make_world
from tests.plans.conftest import SMALL_PLAN

pytestmark = pytest.mark.django_db


def _report(w: World, *, submitted: bool = False) -> ProgressReport:
    """A draft (or submitted) report of the school's measure in the open period."""
    measure = w.own_measure
    numeric = measure.indicators.get(position=1)
    report = monitoring.save_report(
        measure, w.period,
        monitoring.ReportInput(measure_status="in_progress", values={numeric.pk: "30"},
                               expenditures=[monitoring.ExpenditureInput("Budget", Decimal("100"), "BGN")]),
        actor=w.users["reporter"], version=0,
    )
    return monitoring.submit_report(report, actor=w.users["reporter"]) if submitted else report


def _measure_input(w: World) -> dict:
    return {**plans.measure_json(w.own_measure), "code": "9.", "text": "A measure added by hand", "id": None}


def _ready_session(w: World) -> ImportSession:
    return ImportSession.objects.create(
        filename="plan.json", created_by=w.users["admin"], status=ImportSession.Status.READY,
        plan_json=copy.deepcopy(SMALL_PLAN),
    )


def _evidence(w: World) -> Evidence:
    return monitoring.add_evidence(_report(w), actor=w.users["reporter"], url="https://example.org/photo")[0]


#: Each service that changes a plan, with a scenario: (setup, run) -> the plan whose revision must rise.
#: ``setup`` runs before the revisions are read (so what it changes does not count); ``run`` is the service.
SCENARIOS = {
    # plans.services
    "add_measure": (None, lambda w, _: plans.add_measure(w.plan, _measure_input(w), actor=None, reason="r")),
    "amend_measure": (None, lambda w, _: plans.amend_measure(w.own_measure, {"text": "Changed"}, actor=None, reason="r")),
    "amend_plan": (None, lambda w, _: plans.amend_plan(
        w.plan, {**plans.export_plan(w.plan, with_ids=True), "title": "Renamed plan"}, actor=None, reason="r")),
    "remove_measure": (None, lambda w, _: plans.remove_measure(w.other_measure, actor=None, reason="r") and w.plan),
    "create_plan": (None, lambda w, _: plans.create_plan(
        actor=None, municipality=w.faraway, title="Typed in", period_start=2025, period_end=2028)),
    "import_plan": (None, lambda w, _: plans.import_plan(copy.deepcopy(SMALL_PLAN), actor=None)),
    "publish_import": (_ready_session, lambda w, session: plans.publish_import(session, actor=w.users["admin"])),
    "set_plan_status": (None, lambda w, _: plans.set_plan_status(w.plan, Plan.Status.CLOSED, actor=None)),
    "withdraw_plan": (None, lambda w, _: plans.withdraw_plan(w.plan, actor=None, reason="imported by mistake")),
    "record_plan_decision": (None, lambda w, _: plans.record_plan_decision(w.plan, "Decision 12/2025", actor=None)),
    "save_institution": (None, lambda w, _: _renamed(w.school, plans.save_institution) and w.plan),
    "delete_institution": (None, lambda w, _: plans.delete_institution(w.agency, actor=None) or w.plan),
    "save_municipality": (None, lambda w, _: _renamed(w.town, plans.save_municipality) and w.plan),
    "save_district": (None, lambda w, _: _renamed(w.district, plans.save_district) and w.neighbour_plan),
    # monitoring.services
    "open_period": (None, lambda w, _: monitoring.open_period(
        w.plan, actor=None, name="2026", start=date(2026, 1, 1), end=date(2026, 12, 31), deadline=date(2027, 1, 31),
    ).plan),
    "close_period": (None, lambda w, _: monitoring.close_period(w.period, actor=None).plan),
    "reopen_period": (lambda w: monitoring.close_period(w.period, actor=None),
                      lambda w, _: monitoring.reopen_period(w.period, actor=None, reason="late report").plan),
    "save_report": (None, lambda w, _: _report(w) and w.plan),
    "save_reports": (None, lambda w, _: monitoring.save_reports(
        w.period, [(w.own_measure, monitoring.ReportInput(done_text="Done"), 0)], actor=w.users["reporter"]) and w.plan),
    "submit_report": (_report, lambda w, report: monitoring.submit_report(report, actor=w.users["reporter"]) and w.plan),
    "return_report": (lambda w: _report(w, submitted=True), lambda w, report: monitoring.return_report(
        report, actor=w.users["coordinator"], comment="Add the numbers") and w.plan),
    "approve_report": (lambda w: _report(w, submitted=True),
                       lambda w, report: monitoring.approve_report(report, actor=w.users["coordinator"]) and w.plan),
    "recommend_measure": (None, lambda w, _: monitoring.recommend_measure(
        w.own_measure, actor=w.users["coordinator"], text="Start earlier") and w.plan),
    "add_evidence": (_report, lambda w, report: monitoring.add_evidence(
        report, actor=w.users["reporter"], url="https://example.org/list") and w.plan),
    "remove_evidence": (_evidence, lambda w, evidence: monitoring.remove_evidence(
        evidence, actor=w.users["reporter"]) or w.plan),
}

#: Public names that change nothing a page of a plan shows, and why.
NOT_A_CHANGE = {
    # reads and helpers
    "export_plan": "a read", "measure_json": "a read", "empty_measure_json": "a constant",
    "measure_fingerprint": "a read (the edit form's conflict check)", "validate_plan_json": "a check",
    "foreign_municipality_error": "a message", "names_other_municipality": "a check",
    "allowed_currencies": "a read", "yearly_period": "a calculation", "check_evidence_file": "a check",
    "parse_number": "a parser", "measure_status_from_text": "a parser",
    # an import under review is not a plan yet: publishing it is (publish_import)
    "start_import": "an import session", "save_import_corrections": "an import session",
    "change_import_measures": "an import session", "confirm_import_institutions": "an import session",
    "begin_reading": "an import session", "record_reading_progress": "an import session",
    "fail_reading": "an import session", "finish_reading": "an import session", "retry_import": "an import session",
    "fail_stalled_imports": "import sessions", "delete_abandoned_imports": "import sessions",
    # the plan's own pages are gone; the district, country and portal keys count the plans (plans_key)
    "delete_plan": "deletes the plan",
    # e-mails and the record that they were sent; no page shows reminders
    "send_reminders": "e-mails",
}


def _renamed(row, service):
    row.name = f"{row.name} (renamed)"
    return service(row, actor=None)


def _public_functions(module) -> set[str]:
    return {name for name in module.__all__ if inspect.isfunction(getattr(module, name))}


def test_every_public_service_is_accounted_for():
    """A new service must get a scenario in ``SCENARIOS`` (and so raise the revision) or a reason in ``NOT_A_CHANGE``."""
    public = _public_functions(plans) | _public_functions(monitoring)
    forgotten = public - set(SCENARIOS) - set(NOT_A_CHANGE)
    assert not forgotten, f"services with neither a revision scenario nor a reason: {sorted(forgotten)}"
    assert not (set(SCENARIOS) | set(NOT_A_CHANGE)) - public, "names here that are no longer services"


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_service_raises_the_plans_revision(name):
    w = make_world()
    setup, run = SCENARIOS[name]
    given = setup(w) if setup else None
    before = dict(Plan.objects.values_list("pk", "revision"))
    changed = run(w, given)
    plan_id = changed if isinstance(changed, int) else changed.pk
    assert Plan.objects.get(pk=plan_id).revision > before.get(plan_id, 0), f"{name} did not raise the revision"


def test_a_generated_report_finished_raises_the_revision():
    """The portal's plan page lists finished reports (``reports.services.finish_report``)."""
    from planmonitor.reports import services as reports

    w = make_world()
    generated = reports.request_report(w.plan, w.period, "docx", actor=None)
    before = Plan.objects.get(pk=w.plan.pk).revision
    reports.finish_report(generated.pk, b"content", is_final=True)
    assert Plan.objects.get(pk=w.plan.pk).revision == before + 1


def test_a_rolled_back_change_leaves_the_revision():
    """The rise is part of the service's transaction: a sheet refused as a whole retires no cached page."""
    w = make_world()
    before = Plan.objects.get(pk=w.plan.pk).revision
    outcomes = monitoring.save_reports(w.period, [
        (w.own_measure, monitoring.ReportInput(done_text="Done"), 0),
        (w.other_measure, monitoring.ReportInput(measure_status="nonsense"), 0),
    ], actor=w.users["admin"])
    assert isinstance(outcomes[0], ProgressReport) and not isinstance(outcomes[1], ProgressReport)
    assert not ProgressReport.objects.filter(measure__plan=w.plan).exists()
    assert Plan.objects.get(pk=w.plan.pk).revision == before


# --- every cached page is computed again after each kind of change --------------------------------------------


def _cached_keys() -> set[str]:
    return set(cache._cache)  # the local-memory backend's table (settings: LocMemCache)


def _pages(w: World) -> dict[str, object]:
    """Each cached page or document, as a function that reads it the way its visitors do."""
    from planmonitor.reports import district, national

    staff, district_user, public = Client(), Client(), Client()
    staff.force_login(w.users["coordinator"])
    district_user.force_login(w.users["district"])

    def get(client, url):
        def read():
            assert client.get(url).status_code == 200
        return read

    return {
        "plan page (staff)": get(staff, reverse("plans:plan", args=[w.plan.pk])),
        "dashboard": get(staff, reverse("monitoring:dashboard", args=[w.plan.pk])),
        "district page": get(district_user, reverse("monitoring:district", args=[w.district.pk])),
        "portal plan page": get(public, reverse("portal:plan", args=[w.plan.pk])),
        "portal measure page": get(public, reverse("portal:measure", args=[w.plan.pk, w.own_measure.pk])),
        "portal index": get(public, reverse("portal:index")),
        "district consolidation": lambda: district.cached_consolidation(w.district.pk, 2025),
        "national consolidation": lambda: national.cached_national(2025),
    }


#: One change of each kind that a page shows; each must make every page above be computed again.
CHANGES = {
    "amendment": lambda w, _: plans.amend_measure(w.own_measure, {"text": "Changed"}, actor=None, reason="r"),
    "plan status": lambda w, _: plans.set_plan_status(w.plan, Plan.Status.CLOSED, actor=None),
    "council decision": lambda w, _: plans.record_plan_decision(w.plan, "Decision 12/2025", actor=None),
    "report approved": lambda w, report: monitoring.approve_report(report, actor=w.users["coordinator"]),
    "report returned": lambda w, report: monitoring.return_report(report, actor=w.users["coordinator"], comment="x"),
    "period opened": lambda w, _: monitoring.open_period(
        w.plan, actor=None, name="2026", start=date(2026, 1, 1), end=date(2026, 12, 31), deadline=date(2027, 1, 31)),
    "period closed": lambda w, _: monitoring.close_period(w.period, actor=None),
    "recommendation": lambda w, _: monitoring.recommend_measure(w.own_measure, actor=w.users["coordinator"], text="x"),
    "institution renamed": lambda w, _: _renamed(w.school, plans.save_institution),
    "municipality renamed": lambda w, _: _renamed(w.town, plans.save_municipality),
    "district renamed": lambda w, _: _renamed(w.district, plans.save_district),
}
#: The changes of a report: the page test starts from a submitted report for them (and from none for the others:
#: the factories' indicators do not survive an amendment once values are reported against them).
NEEDS_REPORT = {"report approved", "report returned"}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_cached_page_is_computed_again_after_the_change(change):
    cache.clear()
    w = make_world()
    report = _report(w, submitted=True) if change in NEEDS_REPORT else None
    pages = _pages(w)
    for read in pages.values():
        read()
    for name, read in pages.items():  # now each is served from the cache
        before = _cached_keys()
        read()
        assert _cached_keys() == before, f"{name} is not cached"
    CHANGES[change](w, report)
    for name, read in pages.items():
        before = _cached_keys()
        read()
        assert _cached_keys() - before, f"{name} was served from the cache after: {change}"


def test_the_back_office_saves_and_deletes_institutions_through_the_services(client):
    """The institution pages of the admin go through ``plans.services.registry``: the plans naming it are bumped."""
    w = make_world()
    client.force_login(w.users["admin"])
    before = Plan.objects.get(pk=w.plan.pk).revision
    change = reverse("admin:accounts_institution_change", args=[w.school.pk])
    form = {"abbreviation": "NEW", "name": "Renamed school", "kind": w.school.kind, "municipality": w.town.pk}
    assert client.post(change, form).status_code == 302
    assert Plan.objects.get(pk=w.plan.pk).revision == before + 1
    assert Plan.objects.get(pk=w.neighbour_plan.pk).revision == 1  # the school answers there too
    delete = reverse("admin:accounts_institution_delete", args=[w.agency.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not w.plan.measures.filter(institutions__pk=w.agency.pk).exists()
    assert Plan.objects.get(pk=w.plan.pk).revision == before + 2
    assert "delete_selected" not in client.get(reverse("admin:accounts_institution_changelist")).content.decode()
