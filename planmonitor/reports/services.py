"""State changes of generated reports: request, start, progress, finish, fail.

Each is one function; the background task and the views call these and
nothing else writes a ``GeneratedReport``. Progress updates are single
``UPDATE`` statements outside any long transaction, so the polling page sees
them while the file is still being written.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from planmonitor.core import audit
from planmonitor.core.actors import Actor, user_or_none
from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Plan
from planmonitor.plans.revision import bump
from planmonitor.reports.models import GeneratedReport


class ReportRequestError(Exception):
    """A report cannot be requested (unknown format, period of another plan)."""


@transaction.atomic(durable=True)
def request_report(
    plan: Plan, period: ReportingPeriod, fmt: str, *, actor: Actor, unit: str = ""
) -> GeneratedReport:
    """Create the next version of the report and queue its generation once the transaction commits.

    ``unit`` is who prepared the report, for its title page (empty: the
    municipality's monitoring unit); it is kept on the version so the page
    shows it and the next request starts from it. The period row is locked
    so that two people clicking at once get versions n and n+1, never the
    same number twice.
    """
    if fmt not in GeneratedReport.Format.values:
        raise ReportRequestError(f"unknown format {fmt!r}")
    if period.plan_id != plan.pk:
        raise ReportRequestError("the period belongs to another plan")
    ReportingPeriod.objects.select_for_update().filter(pk=period.pk).first()
    last = GeneratedReport.objects.filter(period=period, format=fmt).aggregate(n=Max("version"))["n"] or 0
    generated = GeneratedReport(
        plan=plan, period=period, format=fmt, version=last + 1, unit=" ".join(unit.split()),
        created_by=user_or_none(actor),
    )
    generated.full_clean()
    generated.save()
    audit.record(generated, "report_requested", actor=actor, new=f"{fmt} v{generated.version} {generated.unit}".strip())
    from planmonitor.reports.tasks import generate_report

    transaction.on_commit(lambda: generate_report.enqueue(generated.pk))
    return generated


def set_progress(generated_id: int, percent: int) -> None:
    """Record how far generation got (0-100); visible at once to the polling page.

    The first call is the worker starting: ``started_at`` is set once (kept by
    ``Coalesce`` on later calls), so the time limit counts from the start of
    the work, not from the request that may have waited in a long queue.
    """
    GeneratedReport.objects.filter(pk=generated_id).update(
        status=GeneratedReport.Status.RUNNING, progress=max(0, min(100, percent)),
        started_at=Coalesce("started_at", Value(timezone.now())),
    )


@transaction.atomic(durable=True)
def finish_report(generated_id: int, content: bytes, *, is_final: bool) -> GeneratedReport:
    """Store the written file and mark the version ready."""
    generated = GeneratedReport.objects.select_for_update().select_related("period").get(pk=generated_id)
    generated.file.save(generated.filename(), ContentFile(content), save=False)
    generated.status = GeneratedReport.Status.DONE
    generated.progress = 100
    generated.is_final = is_final
    generated.error = ""
    generated.finished_at = timezone.now()
    generated.save(update_fields=["file", "status", "progress", "is_final", "error", "finished_at"])
    audit.record(generated, "report_generated", new=f"{generated.format} v{generated.version}")
    bump(generated.plan_id)  # the portal's plan page lists the plan's finished reports
    return generated


@transaction.atomic(durable=True)
def fail_report(generated_id: int, error: str) -> GeneratedReport:
    """Mark a version failed with the reason, so the page can say what went wrong."""
    return _fail(GeneratedReport.objects.select_for_update().get(pk=generated_id), error)


def _fail(generated: GeneratedReport, error: str) -> GeneratedReport:
    """``fail_report`` on a row already locked, inside the caller's transaction (shared with the stalled sweep)."""
    generated.status = GeneratedReport.Status.FAILED
    generated.error = error[:2000]
    generated.finished_at = timezone.now()
    generated.save(update_fields=["status", "error", "finished_at"])
    audit.record(generated, "report_failed", new=generated.error)
    return generated


def fail_stalled_reports(*, now: Any = None) -> int:
    """Mark failed every report whose worker is taken for dead (``core.tasks_health.stalled``).

    Its worker was killed (or none runs): without this the progress page would
    show the same percentage for ever. The page then says so and offers to
    generate the report again. Returns how many were marked.
    """
    from django.utils import translation
    from django.utils.translation import gettext

    from planmonitor.core.tasks_health import stalled as stalled_rows

    waiting = (GeneratedReport.Status.QUEUED, GeneratedReport.Status.RUNNING)
    with translation.override("bg"):
        message = gettext("The background worker stopped before the report was written. Generate it again; "
                          "if it happens again, tell the administrator.")
    count = 0
    stalled = stalled_rows(GeneratedReport, running=GeneratedReport.Status.RUNNING,
                           queued=GeneratedReport.Status.QUEUED, now=now)
    for pk in list(stalled.values_list("pk", flat=True)):
        with transaction.atomic(durable=True):
            generated = GeneratedReport.objects.select_for_update().filter(pk=pk, status__in=waiting).first()
            if generated is None:
                continue  # finished meanwhile
            _fail(generated, message)
            count += 1
    return count
