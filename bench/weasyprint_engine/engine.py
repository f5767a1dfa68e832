"""The yearly and district reports printed by WeasyPrint, kept only to compare PDF engines.

planmonitor printed its PDFs this way until the engine benchmark
(``bench/bench_pdf_engines.py``) showed Typst laying out the same report
several times faster; this is the HTML/CSS path as it was, run on the same
report data so the two can be timed side by side. Needs ``pip install weasyprint``.

DejaVu carries Cyrillic and is embedded (subset) by WeasyPrint, so the PDF
reads the same on any machine. A draft is marked in the running header of
every page through CSS paged media (``@page { @top-center }``). Charts are
inline SVG with fill patterns, readable in black and white.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from planmonitor.reports import charts, texts
from planmonitor.reports.report_model import ReportData

FONT_DIR = charts.FONT_DIR
BASE_URL = str(Path(__file__).parent)


def render_to_string(name: str, context: dict) -> str:
    """Render one of this folder's HTML templates with Django's template language."""
    source = (Path(__file__).parent / name.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
    return engines["django"].from_string(source).render(context)


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


# WeasyPrint's user-agent stylesheet gives *every* element six pseudo-elements with
# cascaded styles (``::marker`` and the five ``::footnote-*``/``::note-*`` rules), so a
# 150-measure report (about 7,000 elements) computes some 40,000 pseudo-element styles
# that draw nothing: a quarter of its layout time. Our reports use no footnotes and
# list markers only on ``li``; these rules, scoped or removed, keep the output the same.
_UNUSED_UA_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}\n", re.MULTILINE)
_UA_MARKER_RULE = "::marker {"


@lru_cache(maxsize=1)
def report_html_class() -> type:
    """WeasyPrint's ``HTML`` on the trimmed user-agent stylesheet, or plain ``HTML`` if it does not apply.

    Overriding ``_ua_stylesheets`` is how WeasyPrint's own test suite swaps the
    user-agent stylesheet. If a later version changes the stylesheet or that hook,
    the stock class is used (slower, same output) and
    ``tests/reports/test_report_documents.py`` fails to say so.
    """
    # Imported here: WeasyPrint loads Pango at import, slow for every page view.
    from weasyprint import CSS, HTML
    from weasyprint import html as weasy_html
    from weasyprint.css.counters import CounterStyle

    ua = getattr(weasy_html, "UA", None)
    if (not isinstance(ua, str) or ua.count(_UA_MARKER_RULE) != 1 or len(_UNUSED_UA_RULES.findall(ua)) != 5
            or not hasattr(HTML, "_ua_stylesheets")):
        return HTML
    trimmed = CSS(
        string=_UNUSED_UA_RULES.sub("", ua.replace(_UA_MARKER_RULE, "li::marker, summary::marker {")),
        # A fresh registry: the stock one already holds the UA's counter styles and would warn
        # on each redefinition; documents still get theirs from ``_ua_counter_style``.
        counter_style=CounterStyle(),
    )

    class ReportHTML(HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list:
            return [trimmed]

    return ReportHTML


def write_pdf(html: str) -> bytes:
    """PDF bytes of a report's HTML (yearly or district): the one place WeasyPrint is called."""
    return report_html_class()(string=html, base_url=BASE_URL).write_pdf()


def render_pdf(data: ReportData) -> bytes:
    """Write the report to PDF bytes, in Bulgarian."""
    return write_pdf(render_html(data))
