"""Background work of the plans app: reading an uploaded plan for review.

A task receives ids, fetches the rows and does the work, so it behaves the
same under the database worker and the immediate backend used in tests.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from planmonitor.plans.models import ImportSession


def _progress(session_id: int, percent: int, note: str) -> None:
    """Store how far the reading got, in its own short transaction so the page sees it at once."""
    ImportSession.objects.filter(pk=session_id).update(progress=percent, progress_note=note)


@task()
def parse_import(session_id: int) -> str:
    """Read an uploaded file with the importer and keep the plan-json and warnings for review.

    A file the reader refuses ends the session as failed with the reader's
    one-line message in Bulgarian; nothing becomes a plan here either way.
    """
    from planmonitor.ingest import read_plan
    from planmonitor.ingest.errors import IngestError

    session = ImportSession.objects.get(pk=session_id)
    if session.status not in (ImportSession.Status.PENDING, ImportSession.Status.PARSING):
        return session.status
    ImportSession.objects.filter(pk=session_id).update(status=ImportSession.Status.PARSING, progress=5)
    _progress(session_id, 10, "file")
    with session.file.open("rb") as handle:
        data = handle.read()
    _progress(session_id, 30, "reading")
    try:
        result = read_plan(data, session.filename)
    except IngestError as error:
        ImportSession.objects.filter(pk=session_id).update(
            status=ImportSession.Status.FAILED, progress=100, progress_note="", error=error.message("bg")
        )
        return ImportSession.Status.FAILED
    _progress(session_id, 90, "warnings")
    plan = dict(result.plan)
    warnings = [w.as_dict() for w in result.warnings]
    plan.pop("warnings", None)
    with transaction.atomic():
        ImportSession.objects.filter(pk=session_id).update(
            status=ImportSession.Status.READY, progress=100, progress_note="", plan_json=plan, warnings=warnings
        )
    return ImportSession.Status.READY
