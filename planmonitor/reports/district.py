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

The same :class:`Consolidation` is written as a page, as XLSX (here), and as
a PDF and a DOCX for the district coordinator (``district_pdf``,
``district_docx``, wording shared in ``district_texts``); :func:`render` is
the one entry point for files, used by the view and the command line.
Building the consolidation reads every approved report of the district (some
seconds for 30 plans of 150 measures), so the views share one copy per change
of the district's data through :func:`cached_consolidation`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from planmonitor.accounts import registry
from planmonitor.accounts.models import District, Municipality
from planmonitor.core.money import CURRENCY_SIGNS, currency_on
from planmonitor.plans.models import PUBLIC_PLAN_STATUSES
from planmonitor.reports import data
from planmonitor.reports import render as report_files
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
    converted: bool = False  # a money figure adds leva and euro at the fixed rate

    def add(self, other: Row) -> None:
        self.measures += other.measures
        for key, n in other.by_status.items():
            self.by_status[key] = self.by_status.get(key, 0) + n
        self.unreported += other.unreported
        self.planned += other.planned
        self.spent += other.spent
        self.on_track += other.on_track
        self.behind += other.behind
        self.converted |= other.converted


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
    municipalities: int = 0
    provisional: list[str] = field(default_factory=list)  # reported, but period open or reports pending
    national: bool = False  # rows are districts (the national view), not municipalities


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
    planned, spent = section.planned_total(currency), section.spent_total(currency)
    row.planned, row.spent = planned.amount, spent.amount
    row.converted = planned.converted or spent.converted
    return row


def consolidate(district_id: int, year: int) -> Consolidation:
    """Gather every municipality's approved data of ``year`` into one table per priority."""
    return consolidate_many([District.objects.get(pk=district_id)], year)[0]


def consolidate_many(districts: list[District], year: int) -> list[Consolidation]:
    """``consolidate`` for several districts at once: their plans' data gathered in one batch
    (``data.gather_many``), so the national table costs the same queries for 1 district as for 28."""
    currency = currency_on(date(year, 12, 31))
    with translation.override("bg"):
        from planmonitor.monitoring.models import MeasureStatus

        statuses = tuple((k, str(label)) for k, label in MeasureStatus.choices)
        by_district: dict[int, list[Municipality]] = {d.pk: [] for d in districts}
        for muni in Municipality.objects.filter(district__in=districts).prefetch_related("plans__periods").order_by("name"):
            by_district[muni.district_id].append(muni)
        not_reported: dict[int, list[tuple[str, str]]] = {d.pk: [] for d in districts}
        chosen: list[tuple[int, Municipality, object, object]] = []  # (district, municipality, plan, period)
        for district in districts:
            for muni in by_district[district.pk]:
                plans = [
                    p for p in muni.plans.all()
                    if p.status in PUBLIC_PLAN_STATUSES and p.period_start <= year <= p.period_end
                ]
                if not plans:
                    # A municipality of the register that has never had a plan here says so.
                    why = _("no adopted plan for the year") if muni.plans.all() else _("no plan in planmonitor")
                    not_reported[district.pk].append((muni.name, why))
                    continue
                plan = max(plans, key=lambda p: p.period_start)
                period = data.choose_period(plan.periods.all(), year)
                if period is None:
                    not_reported[district.pk].append((muni.name, _("no reporting period for the year")))
                    continue
                chosen.append((district.pk, muni, plan, period))
        gathered = data.gather_many([(plan, period) for _d, _muni, plan, period in chosen])
        per_district: dict[int, list[tuple[Municipality, ReportData]]] = {d.pk: [] for d in districts}
        for (district_id, muni, _plan, _period), report in zip(chosen, gathered, strict=True):
            per_district[district_id].append((muni, report))
        out = []
        for district in districts:
            tables: dict[str, PriorityTable] = {}
            positions: dict[str, list[int]] = {}
            reports: list[ReportData] = []
            provisional: list[str] = []
            for muni, report in per_district[district.pk]:
                reports.append(report)
                if not any(m.reported for m in report.measures):
                    not_reported[district.pk].append((muni.name, _("no approved report in the period")))
                elif not report.is_final:
                    provisional.append(muni.name)
                for position, section in enumerate(report.priorities):
                    key = section.name.strip().lower()
                    positions.setdefault(key, []).append(position)
                    table = tables.setdefault(key, PriorityTable(section.name, [], Row(_("Total"))))
                    row = _row(muni.name, section, currency)
                    table.rows.append(row)
                    table.totals.add(row)
            missing = _not_in_planmonitor(district.name, by_district[district.pk])
            not_reported[district.pk].extend((name, _("no plan in planmonitor")) for name in missing)
            out.append(Consolidation(
                district=district.name, year=year, currency=currency, statuses=statuses,
                tables=in_plans_order(tables, positions), not_reported=sorted(not_reported[district.pk]),
                reports=reports, municipalities=len(by_district[district.pk]) + len(missing), provisional=provisional,
            ))
    return out


