"""The national consolidation: a row per district, its totals those of the district's own report."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from planmonitor.accounts import registry
from planmonitor.accounts.models import District, User
from planmonitor.reports import district, national
from tests.reports import documents, factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def country():
    """Two municipalities reported in Сливен district, one in Стара Загора."""
    factories.full_year(muni=factories.municipality("Сливен", "Сливен"), unreported=1)
    factories.full_year(muni=factories.municipality("Котел", "Сливен"), unreported=2)
    factories.full_year(muni=factories.municipality("Казанлък", "Стара Загора"), unreported=0)
    return {name: District.objects.get(name=name) for name in ("Сливен", "Стара Загора")}


def test_a_row_per_district_with_the_district_totals(country):
    c = national.consolidate_national(2025)
    assert c.national is True
    for table in c.tables:
        assert [row.municipality for row in table.rows] == ["Сливен", "Стара Загора"]
    for name, d in country.items():
        own = district.consolidate(d.pk, 2025)
        for table, own_table in zip(c.tables, own.tables, strict=True):
            row = next(r for r in table.rows if r.municipality == name)
            assert (row.measures, row.unreported, row.planned, row.spent, row.on_track, row.behind, row.by_status) == (
                own_table.totals.measures, own_table.totals.unreported, own_table.totals.planned,
                own_table.totals.spent, own_table.totals.on_track, own_table.totals.behind,
                own_table.totals.by_status,
            )
    assert sum(t.totals.measures for t in c.tables) == 18


def test_every_municipality_of_the_register_is_counted(country):
    c = national.consolidate_national(2025)
    assert c.municipalities == sum(len(registry.municipalities(d)) for d in registry.districts()) == 265
    with translation.override("bg"):
        why = translation.gettext("no plan in planmonitor")
    assert ("Нова Загора (Сливен)", why) in c.not_reported
    assert ("Банско (Благоевград)", why) in c.not_reported  # a district planmonitor has no record of
    assert not any(name.startswith(("Сливен ", "Котел ", "Казанлък ")) for name, _w in c.not_reported)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_command_line_writes_each_format(country, tmp_path: Path, fmt):
    out = tmp_path / f"national.{fmt}"
    call_command("report", "--national", "--year", "2025", "--format", fmt, "-o", str(out))
    content = out.read_bytes()
    if fmt == "pdf":
        text = " ".join(documents.pdf_pages(content))
        assert "Сливен" in text and "Стара Загора" in text
    elif fmt == "docx":
        text = documents.docx_text(content)
        assert "Сливен" in text and "Стара Загора" in text
    else:
        sheet = load_workbook(io.BytesIO(content)).worksheets[1]
        assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)][:2] == ["Сливен", "Стара Загора"]


@pytest.mark.parametrize(("role", "status"), [
    ("national", 200), ("admin", 200), ("district", 403), ("coordinator", 403), ("reporter", 403),
])
def test_only_the_national_coordinator_and_administrators_see_it(client, country, role, status):
    user = factories.user(f"u-{role}", role, district=country["Сливен"] if role == "district" else None,
                          municipality=None)
    if role == "admin":
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    response = client.get(reverse("reports:national"), {"year": 2025})
    assert response.status_code == status
    if status == 200:
        assert "Стара Загора" in response.content.decode()


def test_the_national_coordinator_reads_every_district_but_changes_nothing(client, country):
    from planmonitor.accounts.permissions import can_view_district
    from planmonitor.monitoring import permissions as monitoring_permissions
    from planmonitor.plans.models import Plan
    from planmonitor.plans.permissions import can_edit_plan

    user = factories.user("nat", User.Role.NATIONAL)
    plan = Plan.objects.first()
    assert can_view_district(user, country["Стара Загора"].pk)
    assert monitoring_permissions.can_view_monitoring(user, plan)
    assert not can_edit_plan(user, plan)
    assert not monitoring_permissions.can_review_reports(user, plan)
    assert not monitoring_permissions.editable_report_measures(user).exists()
    client.force_login(user)
    response = client.get(reverse("reports:district"), {"district": country["Стара Загора"].pk, "year": 2025})
    assert response.status_code == 200


def test_bad_year_is_a_clear_400(client, country):
    client.force_login(factories.user("nat", User.Role.NATIONAL))
    assert client.get(reverse("reports:national"), {"year": "abc"}).status_code == 400
