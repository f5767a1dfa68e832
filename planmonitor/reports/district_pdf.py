"""The district consolidation as PDF, laid out by Typst like the yearly report.

Landscape A4, so that a priority's table (a column per measure status beside
money and indicators) fits a page's width at a readable size; the header row
repeats on every page a long table runs over. Fonts, page furniture and the
Typst set-up are the yearly report's (``typst_report``, ``typst/common.typ``),
so both read alike.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from planmonitor.reports import district_texts
from planmonitor.reports.district import Consolidation
from planmonitor.reports.typst_report import compile_pdf


def district_document(c: Consolidation, *, unit: str = "", today: date | None = None) -> dict:
    """Everything the district report shows, as formatted Bulgarian strings (what ``district.typ`` lays out)."""
    money_at = len(c.statuses) + 3
    return {
        "running_title": district_texts.running_title(c),
        "district_line": district_texts.place_line(c),
        "report_title": district_texts.report_title(c),
        "title_lines": district_texts.title_lines(c),
        "title_facts": district_texts.title_facts(c, unit=unit, today=today or timezone.localdate()),
        "not_reported": district_texts.not_reported_lines(c),
        "notes": district_texts.approved_only_note(c),
        "header": district_texts.header(c),
        "money_columns": [money_at, money_at + 1],
        "tables": [{"name": name, "rows": rows, "totals": totals} for name, rows, totals in district_texts.tables(c)],
        "labels": {
            "contents": _("Contents"),
            "not_reported": _("Municipalities that have not reported"),
            "all_reported": _("Every municipality has reported."),
            "notes": _("What the figures include"),
            "no_tables": _("No municipality of the district has a plan with a reporting period for the year."),
        },
    }


def render_pdf(c: Consolidation, *, unit: str = "", today: date | None = None) -> bytes:
    """Write the district report to PDF bytes, in Bulgarian."""
    with translation.override("bg"):
        document = district_document(c, unit=unit, today=today)
    return compile_pdf("district.typ", document)
