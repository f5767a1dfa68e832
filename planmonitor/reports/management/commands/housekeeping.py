"""``planmonitor housekeeping``: fail background work whose worker died, delete abandoned uploads.

``planmonitor serve`` runs it every minute; a deployment runs it from cron
(every few minutes, docs/deployment.md). Running it twice changes nothing more.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from planmonitor.core.tasks_health import fail_stalled_task_results
from planmonitor.plans.services import delete_abandoned_imports, fail_stalled_imports
from planmonitor.reports.services import fail_stalled_reports


class Command(BaseCommand):
    help = (
        "Mark failed the reports and imports whose background worker died (after PLANMONITOR_TASK_TIME_LIMIT "
        "seconds), and delete uploads never published after PLANMONITOR_ABANDONED_IMPORT_DAYS days."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-cleanup", action="store_true", help="Only fail stalled work; keep old uploads.")

    def handle(self, *args, no_cleanup: bool = False, **options) -> None:
        tasks = fail_stalled_task_results()
        reports = fail_stalled_reports()
        imports = fail_stalled_imports()
        deleted = 0 if no_cleanup else delete_abandoned_imports()
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("Stalled tasks: %(tasks)s; reports: %(reports)s; imports: %(imports)s; uploads deleted: %(deleted)s.")
                % {"tasks": tasks, "reports": reports, "imports": imports, "deleted": deleted}
            )
