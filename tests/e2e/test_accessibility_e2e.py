"""Every role's pages in Chromium, checked by axe-core (issue 10.16), and the reporter's page on a phone (10.8).

Each role logs in and opens the pages of its day; each page is screenshotted
to ``test-output/a11y/`` and checked with axe-core (``tests/e2e/axe.py``): no
serious or critical violation. The plan has 120 measures, so tables are as
long and wide as a real plan's.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from planmonitor.monitoring import services
from tests.e2e.axe import check_page
from tests.e2e.session import log_in
from tests.monitoring.factories import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def visit(page, output_dir, url, name):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    folder = output_dir / "a11y"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    check_page(page, f"a11y/{name}", output_dir)


@pytest.fixture
def world(db):
    w = make_world(measures=120)
    reporter, coordinator = w.users["reporter"], w.users["coordinator"]
    measures = list(w.plan.measures.filter(institutions=w.school).order_by("position"))
    for n, measure in enumerate(measures[:6]):
        numeric = measure.indicators.get(position=1)
        report = services.save_report(measure, w.period, services.ReportInput(
            measure_status="in_progress", done_text="Проведени срещи", values={numeric.pk: str(10 + n)},
            expenditures=[services.ExpenditureInput("Общински бюджет", Decimal("1500"), "BGN")],
        ), actor=reporter, version=0)
        if n < 4:
            report = services.submit_report(report, actor=reporter)
        if n < 2:
            services.approve_report(report, actor=coordinator)
    services.recommend_measure(measures[6], actor=coordinator, text="Включете родителите", period=w.period)
    w.measures = measures
    return w


def test_every_role_s_pages_pass_axe(page, output_dir, world):
    w = world
    m = w.measures
    report = reverse("monitoring:report", args=[m[6].pk, w.period.pk])
    pages = {
        "reporter": [
            (reverse("home"), "reporter-home"), (report, "reporter-report"),
            (reverse("monitoring:report", args=[m[0].pk, w.period.pk]), "reporter-report-approved"),
        ],
        "coordinator": [
            (reverse("home"), "coordinator-home"),
            (reverse("monitoring:review", args=[m[2].pk, w.period.pk]), "coordinator-review"),
            (reverse("monitoring:period", args=[w.period.pk]), "coordinator-period"),
            (reverse("monitoring:periods", args=[w.plan.pk]), "coordinator-periods"),
            (reverse("monitoring:dashboard", args=[w.plan.pk]), "coordinator-dashboard"),
            (reverse("plans:list"), "coordinator-plans"), (reverse("plans:plan", args=[w.plan.pk]), "coordinator-plan"),
            (reverse("plans:search") + "?q=Measure", "coordinator-search"),
            (reverse("reports:index"), "coordinator-reports"),
        ],
        "district": [
            (reverse("home"), "district-home"),
            (reverse("monitoring:district", args=[w.district.pk]), "district-compare"),
            (reverse("reports:district") + "?year=2025", "district-report"),
        ],
        "admin": [
            (reverse("admin:index"), "admin-index"),
            (reverse("admin:accounts_user_add"), "admin-user-add"),
            (reverse("admin:accounts_user_change", args=[w.users["reporter"].pk]), "admin-user-change"),
        ],
        None: [
            (reverse("portal:index"), "public-portal"), (reverse("portal:plan", args=[w.plan.pk]), "public-plan"),
            (reverse("portal:measure", args=[w.plan.pk, m[0].pk]), "public-measure"),
            (reverse("portal:search") + "?q=медятори", "public-search"),
        ],
    }
    for role, urls in pages.items():
        if role:
            log_in(page, role)
        else:
            page.context.clear_cookies()
        for url, name in urls:
            visit(page, output_dir, url, name)


def test_the_report_page_fits_a_phone(page, output_dir, world):
    """Issue 10.8: at 390 px nothing is wider than the screen (the money table was 537 px)."""
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "reporter")
    assert page.url.endswith(reverse("monitoring:todo"))  # lands on what to report
    page.goto(reverse("monitoring:report", args=[world.measures[6].pk, world.period.pk]))
    widths = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth,
        money: document.querySelector('table.money').getBoundingClientRect().right,
        indicators: document.querySelector('table.indicator-inputs').getBoundingClientRect().right,
    })""")
    (output_dir / "a11y").mkdir(exist_ok=True)
    page.screenshot(path=str(output_dir / "a11y" / "phone-report.png"), full_page=True)
    assert widths["page"] <= 390, widths
    assert widths["money"] <= 390 and widths["indicators"] <= 390, widths
    assert "Включете родителите" in page.locator("main").inner_text()  # the unit's recommendation
    # A failed save: the error summary is at the top and takes the focus.
    page.fill(f"#id_value_{world.measures[6].indicators.get(position=1).pk}", "дванадесет")
    page.locator("button[value=save]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    page.screenshot(path=str(output_dir / "a11y" / "phone-report-error.png"), full_page=True)
    check_page(page, "a11y/phone-report-error", output_dir)


def test_the_dashboard_fits_a_laptop_and_a_phone(page, output_dir, world):
    """Issue 10.7: the dashboard's tables scroll inside their frame; the page never overflows."""
    log_in(page, "coordinator")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(reverse("monitoring:dashboard", args=[world.plan.pk]))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(output_dir / "a11y" / f"dashboard-{width}.png"), full_page=True)
