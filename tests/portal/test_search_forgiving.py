"""Search forgives a misspelling and Latin letters, with "did you mean" (issue 10.12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planmonitor.plans import search
from planmonitor.plans.models import Measure, Plan
from tests.reports import factories

TEXT = "Назначаване на образователни медиатори в училищата"


@pytest.fixture
def measure(db):
    built = factories.full_year()
    m = built.measures[0]
    Measure.objects.filter(pk=m.pk).update(text=TEXT, search_text=search.search_text([TEXT]))
    return m


@pytest.mark.parametrize(("typed", "meant"), [
    ("медятори", "медиатори"), ("обрзователни", "образователни"), ("mediatori", "медиатори"),
    ("obrazovatelni mediatori", "образователни медиатори"),
])
def test_the_portal_finds_what_was_meant_and_says_so(client, measure, typed, meant):
    response = client.get(reverse("portal:search"), {"q": typed})
    html = response.content.decode()
    assert TEXT in html
    assert response.context["corrected"] == meant
    assert "did-you-mean" in html


def test_a_correct_query_is_not_corrected_and_nonsense_finds_nothing(client, measure):
    assert client.get(reverse("portal:search"), {"q": "медиатори"}).context["corrected"] is None
    response = client.get(reverse("portal:search"), {"q": "ххххххх"})
    assert response.context["results"] == [] and response.context["corrected"] is None


def test_words_of_drafts_are_never_suggested_to_the_public(client, db):
    built = factories.full_year()
    draft = factories.plan(status=Plan.Status.DRAFT, muni=factories.municipality("Чернова"))
    secret = "Тайнствено преустройство"
    Measure.objects.filter(plan=draft).update(text=secret, search_text=search.search_text([secret]))
    assert built is not None
    response = client.get(reverse("portal:search"), {"q": "тайнствено"})
    assert response.context["results"] == [] and response.context["corrected"] is None


def test_the_staff_search_forgives_too(client, measure, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("plans:search"), {"q": "медятори"})
    assert response.context["corrected"] == "медиатори"
    assert [m.pk for m in response.context["measures"]] == [measure.pk]


def test_similarity_is_pg_trgm_s():
    """The numbers PostgreSQL's pg_trgm gives (similarity('медятори', 'медиатор') = 0.2857143)."""
    assert round(search.similarity("медятори", "медиатор"), 7) == 0.2857143
    assert search.similarity("дом", "дом") == 1.0
    assert search.trigrams("ab") == {"  a", " ab", "ab "}
