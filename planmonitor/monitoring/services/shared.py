"""What the monitoring services share: locking a report, refusing a closed period, e-mails.

Private helpers for the service modules of this package; they run inside
the caller's transaction and never open a top-level one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.monitoring.models import (
    ProgressReport,
    ReportingPeriod,
)
from planmonitor.monitoring.services.errors import ConflictError, PeriodLocked
from planmonitor.plans.revision import lock_plan

Status = ProgressReport.Status


def _open_period(period: ReportingPeriod) -> ReportingPeriod:
    """Re-read the period and refuse if it is closed.

    The period row is read, not locked: locking it would make every save of
    every report of the period wait for each other. A save that races with
    closing the period finishes as if it came just before the close.
    """
    period = ReportingPeriod.objects.get(pk=period.pk)
    if period.is_locked:
        raise PeriodLocked(_("The period %(name)s is closed; its reports can no longer change.") % {"name": period.name})
    return period


def _lock_report(report: ProgressReport, version: int | None) -> ProgressReport:
    lock_plan(measure_id=report.measure_id)  # the plan row first, as amendments take it (no deadlock)
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            _("Someone else saved this report after you opened it (now version %(version)s). Nothing was overwritten.")
            % {"version": locked.version},
            current_version=locked.version,
        )
    return locked



def _emails(users: Iterable[Any]) -> list[str]:
    return sorted({u.email for u in users if u.email and u.is_active})


def _notify(recipients: list[str], subject: str, body: str) -> None:
    """Send an e-mail once the transaction commits; a rolled back change tells nobody."""
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    )


def _report_url(report: ProgressReport) -> str:
    return settings.PLANMONITOR_BASE_URL.rstrip("/") + report.get_absolute_url()



def _lines(items: Any) -> str:
    return "\n".join(f"- {item}" for item in items)

