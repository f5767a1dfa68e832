"""What the public may read: adopted (or closed) plans, their structure, and approved progress only."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.utils import translation

from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans import revision as plan_revision
from planmonitor.plans.models import PUBLIC_PLAN_STATUSES, Indicator, Measure, Plan
from planmonitor.reports import data
from planmonitor.reports.report_model import IndicatorLine, MeasureLine, ReportData

#: How long gathered data and rendered pages may be served from the cache at most: the plan's revision
#: changes with every service that changes the plan or its monitoring; this is the backstop for the rest
#: (a row changed outside the services, a data fix).
CACHE_SECONDS = 300


def public_plans() -> QuerySet[Plan]:
    """Plans the public may see: adopted ones and closed ones (which were adopted once)."""
    return Plan.objects.filter(status__in=PUBLIC_PLAN_STATUSES).select_related("municipality__district")


@dataclass
class DistrictGroup:
    """One district (or none) with its municipalities and their public plans."""

    name: str
    municipalities: dict[str, list[Plan]] = field(default_factory=dict)


def plans_by_district() -> list[DistrictGroup]:
    """Public plans grouped district -> municipality -> plans, in name order."""
    groups: dict[str, DistrictGroup] = {}
    plans = public_plans().order_by("municipality__district__name", "municipality__name", "-period_start")
    for plan in plans:
        district = plan.municipality.district
        key = district.name if district else ""
        group = groups.setdefault(key, DistrictGroup(name=key))
        group.municipalities.setdefault(plan.municipality.name, []).append(plan)
    return list(groups.values())


def index_state() -> str:
    """The state of the public plans (``plans.revision.plans_state``): what the index lists, and the names it prints.

    One query. A plan published, withdrawn, amended or added, a municipality
    or district renamed (``plans.services.registry``) each change it.
    """
    return plan_revision.plans_state(public_plans())


def search_measures(query: str, limit: int = 100) -> list[Measure]:
    """Measures of public plans matching every word of ``query``, Bulgarian endings folded.

    The same matching as the signed-in search (``planmonitor.plans.search``),
    but always with the public's eyes, so a signed-in coordinator searching
    the portal never sees a draft here either.
    """
    from planmonitor.plans import search

    terms = search.query_terms(query)
    if not terms:
        return []
    qs = Measure.objects.current().filter(plan__status__in=PUBLIC_PLAN_STATUSES)
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    return list(qs.select_related("plan__municipality", "priority").order_by("plan_id", "position")[:limit])


def did_you_mean(query: str) -> str | None:
    """``query`` with misspelt or Latin-letter words corrected to words of public measures, or None.

    The vocabulary is read once per change of the public plans (``index_state``).
    """
    from planmonitor.plans import search
    from planmonitor.plans.search_selectors import search_vocabulary

    key = plan_revision.state_key("portal:vocabulary", index_state())
    words = cache.get(key)
    if words is None:
        words = search_vocabulary(Measure.objects.filter(plan__status__in=PUBLIC_PLAN_STATUSES))
        cache.set(key, words, CACHE_SECONDS)
    return search.did_you_mean(query, words)


def public_plan(plan_id: int) -> Plan:
    """One public plan, or 404: drafts do not exist for the public."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(public_plans(), pk=plan_id)


def public_periods(plan: Plan) -> list:
    """The plan's reporting periods, newest first (their content is read through ``reports.data``)."""
    return list(plan.periods.order_by("-end"))


def default_period(plan: Plan, periods: list):
    """The period the plan page opens on: the newest one with an approved report, else the newest."""
    # order_by(): the report's default ordering reaches through period and plan to the municipality's
    # name, which DISTINCT would then have to carry (hundreds of rows instead of one per period).
    with_data = set(
        data.approved_reports().filter(period__plan=plan).order_by().values_list("period_id", flat=True).distinct()
    )
    for period in periods:
        if period.pk in with_data:
            return period
    return periods[0] if periods else None


