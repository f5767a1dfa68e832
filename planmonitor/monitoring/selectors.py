"""Reads of the monitoring cycle: every page's data, in a fixed number of queries.

Each selector fetches whole tables for a plan (or a district's plans) with
``values_list``/``select_related`` and groups them in Python, so the number
of queries does not depend on how many measures, indicators or reports there
are; the tests pin the counts. Progress is computed by
``planmonitor.monitoring.progress`` from **approved** values only: what a
dashboard calls progress is what the council and the public will read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from planmonitor.accounts import permissions
from planmonitor.accounts.models import District
from planmonitor.core.audit import history
from planmonitor.core.money import Total, total
from planmonitor.core.money import currency_on as money_currency_on
from planmonitor.monitoring import progress
from planmonitor.monitoring.models import (
    Evidence,
    Expenditure,
    IndicatorValue,
    MeasureStatus,
    MonitoringRevision,
    ProgressReport,
    Recommendation,
    ReportingPeriod,
    ReviewComment,
)
from planmonitor.plans.models import Funding, Goal, Indicator, Measure, Plan, Priority

APPROVED = ProgressReport.Status.APPROVED
IN_PROGRESS_STATES = (MeasureStatus.IN_PROGRESS, MeasureStatus.PARTLY_DONE)


# --- for other apps: approved progress only -------------------------------------------------


def approved_reports(plan: Plan | None = None) -> QuerySet[ProgressReport]:
    """Approved reports (optionally of one plan) with what they carry; the public face of monitoring."""
    reports = ProgressReport.objects.filter(status=APPROVED).select_related("period", "measure")
    if plan is not None:
        reports = reports.filter(measure__plan=plan)
    return reports.prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.select_related("indicator")), "expenditures"
    )


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


# --- dashboards ------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator_id: int
    measure_id: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    result: progress.IndicatorProgress


@dataclass
class MeasureRow:
    measure_id: int
    position: int
    code: str
    text: str
    priority_id: int
    goal_id: int | None
    status: str | None
    flags: frozenset[str]
    indicators: list[IndicatorRow]
    planned: Total
    spent: Total

    def summary(self) -> progress.MeasureSummary:
        return progress.MeasureSummary(
            self.status, self.flags, [i.result for i in self.indicators], self.planned, self.spent
        )

    @property
    def status_label(self) -> str:
        return MeasureStatus(self.status).label if self.status else ""


@dataclass
class PriorityBlock:
    priority_id: int
    position: int
    name: str
    measures: list[MeasureRow] = field(default_factory=list)
    rollup: progress.RollUp | None = None


@dataclass
class PlanSummary:
    """A plan's progress as of a day: measures by priority, roll-ups, nearest and furthest indicators."""

    plan_id: int
    as_of: date
    priorities: list[PriorityBlock]
    rollup: progress.RollUp
    periods: list[ReportingPeriod]
    currency: str = "EUR"

    def measures(self) -> list[MeasureRow]:
        return [m for p in self.priorities for m in p.measures]

    def ranked_indicators(self) -> list[IndicatorRow]:
        """Numeric indicators by progress, furthest from target first (unknown counts as 0)."""
        rows = [i for m in self.measures() for i in m.indicators if i.result.measurable]
        return sorted(rows, key=lambda i: (i.result.share if i.result.share is not None else Decimal(-1), i.indicator_id))

    def nearest(self, n: int = 5) -> list[IndicatorRow]:
        """The n reported indicators closest to (or beyond) their target."""
        known = [i for i in self.ranked_indicators() if i.result.share is not None]
        return list(reversed(known[-n:]))

    def furthest(self, n: int = 5) -> list[IndicatorRow]:
        return self.ranked_indicators()[:n]

    def flagged(self, flag: str) -> list[MeasureRow]:
        return [m for m in self.measures() if flag in m.flags]


