"""Background work of the monitoring app: reminders, for a scheduler that enqueues rather than runs.

A task receives plain values and calls the service, so cron (``planmonitor
remind``), the database worker and the immediate backend in tests all send
exactly the same reminders, and never the same one twice.
"""

from __future__ import annotations

from django_tasks import task

from planmonitor.monitoring import services


@task()
def send_reminders(days: int) -> int:
    """Send the reminders due ``days`` days before deadlines; return how many e-mails were sent."""
    return len(services.send_reminders(days=days))
