"""Who may see and change what: every permission rule of planmonitor, stated once.

Each rule has two faces, kept side by side so they cannot drift apart:

* a check for one object (``can_view_plan(user, plan)``), used by pages that
  show or change that object;
* a queryset filter for lists (``visible_plans(user)``), used by every list,
  search and export, so a list never shows what the check would refuse.

Views fetch protected objects only through the ``access_*`` functions, which
raise ``Http404`` for what the user may not even know exists (a draft of
another municipality) and ``PermissionDenied`` for what they may see but not
change. The rules, as a table, are in ``docs/permissions.md``.

Plans: the public sees adopted plans (and closed ones, which were adopted and
have run their course; only drafts are private). A municipal coordinator and
an institution reporter also see every plan of their own municipality; a
district coordinator every plan of their district's municipalities; an
administrator everything. Only the municipality's coordinator and an
administrator change a plan, and nobody changes a closed one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from planmonitor.accounts.models import User

if TYPE_CHECKING:
    from planmonitor.plans.models import ImportSession, Measure, Plan

#: Statuses anyone, signed in or not, may read.
PUBLIC_PLAN_STATUSES = ("adopted", "closed")
#: Statuses in which a plan may still be changed (imported drafts, amendments of adopted plans).
EDITABLE_PLAN_STATUSES = ("draft", "adopted")


# --- roles -------------------------------------------------------------------------------


def is_admin(user: Any) -> bool:
    """An administrator of the deployment: the admin role or a Django superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role == User.Role.ADMIN)


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return user.role


# --- plans: lists --------------------------------------------------------------------------


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may read, as a queryset (the list face of ``can_view_plan``)."""
    from planmonitor.plans.models import Plan

    plans = Plan.objects.all()
    if is_admin(user):
        return plans
    public = Q(status__in=PUBLIC_PLAN_STATUSES)
    role = _role(user)
    if role in (User.Role.COORDINATOR, User.Role.REPORTER) and user.municipality_id:
        return plans.filter(public | Q(municipality_id=user.municipality_id))
    if role == User.Role.DISTRICT and user.district_id:
        return plans.filter(public | Q(municipality__district_id=user.district_id))
    if role == User.Role.NATIONAL:
        return plans
    return plans.filter(public)


def editable_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may change (the list face of ``can_edit_plan``)."""
    from planmonitor.plans.models import Plan

    plans = Plan.objects.filter(status__in=EDITABLE_PLAN_STATUSES)
    if is_admin(user):
        return plans
    if _role(user) == User.Role.COORDINATOR and user.municipality_id:
        return plans.filter(municipality_id=user.municipality_id)
    return plans.none()


def visible_measures(user: Any) -> QuerySet[Measure]:
    """Measures of the plans ``user`` may read (search, institution pages)."""
    from planmonitor.plans.models import Measure

    return Measure.objects.filter(plan__in=visible_plans(user).values("pk"))


# --- plans: one object ---------------------------------------------------------------------


def can_view_plan(user: Any, plan: Plan) -> bool:
    """May ``user`` read ``plan``? Mirrors ``visible_plans`` rule for rule."""
    if is_admin(user):
        return True
    if plan.status in PUBLIC_PLAN_STATUSES:
        return True
    role = _role(user)
    if role in (User.Role.COORDINATOR, User.Role.REPORTER):
        return bool(user.municipality_id) and plan.municipality_id == user.municipality_id
    if role == User.Role.DISTRICT:
        return bool(user.district_id) and plan.municipality.district_id == user.district_id
    return role == User.Role.NATIONAL


def can_edit_plan(user: Any, plan: Plan) -> bool:
    """May ``user`` change ``plan`` (correct a draft, amend an adopted plan, change its status)?"""
    if plan.status not in EDITABLE_PLAN_STATUSES:
        return False
    if is_admin(user):
        return True
    if _role(user) != User.Role.COORDINATOR:
        return False
    return bool(user.municipality_id) and plan.municipality_id == user.municipality_id


def can_import(user: Any) -> bool:
    """May ``user`` upload and publish a plan? Coordinators of a municipality and administrators."""
    if is_admin(user):
        return True
    return _role(user) == User.Role.COORDINATOR and bool(user.municipality_id)


def can_view_import(user: Any, session: ImportSession) -> bool:
    """An import under review belongs to whoever uploaded it (and administrators)."""
    if is_admin(user):
        return True
    return getattr(user, "is_authenticated", False) and session.created_by_id == user.pk


# --- access functions for views --------------------------------------------------------------


