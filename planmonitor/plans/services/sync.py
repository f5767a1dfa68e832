"""plan-json into the tables: validate a plan-json dict, then create, update and retire rows to match it.

``apply_plan_json`` is shared by import and amendment (``importing``,
``amending``); it runs inside their transaction and never opens its own
top-level one (savepoints only, for a delete the database may refuse).
Which stored measure an item is comes from ``matching.match_measures``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.ingest.numbers import parse_number
from planmonitor.plans import search
from planmonitor.plans.institutions import InstitutionLinker
from planmonitor.plans.models import (
    Funding,
    Goal,
    Indicator,
    Measure,
    Plan,
    Priority,
    Task,
)
from planmonitor.plans.plan_json import PLAN_JSON_FORMAT
from planmonitor.plans.services.errors import PlanJsonError
from planmonitor.plans.services.matching import match_measures
from planmonitor.plans.values import indicators_from_cells

CENT = Decimal("0.01")


def validate_plan_json(plan_json: dict) -> None:
    """Refuse, with a sentence a person understands, a dict that is not a storable plan-json/1 plan."""
    if not isinstance(plan_json, dict):
        raise PlanJsonError(_("The plan is not a JSON object."))
    if plan_json.get("format", PLAN_JSON_FORMAT) != PLAN_JSON_FORMAT:
        raise PlanJsonError(_("Unknown plan format %(format)s.") % {"format": plan_json.get("format")})
    if not (plan_json.get("title") or "").strip():
        raise PlanJsonError(_("The plan has no title."))
    if not (plan_json.get("municipality") or "").strip():
        raise PlanJsonError(_("The plan does not name its municipality."))
    plan_period(plan_json)
    names = set()
    for priority in plan_json.get("priorities") or []:
        if not (priority.get("name") or "").strip():
            raise PlanJsonError(_("A priority has no name."))
        names.add(priority["name"])
    for number, measure in enumerate(plan_json.get("measures") or [], 1):
        if not (measure.get("text") or "").strip():
            raise PlanJsonError(_("Measure %(n)s has no text.") % {"n": measure.get("code") or number})
        if not (measure.get("priority") or "").strip():
            raise PlanJsonError(_("Measure %(n)s names no priority.") % {"n": measure.get("code") or number})
        period = measure.get("period") or {}
        if period.get("start") and period.get("end") and period["end"] < period["start"]:
            raise PlanJsonError(
                _("Measure %(n)s ends (%(end)s) before it starts (%(start)s).")
                % {"n": measure.get("code") or number, "start": period["start"], "end": period["end"]}
            )


def plan_period(plan_json: dict) -> tuple[int, int]:
    """The plan's first and last year; a plan without them cannot be followed year by year."""
    period = plan_json.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if not start or not end:
        raise PlanJsonError(_("The plan's period is not known: enter its first and last year."))
    if int(end) < int(start):
        raise PlanJsonError(_("The plan ends (%(end)s) before it starts (%(start)s).") % {"start": start, "end": end})
    return int(start), int(end)



