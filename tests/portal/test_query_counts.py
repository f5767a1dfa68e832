"""Every public page costs the same number of queries for a small and a big dataset (cold page cache)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.querycount import BIG, SMALL, assert_count_stays, assert_same_count, get, logged_in
from tests.reports import factories

pytestmark = pytest.mark.django_db

OPEN_DATA_FILES = ["plan.json", "dcat.jsonld", "datapackage.zip", "datapackage.json", "measures.csv",
                   "progress.csv", "indicators.csv"]

PLAN_PAGES = {
    "plan": lambda b: (reverse("portal:plan", args=[b.plan.pk]), None),
    "plan-period": lambda b: (reverse("portal:plan", args=[b.plan.pk]), {"period": b.period.pk}),
    "measure-first": lambda b: (reverse("portal:measure", args=[b.plan.pk, b.measures[0].pk]), None),
    "measure-last": lambda b: (reverse("portal:measure", args=[b.plan.pk, b.measures[-1].pk]), None),
    **{f"open-data-{name}": (lambda b, name=name: (
        reverse("portal:open_data_file", kwargs={"plan_id": b.plan.pk, "name": name}), None))
       for name in OPEN_DATA_FILES},
}


@pytest.fixture
def small_and_big():
    """A plan of 2 x SMALL measures and one of 2 x BIG, each with a closed year of approved reports."""
    return (factories.full_year(measures_per_priority=SMALL),
            factories.full_year(measures_per_priority=BIG, muni=factories.municipality("Голяма")))


@pytest.mark.parametrize("page", list(PLAN_PAGES))
def test_plan_pages_cost_the_same_for_10_and_100_measures(small_and_big, page):
    small, big = small_and_big
    client = logged_in(None)
    assert_same_count(get(client, *PLAN_PAGES[page](small)), get(client, *PLAN_PAGES[page](big)),
                      what=f"portal {page} ({2 * SMALL} / {2 * BIG} measures)")


SITE_PAGES = {
    "index": ("portal:index", None),
    "search": ("portal:search", {"q": "приобщаване"}),
    "search-misspelt": ("portal:search", {"q": "приобщавне"}),
    "open-data": ("portal:open_data", None),
    "catalogue": ("portal:catalogue", None),
    "sitemap": ("portal:sitemap", None),
    "bulk": ("portal:bulk", None),
}


@pytest.mark.parametrize("page", list(SITE_PAGES))
def test_site_pages_cost_the_same_for_one_plan_and_three(page):
    """The pages over every adopted plan: one plan of 6 measures, then three, one of them of 2 x BIG."""
    factories.full_year(muni=factories.municipality("Първа", "Първа област"))

    def grow() -> None:
        factories.full_year(muni=factories.municipality("Втора", "Първа област"), measures_per_priority=BIG)
        factories.full_year(muni=factories.municipality("Трета", "Втора област"))

    name, data = SITE_PAGES[page]
    assert_count_stays(get(logged_in(None), reverse(name), data), grow, what=f"portal {page} (1 / 3 plans)")
