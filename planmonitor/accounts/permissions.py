"""Who someone is: roles, and the rules that need nothing but the person and an id.

Each app states its own permission rules beside its models, on top of these:
``plans.permissions`` (plans, measures, imports), ``monitoring.permissions``
(reporting periods, progress reports, evidence, dashboards) and
``reports.permissions`` (generated reports). Apps are layers (core < accounts
< plans < monitoring < reports < portal, an import-linter contract in
``pyproject.toml``), so a rule lives in the lowest app that holds what it
looks at, and this module knows no model but ``User``. The rules, as a table,
are in ``docs/permissions.md``.

Each rule has two faces, kept side by side so they cannot drift apart: a
check for one object (``can_view_plan(user, plan)``) and a queryset for
lists (``visible_plans(user)``). Views fetch protected objects only through
the ``access_*`` functions of the app that owns them.
"""

from __future__ import annotations

from typing import Any

from planmonitor.accounts.models import User


def is_admin(user: Any) -> bool:
    """An administrator of the deployment: the admin role or a Django superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role == User.Role.ADMIN)


def role_of(user: Any) -> str | None:
    """The role of a signed-in user; ``None`` for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return None
    return user.role


def coordinates(user: Any, municipality_id: int | None) -> bool:
    """Is ``user`` the municipal coordinator (the monitoring unit) of that municipality?"""
    return role_of(user) == User.Role.COORDINATOR and bool(user.municipality_id) and municipality_id == user.municipality_id


def oversees_district(user: Any, district_id: int | None) -> bool:
    """A district coordinator of that district, or the national coordinator (every district)."""
    if role_of(user) == User.Role.NATIONAL:
        return True
    return role_of(user) == User.Role.DISTRICT and bool(user.district_id) and district_id == user.district_id


def can_view_district(user: Any, district_id: int) -> bool:
    """May ``user`` compare the municipalities of a district (the monitoring comparison and the
    district's consolidated report)? Its district coordinators, the national coordinator and administrators."""
    return is_admin(user) or oversees_district(user, district_id)
