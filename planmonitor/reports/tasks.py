"""Background generation of yearly reports (django-tasks, database backend).

The task receives an id, fetches the row and calls the services, so it runs
the same under ``planmonitor db_worker`` and the immediate backend of tests.
"""

from __future__ import annotations

import logging

from django_tasks import task

from planmonitor.reports import services
from planmonitor.reports.models import GeneratedReport
from planmonitor.reports.render import render_report

logger = logging.getLogger(__name__)


@task()
def generate_report(generated_id: int) -> str:
    """Write the file of one requested report, reporting progress as it goes."""
    generated = GeneratedReport.objects.select_related("plan", "period").get(pk=generated_id)
    if generated.status not in (GeneratedReport.Status.QUEUED, GeneratedReport.Status.RUNNING):
        return generated.status
    try:
        rendered = render_report(
            generated.plan, generated.period, generated.format, unit=generated.unit,
            progress=lambda percent: services.set_progress(generated_id, percent),
        )
        services.finish_report(generated_id, rendered.content, is_final=rendered.is_final)
    except Exception as error:  # any failure is shown to the person waiting, and logged in full
        logger.exception("report %s failed", generated_id)
        services.fail_report(generated_id, f"{type(error).__name__}: {error}")
        return GeneratedReport.Status.FAILED
    return GeneratedReport.Status.DONE
