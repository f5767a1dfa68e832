"""Who may read, write and review progress reports, and manage a plan's reporting periods.

Reporters write the reports of the measures their institution answers for in
their municipality; the municipality's coordinator (its monitoring unit)
writes any report of its plans, reviews them and manages the periods; district
coordinators and the national coordinator read the monitoring of the plans
they oversee but change nothing; administrators do everything. The plan
rules come first: a plan the user may not read is 404 on every monitoring
page too. Tested as a table in ``tests/monitoring/test_permissions_matrix.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from planmonitor.accounts.models import User
from planmonitor.accounts.permissions import coordinates, is_admin, oversees_district, role_of
from planmonitor.monitoring.models import Evidence, ProgressReport, ReportingPeriod
from planmonitor.plans.models import Measure, Plan
from planmonitor.plans.permissions import access_plan, can_view_plan


def _is_reporter_for(user: Any, measure: Measure) -> bool:
    """A reporter answers for a measure when their institution is responsible in their municipality."""
    if role_of(user) != User.Role.REPORTER or not user.institution_id or not user.municipality_id:
        return False
    if measure.plan.municipality_id != user.municipality_id:
        return False
    # Uses the prefetch cache when the caller prefetched institutions; one query otherwise.
    return any(inst.pk == user.institution_id for inst in measure.institutions.all())


def _oversees(user: Any, plan: Plan) -> bool:
    """``oversees_district`` for the plan's district, read only for a district coordinator (no query otherwise)."""
    if role_of(user) != User.Role.DISTRICT or not user.district_id:
        return oversees_district(user, None)  # the national coordinator oversees every district
    return oversees_district(user, plan.municipality.district_id)


# --- lists -----------------------------------------------------------------------------------


def monitored_plans(user: Any) -> QuerySet[Plan]:
    """Plans whose monitoring (dashboard, periods, reviews) ``user`` may read."""
    plans = Plan.objects.all()
    if is_admin(user):
        return plans
    role = role_of(user)
    if role == User.Role.COORDINATOR and user.municipality_id:
        return plans.filter(municipality_id=user.municipality_id)
    if role == User.Role.DISTRICT and user.district_id:
        return plans.filter(municipality__district_id=user.district_id)
    if role == User.Role.NATIONAL:
        return plans
    return plans.none()


def reportable_measures(user: Any) -> QuerySet[Measure]:
    """Measures whose progress reports ``user`` may read (the list face of ``can_view_report``).

    Coordinators, district coordinators and administrators read the reports of the
    plans they monitor; a reporter reads only their institution's measures.
    """
    measures = Measure.objects.all()
    if is_admin(user):
        return measures
    if role_of(user) != User.Role.REPORTER:
        return measures.filter(plan__in=monitored_plans(user))
    if user.municipality_id and user.institution_id:
        return measures.filter(plan__municipality_id=user.municipality_id, institutions=user.institution_id)
    return measures.none()


def editable_report_measures(user: Any) -> QuerySet[Measure]:
    """Measures whose reports ``user`` may write (the list face of ``can_edit_report``)."""
    if role_of(user) in (User.Role.DISTRICT, User.Role.NATIONAL):
        return reportable_measures(user).none()
    return reportable_measures(user)


# --- one object ------------------------------------------------------------------------------


def can_view_report(user: Any, measure: Measure) -> bool:
    """May ``user`` read the progress reports of ``measure`` (drafts, comments and all)?"""
    if is_admin(user):
        return True
    if coordinates(user, measure.plan.municipality_id):
        return True
    if _oversees(user, measure.plan):
        return True
    return _is_reporter_for(user, measure)


def can_edit_report(user: Any, measure: Measure) -> bool:
    """May ``user`` write a report of ``measure``? Its reporters, the coordinator, administrators."""
    if is_admin(user):
        return True
    if coordinates(user, measure.plan.municipality_id):
        return True
    return _is_reporter_for(user, measure)


def can_write_report(user: Any, measure: Measure, period: ReportingPeriod, report: ProgressReport | None) -> bool:
    """May ``user`` save the report of ``measure`` for ``period`` now?

    Whoever may edit the measure's reports, while the period is open and the
    report (if there is one yet) is a draft or was returned: a submitted report
    waits for its review, an approved one is reopened only by returning it.
    """
    if not can_edit_report(user, measure):
        return False
    if period.is_locked:
        return False
    return report is None or report.is_editable


