"""Render the yearly report of a plan and period to DOCX or PDF bytes: the one entry point.

The command line, the background task and the tests all call
:func:`render_report`, which gathers approved data once and hands it to the
format's writer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import translation

from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Plan
from planmonitor.reports import data
from planmonitor.reports.report_model import ReportData

FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",  # the district's data
}


def writer(fmt: str) -> Callable[[ReportData], bytes]:
    """The writer function for a format, imported when first needed."""
    if fmt == "docx":
        from planmonitor.reports.docx_report import render_docx

        return render_docx
    if fmt == "pdf":
        from planmonitor.reports.typst_report import render_pdf

        return render_pdf
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class RenderedReport:
    """A written yearly report: the file, and whether its data was final (period closed, every report approved)."""

    content: bytes
    is_final: bool


def render_report(
    plan: Plan,
    period: ReportingPeriod,
    fmt: str,
    *,
    unit: str = "",
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> RenderedReport:
    """The report of ``plan`` for ``period`` in ``fmt`` ("docx" or "pdf"), approved data only.

    ``progress`` is told how far it got (10, 50, 90 per cent): the background
    task passes it on to the page that polls; the command line passes nothing.
    """
    step = progress or (lambda percent: None)
    write = writer(fmt)
    step(10)
    with translation.override("bg"):
        report_data = data.gather(plan, period, unit=unit, today=today)
    step(50)
    content = write(report_data)
    step(90)
    return RenderedReport(content, report_data.is_final)
