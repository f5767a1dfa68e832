"""``planmonitor remind``: e-mail reporters whose reports are not submitted, before the deadline."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from planmonitor.monitoring import services


class Command(BaseCommand):
    help = (
        "E-mail every reporter who has not yet submitted the reports of an open reporting period whose "
        "deadline is within the given number of days. One e-mail per person and period lists all their "
        "missing reports. Safe to run from cron as often as you like: the same reminder is never sent twice. "
        "With --enqueue the work is handed to the background task worker instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Remind this many days before the deadline (default 7).")
        parser.add_argument("--enqueue", action="store_true", help="Queue the reminders as a background task.")

    def handle(self, *args, **options):
        days = options["days"]
        if days < 0:
            raise CommandError(_("--days must be 0 or more."), returncode=2)
        if options["enqueue"]:
            from planmonitor.monitoring.tasks import send_reminders

            result = send_reminders.enqueue(days=days)
            self.stdout.write(_("Reminders queued (%(days)s days before the deadlines): task %(task)s")
                              % {"days": days, "task": result.id})
            return
        sent = services.send_reminders(days=days)
        for reminder in sent:
            self.stdout.write(_("Reminded %(email)s: %(count)s reports for %(period)s")
                              % {"email": reminder.user.email, "count": reminder.measure_count, "period": reminder.period})
        self.stdout.write(_("Reminders sent: %(count)s.") % {"count": len(sent)})
