"""A stored plan as plan-json/1: what ``planmonitor export``, the plan's versions and amendments read.

A read, not a change: it lives beside the selectors it uses, outside ``services``.
"""

from __future__ import annotations

from planmonitor.plans.models import (
    Measure,
    Plan,
)

PLAN_JSON_FORMAT = "plan-json/1"


def export_plan(plan: Plan, *, with_ids: bool = False) -> dict:
    """The plan as plan-json/1, as it was imported (``with_ids`` adds measure ids for amendments)."""
    return export_plans([plan.pk], with_ids=with_ids)[0]


def export_plans(plan_ids: list[int], *, with_ids: bool = False) -> list[dict]:
    """:func:`export_plan` of several plans (same order) in a fixed number of queries.

    Open data's archive holds every public plan's plan.json; one function for
    one plan and for all keeps the two byte for byte the same.
    """
    from planmonitor.plans.selectors import plans_for_export

    return [_plan_json(plan, with_ids) for plan in plans_for_export(plan_ids)]


def _plan_json(plan: Plan, with_ids: bool) -> dict:
    """One plan read by ``plans_for_export`` (everything prefetched) as plan-json/1."""
    priorities = []
    for priority in plan.priorities.all():
        goals = []
        for goal in priority.goals.all():
            goals.append(
                {
                    "code": goal.code or None,
                    "title": goal.title,
                    "parent": (goal.parent.code or goal.parent.title) if goal.parent_id else None,
                    "tasks": [{"code": t.code or None, "title": t.title} for t in goal.tasks.all()],
                }
            )
        priorities.append(
            {"name": priority.name, "operational_objective": priority.operational_objective or None, "goals": goals}
        )
    measures = []
    for measure in plan.measures.all():
        item = measure_json(measure)
        if with_ids:
            item["id"] = measure.pk
        measures.append(item)
    return {
        "format": PLAN_JSON_FORMAT,
        "title": plan.title,
        "municipality": plan.municipality.name,
        "period": {"start": plan.period_start, "end": plan.period_end},
        "priorities": priorities,
        "measures": measures,
    }


def measure_json(measure: Measure) -> dict:
    """One measure as plan-json (uses prefetched priority, goal, task and fundings)."""
    fundings = list(measure.fundings.all())
    funding = fundings[0] if fundings else None
    return {
        "code": measure.code or None,
        "text": measure.text,
        "priority": measure.priority.name,
        "goal": (measure.goal.code or measure.goal.title) if measure.goal_id else (measure.goal_ref or None),
        "task": (measure.task.code or measure.task.title) if measure.task_id else (measure.task_ref or None),
        "responsible": measure.responsible_raw or None,
        "period": {"raw": measure.period_raw or None, "start": measure.period_start, "end": measure.period_end},
        "status": measure.status_raw or None,
        "funding": {
            "amount_raw": (funding.amount_raw or None) if funding else None,
            "amount": funding.amount if funding else None,  # Decimal: dumps() writes its digits
            "currency": (funding.currency or None) if funding else None,
            "source": (funding.source or None) if funding else None,
        },
        "indicators": measure.indicators_raw or None,
        "baseline": measure.baseline_raw or None,
        "target": measure.target_raw or None,
    }


def empty_measure_json() -> dict:
    """A plan-json measure with every field empty (for a measure added by hand)."""
    return {
        "code": None, "text": "", "priority": "", "goal": None, "task": None, "responsible": None,
        "period": {"raw": None, "start": None, "end": None}, "status": None,
        "funding": {"amount_raw": None, "amount": None, "currency": None, "source": None},
        "indicators": None, "baseline": None, "target": None,
    }

