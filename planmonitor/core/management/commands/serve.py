"""``planmonitor serve``: the web application and the background task worker together.

On a laptop there is no separate queue server: background work (long imports,
reports, reminders) is stored in the database by django-tasks-db, and this
command starts one worker process beside the web server so that it is picked up.
"""

from __future__ import annotations

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve planmonitor on http://127.0.0.1:8000 together with one background worker "
        "(imports, reports, reminders). For production use a WSGI server and run "
        "'planmonitor db_worker' separately."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Address and port to listen on.")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background worker.")

    def handle(self, *args, addrport: str, no_worker: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "planmonitor", "db_worker"])  # noqa: S603
        try:
            self.stdout.write(f"planmonitor: http://{addrport}/")
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
