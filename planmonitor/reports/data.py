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

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.core.money import currency_on
from planmonitor.monitoring.models import (
    Expenditure,
    IndicatorValue,
    MeasureStatus,
    ProgressReport,
    Recommendation,
    ReportingPeriod,
)
from planmonitor.plans.models import Funding, Indicator, Measure, Plan, Priority
from planmonitor.reports.report_lines import PEOPLE, Value, measure_line
from planmonitor.reports.report_model import MeasureLine, Money, PrioritySection, ReportData

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
    """:func:`gather` for many (plan, period) pairs at once, in a fixed number of queries; same order.

    The district and national consolidations read every municipality's report,
    open data every period of every public plan (a plan may come in several
    pairs); one query per kind of row for all of them, reading plain values
    rather than model instances, keeps that to a second or so for a district.
    ``unit`` applies to every report (empty: each plan's default monitoring unit).
    """
    if not pairs:
        return []
    today = today or timezone.localdate()
    plan_ids = sorted({plan.pk for plan, _period in pairs})
    period_ids = sorted({period.pk for _plan, period in pairs})
    plans = {
        row["pk"]: row for row in Plan.objects.filter(pk__in=plan_ids).values(
            "pk", "title", "period_start", "period_end", "decision", "municipality__name",
            "municipality__district__name",
        )
    }
    of_plan: dict[int, list[dict]] = defaultdict(list)
    for m in Measure.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "priority__position", "position", "id").values(
        "pk", "plan_id", "priority_id", "code", "text", "responsible_raw", "period_raw", "period_start",
        "period_end", "goal__code", "goal__title", "task__code", "task__title", "indicators_raw",
        "baseline_raw", "target_raw", "retired_in", "retired_at",
    ):
        of_plan[m["plan_id"]].append(m)
    # Reports of any status, for two facts only (never their content): a measure an amendment
    # retired stays in the report of every period it was reported in (and of those that ended
    # before it was retired: a report already given to the council reads the same when generated
    # again); an unapproved report makes its period's report provisional (not final).
    retired_reported: set[tuple[int, int]] = set()
    not_final: set[int] = set()
    for measure_id, period_id, status in (
        ProgressReport.objects.filter(period_id__in=period_ids)
        .filter(Q(measure__retired_in__isnull=False) | ~Q(status=APPROVED))
        .order_by().values_list("measure_id", "period_id", "status").distinct()
    ):
        retired_reported.add((measure_id, period_id))
        if status != APPROVED:
            not_final.add(period_id)
    measures_of = [
        [m for m in of_plan[plan.pk] if m["retired_in"] is None or (m["pk"], period.pk) in retired_reported
         or timezone.localtime(m["retired_at"]).date() > period.end]
        for plan, period in pairs
    ]
    measure_ids = sorted({m["pk"] for measures in measures_of for m in measures})
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
    reports = {  # (measure, period) -> its approved report
        (r["measure_id"], r["period_id"]): r
        for r in approved_reports().filter(period_id__in=period_ids, measure_id__in=measure_ids)
        .values("pk", "measure_id", "period_id", "measure_status", "done_text", *PEOPLE)
    }
    spent: dict[int, list[Money]] = defaultdict(list)
    for report_id, amount, currency, source in (
        Expenditure.objects.filter(report_id__in=[r["pk"] for r in reports.values()])
        .order_by("report_id", "id").values_list("report_id", "amount", "currency", "source")
    ):
        spent[report_id].append(Money(amount, currency, source))
    # Every approved value up to the end of the latest period: progress is cumulative, so each
    # report counts the values up to the end of its own period (report_lines).
    values: dict[int, list[Value]] = defaultdict(list)
    for indicator_id, period_id, end, value, text, raw, updated_at in (
        approved_values()
        .filter(indicator__measure_id__in=measure_ids, report__period__end__lte=max(p.end for _x, p in pairs))
        .order_by("report__period__end", "report_id", "id")
        .values_list("indicator_id", "report__period_id", "report__period__end", "value", "text", "raw",
                     "report__updated_at")
    ):
        values[indicator_id].append(Value(period_id, end, value, text, raw, updated_at))
    recommendations: dict[int, list[tuple]] = defaultdict(list)
    for measure_id, period_id, at, text in (
        Recommendation.objects.filter(measure_id__in=measure_ids)
        .order_by("at", "id").values_list("measure_id", "period_id", "at", "text")
    ):
        recommendations[measure_id].append((period_id, timezone.localtime(at).date(), text))
    priorities: dict[int, list[dict]] = defaultdict(list)
    for p in Priority.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "position", "id").values(
        "pk", "plan_id", "position", "name", "operational_objective", "retired_in"
    ):
        priorities[p["plan_id"]].append(p)
    statuses = tuple((k, str(label)) for k, label in MeasureStatus.choices)
    result = []
    for (plan_obj, period), measures in zip(pairs, measures_of, strict=True):
        plan = plans[plan_obj.pk]
        lines: dict[int, list[MeasureLine]] = defaultdict(list)
        for m in measures:
            report = reports.get((m["pk"], period.pk))
            lines[m["priority_id"]].append(measure_line(
                plan, period, m, report, institutions[m["pk"]], fundings[m["pk"]], indicators[m["pk"]],
                spent[report["pk"]] if report else [], values,
                [text for period_id, on, text in recommendations[m["pk"]]
                 if period_id == period.pk or (period_id is None and on <= period.end)],
            ))
        result.append(ReportData(
            plan_id=plan_obj.pk,
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
            priorities=tuple(
                PrioritySection(p["position"], p["name"], p["operational_objective"], tuple(lines[p["pk"]]))
                for p in priorities[plan_obj.pk] if p["retired_in"] is None or lines[p["pk"]]
            ),
        ))
    return result
