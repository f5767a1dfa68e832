"""The yearly report as PDF, laid out by Typst with embedded DejaVu fonts.

Typst (the ``typst`` package ships its compiler in the wheel) lays out a
150-measure report in a fraction of a second where an HTML engine took
seconds (``bench/bench_pdf_engines.py`` prints both), hyphenates Bulgarian,
wraps or hyphenates every word inside its table cell, and writes a table of
contents and PDF bookmarks from the headings.

The layout lives in ``typst/report.typ`` (and ``typst/common.typ``, shared with
the district report); Python hands it one JSON value of already formatted,
translated strings (:func:`report_document`) through ``sys.inputs``, so text
from the database is data to Typst, never markup.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from planmonitor.reports import charts, texts
from planmonitor.reports.report_model import ReportData

TEMPLATES = Path(__file__).resolve().parent / "typst"


def report_document(data: ReportData) -> dict:
    """Everything the report shows, as formatted Bulgarian strings (what ``report.typ`` lays out)."""
    return {
        "running_title": texts.running_title(data),
        "draft": None if data.is_final else texts.draft_marker(),
        "title_lines": texts.title_lines(data),
        "report_title": texts.report_title(data),
        "plan_title": data.plan_title,
        "period_line": texts.period_line(data),
        "title_facts": texts.title_facts(data),
        "status_table": texts.status_table(data),
        "money_table": texts.money_table(data),
        "money_notes": texts.money_notes(data),
        "indicator_summary": texts.indicator_summary(data),
        "priorities": [
            {
                "heading": texts.priority_heading(section),
                "objective": section.operational_objective or "",
                "chart": charts.bars_svg(
                    texts.chart_bars(data, section), texts.chart_title(section), uid=f"c{section.position}"
                ),
                "chart_title": texts.chart_title(section),
                "indicators": texts.priority_indicator_table(section),
                "measures": [
                    {
                        "heading": texts.measure_heading(m),
                        "facts": texts.measure_facts(data, m),
                        "recommendations": list(m.recommendations),
                    }
                    for m in section.measures
                ],
            }
            for section in data.priorities
        ],
        "unreported": [
            texts.measure_heading(m) + (f" ({m.responsible})" if m.responsible else "") for m in data.unreported
        ],
        "annex": texts.annex_table(data),
        "labels": {
            "contents": _("Contents"),
            "summary": _("Summary"),
            "by_status": _("Measures by status"),
            "money": _("Money planned and spent by source"),
            "indicators": _("Indicators"),
            "recommendations": _("Recommendations of the monitoring unit"),
            "unreported": _("Measures with no report"),
            "all_reported": _("Every measure has an approved report for the period."),
            "annex": _("Annex: the plan and its status"),
        },
    }


@lru_cache(maxsize=1)
def _compiler():
    """One Typst compiler per process: it loads the fonts once."""
    import typst

    return typst.Compiler(root=str(TEMPLATES), font_paths=[str(charts.FONT_DIR)], ignore_system_fonts=True)


def compile_pdf(template: str, document: dict) -> bytes:
    """PDF bytes of ``typst/<template>`` laid out over ``document``: the one place Typst is called."""
    return _compiler().compile(
        input=str(TEMPLATES / template), format="pdf",
        sys_inputs={"data": json.dumps(document, ensure_ascii=False)},
    )


def render_pdf(data: ReportData) -> bytes:
    """Write the report to PDF bytes, in Bulgarian."""
    with translation.override("bg"):
        document = report_document(data)
    return compile_pdf("report.typ", document)
