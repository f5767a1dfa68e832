"""Background work of the plans app: reading an uploaded plan for review.

A task receives ids, fetches the rows and does the work, so it behaves the
same under the database worker and the immediate backend used in tests.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import translation
from django_tasks import task

from planmonitor.plans.models import ImportSession

logger = logging.getLogger(__name__)
PAGE_NOTE = "page "  # progress_note "page 3/25": a scan's text recognised up to page 3 of 25


def _progress(session_id: int, percent: int, note: str) -> None:
    """Store how far the reading got, in its own short transaction so the page sees it at once."""
    ImportSession.objects.filter(pk=session_id).update(progress=percent, progress_note=note)


@task()
def parse_import(session_id: int) -> str:
    """Read an uploaded file with the importer and keep the plan-json and warnings for review.

    A file the reader refuses (no plan table, no measure at all) ends the
    session as failed with the reader's one-line message in Bulgarian; so does
    a plan that names another municipality than the coordinator's own, and an
    unexpected error of the reader (never a session left "being read").
    Nothing becomes a plan here either way. The reader runs with the
    deployment's settings (``plans.reading``).
    """
    from planmonitor.ingest.errors import IngestError
    from planmonitor.plans.reading import read_plan
    from planmonitor.plans.review import anchor_warnings
    from planmonitor.plans.services import foreign_municipality_error, names_other_municipality

    def fail(message: str) -> str:
        ImportSession.objects.filter(pk=session_id).update(
            status=ImportSession.Status.FAILED, progress=100, progress_note="", error=message
        )
        return ImportSession.Status.FAILED

    session = ImportSession.objects.get(pk=session_id)
    if session.status not in (ImportSession.Status.PENDING, ImportSession.Status.PARSING):
        return session.status
    ImportSession.objects.filter(pk=session_id).update(status=ImportSession.Status.PARSING, progress=5)
    _progress(session_id, 10, "file")
    with session.file.open("rb") as handle:
        data = handle.read()
    _progress(session_id, 30, "reading")
    try:
        result = read_plan(data, session.filename, progress=lambda done, total: _progress(
            session_id, 30 + 60 * done // total, f"{PAGE_NOTE}{done}/{total}"))
    except IngestError as error:
        return fail(error.message("bg"))
    except Exception:  # a bug in the reader must not leave the page polling forever
        logger.exception("reading import %s (%s) failed", session_id, session.filename)
        return fail("Файлът не можа да бъде прочетен поради грешка в програмата. Нищо не е записано; "
                    "съобщете на администратора.")
    _progress(session_id, 90, "warnings")
    plan = dict(result.plan)
    plan.pop("warnings", None)
    own = session.municipality
    if names_other_municipality(plan.get("municipality"), own):
        with translation.override("bg"):
            return fail(foreign_municipality_error(plan["municipality"], own))
    if own is not None and not (plan.get("municipality") or "").strip():
        plan["municipality"] = own.name
    warnings = anchor_warnings(plan, [w.as_dict() for w in result.warnings])
    with transaction.atomic():
        ImportSession.objects.filter(pk=session_id).update(
            status=ImportSession.Status.READY, progress=100, progress_note="", plan_json=plan, warnings=warnings
        )
    return ImportSession.Status.READY
