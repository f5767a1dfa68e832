"""District consolidation: one table per priority, totals, who has not reported; the same as XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from planmonitor.accounts.models import District, User
from planmonitor.monitoring.models import Expenditure, ProgressReport
from planmonitor.reports import district
from tests.reports import expected as want
from tests.reports import factories


@pytest.fixture
def area(db):
    """Two municipalities that reported, one with a plan but no period, one with no plan."""
    a = factories.full_year(muni=factories.municipality("Алфа", "Окръг"), unreported=1)
    b = factories.full_year(muni=factories.municipality("Бета", "Окръг"), unreported=2)
    factories.plan(muni=factories.municipality("Гама", "Окръг"))
    factories.municipality("Делта", "Окръг")
    return {"district": District.objects.get(name="Окръг"), "a": a, "b": b}


@pytest.mark.django_db
def test_consolidation_rows_totals_and_missing(area):
    c = district.consolidate(area["district"].pk, 2025)
    assert [name for name, _why in c.not_reported] == ["Гама", "Делта"]
    assert len(c.tables) == 2  # the same two priority names in both plans
    first = c.tables[0]
    assert [r.municipality for r in first.rows] == ["Алфа", "Бета"]
    assert first.totals.measures == sum(r.measures for r in first.rows) == 6
    spent_all = sum(t.totals.spent for t in c.tables)
    approved = Expenditure.objects.filter(report__status=ProgressReport.Status.APPROVED)
    assert spent_all == want.in_leva(approved.values_list("amount", "currency"))
    assert sum(t.totals.unreported for t in c.tables) == 3


@pytest.mark.django_db
def test_unapproved_reports_do_not_count(area):
    r = area["a"].reports[0]
    r.status = ProgressReport.Status.SUBMITTED
    r.save(update_fields=["status"])
    c = district.consolidate(area["district"].pk, 2025)
    assert sum(t.totals.unreported for t in c.tables) == 4


@pytest.mark.django_db
def test_xlsx_has_the_same_numbers(area):
    c = district.consolidate(area["district"].pk, 2025)
    wb = load_workbook(io.BytesIO(district.render_xlsx(c)))
    summary = wb.worksheets[0]
    assert [summary.cell(row=i, column=1).value for i in (4, 5)] == ["Гама", "Делта"]
    sheet = wb.worksheets[1]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == ["Алфа", "Бета", rows[-1][0]]
    spent_col = len(c.statuses) + 4  # municipality, measures, statuses, no report, planned -> spent index
    assert Decimal(str(rows[-1][spent_col])) == c.tables[0].totals.spent


@pytest.mark.django_db
def test_only_the_districts_coordinator_sees_it(client, area):
    own = factories.user("d1", User.Role.DISTRICT, district=area["district"])
    other = factories.user("d2", User.Role.DISTRICT, district=District.objects.create(name="Друг"))
    coordinator = factories.user("c1", User.Role.COORDINATOR, municipality=area["a"].plan.municipality)
    client.force_login(own)
    page = client.get(reverse("reports:district"), {"year": 2025})  # their own district by default
    assert page.status_code == 200 and "Делта" in page.content.decode()
    xlsx = client.get(reverse("reports:district"), {"year": 2025, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    for refused in (other, coordinator):
        client.force_login(refused)
        response = client.get(reverse("reports:district"), {"year": 2025, "district": area["district"].pk})
        assert response.status_code == 403


@pytest.mark.django_db
def test_register_municipalities_without_a_plan_are_listed_and_counted():
    """Сливен district has four municipalities in the national register; planmonitor knows one."""
    factories.full_year(muni=factories.municipality("Сливен", "Сливен"))
    district_id = District.objects.get(name="Сливен").pk
    c = district.consolidate(district_id, 2025)
    assert c.municipalities == 4
    with translation.override("bg"):
        why = translation.gettext("no plan in planmonitor")
    assert sorted(c.not_reported) == [("Котел", why), ("Нова Загора", why), ("Твърдица", why)]


@pytest.mark.django_db
def test_priorities_come_in_the_plans_order_not_alphabetically(area):
    from planmonitor.plans.models import Priority

    for built in (area["a"], area["b"]):
        first, second = Priority.objects.filter(plan=built.plan).order_by("position")
        first.name, second.name = "Образование", "Здравеопазване"
        Priority.objects.bulk_update([first, second], ["name"])
    c = district.consolidate(area["district"].pk, 2025)
    assert [t.name for t in c.tables] == ["Образование", "Здравеопазване"]
