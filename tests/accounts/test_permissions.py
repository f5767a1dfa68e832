"""The role-only rules of ``accounts.permissions``: what needs nothing but the person and an id.

The rules on plans, reports and generated reports build on these and are tested
beside their apps (``tests/plans/test_permissions.py``,
``tests/monitoring/test_permissions_matrix.py``, ``tests/reports/``).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from planmonitor.accounts import permissions
from planmonitor.accounts.models import District, Municipality, User

ROLES = ("anonymous", "reporter", "coordinator", "coordinator_nowhere", "district", "national", "admin", "superuser")

# role -> (is_admin, coordinates home, coordinates elsewhere, oversees home district, oversees other district)
TABLE = {
    "anonymous": (False, False, False, False, False),
    "reporter": (False, False, False, False, False),
    "coordinator": (False, True, False, False, False),
    "coordinator_nowhere": (False, False, False, False, False),
    "district": (False, False, False, True, False),
    "national": (False, False, False, True, True),
    "admin": (True, False, False, False, False),
    "superuser": (True, False, False, False, False),
}


@pytest.fixture
def people(db):
    """One person of each role, attached to the home municipality and district where the role has one."""
    home_district, other_district = District.objects.create(name="Д1"), District.objects.create(name="Д2")
    home = Municipality.objects.create(name="М1", district=home_district)
    elsewhere = Municipality.objects.create(name="М2", district=other_district)
    superuser = User.objects.create_user("s", role="reporter", municipality=home)
    superuser.is_superuser = True
    users = {
        "anonymous": AnonymousUser(),
        "reporter": User.objects.create_user("r", role="reporter", municipality=home),
        "coordinator": User.objects.create_user("c", role="coordinator", municipality=home),
        "coordinator_nowhere": User.objects.create_user("c0", role="coordinator"),
        "district": User.objects.create_user("d", role="district", district=home_district),
        "national": User.objects.create_user("n", role="national"),
        "admin": User.objects.create_user("a", role="admin"),
        "superuser": superuser,
    }
    return users, (home, elsewhere), (home_district, other_district)


@pytest.mark.parametrize("role", ROLES)
def test_role_rules(people, role):
    """Each role-only rule for one person, for their own place and for another."""
    users, (home, elsewhere), (home_district, other_district) = people
    user = users[role]
    admin, coordinates_home, coordinates_elsewhere, oversees_home, oversees_other = TABLE[role]
    assert permissions.is_admin(user) is admin
    assert permissions.coordinates(user, home.pk) is coordinates_home
    assert permissions.coordinates(user, elsewhere.pk) is coordinates_elsewhere
    assert permissions.oversees_district(user, home_district.pk) is oversees_home
    assert permissions.oversees_district(user, other_district.pk) is oversees_other
    assert permissions.can_view_district(user, home_district.pk) is (admin or oversees_home)
    assert permissions.can_view_district(user, other_district.pk) is (admin or oversees_other)
    assert permissions.role_of(user) == (None if role == "anonymous" else user.role)


def test_no_municipality_coordinates_nothing(people):
    """A coordinator not attached to a municipality does not coordinate 'no municipality'."""
    users, _municipalities, _districts = people
    assert permissions.coordinates(users["coordinator_nowhere"], None) is False


def test_accounts_holds_role_rules_only():
    """Plan and monitoring rules live beside their models; accounts answers for none of them."""
    for name in ("can_view_plan", "monitored_plans", "can_review_reports", "editable_report_measures"):
        assert not hasattr(permissions, name), name