def apply_plan_json(plan: Plan, plan_json: dict, *, retire_as: int | None = None) -> None:
    """Create, update and delete rows so the plan's tables say what ``plan_json`` says.

    Rows are matched by their place in the plan (``match_measures``), never
    deleted and recreated when they still exist, so foreign keys from
    monitoring stay valid. A dropped measure with history is retired in
    version ``retire_as`` instead of deleted.
    """
    linker = InstitutionLinker(plan.municipality)
    old_priorities = {p.name: p for p in plan.priorities.all()}
    old_goals: dict[int, dict[str, Goal]] = defaultdict(dict)
    for goal in Goal.objects.filter(priority__plan=plan):
        old_goals[goal.priority_id][goal.code or goal.title] = goal
    old_tasks: dict[int, dict[str, Task]] = defaultdict(dict)
    for task in Task.objects.filter(goal__priority__plan=plan):
        old_tasks[task.goal_id][task.code or task.title] = task

    priorities: dict[str, Priority] = {}
    goals: dict[tuple[str, str], Goal] = {}
    tasks: dict[tuple[int, str], Task] = {}
    for position, item in enumerate(plan_json.get("priorities") or [], 1):
        priority = old_priorities.pop(item["name"], None) or Priority(plan=plan)
        _set(priority, position=position, name=item["name"], operational_objective=item.get("operational_objective") or "",
             retired_in=None)
        priorities[item["name"]] = priority
        parents: list[tuple[Goal, str]] = []
        for goal_position, goal_item in enumerate(item.get("goals") or [], 1):
            key = goal_item.get("code") or goal_item.get("title") or ""
            goal = old_goals[priority.pk].pop(key, None) if priority.pk else None
            goal = goal or Goal(priority=priority)
            _set(goal, priority=priority, position=goal_position, code=goal_item.get("code") or "",
                 title=goal_item.get("title") or "")  # plan-json: a numbered goal's missing title is null
            goals[(item["name"], key)] = goal
            if goal_item.get("parent"):
                parents.append((goal, goal_item["parent"]))
            elif goal.parent_id:
                _set(goal, parent=None)
            for task_position, task_item in enumerate(goal_item.get("tasks") or [], 1):
                task_key = task_item.get("code") or task_item.get("title") or ""
                task = old_tasks[goal.pk].pop(task_key, None) or Task(goal=goal)
                _set(task, goal=goal, position=task_position, code=task_item.get("code") or "",
                     title=task_item.get("title") or "")
                tasks[(goal.pk, task_key)] = task
        for goal, parent_key in parents:
            _set(goal, parent=goals.get((item["name"], parent_key)))

    current = list(plan.measures.current().select_related("priority").prefetch_related("fundings", "indicators"))
    retired = list(plan.measures.filter(retired_in__isnull=False).select_related("priority"))
    items = plan_json.get("measures") or []
    matched = match_measures(items, current, retired)
    kept: set[int] = set()
    for position, (item, measure) in enumerate(zip(items, matched, strict=True), 1):
        name = item["priority"]
        if name not in priorities:
            # A measure naming a priority the list lacks: keep it rather than lose the measure.
            priority = old_priorities.pop(name, None) or Priority(plan=plan)
            _set(priority, position=len(priorities) + 1, name=name, operational_objective=priority.operational_objective,
                 retired_in=None)
            priorities[name] = priority
        if measure is None:
            measure = Measure(plan=plan)
        _store_measure(measure, item, position, priorities[name], goals, tasks, linker)
        kept.add(measure.pk)

    _retire_or_delete([m for m in current if m.pk not in kept], version=retire_as)
    Task.objects.filter(pk__in=[t.pk for group in old_tasks.values() for t in group.values()]).delete()
    Goal.objects.filter(pk__in=[g.pk for group in old_goals.values() for g in group.values()]).delete()
    _retire_or_delete_priorities(list(old_priorities.values()), version=retire_as)



def _retire_or_delete(measures: list[Measure], *, version: int | None) -> None:
    """Delete measures an amendment dropped, except those with history: those are retired.

    History is whatever the other apps keep about a measure behind a PROTECT
    foreign key (progress reports, indicator values, recommendations): the
    delete is tried in a savepoint and refused by the database layer when
    such rows exist, so this module needs to know nothing of monitoring.
    """
    now = timezone.now()
    for measure in measures:
        try:
            with transaction.atomic():
                measure.delete()
        except ProtectedError:
            measure.retired_in, measure.retired_at = version, now
            measure.save(update_fields=["retired_in", "retired_at"])


def _retire_or_delete_priorities(priorities: list[Priority], *, version: int | None) -> None:
    """Priorities the new version drops: kept (retired) while a retired measure still belongs to one."""
    for priority in priorities:
        if priority.pk is None:
            continue
        if priority.measures.exists():
            _set(priority, retired_in=priority.retired_in or version)
        else:
            priority.delete()


