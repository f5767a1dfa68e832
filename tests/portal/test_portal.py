"""The public portal: adopted plans only, approved values only, light and indexable pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planmonitor.plans.models import Plan
from tests.reports import factories


@pytest.fixture
def built(db):
    return factories.full_year()


@pytest.mark.django_db
def test_index_lists_adopted_plans_by_district_and_municipality_not_drafts(client, built):
    draft = factories.plan(status=Plan.Status.DRAFT, muni=factories.municipality("Чернова"),
                           title="Черновата на плана")
    page = client.get(reverse("portal:index")).content.decode()
    assert built.plan.title in page and built.plan.municipality.name in page
    assert "Тестова" in page
    assert draft.title not in page
    assert client.get(reverse("portal:plan", args=[draft.pk])).status_code == 404


@pytest.mark.django_db
def test_plan_page_shows_approved_status_and_values(client, built):
    page = client.get(reverse("portal:plan", args=[built.plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for r in built.reports:
        assert r.done_text in html
    assert "<script" not in html.split("<footer")[0].split("</header>")[1]
    assert '<meta name="description"' in html


@pytest.mark.django_db
def test_plan_page_query_count_does_not_grow_with_measures(client, django_assert_max_num_queries):
    small = factories.full_year(measures_per_priority=2)
    big = factories.full_year(measures_per_priority=25, muni=factories.municipality("Голяма"))
    with django_assert_max_num_queries(19):
        client.get(reverse("portal:plan", args=[small.plan.pk]))
    with django_assert_max_num_queries(19):
        client.get(reverse("portal:plan", args=[big.plan.pk]))
    with django_assert_max_num_queries(7):  # cached: plan, periods, default period, fingerprint (3), reports
        client.get(reverse("portal:plan", args=[big.plan.pk]))


@pytest.mark.django_db
def test_search_finds_measures_of_adopted_plans_only(client, built):
    factories.plan(status=Plan.Status.DRAFT, muni=factories.municipality("Чернова"))
    html = client.get(reverse("portal:search"), {"q": "приобщаване"}).content.decode()
    assert built.measures[0].text in html
    assert "Чернова" not in html


@pytest.mark.django_db
def test_sitemap_and_robots(client, built):
    sitemap = client.get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    assert f"/portal/plans/{built.plan.pk}/" in sitemap.content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /accounts/" in robots


@pytest.mark.django_db
def test_cached_page_changes_when_a_report_is_approved(client, built):
    """The page is cached, but approving a report (the monitoring service bumps updated_at) shows at once."""
    from django.utils import timezone

    from planmonitor.monitoring.models import ProgressReport

    pending = factories.report(built.measures[-1], built.period, status=ProgressReport.Status.SUBMITTED,
                               done="Чака одобрение")
    url = reverse("portal:plan", args=[built.plan.pk])
    assert "Чака одобрение" not in client.get(url).content.decode()
    pending.status = ProgressReport.Status.APPROVED
    pending.updated_at = timezone.now()
    pending.save(update_fields=["status", "updated_at"])
    assert "Чака одобрение" in client.get(url).content.decode()
