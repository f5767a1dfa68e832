"""The one place that reads report data from the database: approved progress only.

Rule: a progress report's content (measure status, what was done, indicator
values, money spent, people reached) reaches a yearly report, the district
report, the public portal or open data **only when the report's status is
approved**. Drafts, submitted and returned reports are treated as if they did
not exist; a measure whose only report is unapproved is listed as "no
report". Review comments, evidence and the names of reporters and reviewers
are internal and never read here.

Every writer (DOCX, PDF, XLSX, open data, portal) takes the frozen
:class:`~planmonitor.reports.report_model.ReportData` this module builds;
none of them queries progress itself. Progress and pace come from
``planmonitor.monitoring.progress`` (rules R1-R4), so the report says what the
dashboards say.

The query count is fixed: it does not grow with the number of measures.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.core.money import currency_on
from planmonitor.monitoring import progress
from planmonitor.monitoring.models import (
    Expenditure,
    IndicatorValue,
    MeasureStatus,
    ProgressReport,
    Recommendation,
    ReportingPeriod,
)
from planmonitor.plans.models import Funding, Indicator, Measure, Plan, Priority
from planmonitor.reports.report_model import (
    IndicatorLine,
    MeasureLine,
    Money,
    PrioritySection,
    ReportData,
)

APPROVED = ProgressReport.Status.APPROVED


def approved_reports() -> QuerySet[ProgressReport]:
    """Every approved progress report: the only source of progress outside the monitoring app."""
    return ProgressReport.objects.filter(status=APPROVED)


def approved_values() -> QuerySet[IndicatorValue]:
    """Indicator values of approved reports only."""
    return IndicatorValue.objects.filter(report__status=APPROVED)


def period_for_year(plan: Plan, year: int) -> ReportingPeriod | None:
    """The plan's reporting period for a calendar year: the one that ends in it (the latest if several)."""
    return choose_period(plan.periods.all(), year)


def choose_period(periods, year: int) -> ReportingPeriod | None:
    """Of ``periods`` (one plan's), the one that ends in ``year`` (the latest), else the latest that starts in it."""
    ending = [p for p in periods if p.end.year == year]
    if ending:
        return max(ending, key=lambda p: (p.end, p.pk))
    starting = [p for p in periods if p.start.year == year]
    return max(starting, key=lambda p: (p.start, p.pk)) if starting else None


def is_period_final(period: ReportingPeriod) -> bool:
    """A report on a period is final once the period is closed and every report in it is approved."""
    if period.status != ReportingPeriod.Status.CLOSED:
        return False
    return not period.reports.exclude(status=APPROVED).exists()


def default_unit(plan: Plan) -> str:
    return default_unit_for(plan.municipality.name)


def default_unit_for(municipality: str) -> str:
    """Who prepared a report when nobody says: the municipality's monitoring unit."""
    return _("Monitoring unit of the Municipality of %(name)s") % {"name": municipality}


def gather(
    plan: Plan, period: ReportingPeriod, *, unit: str = "", today: date | None = None
) -> ReportData:
    """Build the report data of ``plan`` for ``period`` from approved progress only.

    Call inside ``translation.override("bg")`` so that status labels are in
    the report's language.
    """
    return gather_many([(plan, period)], unit=unit, today=today)[0]


