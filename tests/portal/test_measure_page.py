"""The public page of one measure: the plan's text and its approved history, nothing unapproved or internal."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from planmonitor.accounts.models import User
from planmonitor.monitoring import services as monitoring_services
from planmonitor.monitoring.models import IndicatorValue, ProgressReport, ReportingPeriod, ReviewComment
from planmonitor.plans import services
from planmonitor.plans.models import Plan
from planmonitor.portal.pagecache import csrf_placeholder
from planmonitor.reports import data
from tests.reports import documents, factories
from tests.reports import expected as want

UNAPPROVED = [ProgressReport.Status.DRAFT, ProgressReport.Status.SUBMITTED, ProgressReport.Status.RETURNED]


def _url(measure) -> str:
    return reverse("portal:measure", args=[measure.plan_id, measure.pk])


def _main(html: str) -> str:
    """The page's own content, without the site header and footer."""
    return html.split('<main id="main">')[1].split("</main>")[0]


@pytest.fixture
def two_years(db):
    """A plan with an approved report per measure in 2024 and 2025 (the last measure unreported in 2025)."""
    built = factories.full_year(year=2025)
    earlier = ReportingPeriod.objects.create(
        plan=built.plan, name="2024", start=date(2024, 1, 1), end=date(2024, 12, 31), deadline=date(2025, 1, 31),
        status=ReportingPeriod.Status.CLOSED,
    )
    for m in built.measures:
        factories.report(m, earlier, measure_status="in_progress", done=f"Начало на мярка {m.code} през 2024",
                         values=(Decimal(m.position), Decimal(2)))
    built.earlier = earlier
    return built


@pytest.mark.django_db
def test_measure_page_shows_the_plan_text_and_the_approved_history_of_every_period(client, two_years):
    measure = two_years.measures[0]
    response = client.get(_url(measure))
    assert response.status_code == 200
    html = response.content.decode()
    main = _main(html)
    # What the plan says of the measure, as stored.
    for text in (measure.code, measure.text, measure.priority.name, measure.goal.title, measure.responsible_raw,
                 measure.period_raw, two_years.plan.title):
        assert text in main, text
    assert measure.institutions.get().name in main
    funding = measure.fundings.get()
    assert want.money(funding.amount, funding.currency) in documents.normalise(main) and funding.source in main
    # Approved status, what was done and each indicator's approved value, in both periods.
    with translation.override("bg"):
        for report in ProgressReport.objects.filter(measure=measure, status=ProgressReport.Status.APPROVED):
            assert report.period.name in main
            assert report.done_text in main
            assert str(report.get_measure_status_display()) in main
            for value in IndicatorValue.objects.filter(report=report):
                assert f'<td class="value">{value.value.normalize():f}</td>' in main
    # Baseline and target of each indicator; the reached value is the one the plan page and report give.
    with translation.override("bg"):
        gathered = data.gather(two_years.plan, two_years.period)
    line = next(m for m in gathered.measures if m.id == measure.pk)
    for indicator, gathered_line in zip(measure.indicators.order_by("position"), line.indicators, strict=True):
        assert indicator.name in main
        assert f"{indicator.baseline.normalize():f}" in main and f"{indicator.target.normalize():f}" in main
        assert f'<td class="reached">{gathered_line.reached.normalize():f}</td>' in main
    # Periods oldest first: a small history, not only the latest year.
    assert main.index(two_years.earlier.name) < main.index(two_years.period.name)
    # Links back to the plan and to its open data.
    assert f'href="{reverse("portal:plan", args=[two_years.plan.pk])}#m{measure.pk}"' in main
    assert f"/open-data/plans/{two_years.plan.pk}/plan.json" in main
    assert f"/open-data/plans/{two_years.plan.pk}/datapackage.zip" in main
    # Light and indexable: no script, a title with the measure, a description and the canonical address.
    assert "<script" not in html
    assert re.search(rf"<title>{re.escape(measure.code)} [^<]*{re.escape(two_years.plan.municipality.name)}", html)
    assert '<meta name="description"' in html
    assert f'<link rel="canonical" href="http://testserver{_url(measure)}">' in html