def public_revision(plan_id: int) -> int | None:
    """The revision of a public plan (``plans.revision``), the key of its cached data and pages; None when
    no public plan has this id (a draft does not exist for the public).

    One query, the only one a page served from the page cache costs; cached
    data also expires after ``CACHE_SECONDS``. A one-line statement rather
    than a queryset: the portal runs it on every request, and building the
    queryset cost more interpreter time than serving the cached page.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_revision_sql(), [plan_id, *map(str, PUBLIC_PLAN_STATUSES)])
        row = cursor.fetchone()
    return None if row is None else row[0]


@functools.cache
def _revision_sql() -> str:
    """``SELECT revision FROM plan WHERE id = %s AND status IN (public statuses)``, names from the model."""
    meta = Plan._meta
    column = {name: meta.get_field(name).column for name in ("revision", "id", "status")}
    placeholders = ", ".join(["%s"] * len(PUBLIC_PLAN_STATUSES))
    return (f"SELECT {column['revision']} FROM {meta.db_table} "
            f"WHERE {column['id']} = %s AND {column['status']} IN ({placeholders})")


def _data_key(plan: Plan, period_id: int, revision: int) -> str:
    # Status labels are translated while gathering, so the language is part of the key.
    return plan_revision.revision_key("portal:data", plan.pk, revision, period_id, translation.get_language())


def period_reports(plan: Plan, periods: list[ReportingPeriod], revision: int) -> list[ReportData]:
    """The approved data of ``plan`` for each of ``periods`` (same order), from ``reports.data.gather``.

    Each period's data is cached under the plan's revision: a 150-measure
    plan costs a few hundred milliseconds to gather, and the public pages are
    read far more often than they change. The plan page and every measure
    page of the plan share these entries.
    """
    keys = {period.pk: _data_key(plan, period.pk, revision) for period in periods}
    found = cache.get_many(list(keys.values()))
    result = []
    for period in periods:
        report = found.get(keys[period.pk])
        if report is None:
            report = data.gather(plan, period)
            cache.set(keys[period.pk], report, CACHE_SECONDS)
        result.append(report)
    return result


@dataclass(frozen=True)
class MeasurePeriod:
    """One reporting period as the measure's public page shows it: the period and the measure's approved line."""

    report: ReportData
    line: MeasureLine


@dataclass(frozen=True)
class IndicatorHistory:
    """An indicator of the measure with its approved line in each period (None where the period lacks it)."""

    indicator: Indicator
    lines: tuple[tuple[ReportData, IndicatorLine | None], ...]


@dataclass(frozen=True)
class MeasureHistory:
    """Everything the public page of one measure shows: the plan's text and the approved history."""

    measure: Measure
    periods: tuple[MeasurePeriod, ...]
    indicators: tuple[IndicatorHistory, ...]

    @property
    def latest(self) -> MeasurePeriod | None:
        """The newest period with an approved report of the measure."""
        return next((p for p in reversed(self.periods) if p.line.reported), None)


def public_measure(plan: Plan, measure_id: int) -> Measure:
    """A measure of ``plan`` with what the plan says of it, or 404 (also for a measure of another plan)."""
    from django.shortcuts import get_object_or_404

    measures = (
        Measure.objects.filter(plan=plan)
        .select_related("priority", "goal", "task")
        .prefetch_related(
            "fundings", "institutions", Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id"))
        )
    )
    return get_object_or_404(measures, pk=measure_id)


def measure_history(plan: Plan, measure: Measure, revision: int) -> MeasureHistory:
    """The approved history of ``measure`` over every reporting period of its plan, oldest first.

    Read from the same gathered data as the plan page, the yearly report and
    open data (``reports.data.gather``), so the three can never disagree and
    no approval rule is restated here. Queries: the periods, then one gather
    per period not yet in the cache; none per measure.
    """
    periods = list(reversed(public_periods(plan)))
    reports = period_reports(plan, periods, revision)
    history = []
    for report in reports:
        line = next((m for m in report.measures if m.id == measure.pk), None)
        if line is not None:
            history.append(MeasurePeriod(report, line))
    indicators = tuple(
        IndicatorHistory(
            indicator,
            tuple((p.report, p.line.indicators[i] if i < len(p.line.indicators) else None) for p in history),
        )
        for i, indicator in enumerate(measure.indicators.all())
    )
    return MeasureHistory(measure=measure, periods=tuple(history), indicators=indicators)


def public_measure_ids() -> list[tuple[int, int]]:
    """(plan id, measure id) of every measure of a public plan, for the sitemap."""
    return list(
        Measure.objects.filter(plan__status__in=PUBLIC_PLAN_STATUSES).order_by("plan_id", "position", "id")
        .values_list("plan_id", "pk")
    )


def adopted_measures(plan: Plan) -> list[tuple[str, list]]:
    """The plan's current measures by priority, as adopted (one query): what the plan page shows
    before the plan's first reporting period, when there is no approved progress to show yet."""
    groups: dict[int, tuple[str, list]] = {}
    measures = plan.measures.current().select_related("priority").order_by("priority__position", "position")
    for m in measures:
        groups.setdefault(m.priority_id, (str(m.priority), []))[1].append(m)
    return list(groups.values())