def summarise_plans(plan_ids: list[int], *, as_of: date | None = None) -> dict[int, PlanSummary]:
    """Progress of many plans at once in 8 queries, however many plans, measures and reports.

    Progress and spending use approved reports only; ``silent`` looks at all
    reports, since a submitted report waiting for review is not silence.
    """
    as_of = as_of or timezone.localdate()
    plans = {p.pk: p for p in Plan.objects.filter(pk__in=plan_ids).only("pk", "period_start", "period_end")}
    priorities = list(
        Priority.objects.filter(plan_id__in=plan_ids, retired_in__isnull=True)
        .values_list("pk", "plan_id", "position", "name")
    )
    measures = list(
        Measure.objects.current().filter(plan_id__in=plan_ids).values_list(
            "pk", "plan_id", "priority_id", "goal_id", "position", "code", "text", "period_start", "period_end"
        )
    )
    indicators = list(
        Indicator.objects.filter(measure__plan_id__in=plan_ids).values_list(
            "pk", "measure_id", "name", "unit", "baseline", "target", "cumulative"
        )
    )
    planned: dict[int, list[tuple[Decimal | None, str]]] = defaultdict(list)
    currencies: dict[int, Counter] = defaultdict(Counter)
    for measure_id, plan_id, amount, currency in Funding.objects.filter(measure__plan_id__in=plan_ids).values_list(
        "measure_id", "measure__plan_id", "amount", "currency"
    ):
        planned[measure_id].append((amount, currency))
        if amount is not None and currency:
            currencies[plan_id][currency] += 1
    plan_currency = {pk: plan_money_currency(plans[pk], currencies[pk]) for pk in plans}
    periods = list(ReportingPeriod.objects.filter(plan_id__in=plan_ids).order_by("start"))
    period_by_id = {p.pk: p for p in periods}
    report_status: dict[tuple[int, int], str] = {}
    latest_status: dict[int, tuple[date, str]] = {}
    for measure_id, period_id, status, measure_status in ProgressReport.objects.filter(
        measure__plan_id__in=plan_ids
    ).values_list("measure_id", "period_id", "status", "measure_status"):
        report_status[(measure_id, period_id)] = status
        if status == APPROVED and measure_status:
            end = period_by_id[period_id].end
            if measure_id not in latest_status or latest_status[measure_id][0] < end:
                latest_status[measure_id] = (end, measure_status)
    observations: dict[int, list[progress.Observation]] = defaultdict(list)
    for indicator_id, period_id, value, updated in IndicatorValue.objects.filter(
        report__measure__plan_id__in=plan_ids, report__status=APPROVED
    ).values_list("indicator_id", "report__period_id", "value", "report__updated_at"):
        observations[indicator_id].append(progress.Observation(period_id, period_by_id[period_id].end, value, updated))
    spent: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    for measure_id, amount, currency in Expenditure.objects.filter(
        report__measure__plan_id__in=plan_ids, report__status=APPROVED
    ).values_list("report__measure_id", "amount", "currency"):
        spent[measure_id].append((amount, currency))

    indicators_by_measure: dict[int, list[tuple]] = defaultdict(list)
    for row in indicators:
        indicators_by_measure[row[1]].append(row)
    periods_by_plan: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for p in periods:
        periods_by_plan[p.plan_id].append(p)
    blocks: dict[int, PriorityBlock] = {}
    blocks_by_plan: dict[int, list[PriorityBlock]] = defaultdict(list)
    for pk, plan_id, position, name in sorted(priorities, key=lambda r: (r[1], r[2])):
        blocks[pk] = PriorityBlock(pk, position, name)
        blocks_by_plan[plan_id].append(blocks[pk])

    for pk, plan_id, priority_id, goal_id, position, code, text, m_start, m_end in sorted(
        measures, key=lambda r: (r[1], r[4])
    ):
        plan = plans[plan_id]
        first, last = m_start or plan.period_start, m_end or plan.period_end
        rows = []
        for ind_id, _measure_id, name, unit, baseline, target, cumulative in indicators_by_measure[pk]:
            result = progress.indicator_progress(
                progress.IndicatorSpec(baseline, target, cumulative), observations.get(ind_id, ()),
                first_year=first, last_year=last, as_of=as_of,
            )
            rows.append(IndicatorRow(ind_id, pk, name, unit, baseline, target, result))
        planned_total = total(planned.get(pk, ()), to=plan_currency[plan_id])
        spent_total = total(spent.get(pk, ()), to=plan_currency[plan_id])
        status = latest_status.get(pk, (None, None))[1]
        facts = progress.MeasureFacts(
            last_year=last,
            latest_status=status,
            periods=[
                progress.PeriodState(p.start, p.end, p.status == ReportingPeriod.Status.OPEN, report_status.get((pk, p.pk)))
                for p in periods_by_plan[plan_id]
            ],
            indicators=[r.result for r in rows],
            planned=planned_total,
            spent=spent_total,
        )
        blocks[priority_id].measures.append(
            MeasureRow(pk, position, code, text, priority_id, goal_id, status,
                       progress.measure_flags(facts, as_of), rows, planned_total, spent_total)
        )

    result = {}
    for plan_id in plans:
        currency = plan_currency[plan_id]
        for block in blocks_by_plan[plan_id]:
            block.rollup = progress.roll_up((m.summary() for m in block.measures), currency=currency)
        result[plan_id] = PlanSummary(
            plan_id=plan_id,
            as_of=as_of,
            priorities=blocks_by_plan[plan_id],
            rollup=progress.roll_up((m.summary() for b in blocks_by_plan[plan_id] for m in b.measures),
                                    currency=currency),
            periods=periods_by_plan[plan_id],
            currency=currency,
        )
    return result


def plan_money_currency(plan: Plan, counts: Counter) -> str:
    """The currency a plan's money is shown in: the one its planned amounts are written in (most of them).

    A plan in leva is shown in leva (euro spent since 2026 converted at the
    fixed rate, and said so); with no planned amounts, the currency of the plan's last year.
    """
    if counts:
        return max(sorted(counts), key=lambda c: counts[c])
    return money_currency_on(date(plan.period_end, 12, 31)) if plan.period_end else "EUR"