def _set(obj: Any, **values: Any) -> None:
    """Assign ``values`` and save only when something changed (new rows are always saved)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if obj.pk is None:
        obj.save()
    elif changed:
        obj.save(update_fields=changed)


def _store_measure(
    measure: Measure,
    item: dict,
    position: int,
    priority: Priority,
    goals: dict[tuple[str, str], Goal],
    tasks: dict[tuple[int, str], Task],
    linker: InstitutionLinker,
) -> None:
    """Write one plan-json measure into ``measure`` with its funding, indicators and institutions."""
    period = item.get("period") or {}
    goal_ref, task_ref = item.get("goal"), item.get("task")
    goal = goals.get((priority.name, goal_ref)) if goal_ref else None
    task = None
    if task_ref:
        if goal is not None:
            task = tasks.get((goal.pk, task_ref))
        if task is None:
            task = next((t for (goal_pk, key), t in tasks.items() if key == task_ref and t.goal.priority_id == priority.pk), None)
    institutions = linker.institutions_for(item.get("responsible") or "")
    values = {
        "priority": priority,
        "goal": goal,
        "task": task,
        "goal_ref": (goal_ref or "") if goal is None else "",
        "task_ref": (task_ref or "") if task is None else "",
        "position": position,
        "code": item.get("code") or "",
        "text": item["text"].strip(),
        "responsible_raw": item.get("responsible") or "",
        "period_raw": period.get("raw") or "",
        "period_start": period.get("start"),
        "period_end": period.get("end"),
        "status_raw": item.get("status") or "",
        "indicators_raw": item.get("indicators") or "",
        "baseline_raw": item.get("baseline") or "",
        "target_raw": item.get("target") or "",
        "retired_in": None,  # a retired measure that comes back is current again, with its history
        "retired_at": None,
    }
    values["search_text"] = search.search_text(
        [values["code"], values["text"], values["indicators_raw"], values["responsible_raw"], values["target_raw"]]
        + [f"{i.abbreviation} {i.name}" for i in institutions]
    )
    is_new = measure.pk is None
    for name, value in values.items():
        setattr(measure, name, value)
    try:
        measure.full_clean(exclude=["plan", "priority", "goal", "task"], validate_unique=False)
    except ValidationError as error:
        raise PlanJsonError(
            _("Measure %(n)s cannot be stored: %(error)s") % {"n": values["code"] or position, "error": "; ".join(error.messages)}
        ) from error
    measure.save()
    _store_funding(measure, item.get("funding") or {}, is_new)
    _store_indicators(measure, item, is_new)
    measure.institutions.set(institutions)


def _exact_amount(amount: object, measure: Measure) -> Decimal | None:
    """A plan-json amount as a Decimal to the cent, made from its digits, never through float.

    The reader and :func:`planmonitor.ingest.exact_json.loads` give a ``Decimal``
    (3931606.10 stays 3931606.10); an ``int`` or a number's text is read as
    written. A ``float`` only reaches here from a dict built in Python; its
    shortest text is the number that was written.
    """
    if amount is None:
        return None
    if isinstance(amount, bool):
        number = None
    elif isinstance(amount, Decimal | int):
        number = Decimal(amount)
    elif isinstance(amount, float):
        number = Decimal(repr(amount))
    else:
        number = parse_number(str(amount))
    if number is None or not number.is_finite():
        raise PlanJsonError(
            _("Measure %(n)s states an amount that is not a number.") % {"n": measure.code or measure.position}
        )
    return number.quantize(CENT, ROUND_HALF_UP)


def _store_funding(measure: Measure, funding: dict, is_new: bool) -> None:
    """One Funding row per measure, as plan-json has one funding object; none when it states nothing."""
    amount = funding.get("amount")
    values = {
        "amount_raw": funding.get("amount_raw") or "",
        "amount": _exact_amount(amount, measure),
        "currency": funding.get("currency") or "",
        "source": funding.get("source") or "",
    }
    values["search_text"] = search.search_text([values["source"], values["amount_raw"]])
    if values["amount"] is not None and not values["currency"]:
        raise PlanJsonError(
            _("Measure %(n)s states an amount without a currency.") % {"n": measure.code or measure.position}
        )
    existing = [] if is_new else list(measure.fundings.all())
    if not any(values[name] not in ("", None) for name in ("amount_raw", "amount", "currency", "source")):
        if existing:
            Funding.objects.filter(pk__in=[f.pk for f in existing]).delete()
        return
    if existing:
        _set(existing[0], **values)
        Funding.objects.filter(pk__in=[f.pk for f in existing[1:]]).delete()
    else:
        Funding.objects.create(measure=measure, **values)


def _store_indicators(measure: Measure, item: dict, is_new: bool) -> None:
    """Indicators from the measure's cells, updated in place by position so reported values stay attached."""
    drafts = indicators_from_cells(item.get("indicators"), item.get("baseline"), item.get("target"))
    existing = [] if is_new else list(measure.indicators.all())
    for position, draft in enumerate(drafts, 1):
        values = {
            "position": position, "name": draft.name, "unit": draft.unit[:100],
            "baseline_raw": draft.baseline_raw, "baseline": draft.baseline,
            "target_raw": draft.target_raw, "target": draft.target, "cumulative": draft.cumulative,
        }
        if position <= len(existing):
            _set(existing[position - 1], **values)
        else:
            Indicator.objects.create(measure=measure, **values)
    for dropped in existing[len(drafts):]:
        try:
            with transaction.atomic():
                dropped.delete()
        except ProtectedError:
            # Values were reported against it: dropping it would change approved reports.
            raise PlanJsonError(
                _("Measure %(n)s: the indicator “%(name)s” has reported values, so it cannot be removed. "
                  "Keep it among the measure's indicators (its values stay with it), or remove the whole "
                  "measure, which keeps its history.")
                % {"n": measure.code or measure.position, "name": dropped.name[:100]}
            ) from None