def in_plans_order(tables: dict[str, PriorityTable], positions: dict[str, list[int]]) -> list[PriorityTable]:
    """The priority tables in the plans' own order, by each priority's average place in them.

    Plans list their priorities in one customary order (education, health, housing,
    employment, rule of law, culture); the average place keeps it across plans.
    """
    return [tables[key] for key in sorted(tables, key=lambda k: (sum(positions[k]) / len(positions[k]), k))]


def _not_in_planmonitor(district: str, known: list[Municipality]) -> list[str]:
    """Municipalities of the district in the national register that planmonitor has no record of.

    A district's consolidation speaks for every municipality of the district,
    not only those that use planmonitor: the others are listed (and counted) as
    having no plan here, so "all municipalities reported" is never said of a
    district where most have not.
    """
    have = {registry.municipality_key(m.name) for m in known}
    return [name for name in registry.municipalities(district) if registry.municipality_key(name) not in have]


#: Cached consolidations expire after this many seconds even if no plan's revision changed
#: (a municipality added by the register); any plan, report, period or name change retires them at once.
CACHE_SECONDS = 600


def cached_consolidation(district_id: int, year: int) -> Consolidation:
    """:func:`consolidate`, computed once per change of the district's plans and monitoring data.

    The page, its XLSX, PDF and DOCX all need the same consolidation, and it
    takes seconds; the key is the district's plans' state
    (``plans.revision.plans_key``: every service changing a plan or its
    monitoring raises its revision) plus the district's municipalities, which
    list those without a plan. The per-plan report data is dropped from the
    cached copy: no writer reads it.
    """
    from dataclasses import replace

    from planmonitor.plans import revision
    from planmonitor.plans.models import Plan

    municipalities = sorted(Municipality.objects.filter(district_id=district_id).values_list("pk", "name"))
    key = revision.plans_key(
        "reports:district", Plan.objects.filter(municipality__district_id=district_id), district_id, year, municipalities,
    )
    c = cache.get(key)
    if c is None:
        c = replace(consolidate(district_id, year), reports=[])
        cache.set(key, c, CACHE_SECONDS)
    return c


FORMATS = ("pdf", "docx", "xlsx")
CONTENT_TYPES = report_files.CONTENT_TYPES  # one table of document types for every report file


def render(c: Consolidation, fmt: str, *, unit: str = "", today: date | None = None) -> bytes:
    """The consolidation as a file: ``pdf`` or ``docx`` (the report document) or ``xlsx`` (the data).

    ``unit`` is who prepared it (default: the district administration) and
    ``today`` the date on its title page; the workbook carries neither.
    Writers are imported when first needed.
    """
    if fmt == "xlsx":
        return render_xlsx(c)
    if fmt == "pdf":
        from planmonitor.reports.district_pdf import render_pdf

        return render_pdf(c, unit=unit, today=today)
    if fmt == "docx":
        from planmonitor.reports.district_docx import render_docx

        return render_docx(c, unit=unit, today=today)
    raise ValueError(f"unknown district report format {fmt!r}; expected one of {', '.join(FORMATS)}")


def filename(district_id: int, year: int, fmt: str) -> str:
    """The download name: ``district-3-2025.pdf``."""
    return f"district-{district_id}-{year}.{fmt}"


def header(c: Consolidation) -> list[str]:
    return [
        _("District") if c.national else _("Municipality"), _("Measures"), *(label for _k, label in c.statuses),
        _("No report"),
        _("Planned (%(currency)s)") % {"currency": CURRENCY_SIGNS.get(c.currency, c.currency)},
        _("Spent (%(currency)s)") % {"currency": CURRENCY_SIGNS.get(c.currency, c.currency)},
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
        summary.append([c.district if c.national else _("District of %(name)s") % {"name": c.district}, c.year])
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