def gather_many(
    pairs: list[tuple[Plan, ReportingPeriod]], *, unit: str = "", today: date | None = None
) -> list[ReportData]:
    """:func:`gather` for many plans at once (each with its period), in a fixed number of queries.

    The district and national consolidations read every municipality's report;
    one query per kind of row for all of them, reading plain values rather than
    model instances, keeps that to a second or so for a district. ``unit``
    applies to every report (empty: each plan's default monitoring unit).
    """
    if not pairs:
        return []
    today = today or timezone.localdate()
    plan_ids = [plan.pk for plan, _period in pairs]
    period_of = {plan.pk: period for plan, period in pairs}
    period_ids = [period.pk for _plan, period in pairs]
    plans = {
        row["pk"]: row for row in Plan.objects.filter(pk__in=plan_ids).values(
            "pk", "title", "period_start", "period_end", "decision", "municipality__name",
            "municipality__district__name",
        )
    }
    # A measure an amendment retired stays in the report of every period it belongs to: those it
    # was reported in, and those that ended before it was retired (a report already given to the
    # council reads the same when generated again).
    measures = list(
        Measure.objects.filter(plan_id__in=plan_ids)
        # A report of any kind in the plan's period (a measure belongs to one plan, whose period it is).
        .annotate(reported_in_period=Exists(
            ProgressReport.objects.filter(measure=OuterRef("pk"), period_id__in=period_ids)
        ))
        .order_by("plan_id", "priority__position", "position", "id")
        .values(
            "pk", "plan_id", "priority_id", "code", "text", "responsible_raw", "period_raw", "period_start",
            "period_end", "goal__code", "goal__title", "task__code", "task__title", "indicators_raw",
            "baseline_raw", "target_raw", "retired_in", "retired_at", "reported_in_period",
        )
    )
    measures = [
        m for m in measures
        if m["retired_in"] is None or m["reported_in_period"]
        or timezone.localtime(m["retired_at"]).date() > period_of[m["plan_id"]].end
    ]
    measure_ids = [m["pk"] for m in measures]
    institutions: dict[int, list[str]] = defaultdict(list)
    for measure_id, abbreviation, name in (
        Measure.institutions.through.objects.filter(measure_id__in=measure_ids)
        .order_by("institution__abbreviation", "institution__name")
        .values_list("measure_id", "institution__abbreviation", "institution__name")
    ):
        institutions[measure_id].append(abbreviation or name)
    fundings: dict[int, list[dict]] = defaultdict(list)
    for f in Funding.objects.filter(measure_id__in=measure_ids).order_by("measure_id", "id").values(
        "measure_id", "amount", "amount_raw", "currency", "source"
    ):
        fundings[f["measure_id"]].append(f)
    indicators: dict[int, list[dict]] = defaultdict(list)
    for ind in Indicator.objects.filter(measure_id__in=measure_ids).order_by("measure_id", "position", "id").values(
        "pk", "measure_id", "name", "unit", "baseline", "baseline_raw", "target", "target_raw", "cumulative"
    ):
        indicators[ind["measure_id"]].append(ind)
    reports = _approved_reports_by_measure(measures, period_of, period_ids)
    spent: dict[int, list[Money]] = defaultdict(list)
    for report_id, amount, currency, source in (
        Expenditure.objects.filter(report_id__in=[r["pk"] for r in reports.values()])
        .order_by("report_id", "id").values_list("report_id", "amount", "currency", "source")
    ):
        spent[report_id].append(Money(amount, currency, source))
    # Every approved value of the plans up to the end of each plan's period: progress is cumulative.
    latest_end = max(period.end for _plan, period in pairs)
    plan_of_measure = {m["pk"]: m["plan_id"] for m in measures}
    observations: dict[int, list[progress.Observation]] = defaultdict(list)
    this_period: dict[int, tuple] = {}
    for indicator_id, measure_id, period_id, end, value, text, raw, updated_at in (
        approved_values().filter(indicator__measure_id__in=measure_ids, report__period__end__lte=latest_end)
        .order_by("report__period__end", "report_id", "id")
        .values_list("indicator_id", "indicator__measure_id", "report__period_id", "report__period__end", "value",
                     "text", "raw", "report__updated_at")
    ):
        period = period_of[plan_of_measure[measure_id]]
        if end > period.end:
            continue
        observations[indicator_id].append(progress.Observation(period_id, end, value, updated_at))
        if period_id == period.pk:
            this_period[indicator_id] = (value, text, raw)
    recommendations: dict[int, list[str]] = defaultdict(list)
    for measure_id, period_id, at, text in (
        Recommendation.objects.filter(measure_id__in=measure_ids)
        .order_by("at", "id").values_list("measure_id", "period_id", "at", "text")
    ):
        period = period_of[plan_of_measure[measure_id]]
        if period_id == period.pk or (period_id is None and timezone.localtime(at).date() <= period.end):
            recommendations[measure_id].append(text)
    not_final = set(
        ProgressReport.objects.filter(period_id__in=period_ids).exclude(status=APPROVED)
        .values_list("period_id", flat=True).distinct()
    )
    lines: dict[int, list[MeasureLine]] = defaultdict(list)
    for m in measures:
        plan = plans[m["plan_id"]]
        period = period_of[m["plan_id"]]
        report = reports.get(m["pk"])
        lines[m["priority_id"]].append(_measure_line(
            plan, period, m, report, institutions[m["pk"]], fundings[m["pk"]], indicators[m["pk"]],
            spent[report["pk"]] if report else [], observations, this_period, recommendations[m["pk"]],
        ))
    sections: dict[int, list[PrioritySection]] = defaultdict(list)
    for p in Priority.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "position", "id").values(
        "pk", "plan_id", "position", "name", "operational_objective", "retired_in"
    ):
        if p["retired_in"] is None or lines[p["pk"]]:
            sections[p["plan_id"]].append(
                PrioritySection(p["position"], p["name"], p["operational_objective"], tuple(lines[p["pk"]]))
            )
    statuses = tuple((k, str(label)) for k, label in MeasureStatus.choices)
    result = []
    for plan_id, period in ((plan.pk, period) for plan, period in pairs):
        plan = plans[plan_id]
        result.append(ReportData(
            plan_id=plan_id,
            plan_title=plan["title"],
            municipality=plan["municipality__name"],
            district=plan["municipality__district__name"] or "",
            plan_period=f"{plan['period_start']}–{plan['period_end']}",
            decision=plan["decision"],
            period_id=period.pk,
            period_label=period.name,
            period_start=period.start,
            period_end=period.end,
            unit=unit or default_unit_for(plan["municipality__name"]),
            is_final=period.status == ReportingPeriod.Status.CLOSED and period.pk not in not_final,
            generated_on=today,
            currency=currency_on(period.end),
            statuses=statuses,
            priorities=tuple(sections[plan_id]),
        ))
    return result


