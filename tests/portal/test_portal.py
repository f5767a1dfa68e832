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
def test_plan_page_is_served_from_the_page_cache(client, django_assert_num_queries):
    """Cold, the plan page computes (tests/portal/test_query_counts.py: the same count for 10 measures as for
    100); again, it is one query (the plan's revision); another period, five."""
    big = factories.full_year(measures_per_priority=25, muni=factories.municipality("Голяма"))
    client.get(reverse("portal:plan", args=[big.plan.pk]))
    with django_assert_num_queries(1):  # the page cache: the plan's revision, one query
        client.get(reverse("portal:plan", args=[big.plan.pk]))
    with django_assert_num_queries(5):  # another address: revision, plan, periods, default period, reports
        client.get(reverse("portal:plan", args=[big.plan.pk]), {"period": big.period.pk})


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
    """The page is cached, but approving a report (the monitoring service raises the plan's revision) shows at once."""
    from planmonitor.monitoring import services
    from planmonitor.monitoring.models import ProgressReport

    pending = factories.report(built.measures[-1], built.period, status=ProgressReport.Status.SUBMITTED,
                               done="Чака одобрение")
    services.reopen_period(built.period, actor=None, reason="късен отчет")
    url = reverse("portal:plan", args=[built.plan.pk])
    assert "Чака одобрение" not in client.get(url).content.decode()
    services.approve_report(pending, actor=None)
    assert "Чака одобрение" in client.get(url).content.decode()


@pytest.mark.django_db
def test_cached_index_follows_adoption_and_amendment(client, built, django_assert_num_queries):
    """The index is served from the page cache (one query) until a plan is adopted, withdrawn or amended."""
    from planmonitor.plans import services

    url = reverse("portal:index")
    draft = factories.plan(status=Plan.Status.DRAFT, muni=factories.municipality("Чернова"), title="Нов план 2026")
    assert draft.title not in client.get(url).content.decode()
    with django_assert_num_queries(1):
        assert built.plan.title in client.get(url).content.decode()
    services.set_plan_status(draft, Plan.Status.ADOPTED, actor=None)
    assert draft.title in client.get(url).content.decode()
    amended = {**services.export_plan(draft, with_ids=True), "title": "Изменен план 2026"}
    services.amend_plan(draft, amended, actor=None, reason="заглавие")
    html = client.get(url).content.decode()
    assert "Изменен план 2026" in html and draft.title not in html
    services.withdraw_plan(draft, actor=None, reason="внесен по грешка")
    assert "Изменен план 2026" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_cached_page_follows_an_institution_renamed(client, built):
    """Pages print institution names; renaming one (the admin saves through ``save_institution``) shows at once."""
    from planmonitor.plans import services

    measure = built.measures[0]
    measure.responsible_raw = ""  # the page then names the linked institutions
    measure.save(update_fields=["responsible_raw"])
    url = reverse("portal:plan", args=[built.plan.pk])
    shown = '<span class="muted">ОА</span>'  # an institution is named by its abbreviation
    assert shown in client.get(url).content.decode()
    assert shown in client.get(url).content.decode()  # now from the page cache
    institution = measure.institutions.get()
    institution.abbreviation, institution.name = "", "Община Тестова, дирекция „Социални дейности“"
    services.save_institution(institution, actor=None)
    html = client.get(url).content.decode()
    assert "дирекция „Социални дейности“" in html and shown not in html


@pytest.mark.django_db
def test_a_plan_with_no_period_yet_shows_its_measures_as_adopted(client):
    """Before its first reporting period an adopted plan's page lists its measures (it showed only the title)."""
    from tests.reports import factories as report_factories

    plan = report_factories.plan(priorities=2, measures_per_priority=2)
    assert not plan.periods.exists()
    html = client.get(reverse("portal:plan", args=[plan.pk])).content.decode()
    for measure in plan.measures.all():
        assert f'id="m{measure.pk}"' in html
        assert reverse("portal:measure", args=[plan.pk, measure.pk]) in html
