"""Background tasks whose worker is gone: django-tasks-db's own rows.

django-tasks-db marks a task RUNNING when a worker claims it and never looks
back: a worker killed mid-task (out of memory, ``kill -9``, a reboot) leaves
the row RUNNING for ever. After ``PLANMONITOR_TASK_TIME_LIMIT`` seconds such a
row is marked FAILED here; the apps do the same for their own rows (reports,
imports), which is what people see (``planmonitor housekeeping``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


class WorkerLost(RuntimeError):
    """The worker that ran this task stopped before the task finished."""


def stalled_cutoff(now: datetime | None = None) -> datetime:
    """Work started (or asked for) before this moment and not finished is taken for dead."""
    return (now or timezone.now()) - timedelta(seconds=settings.PLANMONITOR_TASK_TIME_LIMIT)


def queue_is_moving(*, now: datetime | None = None) -> bool:
    """Has a worker started or finished any task since the cutoff? Then work still queued is only waiting.

    Work waits in one queue (django-tasks-db's rows) for a worker; behind a
    long queue it can wait longer than ``PLANMONITOR_TASK_TIME_LIMIT`` while
    the workers are busy and alive. Queued work is taken for dead only when
    nothing moved for a whole time limit (no worker runs, or all are gone).
    Without the database backend (tests' immediate backend) there is no queue
    to wait in, so nothing moves.
    """
    from django.apps import apps
    from django.db.models import Q

    if not apps.is_installed("django_tasks_db"):
        return False
    from django_tasks_db.models import DBTaskResult

    cutoff = stalled_cutoff(now)
    return DBTaskResult.objects.filter(Q(started_at__gte=cutoff) | Q(finished_at__gte=cutoff)).exists()


def fail_stalled_task_results(*, now: datetime | None = None) -> int:
    """Mark FAILED every django-tasks-db row RUNNING since before the cutoff; return how many."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):  # listed by its app config's path, not its name
        return 0
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    count = 0
    rows = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=stalled_cutoff(now))
    for row in list(rows):
        row.set_failed(WorkerLost(f"no result {settings.PLANMONITOR_TASK_TIME_LIMIT} s after start; worker gone"))
        count += 1
    return count


def count_stuck(*, now: datetime | None = None) -> int:
    """Rows RUNNING since before the cutoff (0 after housekeeping): what the reliability benchmark prints."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=stalled_cutoff(now)).count()


def stalled(model: type, *, running: str, queued: str, now: datetime | None = None):
    """Rows of ``model`` (with ``status``, ``started_at``, ``created_at``) whose worker is taken for dead.

    One rule for every app's background rows (generated reports, imports):
    a ``running`` row is stalled a whole time limit after its worker
    **started** it (``started_at``; rows from before that field fall back to
    the request time); a ``queued`` row a whole limit after it was asked for,
    and only if the queue did not move meanwhile (:func:`queue_is_moving`):
    behind a long queue of live workers it is waiting its turn, not lost.
    """
    from django.db.models import Q

    cutoff = stalled_cutoff(now)
    rule = Q(status=running) & (Q(started_at__lt=cutoff) | Q(started_at__isnull=True, created_at__lt=cutoff))
    waiting = model.objects.filter(status=queued, created_at__lt=cutoff)
    if waiting.exists() and not queue_is_moving(now=now):
        rule |= Q(pk__in=waiting.values("pk"))
    return model.objects.filter(rule)
