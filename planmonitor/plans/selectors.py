"""Reads for the plan pages: querysets that fetch what a page shows in a fixed number of queries.

Every function here returns rows with their related rows already fetched
(``select_related`` for single links, ``prefetch_related`` for lists), so a
page costs the same number of queries for a plan of ten measures as for one
of two hundred; the tests pin those numbers. Who may see what is decided in
``planmonitor.plans.permissions``; these functions take its querysets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from planmonitor.accounts.models import Institution
from planmonitor.accounts.permissions import is_admin
from planmonitor.core.money import total
from planmonitor.plans import search
from planmonitor.plans.models import Goal, ImportSession, Measure, Plan, PlanVersion, Priority
from planmonitor.plans.permissions import visible_measures, visible_plans

MEASURE_LISTS = ("fundings", "indicators", "institutions")


# --- lists of plans --------------------------------------------------------------------------


def plans_for_list(user: Any) -> QuerySet[Plan]:
    """Plans ``user`` may read, by district then municipality, with their measure counts."""
    return (
        visible_plans(user)
        .select_related("municipality__district")
        .annotate(measure_count=Count("measures", filter=Q(measures__retired_in__isnull=True)))
        .order_by("municipality__district__name", "municipality__name", "-period_start")
    )


def recent_imports(user: Any) -> QuerySet[ImportSession]:
    """The user's imports still under review (not yet published)."""
    return ImportSession.objects.filter(created_by=user).exclude(status=ImportSession.Status.PUBLISHED)[:10]


# --- one plan ------------------------------------------------------------------------------


def measures_with_details(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """Measures with their plan place, money, indicators and institutions fetched."""
    return measures.select_related("plan__municipality", "priority", "goal", "task").prefetch_related(*MEASURE_LISTS)


def plans_for_export(plan_ids: list[int]) -> list[Plan]:
    """Plans with everything plan-json holds, in plan order, in ``plan_ids``' order (6 queries whatever
    their number and size: open data exports every public plan at once)."""
    found = (
        Plan.objects.filter(pk__in=plan_ids).select_related("municipality")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.filter(retired_in__isnull=True).order_by("position")),
            Prefetch(
                "priorities__goals",
                queryset=Goal.objects.select_related("parent").prefetch_related("tasks").order_by("position"),
            ),
            Prefetch(
                "measures",
                queryset=Measure.objects.current().select_related("priority", "goal", "task")
                .prefetch_related("fundings")
                .order_by("position"),
            ),
        )
        .in_bulk()
    )
    return [found[pk] for pk in plan_ids]


@dataclass
class TaskNode:
    task: Any
    measures: list[Measure] = field(default_factory=list)


@dataclass
class GoalNode:
    goal: Goal
    measures: list[Measure] = field(default_factory=list)
    tasks: list[TaskNode] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.measures and not any(t.measures for t in self.tasks)


@dataclass
class PriorityNode:
    priority: Priority
    goals: list[GoalNode] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)  # measures the plan puts under no goal


@dataclass(frozen=True)
class MeasureFilters:
    """The filters of the plan and search pages; empty values filter nothing."""

    priority: str = ""
    institution: int | None = None
    status: str = ""
    source: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, params: Any) -> MeasureFilters:
        """Read filters from ``request.GET``, ignoring values that are not numbers where numbers are due."""

        def number(name: str) -> int | None:
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        return cls(
            priority=(params.get("priority") or "").strip(),
            institution=number("institution"),
            status=(params.get("status") or "").strip(),
            source=(params.get("source") or "").strip(),
            year=number("year"),
        )

    @property
    def active(self) -> bool:
        return bool(self.priority or self.institution or self.status or self.source or self.year)

    def accepts(self, measure: Measure) -> bool:
        """Does a measure (with lists prefetched) pass these filters? Same rules as ``apply``."""
        if self.priority and measure.priority.name != self.priority:
            return False
        if self.institution and all(i.pk != self.institution for i in measure.institutions.all()):
            return False
        if self.status and measure.status_raw != self.status:
            return False
        if self.source and not any(search.matches(f.source, self.source) for f in measure.fundings.all()):
            return False
        if self.year:
            start = measure.period_start or measure.plan.period_start
            end = measure.period_end or measure.plan.period_end
            if not start <= self.year <= end:
                return False
        return True

    def apply(self, measures: QuerySet[Measure]) -> QuerySet[Measure]:
        """Filter a queryset by the database-side form of the same rules (source: by stems)."""
        if self.priority:
            measures = measures.filter(priority__name=self.priority)
        if self.institution:
            measures = measures.filter(institutions=self.institution)
        if self.status:
            measures = measures.filter(status_raw=self.status)
        if self.year:
            measures = measures.filter(
                Q(period_start__lte=self.year, period_end__gte=self.year)
                | Q(period_start__isnull=True, plan__period_start__lte=self.year, plan__period_end__gte=self.year)
            )
        return measures


