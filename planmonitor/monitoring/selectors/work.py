"""What people have to do and look at in the cycle: one report, a reporter's to-do list, the review queue, a period."""


from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from planmonitor.core.audit import history
from planmonitor.monitoring import permissions
from planmonitor.monitoring.models import (
    Evidence,
    Expenditure,
    IndicatorValue,
    MeasureStatus,
    ProgressReport,
    Recommendation,
    ReportingPeriod,
    ReviewComment,
)
from planmonitor.plans.models import Funding, Indicator, Measure, Plan

APPROVED = ProgressReport.Status.APPROVED
IN_PROGRESS_STATES = (MeasureStatus.IN_PROGRESS, MeasureStatus.PARTLY_DONE)


# --- one report ----------------------------------------------------------------------------


@dataclass
class ReportPage:
    measure: Measure
    period: ReportingPeriod
    report: ProgressReport | None
    indicators: list[Indicator]
    values: dict[int, IndicatorValue]
    fundings: list[Funding]
    expenditures: list[Expenditure]
    evidence: list[Evidence]
    comments: list[ReviewComment]
    recommendations: list[Recommendation]
    history: list[Any]


def report_page(measure: Measure, period: ReportingPeriod) -> ReportPage:
    """Everything the report form and the review page show, in a fixed number of queries."""
    report = (
        ProgressReport.objects.filter(measure=measure, period=period)
        .select_related("submitted_by", "approved_by")
        .first()
    )
    values: dict[int, IndicatorValue] = {}
    expenditures: list[Expenditure] = []
    evidence: list[Evidence] = []
    comments: list[ReviewComment] = []
    trail: list[Any] = []
    if report is not None:
        values = {v.indicator_id: v for v in report.values.all()}
        expenditures = list(report.expenditures.all())
        evidence = list(report.evidence.all())
        comments = list(report.comments.select_related("author"))
        trail = list(history(report)[:50])
    return ReportPage(
        measure=measure,
        period=period,
        report=report,
        indicators=list(measure.indicators.all()),
        values=values,
        fundings=list(measure.fundings.all()),
        expenditures=expenditures,
        evidence=evidence,
        comments=comments,
        recommendations=list(measure.recommendations.select_related("author", "period")),
        history=trail,
    )


# --- what a reporter still has to do -----------------------------------------------------------


@dataclass
class TodoItem:
    period: ReportingPeriod
    measure: Measure
    report: ProgressReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def is_overdue(self) -> bool:
        return self.period.deadline < timezone.localdate()


def reporter_todo(user: Any) -> list[TodoItem]:
    """Reports ``user`` still has to write or correct in open periods, by deadline (3 queries)."""
    measures = list(
        permissions.editable_report_measures(user)
        .filter(retired_in__isnull=True, plan__periods__status=ReportingPeriod.Status.OPEN)
        .distinct()
        .select_related("plan__municipality")
    )
    if not measures:
        return []
    plan_ids = {m.plan_id for m in measures}
    periods = list(ReportingPeriod.objects.filter(plan_id__in=plan_ids, status=ReportingPeriod.Status.OPEN))
    reports = {
        (r.measure_id, r.period_id): r
        for r in ProgressReport.objects.filter(
            period__in=[p.pk for p in periods], measure__in=[m.pk for m in measures]
        )
    }
    items = []
    for period in periods:
        for measure in measures:
            if measure.plan_id != period.plan_id:
                continue
            report = reports.get((measure.pk, period.pk))
            if report is not None and report.status in (ProgressReport.Status.SUBMITTED, APPROVED):
                continue
            items.append(TodoItem(period, measure, report))
    items.sort(key=lambda i: (i.period.deadline, i.measure.plan_id, i.measure.position))
    return items


def review_queue(user: Any) -> QuerySet[ProgressReport]:
    """Submitted reports waiting for ``user``'s review, oldest first."""
    plan_ids = [p.pk for p in permissions.monitored_plans(user) if permissions.can_review_reports(user, p)]
    return (
        ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED, measure__plan__in=plan_ids)
        .select_related("measure__plan__municipality", "period", "submitted_by")
        .order_by("submitted_at")
    )


