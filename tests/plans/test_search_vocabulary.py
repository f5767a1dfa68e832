""""Did you mean" reads its vocabulary once per change of the plans, not on every search that finds nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planmonitor.accounts.models import User
from planmonitor.plans import search_selectors, services
from planmonitor.plans.models import Measure
from tests.reports import factories


def _queries(client, query: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("plans:search"), {"q": query}).content.decode()
    return len(captured), page


def _second_empty_search(client, measures_per_priority: int) -> tuple[int, int]:
    cache.clear()
    factories.plan(muni=factories.municipality(f"Община {measures_per_priority}"),
                   measures_per_priority=measures_per_priority)
    first, page = _queries(client, "приобштаване")  # misspelt: nothing found, a suggestion offered
    assert "приобщаване" in page
    second, _page = _queries(client, "приобштаване")
    return first, second


@pytest.mark.django_db
def test_a_second_empty_search_reads_no_vocabulary_whatever_the_data(client):
    user = User.objects.create_user("national-voc", password="pw-voc-12345", role=User.Role.NATIONAL)
    client.force_login(user)
    small_first, small_second = _second_empty_search(client, 2)
    large_first, large_second = _second_empty_search(client, 40)
    assert small_second == large_second
    assert small_second < small_first and large_second < large_first


@pytest.mark.django_db
def test_the_vocabulary_follows_an_amendment_and_stays_per_reader(client):
    """A word added by an amendment is suggested at once; a draft's words are not suggested to the public."""
    cache.clear()
    plan = factories.plan(measures_per_priority=1)
    coordinator = factories.user("coord-voc", User.Role.COORDINATOR, municipality=plan.municipality)
    assert search_selectors.did_you_mean(coordinator, "медиаторство") is None
    measure = Measure.objects.filter(plan=plan).order_by("position").first()
    services.amend_measure(measure, {"text": "Медиаторство в училищата"}, actor=coordinator, reason="Решение № 9")
    assert search_selectors.did_you_mean(coordinator, "медиаторсво") == "медиаторство"
    draft = factories.plan(muni=factories.municipality("Община Чернова"), title="Проект", status="draft")
    Measure.objects.filter(plan=draft).update(text="Ковачество")
    draft.save(update_fields=["updated_at"])
    drafter = factories.user("coord-draft", User.Role.COORDINATOR, municipality=draft.municipality)
    assert search_selectors.did_you_mean(drafter, "ковачесво") == "ковачество"
    from django.contrib.auth.models import AnonymousUser

    assert search_selectors.did_you_mean(AnonymousUser(), "ковачесво") is None
