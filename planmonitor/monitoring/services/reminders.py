"""Reminders of reports due and late, each sent once (a ``ReminderSent`` row per person, period and kind)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.core.actors import SYSTEM, Actor
from planmonitor.core.audit import record
from planmonitor.monitoring.models import (
    ProgressReport,
    ReminderSent,
    ReportingPeriod,
)
from planmonitor.monitoring.services.shared import (
    Status,
    _lines,
    _notify,
)
from planmonitor.plans.models import Measure


def _reminder_targets(period: ReportingPeriod) -> dict[Any, list[Measure]]:
    """Reporters of ``period``'s plan with measures not yet submitted, each with their measures."""
    from planmonitor.accounts.models import User

    reported = ProgressReport.objects.filter(
        period=period, status__in=(Status.SUBMITTED, Status.APPROVED)
    ).values("measure_id")
    measures = (
        Measure.objects.current().filter(plan_id=period.plan_id).exclude(pk__in=reported)
        .prefetch_related("institutions")
    )
    by_institution: dict[int, list[Measure]] = {}
    for m in measures:
        for inst in m.institutions.all():
            by_institution.setdefault(inst.pk, []).append(m)
    reporters = User.objects.filter(
        role=User.Role.REPORTER, is_active=True, municipality_id=period.plan.municipality_id,
        institution_id__in=list(by_institution),
    ).exclude(email="")
    return {u: by_institution[u.institution_id] for u in reporters}


def send_reminders(*, days: int, today: date | None = None, actor: Actor = SYSTEM) -> list[ReminderSent]:
    """Remind reporters of unsubmitted reports: before the deadline, and once after it.

    Before: reporters of open periods whose deadline is within ``days`` days.
    After: once the deadline has passed and the period is still open, each
    reporter still missing reports gets one "late report" e-mail, and the
    plan's coordinators one list of who is late, so that nobody is forgotten
    once a deadline passes. One e-mail per person, period and kind lists all
    their missing reports; a ``ReminderSent`` row (unique per person, period,
    kind and ``days``) is written in the same transaction as the e-mail is
    queued, so running this twice never sends the same reminder twice.
    """
    today = today or timezone.localdate()
    base = settings.PLANMONITOR_BASE_URL.rstrip("/")
    open_periods = ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).select_related(
        "plan__municipality"
    )
    sent: list[ReminderSent] = []
    for period in open_periods.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days)):
        deadline = period.deadline.strftime("%d.%m.%Y")
        for user, measures in _reminder_targets(period).items():
            reminder = _remind_once(
                user, period, ReminderSent.Kind.DUE, days, len(measures), actor=actor,
                subject=_("Reports due by %(deadline)s") % {"deadline": deadline},
                body=_("These progress reports for %(period)s are not submitted yet:\n%(measures)s\n\n%(url)s")
                % {"period": period.name, "measures": _lines(measures), "url": base + "/monitoring/todo/"},
            )
            sent += [reminder] if reminder else []
    for period in open_periods.filter(deadline__lt=today):
        deadline = period.deadline.strftime("%d.%m.%Y")
        late = _reminder_targets(period)
        for user, measures in late.items():
            reminder = _remind_once(
                user, period, ReminderSent.Kind.LATE, 0, len(measures), actor=actor,
                subject=_("Late report: the deadline was %(deadline)s") % {"deadline": deadline},
                body=_(
                    "The deadline for the progress reports of %(period)s was %(deadline)s. "
                    "These are not submitted yet:\n%(measures)s\n\n%(url)s"
                ) % {"period": period.name, "deadline": deadline, "measures": _lines(measures),
                     "url": base + "/monitoring/todo/"},
            )
            sent += [reminder] if reminder else []
        if late:
            sent += _tell_coordinators_who_is_late(period, late, actor=actor, url=base + f"/monitoring/periods/{period.pk}/")
    return sent




def _remind_once(
    user: Any, period: ReportingPeriod, kind: str, days: int, count: int, *, actor: Actor, subject: str, body: str,
) -> ReminderSent | None:
    """Write the ``ReminderSent`` row and queue the e-mail together; None if it was sent before."""
    try:
        with transaction.atomic(durable=True):
            reminder = ReminderSent.objects.create(
                user=user, period=period, kind=kind, days_before=days, measure_count=count
            )
            record(reminder, f"reminder.{kind}", actor=actor, new=user.email)
            _notify([user.email], subject, body)
    except IntegrityError:
        return None  # already reminded: the unique constraint says so
    return reminder


def _tell_coordinators_who_is_late(
    period: ReportingPeriod, late: dict[Any, list[Measure]], *, actor: Actor, url: str
) -> list[ReminderSent]:
    """One e-mail per coordinator of the plan's municipality listing the late reporters, once per period."""
    from planmonitor.accounts.models import User

    coordinators = User.objects.filter(
        role=User.Role.COORDINATOR, is_active=True, municipality_id=period.plan.municipality_id
    ).exclude(email="")
    who = _lines(
        _("%(name)s (%(institution)s): %(count)s reports")
        % {"name": user.get_full_name() or user.username, "institution": user.institution, "count": len(measures)}
        for user, measures in sorted(late.items(), key=lambda item: item[0].username)
    )
    sent = []
    for coordinator in coordinators:
        reminder = _remind_once(
            coordinator, period, ReminderSent.Kind.LATE_SUMMARY, 0, sum(len(m) for m in late.values()),
            actor=actor,
            subject=_("Late reporters for %(period)s") % {"period": period.name},
            body=_("The deadline of %(period)s was %(deadline)s. Still not reported:\n%(who)s\n\n%(url)s")
            % {"period": period.name, "deadline": period.deadline.strftime("%d.%m.%Y"), "who": who, "url": url},
        )
        sent += [reminder] if reminder else []
    return sent

