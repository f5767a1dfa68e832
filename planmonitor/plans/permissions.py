"""Who may see and change plans, their measures and the imports under review.

Each rule has two faces, kept side by side so they cannot drift apart: a
check for one object (``can_view_plan(user, plan)``), used by pages that show
or change that object, and a queryset for lists (``visible_plans(user)``),
used by every list, search and export, so a list never shows what the check
would refuse.

Views fetch protected objects only through the ``access_*`` functions, which
raise ``Http404`` for what the user may not even know exists (a draft of
another municipality) and ``PermissionDenied`` for what they may see but not
change. The rules, as a table, are in ``docs/permissions.md``.

The public sees adopted plans (and closed ones, which were adopted and have
run their course; drafts and withdrawn plans are private). A municipal
coordinator and an institution reporter also see every plan of their own
municipality; a district coordinator every plan of their district's
municipalities; the national coordinator and an administrator everything.
Only the municipality's coordinator and an administrator change a plan, and
nobody changes a closed or withdrawn one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from planmonitor.accounts.models import User
from planmonitor.accounts.permissions import coordinates, is_admin, role_of
from planmonitor.plans.models import (
    EDITABLE_PLAN_STATUSES,
    PUBLIC_PLAN_STATUSES,
    ImportSession,
    Measure,
    Plan,
)

# --- lists -----------------------------------------------------------------------------------


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may read, as a queryset (the list face of ``can_view_plan``)."""
    plans = Plan.objects.all()
    if is_admin(user):
        return plans
    public = Q(status__in=PUBLIC_PLAN_STATUSES)
    role = role_of(user)
    if role in (User.Role.COORDINATOR, User.Role.REPORTER) and user.municipality_id:
        return plans.filter(public | Q(municipality_id=user.municipality_id))
    if role == User.Role.DISTRICT and user.district_id:
        return plans.filter(public | Q(municipality__district_id=user.district_id))
    if role == User.Role.NATIONAL:
        return plans
    return plans.filter(public)


def editable_plans(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may change (the list face of ``can_edit_plan``)."""
    plans = Plan.objects.filter(status__in=EDITABLE_PLAN_STATUSES)
    if is_admin(user):
        return plans
    if role_of(user) == User.Role.COORDINATOR and user.municipality_id:
        return plans.filter(municipality_id=user.municipality_id)
    return plans.none()


def visible_measures(user: Any) -> QuerySet[Measure]:
    """Measures of the plans ``user`` may read (search, institution pages)."""
    return Measure.objects.filter(plan__in=visible_plans(user).values("pk"))


# --- one object ------------------------------------------------------------------------------


def can_view_plan(user: Any, plan: Plan) -> bool:
    """May ``user`` read ``plan``? Mirrors ``visible_plans`` rule for rule."""
    if is_admin(user):
        return True
    if plan.status in PUBLIC_PLAN_STATUSES:
        return True
    role = role_of(user)
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
    return coordinates(user, plan.municipality_id)


def can_import(user: Any) -> bool:
    """May ``user`` upload and publish a plan? Coordinators of a municipality and administrators."""
    if is_admin(user):
        return True
    return role_of(user) == User.Role.COORDINATOR and bool(user.municipality_id)


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
    try:
        plan = Plan.objects.select_related("municipality__district").get(pk=plan_id)
    except Plan.DoesNotExist:
        raise Http404 from None
    if not can_view_plan(user, plan):
        raise Http404
    if edit and not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def access_measure(user: Any, measure_id: int, *, edit: bool = False) -> Measure:
    """Fetch a measure through the rules of its plan."""
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
    if not can_import(user):
        raise PermissionDenied
    try:
        session = ImportSession.objects.get(pk=session_id)
    except ImportSession.DoesNotExist:
        raise Http404 from None
    if not can_view_import(user, session):
        raise Http404
    return session
