"""Reads for the staff search page: measures matching a query, "did you mean", institutions, filter choices.

Apart from ``plans.selectors`` because search has its own rule (``plans.search``: the Bulgarian
light stemmer, one rule on SQLite and PostgreSQL) and its own cache (the vocabulary per reader).
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from planmonitor.accounts.models import Institution
from planmonitor.plans import search
from planmonitor.plans.models import Measure
from planmonitor.plans.permissions import visible_measures, visible_plans
from planmonitor.plans.selectors import MeasureFilters, measures_with_details, visible_institutions


def search_measures(user: Any, query: str, filters: MeasureFilters | None = None) -> QuerySet[Measure]:
    """Measures whose text, indicators or institutions contain every word of ``query`` (see ``search``)."""
    filters = filters or MeasureFilters()
    measures = visible_measures(user).current()
    terms = search.query_terms(query)
    for term in terms:
        measures = measures.filter(search_text__contains=term)
    if not terms and not filters.active:
        return measures.none()
    measures = filters.apply(measures)
    if filters.source:
        for term in search.query_terms(filters.source):
            measures = measures.filter(fundings__search_text__contains=term)
    return measures_with_details(measures).distinct().order_by("plan__municipality__name", "plan_id", "position")


def search_vocabulary(measures: QuerySet[Measure]):
    """The words of ``measures``' searched texts with their counts, for "did you mean" (one query)."""
    texts = measures.values_list("text", "indicators_raw", "responsible_raw", "target_raw")
    return search.vocabulary(part for row in texts for part in row)


#: How long a vocabulary stays in the cache when nothing changes (the key changes with every change).
VOCABULARY_SECONDS = 3600


def vocabulary_fingerprint(user: Any) -> str:
    """A key for the words ``user`` may search: which plans they may read and when each last changed.

    One query, one short row per plan (never per measure). Every change of a
    plan's content or status saves the plan (``updated_at``): an amendment,
    a new version, adoption, withdrawal, a new plan. Hashing the exact list of
    plan ids (not a count or a maximum) means two people who read different
    plans never share a vocabulary, so a draft's words never reach a
    suggestion shown to someone who may not read the draft.
    """
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    for pk, updated_at in visible_plans(user).order_by("pk").values_list("pk", "updated_at"):
        digest.update(f"{pk}@{updated_at.isoformat()};".encode())
    return digest.hexdigest()


def user_vocabulary(user: Any):
    """The words ``user`` may search, built once per change of their plans and kept in the cache.

    Building it reads every measure's texts; a search that finds nothing used
    to pay that each time. Now such a search costs one query (the fingerprint)
    whatever the number of measures, as the portal's does (``index_fingerprint``).
    """

    key = "plans:vocabulary:" + vocabulary_fingerprint(user)
    words = cache.get(key)
    if words is None:
        words = search_vocabulary(visible_measures(user))
        cache.set(key, words, VOCABULARY_SECONDS)
    return words


def did_you_mean(user: Any, query: str) -> str | None:
    """A corrected query (misspelling, Latin letters) over what ``user`` may read, or None."""
    return search.did_you_mean(query, user_vocabulary(user))


def search_institutions(query: str, user: Any = None) -> list[Institution]:
    """Institutions ``user`` may see whose name or abbreviation matches ``query`` (the registry is small)."""
    terms = search.query_terms(query)
    if not terms:
        return []
    return [
        i for i in visible_institutions(user).select_related("municipality")
        if search.matches(f"{i.abbreviation} {i.name}", query)
    ][:50]


def search_choices(user: Any) -> dict[str, list]:
    """Choices for the search page's filters, from the plans ``user`` may read."""
    measures = visible_measures(user).current()
    return {
        "priorities": sorted(set(measures.values_list("priority__name", flat=True))),
        "statuses": sorted(set(measures.exclude(status_raw="").values_list("status_raw", flat=True))),
        "institutions": list(Institution.objects.filter(measures__in=measures).distinct().order_by("abbreviation", "name")),
    }