@pytest.mark.django_db
def test_a_measure_without_an_approved_report_in_a_period_says_so(client, two_years):
    unreported = two_years.measures[-1]
    assert not ProgressReport.objects.filter(measure=unreported, period=two_years.period).exists()
    main = _main(client.get(_url(unreported)).content.decode())
    earlier = ProgressReport.objects.get(measure=unreported, period=two_years.earlier)
    assert earlier.done_text in main
    row_2025 = main.split(f'id="p{two_years.period.pk}"')[1].split("</tr>")[0]
    assert earlier.done_text not in row_2025
    assert 'class="muted"' in row_2025  # "no approved report"


@pytest.mark.django_db
@pytest.mark.parametrize("status", UNAPPROVED)
def test_unapproved_values_comments_and_reporters_never_reach_the_measure_page(client, two_years, status):
    """Only approved content: the 2025 report of the measure is unapproved, the 2024 one approved."""
    measure = two_years.measures[-1]
    marker = f"UNAPPROVED-MARKER-{status}"
    reporter = factories.user("reporter", User.Role.REPORTER, municipality=two_years.plan.municipality)
    reviewer = factories.user("reviewer", User.Role.COORDINATOR, municipality=two_years.plan.municipality)
    hidden = factories.report(measure, two_years.period, status=status, done=marker,
                              values=(Decimal("987654.32"), Decimal("876543.21")), spent=Decimal("765432.19"))
    hidden.submitted_by = reporter
    hidden.save(update_fields=["submitted_by"])
    ReviewComment.objects.create(report=hidden, author=reviewer, text=f"COMMENT-{marker}")
    approved = ProgressReport.objects.get(measure=measure, period=two_years.earlier)
    approved.submitted_by = reporter
    approved.save(update_fields=["submitted_by"])
    ReviewComment.objects.create(report=approved, author=reviewer, text="APPROVED-REPORT-COMMENT")
    needles = (marker, "987654", "987 654", "987\xa0654", "876543", "876 543", "876\xa0543", "765432", "765 432",
               "765\xa0432", reporter.last_name, reviewer.last_name, "APPROVED-REPORT-COMMENT")

    coordinator = Client()
    coordinator.force_login(reviewer)
    pages = {
        "anonymous": client.get(_url(measure)).content.decode(),
        "anonymous, cached": client.get(_url(measure)).content.decode(),
        "signed-in coordinator": coordinator.get(_url(measure)).content.decode(),
    }
    for where, html in pages.items():
        main = _main(html)
        for needle in needles:
            assert needle not in main, f"{where} shows {needle!r}"
        # The approved data is there (so the absence above is not an empty page).
        assert approved.done_text in main, where
        assert f'<td class="value">{measure.position}</td>' in main, where


@pytest.mark.django_db
def test_measures_of_drafts_and_of_other_plans_do_not_exist(client, two_years):
    draft = factories.plan(status=Plan.Status.DRAFT, muni=factories.municipality("Чернова"))
    other = factories.full_year(muni=factories.municipality("Друга"))
    closed = factories.plan(status=Plan.Status.CLOSED, muni=factories.municipality("Приключена"))
    mine = two_years.measures[0]
    assert client.get(_url(mine)).status_code == 200
    assert client.get(_url(draft.measures.first())).status_code == 404
    assert client.get(reverse("portal:measure", args=[two_years.plan.pk, other.measures[0].pk])).status_code == 404
    assert client.get(reverse("portal:measure", args=[two_years.plan.pk, 10**9])).status_code == 404
    assert client.get(_url(closed.measures.first())).status_code == 200
    # A plan withdrawn takes its (cached) measure pages with it.
    services.withdraw_plan(two_years.plan, actor=None, reason="внесен по грешка")
    assert client.get(_url(mine)).status_code == 404


