"""A plan's progress as of a day: measures by priority, roll-ups, indicators nearest and furthest from target."""


from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from planmonitor.core.money import Total, total
from planmonitor.core.money import currency_on as money_currency_on
from planmonitor.monitoring import progress
from planmonitor.monitoring.models import (
    Expenditure,
    IndicatorValue,
    MeasureStatus,
    ProgressReport,
    ReportingPeriod,
)
from planmonitor.plans.models import Funding, Goal, Indicator, Measure, Plan, Priority

APPROVED = ProgressReport.Status.APPROVED
IN_PROGRESS_STATES = (MeasureStatus.IN_PROGRESS, MeasureStatus.PARTLY_DONE)


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

