"""The yearly report as PDF: an HTML template rendered by WeasyPrint with embedded DejaVu fonts.

DejaVu carries Cyrillic and is embedded (subset) by WeasyPrint, so the PDF
reads the same on any machine. A draft is marked in the running header of
every page through CSS paged media (``@page { @top-center }``). Charts are
inline SVG with fill patterns, readable in black and white.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from planmonitor.reports import charts, texts
from planmonitor.reports.report_model import ReportData

FONT_DIR = charts.FONT_DIR


def css_string(text: str) -> str:
    """``text`` as the inside of a CSS string (page headers): quotes, backslashes and ``<`` escaped."""
    out = []
    for ch in text:
        if ch in '\\"\'<>&' or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return mark_safe("".join(out))  # noqa: S308  (every special character is escaped above)


def report_context(data: ReportData) -> dict:
    """Everything the HTML template shows, as already formatted strings."""
    priorities = []
    for section in data.priorities:
        priorities.append({
            "heading": texts.priority_heading(section),
            "objective": section.operational_objective,
            "chart": mark_safe(charts.bars_svg(
                texts.chart_bars(data, section), texts.chart_title(section), uid=f"c{section.position}"
            )),  # noqa: S308  (built from escaped parts)
            "chart_title": texts.chart_title(section),
            "indicators": texts.priority_indicator_table(section),
            "measures": [
                {
                    "heading": texts.measure_heading(m),
                    "facts": texts.measure_facts(data, m),
                    "recommendations": m.recommendations,
                }
                for m in section.measures
            ],
        })
    return {
        "data": data,
        "font_dir": FONT_DIR.as_uri(),
        "draft": None if data.is_final else texts.draft_marker(),
        "draft_css": None if data.is_final else css_string(texts.draft_marker()),
        "running_title_css": css_string(texts.running_title(data)),
        "title_lines": texts.title_lines(data),
        "report_title": texts.report_title(data),
        "period_line": texts.period_line(data),
        "title_facts": texts.title_facts(data),
        "status_table": texts.status_table(data),
        "money_table": texts.money_table(data),
        "money_notes": texts.money_notes(data),
        "indicator_summary": texts.indicator_summary(data),
        "priorities": priorities,
        "unreported": [
            texts.measure_heading(m) + (f" ({m.responsible})" if m.responsible else "") for m in data.unreported
        ],
        "annex": texts.annex_table(data),
    }


def render_html(data: ReportData) -> str:
    """The report as one HTML document (what WeasyPrint prints)."""
    with translation.override("bg"):
        return render_to_string("reports/pdf/report.html", report_context(data))


def render_pdf(data: ReportData) -> bytes:
    """Write the report to PDF bytes, in Bulgarian."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango at import, slow for every page view

    html = render_html(data)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()
