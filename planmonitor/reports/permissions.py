"""Who may read and ask for the generated yearly reports and the consolidations.

Yearly reports carry approved data only, but a version that is not final is an
internal working document: the municipality's coordinators, the district and
administrators read them; only the municipality's coordinator (and an
administrator) asks for new ones. The public sees final versions of adopted
plans, through the portal. The district consolidation follows
``accounts.permissions.can_view_district``, the same rule as the district's
monitoring comparison.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from planmonitor.accounts.models import User
from planmonitor.accounts.permissions import coordinates, is_admin, role_of
from planmonitor.plans.models import Plan
from planmonitor.plans.permissions import access_plan, can_view_plan
from planmonitor.reports.models import GeneratedReport

REPORT_READER_ROLES = (User.Role.COORDINATOR, User.Role.DISTRICT, User.Role.NATIONAL, User.Role.ADMIN)


def can_view_generated_reports(user: Any, plan: Plan) -> bool:
    """May ``user`` list and download the generated reports (drafts included) of ``plan``?"""
    if is_admin(user):
        return True
    return role_of(user) in REPORT_READER_ROLES and can_view_plan(user, plan) and (
        plan.municipality_id == user.municipality_id
        or (role_of(user) == User.Role.DISTRICT and plan.municipality.district_id == user.district_id)
        or role_of(user) == User.Role.NATIONAL
    )


def can_generate_report(user: Any, plan: Plan) -> bool:
    """May ``user`` ask for a new report of ``plan``? Its municipality's coordinator or an administrator."""
    if is_admin(user):
        return True
    return coordinates(user, plan.municipality_id)


def can_view_national_report(user: Any) -> bool:
    """The national consolidation (every district): the national coordinator, or an administrator."""
    return is_admin(user) or role_of(user) == User.Role.NATIONAL


def access_plan_reports(user: Any, plan_id: int, *, generate: bool = False) -> Plan:
    """Fetch a plan for its reports page, or refuse (404 if unseen, 403 if seen but not allowed)."""
    plan = access_plan(user, plan_id)
    if not can_view_generated_reports(user, plan):
        raise PermissionDenied
    if generate and not can_generate_report(user, plan):
        raise PermissionDenied
    return plan


def access_generated_report(user: Any, generated_id: int) -> GeneratedReport:
    """Fetch one generated report through the rules of its plan."""
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
