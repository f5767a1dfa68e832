"""Background reading that died, failed reads tried again, and uploads nobody published."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.core import audit
from planmonitor.plans.models import (
    ImportSession,
)
from planmonitor.plans.services.errors import (
    PlanError,
)


def fail_stalled_imports(*, now: Any = None) -> int:
    """Mark failed every import still waiting or being read ``PLANMONITOR_TASK_TIME_LIMIT`` seconds after upload.

    Its worker was killed (or none runs): without this the review page would
    show the same percentage for ever. The person sees why and can read the
    file again (:func:`retry_import`). Returns how many were marked.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone, translation

    cutoff = (now or timezone.now()) - timedelta(seconds=settings.PLANMONITOR_TASK_TIME_LIMIT)
    waiting = (ImportSession.Status.PENDING, ImportSession.Status.PARSING)
    with translation.override("bg"):
        message = _("The background worker stopped before the file was read. Read it again; "
                    "if it happens again, tell the administrator.")
    count = 0
    for pk in list(ImportSession.objects.filter(status__in=waiting, created_at__lt=cutoff).values_list("pk", flat=True)):
        with transaction.atomic():
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


def retry_import(session: ImportSession, *, actor: Any) -> ImportSession:
    """Queue a failed import's kept file for reading again (after a worker died, or a fixed reader)."""
    from django.utils import timezone

    from planmonitor.plans.tasks import parse_import

    with transaction.atomic():
        session = ImportSession.objects.select_for_update().get(pk=session.pk)
        if session.status != ImportSession.Status.FAILED:
            raise PlanError(_("Only an import that failed can be read again."))
        if not session.file or not session.file.storage.exists(session.file.name):
            raise PlanError(_("The uploaded file is no longer kept; upload it again."))
        # The time limit (fail_stalled_imports) counts from here, as for a new upload.
        ImportSession.objects.filter(pk=session.pk).update(
            status=ImportSession.Status.PENDING, progress=0, progress_note="", error="",
            created_at=timezone.now(), updated_at=timezone.now(),
        )
        audit.record(session, "import.retried", actor=actor, new=session.filename)
        transaction.on_commit(lambda: parse_import.enqueue(session.pk))
    session.refresh_from_db()
    return session


def delete_abandoned_imports(*, now: Any = None, actor: Any = None) -> int:
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
        with transaction.atomic():
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
