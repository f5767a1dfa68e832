"""Background reading that died, failed reads tried again, and uploads nobody published."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.core import audit
from planmonitor.core.actors import SYSTEM, Actor
from planmonitor.plans.models import (
    ImportSession,
)
from planmonitor.plans.services.errors import (
    PlanError,
)


def fail_stalled_imports(*, now: Any = None) -> int:
    """Mark failed every import whose worker is taken for dead (``PLANMONITOR_TASK_TIME_LIMIT``).

    Its worker was killed (or none runs): without this the review page would
    show the same percentage for ever. The person sees why and can read the
    file again (:func:`retry_import`). A file being read is stalled that long
    after a worker **started** it (``started_at``; sessions from before that
    field fall back to the upload time); a file still queued only if the
    queue did not move meanwhile (``core.tasks_health.queue_is_moving``):
    behind a long queue of live workers it is waiting its turn, not lost.
    Returns how many were marked.
    """
    from django.utils import translation

    from planmonitor.core.tasks_health import stalled

    waiting = (ImportSession.Status.PENDING, ImportSession.Status.PARSING)
    with translation.override("bg"):
        message = _("The background worker stopped before the file was read. Read it again; "
                    "if it happens again, tell the administrator.")
    count = 0
    dead = stalled(ImportSession, running=ImportSession.Status.PARSING, queued=ImportSession.Status.PENDING, now=now)
    for pk in list(dead.values_list("pk", flat=True)):
        with transaction.atomic(durable=True):
            session = ImportSession.objects.select_for_update().filter(pk=pk, status__in=waiting).first()
            if session is None:  # finished meanwhile
                continue
            session.status = ImportSession.Status.FAILED
            session.error = message
            session.progress_note = ""
            session.save(update_fields=["status", "error", "progress_note", "updated_at"])
            audit.record(session, "import.stalled", new=message)
            count += 1
    return count


@transaction.atomic(durable=True)
def retry_import(session: ImportSession, *, actor: Actor) -> ImportSession:
    """Queue a failed import's kept file for reading again (after a worker died, or a fixed reader)."""
    from django.utils import timezone

    from planmonitor.plans.tasks import parse_import

    session = ImportSession.objects.select_for_update().get(pk=session.pk)
    if session.status != ImportSession.Status.FAILED:
        raise PlanError(_("Only an import that failed can be read again."))
    if not session.file or not session.file.storage.exists(session.file.name):
        raise PlanError(_("The uploaded file is no longer kept; upload it again."))
    # The time limit (fail_stalled_imports) counts from here, as for a new upload.
    ImportSession.objects.filter(pk=session.pk).update(
        status=ImportSession.Status.PENDING, progress=0, progress_note="", error="", started_at=None,
        created_at=timezone.now(), updated_at=timezone.now(),
    )
    audit.record(session, "import.retried", actor=actor, new=session.filename)
    transaction.on_commit(lambda: parse_import.enqueue(session.pk))
    session.refresh_from_db()
    return session


def delete_abandoned_imports(*, now: Any = None, actor: Actor = SYSTEM) -> int:
    """Delete uploads never published (failed, or left in review) after ``PLANMONITOR_ABANDONED_IMPORT_DAYS``.

    The session row and its file both go: an upload is a copy of a document
    the municipality keeps; nothing of a published plan depends on it. Files
    in ``imports/`` that no session names (left by a crash between the
    file and the row) go too, once as old. Returns how many uploads were removed.
    """
    import os
    from datetime import timedelta

    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.utils import timezone

    cutoff = (now or timezone.now()) - timedelta(days=settings.PLANMONITOR_ABANDONED_IMPORT_DAYS)
    abandoned = ImportSession.objects.filter(updated_at__lt=cutoff).exclude(status=ImportSession.Status.PUBLISHED)
    count = 0
    for session in list(abandoned):
        name = session.file.name
        with transaction.atomic(durable=True):
            audit.record(session, "import.deleted", actor=actor, old=session.filename, reason="abandoned")
            session.delete()
        if name and default_storage.exists(name):
            default_storage.delete(name)
        count += 1
    root = os.path.join(settings.MEDIA_ROOT, "imports")
    kept = set(ImportSession.objects.exclude(file="").values_list("file", flat=True))
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            path = os.path.join(folder, filename)
            name = os.path.relpath(path, settings.MEDIA_ROOT).replace(os.sep, "/")
            if name not in kept and os.path.getmtime(path) < cutoff.timestamp():
                os.remove(path)
                count += 1
    return count


# --- the reading task's steps (``plans.tasks.parse_import``) ------------------------------------
# The task calls these and nothing else writes an ImportSession's status. Each is one short
# transaction of its own, so the review page sees how far the reading got while it runs.


@transaction.atomic(durable=True)
def begin_reading(session_id: int) -> ImportSession | None:
    """Mark a waiting import as being read; None if it is no longer waiting (read or failed meanwhile)."""
    session = ImportSession.objects.select_for_update().filter(pk=session_id).first()
    if session is None or session.status not in (ImportSession.Status.PENDING, ImportSession.Status.PARSING):
        return None
    from django.utils import timezone

    ImportSession.objects.filter(pk=session_id).update(status=ImportSession.Status.PARSING, progress=5,
                                                       started_at=timezone.now())
    session.refresh_from_db()
    return session


@transaction.atomic(durable=True)
def record_reading_progress(session_id: int, percent: int, note: str) -> None:
    """Store how far the reading got ("file", "reading", "warnings"), for the page that polls it."""
    ImportSession.objects.filter(pk=session_id).update(progress=percent, progress_note=note)


@transaction.atomic(durable=True)
def fail_reading(session_id: int, message: str) -> str:
    """End the import as failed with ``message`` (a sentence in Bulgarian); nothing becomes a plan."""
    ImportSession.objects.filter(pk=session_id).update(
        status=ImportSession.Status.FAILED, progress=100, progress_note="", error=message
    )
    return ImportSession.Status.FAILED


@transaction.atomic(durable=True)
def finish_reading(session_id: int, plan_json: dict, warnings: list[dict]) -> str:
    """Keep what the reader found for review, or fail a plan of another municipality than the session's own.

    A coordinator's session (bound to their municipality) may only hold that
    municipality's plan; a plan that names none is taken as theirs.
    """
    from django.utils import translation

    from planmonitor.plans.review import anchor_warnings
    from planmonitor.plans.services.review import foreign_municipality_error, names_other_municipality

    own = ImportSession.objects.select_related("municipality").get(pk=session_id).municipality
    plan = dict(plan_json)
    plan.pop("warnings", None)
    if names_other_municipality(plan.get("municipality"), own):
        with translation.override("bg"):
            message = foreign_municipality_error(plan["municipality"], own)
        ImportSession.objects.filter(pk=session_id).update(
            status=ImportSession.Status.FAILED, progress=100, progress_note="", error=message
        )
        return ImportSession.Status.FAILED
    if own is not None and not (plan.get("municipality") or "").strip():
        plan["municipality"] = own.name
    ImportSession.objects.filter(pk=session_id).update(
        status=ImportSession.Status.READY, progress=100, progress_note="", plan_json=plan,
        warnings=anchor_warnings(plan, warnings),
    )
    return ImportSession.Status.READY