def plan_summary(plan: Plan, *, as_of: date | None = None) -> PlanSummary:
    """One plan's dashboard data (8 queries, whatever the plan's size)."""
    return summarise_plans([plan.pk], as_of=as_of)[plan.pk]


def plan_goals(plan: Plan) -> list[Goal]:
    """The plan's goals in plan order (one query), to label goal roll-ups."""
    return list(Goal.objects.filter(priority__plan=plan).order_by("priority__position", "position"))


def goal_rollups(summary: PlanSummary) -> dict[int, progress.RollUp]:
    """Roll-ups per goal of an already computed plan summary (no queries)."""
    groups: dict[int, list[progress.MeasureSummary]] = defaultdict(list)
    for m in summary.measures():
        if m.goal_id:
            groups[m.goal_id].append(m.summary())
    return {goal_id: progress.roll_up(items, currency=summary.currency) for goal_id, items in groups.items()}


@dataclass
class MunicipalityLine:
    municipality_id: int
    municipality: str
    plan: Plan
    rollup: progress.RollUp


def plan_fingerprint(plan_id: int) -> str:
    """What a plan's dashboard depends on, in one query, so a cached dashboard is never stale.

    Every monitoring service raises the plan's ``MonitoringRevision`` in its
    transaction; amendments of the plan change its ``updated_at``.
    """
    row = Plan.objects.filter(pk=plan_id).values_list("updated_at", "monitoring_revision__number").first()
    return "|".join(str(part) for part in row or ())


def loaded_plan_fingerprint(plan: Plan) -> str:
    """``plan_fingerprint`` of a plan fetched with its ``monitoring_revision`` (``permissions.access_plan``): no query.

    The same string as ``plan_fingerprint(plan.pk)``, read in the query that fetched the plan.
    """
    try:
        number = plan.monitoring_revision.number
    except MonitoringRevision.DoesNotExist:
        number = None
    return f"{plan.updated_at}|{number}"


def district_with_fingerprint(district_id: int) -> tuple[District, str] | None:
    """The district and its ``district_fingerprint`` in one query; None when there is no such district."""
    plans = "municipalities__plans"
    district = District.objects.filter(pk=district_id).annotate(
        n=Count(f"{plans}__pk"), ids=Sum(f"{plans}__pk"), last=Max(f"{plans}__updated_at"),
        revisions=Sum(f"{plans}__monitoring_revision__number"),
    ).first()
    if district is None:
        return None
    return district, "|".join(str(getattr(district, k)) for k in ("n", "ids", "last", "revisions"))


def district_fingerprint(district_id: int) -> str:
    """What the district page depends on, in one query over the district's plans (not their reports)."""
    stats = Plan.objects.filter(municipality__district_id=district_id).aggregate(
        n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"), revisions=Sum("monitoring_revision__number"),
    )
    return "|".join(str(stats[k]) for k in ("n", "ids", "last", "revisions"))


def district_overview(district_id: int, *, as_of: date | None = None) -> list[MunicipalityLine]:
    """Every plan of a district's municipalities with its roll-up, for comparison side by side.

    The page caches its rendering under ``district_fingerprint``; each plan's
    roll-up is cached under the plan's own fingerprint (``plan_rollups``), so
    after a change in one plan only that plan's reports are read again.
    """
    as_of = as_of or timezone.localdate()
    plans = list(
        Plan.objects.filter(municipality__district_id=district_id).select_related("municipality", "monitoring_revision")
        .order_by("municipality__name", "-period_start")
    )
    rollups = plan_rollups(plans, as_of=as_of)
    return [MunicipalityLine(p.municipality_id, p.municipality.name, p, rollups[p.pk]) for p in plans]


#: How long a plan's roll-up is kept; its fingerprint in the key already retires it on any change.
ROLLUP_SECONDS = 3600


def plan_rollups(plans: list[Plan], *, as_of: date) -> dict[int, progress.RollUp]:
    """Each plan's roll-up as of a day, from the cache where the plan has not changed, else computed (8 queries).

    ``plans`` come with their ``monitoring_revision`` (``loaded_plan_fingerprint``).
    """
    import hashlib

    from django.core.cache import cache

    keys = {
        p.pk: "monitoring:rollup:" + hashlib.sha256(f"{p.pk}|{as_of}|{loaded_plan_fingerprint(p)}".encode()).hexdigest()
        for p in plans
    }
    found = cache.get_many(list(keys.values()))
    rollups = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in rollups]
    if missing:
        computed = {pk: summary.rollup for pk, summary in summarise_plans(missing, as_of=as_of).items()}
        cache.set_many({keys[pk]: rollup for pk, rollup in computed.items()}, ROLLUP_SECONDS)
        rollups.update(computed)
    return rollups


def latest_year_with_data(district_id: int) -> int | None:
    """The last year whose period of a district's plan has an approved report (one query), or None.

    The district's consolidated report opens on it: the calendar's last year
    may have nothing approved yet (reports are due a month after it ends).
    """
    last = (
        ProgressReport.objects.filter(status=APPROVED, measure__plan__municipality__district_id=district_id)
        .aggregate(end=Max("period__end"))["end"]
    )
    return last.year if last else None
