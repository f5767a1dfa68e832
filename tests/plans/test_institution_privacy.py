"""Institutions named only by a draft plan are as private as the draft (issue 11, point 12)."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from planmonitor.accounts.models import Institution, Municipality, User
from planmonitor.plans import services

pytestmark = pytest.mark.django_db

SECRET = "Центр за тайни проекти Таен"


@pytest.fixture
def draft_only_institution(small_plan_json, admin_user) -> Institution:
    """A draft plan of another municipality whose only responsible institution no public plan names."""
    draft = copy.deepcopy(small_plan_json)
    draft["municipality"] = "Чернова"
    draft["measures"] = [dict(draft["measures"][0], responsible=SECRET)]
    plan = services.import_plan(draft, actor=admin_user, status="draft")
    services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    # The reader no longer makes institutions of names the registry does not know; the coordinator
    # confirmed this one in the review.
    secret = Institution.objects.create(name=SECRET, municipality=plan.municipality)
    plan.measures.get().institutions.add(secret)
    return secret


def test_anonymous_visitors_neither_find_nor_open_it(client, draft_only_institution):
    page = client.get(reverse("plans:search"), {"q": "тайни"})
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert client.get(reverse("plans:institution", args=[draft_only_institution.pk])).status_code == 404
    public = Institution.objects.get(measures__code="1", measures__plan__status="adopted")
    assert client.get(reverse("plans:institution", args=[public.pk])).status_code == 200
    assert public.name in client.get(reverse("plans:search"), {"q": public.name.split()[0]}).content.decode()


def test_the_drafts_own_municipality_and_the_administrator_see_it(client, draft_only_institution, admin_user):
    owner = User.objects.create_user(
        "owner", password="pw-owner-123", role=User.Role.COORDINATOR,
        municipality=Municipality.objects.get(name="Чернова"),
    )
    for user in (owner, admin_user):
        client.force_login(user)
        assert client.get(reverse("plans:institution", args=[draft_only_institution.pk])).status_code == 200
        assert SECRET in client.get(reverse("plans:search"), {"q": "тайни"}).content.decode()
    stranger = User.objects.create_user(
        "stranger", password="pw-str-123", role=User.Role.COORDINATOR,
        municipality=Municipality.objects.get(name="Примерна"),
    )
    client.force_login(stranger)
    assert client.get(reverse("plans:institution", args=[draft_only_institution.pk])).status_code == 404
    assert SECRET not in client.get(reverse("plans:search"), {"q": "тайни"}).content.decode()
