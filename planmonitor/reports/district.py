"""District consolidation: one report over every municipality of a district for a year.

For each priority (plans name their priorities in their own words, so rows
are grouped by the name folded to lower case), a table has one row per
municipality with its figures from approved reports (measures by status,
money planned and spent, indicators on track and behind), then the totals.
Municipalities with no adopted plan for the year, no reporting period, or no
approved report in it are listed as not reported. The same data is written
as XLSX with openpyxl.

Everything is read through :func:`planmonitor.reports.data.gather`, so the
district sees exactly what each municipality's own report says.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planmonitor.accounts.models import District, Municipality
from planmonitor.core.money import currency_on
from planmonitor.portal.selectors import PUBLIC_PLAN_STATUSES
from planmonitor.reports import data
from planmonitor.reports.report_model import PrioritySection, ReportData


@dataclass
class Row:
    """One municipality's figures for one priority."""

    municipality: str
    measures: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    unreported: int = 0
    planned: Decimal = Decimal("0")
    spent: Decimal = Decimal("0")
    on_track: int = 0
    behind: int = 0

    def add(self, other: Row) -> None:
        self.measures += other.measures
        for key, n in other.by_status.items():
            self.by_status[key] = self.by_status.get(key, 0) + n
        self.unreported += other.unreported
        self.planned += other.planned
        self.spent += other.spent
        self.on_track += other.on_track
        self.behind += other.behind


@dataclass
class PriorityTable:
    name: str
    rows: list[Row]
    totals: Row


@dataclass
class Consolidation:
    district: str
    year: int
    currency: str
    statuses: tuple[tuple[str, str], ...]
    tables: list[PriorityTable]
    not_reported: list[tuple[str, str]]  # (municipality, why)
    reports: list[ReportData]


def _row(municipality: str, section: PrioritySection, currency: str) -> Row:
    row = Row(municipality)
    for m in section.measures:
        row.measures += 1
        if m.reported:
            row.by_status[m.status] = row.by_status.get(m.status, 0) + 1
        else:
            row.unreported += 1
        for ind in m.indicators:
            row.on_track += ind.on_track is True
            row.behind += ind.on_track is False
    row.planned = section.planned_total(currency).amount
    row.spent = section.spent_total(currency).amount
    return row


def consolidate(district_id: int, year: int) -> Consolidation:
    """Gather every municipality's approved data of ``year`` into one table per priority."""
    district = District.objects.get(pk=district_id)
    currency = currency_on(date(year, 12, 31))
    with translation.override("bg"):
        from planmonitor.monitoring.models import MeasureStatus

        statuses = tuple((k, str(label)) for k, label in MeasureStatus.choices)
        tables: dict[str, PriorityTable] = {}
        not_reported: list[tuple[str, str]] = []
        reports: list[ReportData] = []
        municipalities = Municipality.objects.filter(district=district).prefetch_related("plans__periods")
        for muni in municipalities.order_by("name"):
            plans = [
                p for p in muni.plans.all()
                if p.status in PUBLIC_PLAN_STATUSES and p.period_start <= year <= p.period_end
            ]
            if not plans:
                not_reported.append((muni.name, _("no adopted plan for the year")))
                continue
            plan = max(plans, key=lambda p: p.period_start)
            period = data.period_for_year(plan, year)
            if period is None:
                not_reported.append((muni.name, _("no reporting period for the year")))
                continue
            report = data.gather(plan, period)
            reports.append(report)
            if not any(m.reported for m in report.measures):
                not_reported.append((muni.name, _("no approved report in the period")))
            for section in report.priorities:
                key = section.name.strip().lower()
                table = tables.setdefault(key, PriorityTable(section.name, [], Row(_("Total"))))
                row = _row(muni.name, section, currency)
                table.rows.append(row)
                table.totals.add(row)
    return Consolidation(
        district=district.name, year=year, currency=currency, statuses=statuses,
        tables=sorted(tables.values(), key=lambda t: t.name.lower()), not_reported=not_reported, reports=reports,
    )


def header(c: Consolidation) -> list[str]:
    return [
        _("Municipality"), _("Measures"), *(label for _k, label in c.statuses), _("No report"),
        _("Planned (%(currency)s)") % {"currency": c.currency}, _("Spent (%(currency)s)") % {"currency": c.currency},
        _("Indicators on track"), _("Indicators behind"),
    ]


def row_values(c: Consolidation, row: Row) -> list:
    return [
        row.municipality, row.measures, *(row.by_status.get(k, 0) for k, _l in c.statuses), row.unreported,
        row.planned, row.spent, row.on_track, row.behind,
    ]


def render_xlsx(c: Consolidation) -> bytes:
    """The consolidation as a workbook: a summary sheet, then one sheet per priority."""
    with translation.override("bg"):
        wb = Workbook()
        summary = wb.active
        summary.title = _("Summary")[:31]
        summary.append([_("District of %(name)s") % {"name": c.district}, c.year])
        summary.append([])
        summary.append([_("Municipalities that have not reported"), _("Why")])
        summary["A3"].font = summary["B3"].font = Font(bold=True)
        for name, why in c.not_reported:
            summary.append([name, why])
        summary.column_dimensions["A"].width = 40
        summary.column_dimensions["B"].width = 40
        used: set[str] = set()
        for n, table in enumerate(c.tables, start=1):
            title = _sheet_title(f"{n} {table.name}", used)
            ws = wb.create_sheet(title)
            ws.append([table.name])
            ws["A1"].font = Font(bold=True)
            ws.append(header(c))
            for cell in ws[2]:
                cell.font = Font(bold=True)
            for row in table.rows:
                ws.append(row_values(c, row))
            ws.append(row_values(c, table.totals))
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
            money_cols = (len(c.statuses) + 4, len(c.statuses) + 5)
            for col in money_cols:
                for (cell,) in ws.iter_rows(min_row=3, min_col=col, max_col=col):
                    cell.number_format = "#,##0.00"
            ws.column_dimensions["A"].width = 30
            for col in range(2, len(header(c)) + 1):
                ws.column_dimensions[get_column_letter(col)].width = 14
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def _sheet_title(text: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``, unique."""
    clean = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
    title, k = clean, 2
    while title in used:
        title = f"{clean[:28]}~{k}"
        k += 1
    used.add(title)
    return title




def page_tables(c: Consolidation) -> tuple[list[str], list[dict]]:
    """Header and tables with numbers in Bulgarian format, for the HTML page."""
    from planmonitor.reports.formatting import money_bg

    def formatted(row: Row) -> list[str]:
        values = row_values(c, row)
        n = len(c.statuses) + 3
        return [str(v) for v in values[:n]] + [money_bg(values[n], c.currency), money_bg(values[n + 1], c.currency)] + [
            str(v) for v in values[n + 2:]
        ]

    with translation.override("bg"):
        head = header(c)
    return head, [
        {"name": t.name, "rows_values": [formatted(r) for r in t.rows], "total_values": formatted(t.totals)}
        for t in c.tables
    ]
