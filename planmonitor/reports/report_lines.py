"""A measure's report line built from the plain rows ``reports.data`` read: no queries here.

Kept apart from ``reports.data`` so that module stays the one place that
reads report data (and under the size of a readable module); this one only
turns the rows it read into a :class:`~planmonitor.reports.report_model.MeasureLine`
for one reporting period, applying the progress rules R1-R4 of
``planmonitor.monitoring.progress``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from planmonitor.monitoring import progress
from planmonitor.monitoring.models import MeasureStatus, ReportingPeriod
from planmonitor.reports.report_model import IndicatorLine, MeasureLine, Money

PEOPLE = ("people_reached", "women", "men", "children", "adults")


class Value(NamedTuple):
    """One approved value of an indicator, as read (oldest period first)."""

    period_id: int
    period_end: date
    value: Decimal | None
    text: str
    raw: str
    recorded_at: object


def text(code: str | None, title: str | None) -> str:
    return f"{code or ''} {title or ''}".strip()


def status_label(value: str) -> str:
    """The label of a measure status as ``get_measure_status_display`` gives it (the value if unknown)."""
    try:
        return str(MeasureStatus(value).label)
    except ValueError:
        return value


def _indicator_line(ind: dict, values: list[Value], period: ReportingPeriod, first: int, last: int) -> IndicatorLine:
    """An indicator as of the end of ``period``: progress counts every approved value up to then (cumulative)."""
    known = [v for v in values if v.period_end <= period.end]
    spec = progress.IndicatorSpec(ind["baseline"], ind["target"], ind["cumulative"])
    result = progress.indicator_progress(
        spec, [progress.Observation(v.period_id, v.period_end, v.value, v.recorded_at) for v in known],
        first_year=first, last_year=last, as_of=period.end,
    )
    current = next((v for v in reversed(known) if v.period_id == period.pk), None)
    return IndicatorLine(
        name=ind["name"], unit=ind["unit"],
        baseline=ind["baseline"], baseline_raw=ind["baseline_raw"],
        target=ind["target"], target_raw=ind["target_raw"], cumulative=ind["cumulative"],
        value=current.value if current else None,
        value_text=(current.text or current.raw) if current else "",
        reached=result.reached,
        progress=result.share,
        on_track=None if not result.measurable else not result.behind_pace,
    )


def measure_line(
    plan: dict,
    period: ReportingPeriod,
    m: dict,
    report: dict | None,
    institutions: list[str],
    fundings: list[dict],
    indicators: list[dict],
    spent: list[Money],
    values: dict[int, list[Value]],
    recommendations: list[str],
) -> MeasureLine:
    """The measure ``m`` of ``plan`` in ``period``; ``report`` is its approved report there, or None."""
    first = m["period_start"] or plan["period_start"]
    last = m["period_end"] or plan["period_end"]
    lines = [_indicator_line(ind, values.get(ind["pk"], []), period, first, last) for ind in indicators]
    planned = tuple(Money(f["amount"], f["currency"], f["source"]) for f in fundings if f["amount"] is not None)
    people: list[tuple[str, str, int]] = []
    if report:
        labels = {"people_reached": _("total"), "women": _("women"), "men": _("men"), "children": _("children"),
                  "adults": _("adults")}
        people = [(key, labels[key], report[key]) for key in PEOPLE if report[key] is not None]
    status = report["measure_status"] if report else ""
    return MeasureLine(
        id=m["pk"],
        code=m["code"],
        text=m["text"],
        responsible=m["responsible_raw"] or ", ".join(institutions),
        period_raw=m["period_raw"],
        goal=text(m["goal__code"], m["goal__title"]),
        task=text(m["task__code"], m["task__title"]),
        status=status,
        status_label=(status_label(status) or _("status not stated")) if report else "",
        done=report["done_text"] if report else "",
        indicators=tuple(lines),
        planned=planned,
        spent=tuple(spent),
        recommendations=tuple(recommendations),
        reported=report is not None,
        funding_raw="; ".join(
            " ".join(x for x in (f["amount_raw"], f["source"]) if x) for f in fundings if f["amount_raw"] or f["source"]
        ),
        indicators_raw=m["indicators_raw"],
        baseline_raw=m["baseline_raw"],
        target_raw=m["target_raw"],
        people=tuple(people),
    )
