"""The district consolidation printed by WeasyPrint, kept only to compare PDF engines (see engine.py).

Landscape A4, so that a priority's table (a column per measure status beside
money and indicators) fits a page's width at a readable size; the header row
repeats on every page a long table runs over. Fonts and the page-header
escaping and the WeasyPrint set-up (``write_pdf``, a trimmed user-agent
stylesheet) are those of the yearly report (``pdf_report``), so both read alike.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from planmonitor.reports import district_texts
from planmonitor.reports.district import Consolidation
from weasyprint_engine.engine import FONT_DIR, css_string, render_to_string, write_pdf


def district_context(c: Consolidation, *, unit: str = "", today: date | None = None) -> dict:
    """Everything the template shows, as already formatted Bulgarian strings."""
    header = district_texts.header(c)
    money_at = len(c.statuses) + 3
    return {
        "c": c,
        "font_dir": FONT_DIR.as_uri(),
        "running_title_css": css_string(district_texts.running_title(c)),
        "district_line": _("District of %(name)s") % {"name": c.district},
        "report_title": district_texts.report_title(c),
        "title_lines": district_texts.title_lines(c),
        "title_facts": district_texts.title_facts(c, unit=unit, today=today or timezone.localdate()),
        "not_reported": district_texts.not_reported_lines(c),
        "notes": district_texts.approved_only_note(c),
        "header": header,
        "money_columns": (money_at, money_at + 1),
        "tables": district_texts.tables(c),
    }


def render_html(c: Consolidation, *, unit: str = "", today: date | None = None) -> str:
    """The report as one HTML document (what WeasyPrint prints), in Bulgarian."""
    with translation.override("bg"):
        return render_to_string("reports/pdf/district.html", district_context(c, unit=unit, today=today))


def render_pdf(c: Consolidation, *, unit: str = "", today: date | None = None) -> bytes:
    """Write the district report to PDF bytes, through the yearly report's WeasyPrint set-up."""
    return write_pdf(render_html(c, unit=unit, today=today))