def access_plan(user: Any, plan_id: int, *, edit: bool = False) -> Plan:
    """Fetch a plan for a page, or refuse.

    A plan the user may not read does not exist for them (404), so a draft
    cannot be discovered by guessing ids; a plan they may read but not change
    is refused (403).
    """
    from planmonitor.plans.models import Plan

    try:
        # The monitoring revision comes along (one join) for the dashboards' cache key: no query of its own.
        plan = Plan.objects.select_related("municipality__district", "monitoring_revision").get(pk=plan_id)
    except Plan.DoesNotExist:
        raise Http404 from None
    if not can_view_plan(user, plan):
        raise Http404
    if edit and not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def access_measure(user: Any, measure_id: int, *, edit: bool = False) -> Measure:
    """Fetch a measure through the rules of its plan."""
    from planmonitor.plans.models import Measure

    try:
        measure = Measure.objects.select_related("plan__municipality__district").get(pk=measure_id)
    except Measure.DoesNotExist:
        raise Http404 from None
    if not can_view_plan(user, measure.plan):
        raise Http404
    if edit and not can_edit_plan(user, measure.plan):
        raise PermissionDenied
    return measure


def access_import_session(user: Any, session_id: int) -> ImportSession:
    """Fetch an import under review; only its uploader (or an administrator) sees it."""
    from planmonitor.plans.models import ImportSession

    if not can_import(user):
        raise PermissionDenied
    try:
        session = ImportSession.objects.get(pk=session_id)
    except ImportSession.DoesNotExist:
        raise Http404 from None
    if not can_view_import(user, session):
        raise Http404
    return session


# --- monitoring ---
# Rules for reporting periods and progress reports are appended below by the monitoring app.


def _is_reporter_for(user: Any, measure: Measure) -> bool:
    """A reporter answers for a measure when their institution is responsible in their municipality."""
    if _role(user) != User.Role.REPORTER or not user.institution_id or not user.municipality_id:
        return False
    if measure.plan.municipality_id != user.municipality_id:
        return False
    # Uses the prefetch cache when the caller prefetched institutions; one query otherwise.
    return any(inst.pk == user.institution_id for inst in measure.institutions.all())


def _is_coordinator_of(user: Any, plan: Plan) -> bool:
    return _role(user) == User.Role.COORDINATOR and bool(user.municipality_id) and plan.municipality_id == user.municipality_id


def _is_district_of(user: Any, plan: Plan) -> bool:
    """A district coordinator of the plan's district, or the national coordinator (every district)."""
    if _role(user) == User.Role.NATIONAL:
        return True
    return (
        _role(user) == User.Role.DISTRICT and bool(user.district_id)
        and plan.municipality.district_id == user.district_id
    )


def reportable_measures(user: Any) -> QuerySet[Measure]:
    """Measures whose progress reports ``user`` may read (the list face of ``can_view_report``).

    Coordinators, district coordinators and administrators read the reports of the
    plans they monitor; a reporter reads only their institution's measures.
    """
    from planmonitor.plans.models import Measure

    measures = Measure.objects.all()
    if is_admin(user):
        return measures
    if _role(user) != User.Role.REPORTER:
        return measures.filter(plan__in=monitored_plans(user))
    if user.municipality_id and user.institution_id:
        return measures.filter(plan__municipality_id=user.municipality_id, institutions=user.institution_id)
    return measures.none()


def editable_report_measures(user: Any) -> QuerySet[Measure]:
    """Measures whose reports ``user`` may write (the list face of ``can_edit_report``)."""
    if _role(user) in (User.Role.DISTRICT, User.Role.NATIONAL):
        return reportable_measures(user).none()
    return reportable_measures(user)


def monitored_plans(user: Any) -> QuerySet[Plan]:
    """Plans whose monitoring (dashboard, periods, reviews) ``user`` may read."""
    from planmonitor.plans.models import Plan

    plans = Plan.objects.all()
    if is_admin(user):
        return plans
    role = _role(user)
    if role == User.Role.COORDINATOR and user.municipality_id:
        return plans.filter(municipality_id=user.municipality_id)
    if role == User.Role.DISTRICT and user.district_id:
        return plans.filter(municipality__district_id=user.district_id)
    if role == User.Role.NATIONAL:
        return plans
    return plans.none()


def can_view_report(user: Any, measure: Measure) -> bool:
    """May ``user`` read the progress reports of ``measure`` (drafts, comments and all)?"""
    if is_admin(user):
        return True
    if _is_coordinator_of(user, measure.plan):
        return True
    if _is_district_of(user, measure.plan):
        return True
    return _is_reporter_for(user, measure)


def can_edit_report(user: Any, measure: Measure) -> bool:
    """May ``user`` write a report of ``measure``? Its reporters, the coordinator, administrators."""
    if is_admin(user):
        return True
    if _is_coordinator_of(user, measure.plan):
        return True
    return _is_reporter_for(user, measure)