def can_review_reports(user: Any, plan: Plan) -> bool:
    """May ``user`` approve, return and recommend (the monitoring unit of the plan's municipality)?"""
    if is_admin(user):
        return True
    return coordinates(user, plan.municipality_id)


def can_manage_periods(user: Any, plan: Plan) -> bool:
    """May ``user`` open and close reporting periods and exchange spreadsheets for ``plan``?"""
    return can_review_reports(user, plan)


def can_view_monitoring(user: Any, plan: Plan) -> bool:
    """May ``user`` read the plan's monitoring dashboard and period pages (mirrors ``monitored_plans``)?"""
    if is_admin(user):
        return True
    if coordinates(user, plan.municipality_id):
        return True
    return _oversees(user, plan)


@dataclass(frozen=True)
class ReviewActions:
    """What the review page offers for one report, read from the report pipeline.

    ``approve`` and ``send_back`` (return for correction) are the moves the
    pipeline allows from the report's status while its period is open;
    ``awaiting`` says the report waits for a decision, so the page does not
    point the reviewer on to the next one yet.
    """

    approve: bool
    send_back: bool
    awaiting: bool


def review_actions(report: ProgressReport | None, period: ReportingPeriod) -> ReviewActions:
    """The decisions the monitoring unit may take on ``report`` now (the caller checked ``can_review_reports``)."""
    if report is None:
        return ReviewActions(approve=False, send_back=False, awaiting=False)
    return ReviewActions(
        approve=report.can_move_to(ProgressReport.Status.APPROVED, period=period),
        send_back=report.can_move_to(ProgressReport.Status.RETURNED, period=period),
        awaiting=report.awaits_review,
    )


# --- access functions for views --------------------------------------------------------------


def access_report(user: Any, measure_id: int, period_id: int, *, edit: bool = False) -> tuple[Measure, ReportingPeriod]:
    """Fetch (measure, period) for a report page, or refuse.

    A measure or period that does not exist, or a period of another plan, is
    404; so is a plan the user may not read at all. A plan they may read but
    a measure they do not answer for is 403: typing another institution's
    address shows a refusal, not the report.
    """
    try:
        measure = Measure.objects.select_related("plan__municipality__district").prefetch_related(
            "institutions"
        ).get(pk=measure_id)
        period = ReportingPeriod.objects.get(pk=period_id)
    except (Measure.DoesNotExist, ReportingPeriod.DoesNotExist):
        raise Http404 from None
    if period.plan_id != measure.plan_id:
        raise Http404
    if not can_view_plan(user, measure.plan):
        raise Http404
    if not can_view_report(user, measure):
        raise PermissionDenied
    if edit and not can_edit_report(user, measure):
        raise PermissionDenied
    return measure, period


def access_monitored_plan(user: Any, plan_id: int, *, manage: bool = False) -> Plan:
    """Fetch a plan for its monitoring pages: readers see it, only its unit manages it."""
    plan = access_plan(user, plan_id)
    if not can_view_monitoring(user, plan):
        raise PermissionDenied
    if manage and not can_manage_periods(user, plan):
        raise PermissionDenied
    return plan


def access_period(user: Any, period_id: int, *, manage: bool = False) -> ReportingPeriod:
    """Fetch a reporting period through the rules of its plan."""
    try:
        period = ReportingPeriod.objects.select_related("plan__municipality__district").get(pk=period_id)
    except ReportingPeriod.DoesNotExist:
        raise Http404 from None
    if not can_view_plan(user, period.plan):
        raise Http404
    if not can_view_monitoring(user, period.plan):
        raise PermissionDenied
    if manage and not can_manage_periods(user, period.plan):
        raise PermissionDenied
    return period


def access_evidence(user: Any, evidence_id: int) -> Evidence:
    """Fetch an evidence file: whoever may read the report may download it."""
    try:
        evidence = Evidence.objects.select_related("report__measure__plan__municipality").get(pk=evidence_id)
    except Evidence.DoesNotExist:
        raise Http404 from None
    measure = evidence.report.measure
    if not can_view_plan(user, measure.plan):
        raise Http404
    if not can_view_report(user, measure):
        raise PermissionDenied
    return evidence