def recommendations_by_measure(measure_ids: list[int]) -> dict[int, list[Recommendation]]:
    """The monitoring unit's recommendations on these measures, newest first (one query)."""
    found: dict[int, list[Recommendation]] = defaultdict(list)
    for r in Recommendation.objects.filter(measure_id__in=measure_ids).select_related("period").order_by("-at"):
        found[r.measure_id].append(r)
    return dict(found)


@dataclass
class OpenPeriodLine:
    """An open period of a plan the unit reviews, with how far its reports are."""

    period: ReportingPeriod
    plan: Plan
    measures: int
    submitted: int
    approved: int

    @property
    def missing(self) -> int:
        return self.measures - self.submitted - self.approved

    @property
    def is_overdue(self) -> bool:
        return self.period.deadline < timezone.localdate()


@dataclass
class LateReporter:
    """An institution with reports not submitted in an open period past its deadline."""

    period: ReportingPeriod
    institution: Any
    missing: int


@dataclass
class UnitOverview:
    periods: list[OpenPeriodLine]
    late: list[LateReporter]


def unit_overview(user: Any) -> UnitOverview:
    """The monitoring unit's open periods and late reporters, for its home page (5 queries)."""
    from planmonitor.accounts.models import Institution

    plans = {p.pk: p for p in permissions.monitored_plans(user).select_related("municipality")
             if permissions.can_review_reports(user, p)}
    periods = list(ReportingPeriod.objects.filter(plan_id__in=list(plans), status=ReportingPeriod.Status.OPEN)
                   .order_by("deadline", "plan_id"))
    if not periods:
        return UnitOverview([], [])
    through = Measure.institutions.through
    institutions_of: dict[int, list[int]] = defaultdict(list)
    measures_of: dict[int, list[int]] = defaultdict(list)
    for measure_id, plan_id in Measure.objects.filter(plan_id__in=list(plans)).values_list("pk", "plan_id"):
        measures_of[plan_id].append(measure_id)
    for measure_id, institution_id in through.objects.filter(measure__plan_id__in=list(plans)).values_list(
        "measure_id", "institution_id"
    ):
        institutions_of[measure_id].append(institution_id)
    states = {
        (m, p): status for m, p, status in ProgressReport.objects.filter(period__in=periods)
        .values_list("measure_id", "period_id", "status")
    }
    lines, late_counts = [], defaultdict(int)
    today = timezone.localdate()
    for period in periods:
        measure_ids = measures_of[period.plan_id]
        done = [states.get((m, period.pk)) for m in measure_ids]
        lines.append(OpenPeriodLine(period, plans[period.plan_id], len(measure_ids),
                                    done.count(ProgressReport.Status.SUBMITTED), done.count(APPROVED)))
        if period.deadline < today:
            for m in measure_ids:
                if states.get((m, period.pk)) not in (ProgressReport.Status.SUBMITTED, APPROVED):
                    for institution_id in institutions_of[m]:
                        late_counts[(period.pk, institution_id)] += 1
    names = Institution.objects.in_bulk({i for _p, i in late_counts})
    by_period = {p.pk: p for p in periods}
    late = [LateReporter(by_period[p], names[i], n) for (p, i), n in late_counts.items() if i in names]
    late.sort(key=lambda r: (r.period.deadline, -r.missing, str(r.institution)))
    return UnitOverview(lines, late)


# --- one period ------------------------------------------------------------------------------


@dataclass
class PeriodRow:
    measure: Measure
    report: ProgressReport | None


def period_rows(period: ReportingPeriod) -> list[PeriodRow]:
    """Each measure of the period's plan with its report (or none), in plan order (3 queries).

    Retired measures are listed only where they have a report in the period.
    """
    reported = ProgressReport.objects.filter(measure=OuterRef("pk"), period=period)
    measures = Measure.objects.filter(plan_id=period.plan_id).filter(
        Q(retired_in__isnull=True) | Exists(reported)
    ).select_related("priority").prefetch_related(
        "institutions"
    )
    reports = {r.measure_id: r for r in ProgressReport.objects.filter(period=period)}
    return [PeriodRow(m, reports.get(m.pk)) for m in measures]