_PEOPLE = ("people_reached", "women", "men", "children", "adults")


def _approved_reports_by_measure(
    measures: list[dict], period_of: dict[int, ReportingPeriod], period_ids: list[int]
) -> dict[int, dict]:
    """Each measure's approved report in its plan's period."""
    wanted = {(m["pk"], period_of[m["plan_id"]].pk) for m in measures}
    return {
        r["measure_id"]: r
        for r in approved_reports().filter(period_id__in=period_ids, measure_id__in=[m["pk"] for m in measures])
        .values("pk", "measure_id", "period_id", "measure_status", "done_text", *_PEOPLE)
        if (r["measure_id"], r["period_id"]) in wanted
    }


def _text(code: str | None, title: str | None) -> str:
    return f"{code or ''} {title or ''}".strip()


def _measure_line(
    plan: dict,
    period: ReportingPeriod,
    m: dict,
    report: dict | None,
    institutions: list[str],
    fundings: list[dict],
    indicators: list[dict],
    spent: list[Money],
    observations: dict[int, list[progress.Observation]],
    this_period: dict[int, tuple],
    recommendations: list[str],
) -> MeasureLine:
    first = m["period_start"] or plan["period_start"]
    last = m["period_end"] or plan["period_end"]
    lines = []
    for ind in indicators:
        spec = progress.IndicatorSpec(ind["baseline"], ind["target"], ind["cumulative"])
        result = progress.indicator_progress(
            spec, observations.get(ind["pk"], []), first_year=first, last_year=last, as_of=period.end
        )
        current = this_period.get(ind["pk"])
        lines.append(IndicatorLine(
            name=ind["name"], unit=ind["unit"],
            baseline=ind["baseline"], baseline_raw=ind["baseline_raw"],
            target=ind["target"], target_raw=ind["target_raw"], cumulative=ind["cumulative"],
            value=current[0] if current else None,
            value_text=(current[1] or current[2]) if current else "",
            reached=result.reached,
            progress=result.share,
            on_track=None if not result.measurable else not result.behind_pace,
        ))
    planned = tuple(Money(f["amount"], f["currency"], f["source"]) for f in fundings if f["amount"] is not None)
    people: list[tuple[str, str, int]] = []
    if report:
        labels = {"people_reached": _("total"), "women": _("women"), "men": _("men"), "children": _("children"),
                  "adults": _("adults")}
        people = [(key, labels[key], report[key]) for key in _PEOPLE if report[key] is not None]
    status = report["measure_status"] if report else ""
    return MeasureLine(
        id=m["pk"],
        code=m["code"],
        text=m["text"],
        responsible=m["responsible_raw"] or ", ".join(institutions),
        period_raw=m["period_raw"],
        goal=_text(m["goal__code"], m["goal__title"]),
        task=_text(m["task__code"], m["task__title"]),
        status=status,
        status_label=(_status_label(status) or _("status not stated")) if report else "",
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


def _status_label(value: str) -> str:
    """The label of a measure status as ``get_measure_status_display`` gives it (the value if unknown)."""
    try:
        return str(MeasureStatus(value).label)
    except ValueError:
        return value