@dataclass
class PlanPage:
    """What the plan page shows: the plan's tree, filter choices and the money it states."""

    plan: Plan
    priorities: list[PriorityNode]
    measure_count: int
    shown_count: int
    priority_names: list[str]
    institutions: list[Institution]
    statuses: list[str]
    sources: list[str]
    years: list[int]
    money: Any


def plan_page(plan: Plan, filters: MeasureFilters | None = None) -> PlanPage:
    """The plan laid out as it is written: priority > goal (under its higher goal) > task > measure.

    Seven queries whatever the plan's size: priorities, goals, tasks, measures
    and the measures' funding, indicators and institutions.
    """
    filters = filters or MeasureFilters()
    priorities = list(plan.priorities.filter(retired_in__isnull=True).order_by("position"))
    goals = list(Goal.objects.filter(priority__plan=plan).order_by("priority__position", "position").prefetch_related("tasks"))
    measures = list(measures_with_details(plan.measures.current().order_by("position")))
    for measure in measures:
        measure.plan = plan
    shown = [m for m in measures if filters.accepts(m)]

    by_goal: dict[int | None, list[Measure]] = defaultdict(list)
    by_task: dict[int, list[Measure]] = defaultdict(list)
    loose: dict[int, list[Measure]] = defaultdict(list)
    for measure in shown:
        if measure.task_id:
            by_task[measure.task_id].append(measure)
        elif measure.goal_id:
            by_goal[measure.goal_id].append(measure)
        else:
            loose[measure.priority_id].append(measure)
    goals_of: dict[int, list[GoalNode]] = defaultdict(list)
    for goal in goals:
        node = GoalNode(goal, by_goal.get(goal.pk, []), [TaskNode(t, by_task.get(t.pk, [])) for t in goal.tasks.all()])
        goals_of[goal.priority_id].append(node)
    tree = [PriorityNode(p, goals_of.get(p.pk, []), loose.get(p.pk, [])) for p in priorities]
    if filters.active:
        tree = [
            PriorityNode(n.priority, [g for g in n.goals if not g.is_empty], n.measures)
            for n in tree
            if n.measures or any(not g.is_empty for g in n.goals)
        ]

    institutions: dict[int, Institution] = {}
    statuses: set[str] = set()
    sources: set[str] = set()
    years: set[int] = set()
    for measure in measures:
        for institution in measure.institutions.all():
            institutions[institution.pk] = institution
        if measure.status_raw:
            statuses.add(measure.status_raw)
        for funding in measure.fundings.all():
            if funding.source:
                sources.add(funding.source)
    years.update(range(plan.period_start, plan.period_end + 1))
    money = total((f.amount, f.currency) for m in shown for f in m.fundings.all())
    return PlanPage(
        plan=plan,
        priorities=tree,
        measure_count=len(measures),
        shown_count=len(shown),
        priority_names=[p.name for p in priorities],
        institutions=sorted(institutions.values(), key=lambda i: (i.abbreviation or i.name).lower()),
        statuses=sorted(statuses),
        sources=sorted(sources, key=len)[:40],
        years=sorted(years),
        money=money,
    )


def measure_detail(measure: Measure) -> Measure:
    """One measure with its place, money, indicators and institutions."""
    return measures_with_details(Measure.objects.filter(pk=measure.pk)).select_related("goal__parent").get()


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    """The plan's frozen versions, newest first, without their (large) snapshots."""
    return plan.versions.select_related("author").defer("snapshot").order_by("-number")


# --- institutions and search -----------------------------------------------------------------


def visible_institutions(user: Any) -> QuerySet[Institution]:
    """The institutions ``user`` may see named: those answering for a measure of a plan they may read.

    An institution that only a draft plan names is as private as the draft
    (its name says what the municipality is preparing). Staff also see their
    own municipality's institutions and their own, even before a plan names them.
    """
    institutions = Institution.objects.all()
    if is_admin(user):
        return institutions
    named = Measure.institutions.through.objects.filter(measure__in=visible_measures(user)).values("institution_id")
    rule = Q(pk__in=named)
    if getattr(user, "municipality_id", None):
        rule |= Q(municipality_id=user.municipality_id)
    if getattr(user, "institution_id", None):
        rule |= Q(pk=user.institution_id)
    return institutions.filter(rule)


def institution_measures(user: Any, institution: Institution) -> QuerySet[Measure]:
    """Everything ``institution`` answers for, across the plans ``user`` may read."""
    return measures_with_details(visible_measures(user).current().filter(institutions=institution)).order_by(
        "plan__municipality__name", "plan_id", "position"
    )
