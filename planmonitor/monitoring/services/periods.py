"""Reporting periods: opened for an adopted plan, closed (its reports locked), reopened with a reason."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.core import money
from planmonitor.core.actors import Actor
from planmonitor.core.audit import record
from planmonitor.monitoring.models import (
    ReportingPeriod,
)
from planmonitor.plans.models import Plan
from planmonitor.plans.revision import bump


def allowed_currencies(period: ReportingPeriod) -> tuple[str, ...]:
    """Money spent is in the legal currency of its time: leva before 2026-01-01, euro from then on.

    A period that spans the changeover may hold both.
    """
    return tuple(dict.fromkeys((money.currency_on(period.start), money.currency_on(period.end))))


def yearly_period(year: int, *, deadline_days: int = 31) -> tuple[str, date, date, date]:
    """The default period: a calendar year, reports due a month after it ends."""
    end = date(year, 12, 31)
    return str(year), date(year, 1, 1), end, end + timedelta(days=deadline_days)



@transaction.atomic(durable=True)
def open_period(
    plan: Plan, *, actor: Actor, name: str, start: date, end: date, deadline: date
) -> ReportingPeriod:
    """Open a reporting period of an adopted plan; reports can be written in it from now on."""
    if plan.status != Plan.Status.ADOPTED:
        raise ValidationError(_("Reporting periods can only be opened for an adopted plan."))
    period = ReportingPeriod(plan=plan, name=name.strip(), start=start, end=end, deadline=deadline)
    period.full_clean()
    period.save()
    record(period, "period.opened", actor=actor, new=f"{period.name}: {start}–{end}, {deadline}")
    bump(plan.pk)
    return period


def _set_period_status(period: ReportingPeriod, status: str, *, actor: Actor, reason: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == status:
        return period
    old = period.status
    period.status = status
    period.save(update_fields=["status", "updated_at"])
    record(period, f"period.{status}", actor=actor, field="status", old=old, new=status, reason=reason)
    bump(period.plan_id)
    return period


@transaction.atomic(durable=True)
def close_period(period: ReportingPeriod, *, actor: Actor, reason: str = "") -> ReportingPeriod:
    """Close a period: its reports are locked from now on."""
    return _set_period_status(period, ReportingPeriod.Status.CLOSED, actor=actor, reason=reason)


@transaction.atomic(durable=True)
def reopen_period(period: ReportingPeriod, *, actor: Actor, reason: str) -> ReportingPeriod:
    """Reopen a closed period (e.g. to correct a value); a reason is required and kept."""
    if not reason.strip():
        raise ValidationError(_("Say why the period is reopened."))
    return _set_period_status(period, ReportingPeriod.Status.OPEN, actor=actor, reason=reason)

