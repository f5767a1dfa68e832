"""Background work of the plans app: reading an uploaded plan for review.

A task receives ids, fetches the rows and does the work, so it behaves the
same under the database worker and the immediate backend used in tests.
"""

from __future__ import annotations

import logging

from django_tasks import task

from planmonitor.plans.models import ImportSession

logger = logging.getLogger(__name__)
PAGE_NOTE = "page "  # progress_note "page 3/25": a scan's text recognised up to page 3 of 25


@task()
def parse_import(session_id: int) -> str:
    """Read an uploaded file with the importer and keep the plan-json and warnings for review.

    A file the reader refuses (no plan table, no measure at all) ends the
    session as failed with the reader's one-line message in Bulgarian; so does
    a plan that names another municipality than the coordinator's own, and an
    unexpected error of the reader (never a session left "being read").
    Nothing becomes a plan here either way. The reader runs with the
    deployment's settings (``plans.reading``); every status is written by a
    service (``services.import_jobs``).
    """
    from planmonitor.ingest.errors import IngestError
    from planmonitor.plans.reading import read_plan
    from planmonitor.plans.services import import_jobs

    session = import_jobs.begin_reading(session_id)
    if session is None:
        return ImportSession.objects.values_list("status", flat=True).get(pk=session_id)
    import_jobs.record_reading_progress(session_id, 10, "file")
    with session.file.open("rb") as handle:
        data = handle.read()
    import_jobs.record_reading_progress(session_id, 30, "reading")
    try:
        result = read_plan(data, session.filename, progress=lambda done, total: import_jobs.record_reading_progress(
            session_id, 30 + 60 * done // total, f"{PAGE_NOTE}{done}/{total}"))
    except IngestError as error:
        return import_jobs.fail_reading(session_id, error.message("bg"))
    except Exception:  # a bug in the reader must not leave the page polling forever
        logger.exception("reading import %s (%s) failed", session_id, session.filename)
        return import_jobs.fail_reading(
            session_id, "Файлът не можа да бъде прочетен поради грешка в програмата. Нищо не е записано; "
            "съобщете на администратора."
        )
    import_jobs.record_reading_progress(session_id, 90, "warnings")
    return import_jobs.finish_reading(session_id, dict(result.plan), [w.as_dict() for w in result.warnings])
