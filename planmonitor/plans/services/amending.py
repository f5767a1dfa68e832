"""Changing a stored plan's content: a whole new plan-json, or one measure added, changed or removed.

Every amendment makes a new ``PlanVersion`` (unless it changes nothing) and
updates rows in place (``sync.apply_plan_json``) so reports keep their measures.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.core import audit
from planmonitor.core.actors import Actor, user_or_none
from planmonitor.ingest import exact_json
from planmonitor.plans.models import (
    Measure,
    Plan,
    PlanVersion,
)
from planmonitor.plans.plan_json import empty_measure_json, export_plan
from planmonitor.plans.revision import bump
from planmonitor.plans.services.errors import (
    MeasureConflict,
    PlanError,
    PlanStatusError,
)
from planmonitor.plans.services.sync import apply_plan_json, plan_period, validate_plan_json


@transaction.atomic(durable=True)
def amend_plan(plan: Plan, plan_json: dict, *, actor: Actor, reason: str) -> Plan:
    """Replace the plan's content with ``plan_json`` as a new version, keeping the earlier one.

    ``reason`` says why (for example the council decision). The version being
    replaced stays frozen as a ``PlanVersion``; rows are updated in place so
    progress reports keep their measures. An amendment that changes nothing
    makes no new version.
    """
    return _amend(_lock(plan), plan_json, actor=actor, reason=reason)


def _amend(plan: Plan, plan_json: dict, *, actor: Actor, reason: str) -> Plan:
    """``amend_plan`` inside the caller's transaction, on a plan already locked (``_lock``).

    Shared by every amendment and by a repeated import (``importing``), so
    none of them calls another top-level service.
    """
    validate_plan_json(plan_json)
    if plan.status not in (Plan.Status.DRAFT, Plan.Status.ADOPTED):
        raise PlanStatusError(_("A closed plan cannot be amended."))
    before = export_plan(plan, with_ids=True)
    if not plan.versions.filter(number=plan.version).exists():
        PlanVersion.objects.create(plan=plan, number=plan.version, snapshot=before, reason=_("Before amendment"))
    start, end = plan_period(plan_json)
    plan.title, plan.period_start, plan.period_end = plan_json["title"].strip(), start, end
    plan.full_clean()
    plan.save(update_fields=["title", "period_start", "period_end", "updated_at"])
    apply_plan_json(plan, plan_json, retire_as=plan.version + 1)
    after = export_plan(plan, with_ids=True)
    if after == before:
        return plan
    old_version = plan.version
    plan.version = old_version + 1
    plan.save(update_fields=["version", "updated_at"])
    PlanVersion.objects.create(
        plan=plan, number=plan.version, snapshot=after, author=user_or_none(actor), reason=reason or ""
    )
    audit.record(plan, "plan.amended", actor=actor, field="version", old=old_version, new=plan.version, reason=reason)
    bump(plan.pk)
    return plan


def measure_fingerprint(measure_json: dict) -> str:
    """A short digest of a plan-json measure: what an edit form was loaded with (its "version").

    Amendments make whole-plan versions, so a measure has no counter of its
    own; its content is the version. Two forms loaded with the same content
    carry the same fingerprint, and the second save finds it changed.
    """
    content = {key: value for key, value in measure_json.items() if key != "id"}
    return hashlib.sha256(exact_json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


@transaction.atomic(durable=True)
def amend_measure(measure: Measure, fields: dict, *, actor: Actor, reason: str, loaded: str | None = None) -> Plan:
    """Change one measure's plan-json fields (``text``, ``responsible``, ``period``...) as an amendment.

    The plan is locked before it is read, so two people amending different
    measures at once both get their change (each becomes a version).
    ``loaded`` is the ``measure_fingerprint`` the edit form was opened with:
    if the measure changed since, ``MeasureConflict`` is raised and nothing
    is written (two people editing the same measure never silently revert
    each other).
    """
    plan = _lock(measure.plan)
    plan_json = export_plan(plan, with_ids=True)
    item = _current_item(plan_json, measure)
    if loaded is not None and measure_fingerprint(item) != loaded:
        raise MeasureConflict(measure_fingerprint(item))
    item.update(fields)
    return _amend(plan, plan_json, actor=actor, reason=reason)


def _current_item(plan_json: dict, measure: Measure) -> dict:
    """The measure's entry in the plan's current plan-json; a retired or removed measure cannot change."""
    item = next((m for m in plan_json["measures"] if m.get("id") == measure.pk), None)
    if item is None:
        raise PlanError(_("This measure is no longer in the plan (it was removed by an amendment); nothing was changed."))
    return item


@transaction.atomic(durable=True)
def add_measure(plan: Plan, measure_json: dict, *, actor: Actor, reason: str) -> Plan:
    """Add a measure (a plan-json measure dict) to the plan as an amendment."""
    plan = _lock(plan)
    plan_json = export_plan(plan, with_ids=True)
    plan_json["measures"].append({**empty_measure_json(), **measure_json})
    return _amend(plan, plan_json, actor=actor, reason=reason)


@transaction.atomic(durable=True)
def remove_measure(measure: Measure, *, actor: Actor, reason: str) -> Plan:
    """Take a measure out of the plan as an amendment; earlier versions still hold it.

    A measure with reports is retired rather than deleted (``_retire_or_delete``).
    """
    plan = _lock(measure.plan)
    plan_json = export_plan(plan, with_ids=True)
    _current_item(plan_json, measure)
    plan_json["measures"] = [m for m in plan_json["measures"] if m.get("id") != measure.pk]
    return _amend(plan, plan_json, actor=actor, reason=reason)


def _lock(plan: Plan) -> Plan:
    """Lock the plan's row for the rest of the transaction (read-then-write; a no-op on SQLite)."""
    return Plan.objects.select_for_update().select_related("municipality").get(pk=plan.pk)

