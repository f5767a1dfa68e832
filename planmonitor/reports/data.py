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

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.core.money import currency_on
from planmonitor.monitoring import progress
from planmonitor.monitoring.models import (
    IndicatorValue,
    MeasureStatus,
    ProgressReport,
    Recommendation,
    ReportingPeriod,
)
from planmonitor.plans.models import Indicator, Measure, Plan
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
    return plan.periods.filter(end__year=year).order_by("-end").first() or plan.periods.filter(
        start__year=year
    ).order_by("-start").first()


def is_period_final(period: ReportingPeriod) -> bool:
    """A report on a period is final once the period is closed and every report in it is approved."""
    if period.status != ReportingPeriod.Status.CLOSED:
        return False
    return not period.reports.exclude(status=APPROVED).exists()


def default_unit(plan: Plan) -> str:
    return _("Monitoring unit of the Municipality of %(name)s") % {"name": plan.municipality.name}


def gather(
    plan: Plan, period: ReportingPeriod, *, unit: str = "", today: date | None = None
) -> ReportData:
    """Build the report data of ``plan`` for ``period`` from approved progress only.

    Call inside ``translation.override("bg")`` so that status labels are in
    the report's language.
    """
    plan = Plan.objects.select_related("municipality__district").get(pk=plan.pk)
    # A measure an amendment retired stays in the report of every period it belongs to: those it
    # was reported in, and those that ended before it was retired (a report already given to the
    # council reads the same when generated again).
    belongs = (
        Q(retired_in__isnull=True)
        | Q(retired_at__date__gt=period.end)
        | Exists(ProgressReport.objects.filter(measure=OuterRef("pk"), period=period))
    )
    measures = list(
        Measure.objects.filter(plan=plan)
        .filter(belongs)
        .select_related("priority", "goal", "task")
        .prefetch_related(
            "fundings",
            "institutions",
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id")),
        )
        .order_by("priority__position", "position", "id")
    )
    reports = {
        r.measure_id: r
        for r in approved_reports()
        .filter(period=period, measure__plan=plan)
        .prefetch_related("expenditures")
    }
    # Every approved value of the plan up to the end of this period: progress is cumulative.
    observations: dict[int, list[progress.Observation]] = defaultdict(list)
    this_period: dict[int, IndicatorValue] = {}
    for value in (
        approved_values()
        .filter(indicator__measure__plan=plan, report__period__end__lte=period.end)
        .select_related("report__period")
    ):
        observations[value.indicator_id].append(
            progress.Observation(value.report.period_id, value.report.period.end, value.value, value.report.updated_at)
        )
        if value.report.period_id == period.pk:
            this_period[value.indicator_id] = value
    recommendations: dict[int, list[str]] = defaultdict(list)
    for rec in Recommendation.objects.filter(measure__plan=plan).filter(
        Q(period=period) | Q(period__isnull=True, at__date__lte=period.end)
    ).order_by("at", "id"):
        recommendations[rec.measure_id].append(rec.text)

    lines: dict[int, list[MeasureLine]] = defaultdict(list)
    for m in measures:
        lines[m.priority_id].append(
            _measure_line(plan, period, m, reports.get(m.pk), observations, this_period, recommendations[m.pk])
        )
    priorities = tuple(
        PrioritySection(p.position, p.name, p.operational_objective, tuple(lines[p.pk]))
        for p in plan.priorities.order_by("position", "id")
        if p.retired_in is None or lines[p.pk]
    )
    district = plan.municipality.district
    return ReportData(
        plan_id=plan.pk,
        plan_title=plan.title,
        municipality=plan.municipality.name,
        district=district.name if district else "",
        plan_period=f"{plan.period_start}–{plan.period_end}",
        decision=plan.decision,
        period_id=period.pk,
        period_label=period.name,
        period_start=period.start,
        period_end=period.end,
        unit=unit or default_unit(plan),
        is_final=is_period_final(period),
        generated_on=today or timezone.localdate(),
        currency=currency_on(period.end),
        statuses=tuple((k, str(label)) for k, label in MeasureStatus.choices),
        priorities=priorities,
    )


def _measure_line(
    plan: Plan,
    period: ReportingPeriod,
    m: Measure,
    report: ProgressReport | None,
    observations: dict[int, list[progress.Observation]],
    this_period: dict[int, IndicatorValue],
    recommendations: list[str],
) -> MeasureLine:
    first = m.period_start or plan.period_start
    last = m.period_end or plan.period_end
    indicators = []
    for ind in m.indicators.all():
        spec = progress.IndicatorSpec(ind.baseline, ind.target, ind.cumulative)
        result = progress.indicator_progress(
            spec, observations.get(ind.pk, []), first_year=first, last_year=last, as_of=period.end
        )
        current = this_period.get(ind.pk)
        indicators.append(IndicatorLine(
            name=ind.name, unit=ind.unit,
            baseline=ind.baseline, baseline_raw=ind.baseline_raw,
            target=ind.target, target_raw=ind.target_raw, cumulative=ind.cumulative,
            value=current.value if current else None,
            value_text=(current.text or current.raw) if current else "",
            reached=result.reached,
            progress=result.share,
            on_track=None if not result.measurable else not result.behind_pace,
        ))
    fundings = list(m.fundings.all())
    planned = tuple(Money(f.amount, f.currency, f.source) for f in fundings if f.amount is not None)
    spent = tuple(Money(e.amount, e.currency, e.source) for e in report.expenditures.all()) if report else ()
    people: list[tuple[str, str, int]] = []
    if report:
        for key, label, value in (
            ("people_reached", _("total"), report.people_reached), ("women", _("women"), report.women),
            ("men", _("men"), report.men), ("children", _("children"), report.children),
            ("adults", _("adults"), report.adults),
        ):
            if value is not None:
                people.append((key, label, value))
    return MeasureLine(
        id=m.pk,
        code=m.code,
        text=m.text,
        responsible=m.responsible_raw or ", ".join(str(i) for i in m.institutions.all()),
        period_raw=m.period_raw,
        goal=str(m.goal) if m.goal else "",
        task=str(m.task) if m.task else "",
        status=report.measure_status if report else "",
        status_label=(report.get_measure_status_display() or _("status not stated")) if report else "",
        done=report.done_text if report else "",
        indicators=tuple(indicators),
        planned=planned,
        spent=spent,
        recommendations=tuple(recommendations),
        reported=report is not None,
        funding_raw="; ".join(
            " ".join(x for x in (f.amount_raw, f.source) if x) for f in fundings if f.amount_raw or f.source
        ),
        indicators_raw=m.indicators_raw,
        baseline_raw=m.baseline_raw,
        target_raw=m.target_raw,
        people=tuple(people),
    )