@pytest.mark.django_db
def test_another_measure_reuses_the_gathered_plan_data(client, django_assert_num_queries):
    """Cold, a measure page gathers its plan's data (tests/portal/test_query_counts.py: the same count for 10
    measures as for 100); another measure of the plan then costs seven queries and no gathering, and a page
    served from the page cache one query (the plan's revision)."""
    big = factories.full_year(measures_per_priority=25, muni=factories.municipality("Голяма"))
    assert client.get(_url(big.measures[0])).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(_url(big.measures[1])).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(_url(big.measures[1])).status_code == 200


@pytest.mark.django_db
def test_cached_measure_page_follows_an_approval(client, two_years):
    measure = two_years.measures[-1]
    pending = factories.report(measure, two_years.period, status=ProgressReport.Status.SUBMITTED,
                               done="Чака одобрение")
    monitoring_services.reopen_period(two_years.period, actor=None, reason="късен отчет")
    assert "Чака одобрение" not in client.get(_url(measure)).content.decode()
    monitoring_services.approve_report(pending, actor=None)
    assert "Чака одобрение" in client.get(_url(measure)).content.decode()


@pytest.mark.django_db
def test_cached_page_gives_each_visitor_a_working_csrf_token(two_years):
    """The language form of a cached page carries the visitor's own token, and switching language works."""
    url = _url(two_years.measures[0])
    tokens = []
    for _visitor in range(2):
        visitor = Client(enforce_csrf_checks=True)
        html = visitor.get(url).content.decode()
        assert csrf_placeholder() not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        switched = visitor.post(reverse("set_language"), {"language": "en", "next": url,
                                                          "csrfmiddlewaretoken": token})
        assert switched.status_code == 302
        english = visitor.get(url)
        assert english["Content-Language"] == "en"
        assert "Approved progress by reporting period" in english.content.decode()
    assert tokens[0] != tokens[1]


@pytest.mark.django_db
def test_plan_page_search_and_sitemap_link_each_measure_page(client, two_years):
    draft = factories.plan(status=Plan.Status.DRAFT, muni=factories.municipality("Чернова"))
    plan_html = client.get(reverse("portal:plan", args=[two_years.plan.pk])).content.decode()
    for m in two_years.measures:
        assert f'href="{_url(m)}"' in plan_html
    search_html = client.get(reverse("portal:search"), {"q": "приобщаване"}).content.decode()
    assert f'href="{_url(two_years.measures[0])}"' in search_html
    sitemap = client.get("/sitemap.xml").content.decode()
    for m in two_years.measures:
        assert f"<loc>http://testserver{_url(m)}</loc>" in sitemap
    assert f"/portal/plans/{draft.pk}/" not in sitemap


@pytest.mark.django_db
def test_measure_of_a_plan_without_reporting_periods_shows_what_the_plan_says(client):
    plan = factories.plan()
    measure = plan.measures.order_by("position").first()
    main = _main(client.get(_url(measure)).content.decode())
    assert measure.text in main and measure.responsible_raw in main
    for indicator in measure.indicators.all():
        assert indicator.name in main
        assert f"{indicator.target.normalize():f}" in main
    assert 'class="value"' not in main and 'id="p' not in main


@pytest.mark.django_db
def test_cached_pages_follow_the_monitoring_services(client, two_years):
    """Approving through the service (as the monitoring unit does) shows at once on the cached pages."""
    from planmonitor.monitoring import services

    measure = two_years.measures[0]
    coordinator = factories.user("koord", User.Role.COORDINATOR, municipality=two_years.plan.municipality)
    current = factories.period(two_years.plan, 2026, closed=False)
    pending = factories.report(measure, current, status=ProgressReport.Status.SUBMITTED, done="Одобрено от звеното")
    plan_url = reverse("portal:plan", args=[two_years.plan.pk])
    for url in (_url(measure), plan_url):
        assert "Одобрено от звеното" not in client.get(url).content.decode()
    services.approve_report(pending, actor=coordinator)
    assert "Одобрено от звеното" in client.get(_url(measure)).content.decode()
    assert "Одобрено от звеното" in client.get(plan_url).content.decode()  # now the default period
