"""A plan's status: adopted, closed, withdrawn, along ``STATUS_TRANSITIONS``."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.core import audit
from planmonitor.core.actors import Actor
from planmonitor.plans.models import (
    Plan,
)
from planmonitor.plans.revision import bump
from planmonitor.plans.services.errors import (
    PlanStatusError,
)

#: Allowed status changes: a draft is adopted by the council; an adopted plan closes when its period ends;
#: a plan imported by mistake is withdrawn (``withdraw_plan``), which nothing undoes.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Plan.Status.DRAFT: (Plan.Status.ADOPTED, Plan.Status.WITHDRAWN),
    Plan.Status.ADOPTED: (Plan.Status.CLOSED, Plan.Status.WITHDRAWN),
    Plan.Status.CLOSED: (),
    Plan.Status.WITHDRAWN: (),
}


@transaction.atomic(durable=True)
def set_plan_status(plan: Plan, status: str, *, actor: Actor, decision: str = "") -> Plan:
    """Move a plan to ``status`` if the transition table allows it; ``decision`` records the council decision."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    old = plan.status
    if status == old:
        return plan
    if status not in STATUS_TRANSITIONS.get(old, ()):
        raise PlanStatusError(
            _("A plan cannot go from “%(old)s” to “%(new)s”.")
            % {"old": Plan.Status(old).label, "new": Plan.Status(status).label if status in Plan.Status.values else status}
        )
    if status == Plan.Status.WITHDRAWN and not decision.strip():
        raise PlanStatusError(_("Say why the plan is withdrawn."))
    plan.status = status
    fields = ["status", "updated_at"]
    if decision:
        plan.decision = decision[:300]
        fields.append("decision")
    plan.full_clean()
    plan.save(update_fields=fields)
    audit.record(plan, "plan.status", actor=actor, field="status", old=old, new=status, reason=decision)
    bump(plan.pk)
    return plan


@transaction.atomic(durable=True)
def withdraw_plan(plan: Plan, *, actor: Actor, reason: str) -> Plan:
    """Take back a plan imported by mistake (a draft or an adopted plan): it leaves the portal and every list
    but its municipality's, can no longer be changed, and stays in the database and the audit trail with
    ``reason``; the same plan may then be imported again."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in STATUS_TRANSITIONS or Plan.Status.WITHDRAWN not in STATUS_TRANSITIONS[plan.status]:
        raise PlanStatusError(_("Only a draft or an adopted plan can be withdrawn."))
    if not (reason or "").strip():
        raise PlanStatusError(_("Say why the plan is withdrawn."))
    old = plan.status
    plan.status = Plan.Status.WITHDRAWN
    plan.save(update_fields=["status", "updated_at"])
    audit.record(plan, "plan.withdrawn", actor=actor, field="status", old=old, new=plan.status, reason=reason)
    bump(plan.pk)
    return plan


@transaction.atomic(durable=True)
def record_plan_decision(plan: Plan, decision: str, *, actor: Actor) -> Plan:
    """Change the council decision noted on a plan (its number and date) without moving its status, audited."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    old, plan.decision = plan.decision, (decision or "")[:300]
    if plan.decision == old:
        return plan
    plan.full_clean()
    plan.save(update_fields=["decision", "updated_at"])
    audit.record(plan, "plan.decision", actor=actor, field="decision", old=old, new=plan.decision)
    bump(plan.pk)
    return plan