def can_review_reports(user: Any, plan: Plan) -> bool:
    """May ``user`` approve, return and recommend (the monitoring unit of the plan's municipality)?"""
    if is_admin(user):
        return True
    return _is_coordinator_of(user, plan)


def can_manage_periods(user: Any, plan: Plan) -> bool:
    """May ``user`` open and close reporting periods and exchange spreadsheets for ``plan``?"""
    return can_review_reports(user, plan)


def can_view_monitoring(user: Any, plan: Plan) -> bool:
    """May ``user`` read the plan's monitoring dashboard and period pages (mirrors ``monitored_plans``)?"""
    if is_admin(user):
        return True
    if _is_coordinator_of(user, plan):
        return True
    return _is_district_of(user, plan)


def can_view_district(user: Any, district_id: int) -> bool:
    """May ``user`` compare the municipalities of a district? Its district coordinators, the national
    coordinator and administrators."""
    if is_admin(user) or _role(user) == User.Role.NATIONAL:
        return True
    return _role(user) == User.Role.DISTRICT and user.district_id == district_id


def access_report(user: Any, measure_id: int, period_id: int, *, edit: bool = False):
    """Fetch (measure, period) for a report page, or refuse.

    A measure or period that does not exist, or a period of another plan, is
    404; so is a plan the user may not read at all. A plan they may read but
    a measure they do not answer for is 403: typing another institution's
    address shows a refusal, not the report.
    """
    from planmonitor.monitoring.models import ReportingPeriod
    from planmonitor.plans.models import Measure

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


def access_period(user: Any, period_id: int, *, manage: bool = False):
    """Fetch a reporting period through the rules of its plan."""
    from planmonitor.monitoring.models import ReportingPeriod

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


def access_evidence(user: Any, evidence_id: int):
    """Fetch an evidence file: whoever may read the report may download it."""
    from planmonitor.monitoring.models import Evidence

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


# --- reports ---
# Yearly reports carry approved data only, but a version that is not final is an internal
# working document: the municipality's coordinators, the district and administrators read
# them; only the municipality's coordinator (and an administrator) asks for new ones. The
# public sees final versions of adopted plans, through the portal.

REPORT_READER_ROLES = (User.Role.COORDINATOR, User.Role.DISTRICT, User.Role.NATIONAL, User.Role.ADMIN)


def can_view_generated_reports(user: Any, plan: Plan) -> bool:
    """May ``user`` list and download the generated reports (drafts included) of ``plan``?"""
    if is_admin(user):
        return True
    return _role(user) in REPORT_READER_ROLES and can_view_plan(user, plan) and (
        plan.municipality_id == user.municipality_id
        or (_role(user) == User.Role.DISTRICT and plan.municipality.district_id == user.district_id)
        or _role(user) == User.Role.NATIONAL
    )


def can_generate_report(user: Any, plan: Plan) -> bool:
    """May ``user`` ask for a new report of ``plan``? Its municipality's coordinator or an administrator."""
    if is_admin(user):
        return True
    return _role(user) == User.Role.COORDINATOR and bool(user.municipality_id) and (
        plan.municipality_id == user.municipality_id
    )


def can_view_district_report(user: Any, district_id: int) -> bool:
    """The district consolidation: that district's coordinator, the national coordinator, or an administrator."""
    if is_admin(user) or _role(user) == User.Role.NATIONAL:
        return True
    return _role(user) == User.Role.DISTRICT and user.district_id == district_id


def can_view_national_report(user: Any) -> bool:
    """The national consolidation (every district): the national coordinator, or an administrator."""
    return is_admin(user) or _role(user) == User.Role.NATIONAL


def access_plan_reports(user: Any, plan_id: int, *, generate: bool = False) -> Plan:
    """Fetch a plan for its reports page, or refuse (404 if unseen, 403 if seen but not allowed)."""
    plan = access_plan(user, plan_id)
    if not can_view_generated_reports(user, plan):
        raise PermissionDenied
    if generate and not can_generate_report(user, plan):
        raise PermissionDenied
    return plan


def access_generated_report(user: Any, generated_id: int):
    """Fetch one generated report through the rules of its plan."""
    from planmonitor.reports.models import GeneratedReport

    try:
        generated = GeneratedReport.objects.select_related("plan__municipality__district", "period").get(
            pk=generated_id
        )
    except GeneratedReport.DoesNotExist:
        raise Http404 from None
    if not can_view_plan(user, generated.plan):
        raise Http404
    if not can_view_generated_reports(user, generated.plan):
        raise PermissionDenied
    return generated
