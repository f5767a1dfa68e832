"""The plan permission rules as a table: role x plan status x action, for both faces of each rule."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from planmonitor.accounts.models import District, Municipality, User
from planmonitor.plans import permissions
from planmonitor.plans.models import Plan

HOME, ELSEWHERE = "home", "elsewhere"

# (role, where the plan is, status) -> (can view, can edit)
TABLE = {
    ("anonymous", HOME, "draft"): (False, False),
    ("anonymous", HOME, "adopted"): (True, False),
    ("anonymous", HOME, "closed"): (True, False),
    ("coordinator", HOME, "draft"): (True, True),
    ("coordinator", HOME, "adopted"): (True, True),
    ("coordinator", HOME, "closed"): (True, False),
    ("coordinator", ELSEWHERE, "draft"): (False, False),
    ("coordinator", ELSEWHERE, "adopted"): (True, False),
    ("reporter", HOME, "draft"): (True, False),
    ("reporter", HOME, "adopted"): (True, False),
    ("reporter", ELSEWHERE, "draft"): (False, False),
    ("reporter", ELSEWHERE, "adopted"): (True, False),
    ("district", HOME, "draft"): (True, False),
    ("district", HOME, "adopted"): (True, False),
    ("district", ELSEWHERE, "draft"): (False, False),
    ("district", ELSEWHERE, "adopted"): (True, False),
    ("admin", HOME, "draft"): (True, True),
    ("admin", ELSEWHERE, "draft"): (True, True),
    ("admin", ELSEWHERE, "closed"): (True, False),
    # A plan withdrawn by mistake is private, like a draft, and changed by nobody.
    ("anonymous", HOME, "withdrawn"): (False, False),
    ("coordinator", HOME, "withdrawn"): (True, False),
    ("coordinator", ELSEWHERE, "withdrawn"): (False, False),
    ("admin", HOME, "withdrawn"): (True, False),
}
IMPORT = {"anonymous": False, "coordinator": True, "reporter": False, "district": False, "admin": True}


@pytest.fixture
def world(db):
    """Two municipalities in two districts, and a plan in each status in each of them."""
    home_district, other_district = District.objects.create(name="Д1"), District.objects.create(name="Д2")
    home = Municipality.objects.create(name="М1", district=home_district)
    elsewhere = Municipality.objects.create(name="М2", district=other_district)
    plans = {}
    for where, municipality in ((HOME, home), (ELSEWHERE, elsewhere)):
        for status in Plan.Status.values:
            plans[(where, status)] = Plan.objects.create(
                municipality=municipality, title=f"{where} {status}", period_start=2024, period_end=2027, status=status
            )
    users = {
        "anonymous": AnonymousUser(),
        "coordinator": User.objects.create_user("c", role="coordinator", municipality=home),
        "reporter": User.objects.create_user("r", role="reporter", municipality=home),
        "district": User.objects.create_user("d", role="district", district=home_district),
        "admin": User.objects.create_user("a", role="admin"),
    }
    return users, plans


@pytest.mark.parametrize("case", sorted(TABLE), ids=lambda c: "-".join(c))
def test_permission_table(world, case):
    """The one-object check, the list filter and the access function agree for every cell of the table."""
    users, plans = world
    role, where, status = case
    user, plan = users[role], plans[(where, status)]
    may_view, may_edit = TABLE[case]
    assert permissions.can_view_plan(user, plan) is may_view
    assert permissions.can_edit_plan(user, plan) is may_edit
    assert permissions.visible_plans(user).filter(pk=plan.pk).exists() is may_view
    assert permissions.editable_plans(user).filter(pk=plan.pk).exists() is may_edit
    if may_view:
        assert permissions.access_plan(user, plan.pk) == plan
    else:
        with pytest.raises(Http404):
            permissions.access_plan(user, plan.pk)
    if may_edit:
        assert permissions.access_plan(user, plan.pk, edit=True) == plan
    elif may_view:
        with pytest.raises(PermissionDenied):
            permissions.access_plan(user, plan.pk, edit=True)


@pytest.mark.parametrize("role", sorted(IMPORT))
def test_who_may_import(world, role):
    users, _plans = world
    assert permissions.can_import(users[role]) is IMPORT[role]


def test_a_missing_plan_is_404(world):
    users, _plans = world
    with pytest.raises(Http404):
        permissions.access_plan(users["admin"], 10**6)


def test_coordinator_without_municipality_sees_only_public(world):
    """A coordinator not yet attached to a municipality is treated like the public, not like everyone."""
    users, plans = world
    lost = User.objects.create_user("lost", role="coordinator")
    visible = set(permissions.visible_plans(lost))
    assert visible == {p for p in plans.values() if p.status in ("adopted", "closed")}
    assert permissions.can_import(lost) is False
