"""``planmonitor serve``: the site (waitress, debug off) and one background worker together.

On a laptop there is no separate queue server: background work (long imports,
reports, reminders) is stored in the database by django-tasks-db, and this
command starts one worker process beside the web server so that it is picked
up. The site is served by waitress, the production WSGI server the project
already depends on, with debug mode off and static files through whitenoise:
what a newcomer starts shows no tracebacks and serves no uploaded file
without a permission check. ``--debug`` (or ``PLANMONITOR_DEBUG=1``) is for
developers only.

Stopping: Ctrl+C or SIGTERM stop the web server, then the worker (it finishes
or abandons its current task; a task left half-done is failed by
housekeeping after ``PLANMONITOR_TASK_TIME_LIMIT``). A worker that dies is
started again, and ``planmonitor housekeeping`` runs every minute.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from types import FrameType

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
HOUSEKEEPING_SECONDS = 60


def _die_with_parent() -> None:
    """In the worker, before it starts: ask Linux to send SIGTERM if ``serve`` itself is killed (kill -9)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker then outlives a killed serve
        pass


class Command(BaseCommand):
    help = (
        "Serve planmonitor on http://127.0.0.1:8000 with waitress (debug off) together with one background "
        "worker (imports, reports, reminders). --debug turns debug mode on. For production see docs/deployment.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000", help="Address and port to listen on.")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background worker.")
        parser.add_argument("--debug", action="store_true",
                            help="Debug mode (tracebacks in the browser): only on your own computer.")
        parser.add_argument("--threads", type=int, default=8, help="Request threads of the web server.")

    def handle(self, *args, addrport: str, no_worker: bool, debug: bool, threads: int, **options) -> None:
        host, _sep, port = addrport.rpartition(":")
        if not port.isdigit():
            raise CommandError(_("Give the address as HOST:PORT, for example 127.0.0.1:8000."))
        host = host or "127.0.0.1"
        if debug:
            settings.DEBUG = True
            os.environ["PLANMONITOR_DEBUG"] = "1"  # the worker reads the same setting
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self._stop = threading.Event()
        self._worker: subprocess.Popen | None = None
        if not no_worker:
            self._start_worker()
        from waitress import create_server

        from planmonitor.wsgi import application

        server = create_server(application, host=host, port=int(port), threads=threads)
        previous = signal.signal(signal.SIGTERM, self._on_sigterm)
        keeper = threading.Thread(target=self._housekeeping, name="housekeeping", daemon=True)
        keeper.start()
        self.stdout.write(f"planmonitor: http://{host}:{port}/" + (" (debug)" if settings.DEBUG else ""))
        try:
            server.run()  # returns on SIGINT/SIGTERM (waitress catches KeyboardInterrupt and SystemExit)
        finally:
            self._stop.set()
            signal.signal(signal.SIGTERM, previous)
            self._stop_worker()

    def _on_sigterm(self, signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    def _start_worker(self) -> None:
        self._worker = subprocess.Popen(  # noqa: S603  (our own interpreter and command)
            [sys.executable, "-m", "planmonitor", "db_worker", "--no-reload"], preexec_fn=_die_with_parent,  # noqa: PLW1509
        )

    def _stop_worker(self) -> None:
        worker = self._worker
        if worker is None or worker.poll() is not None:
            return
        worker.terminate()  # the worker stops after its current task
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)

    def _housekeeping(self) -> None:
        """Every minute: restart a worker that died, fail work whose worker died, delete abandoned uploads."""
        while not self._stop.wait(HOUSEKEEPING_SECONDS):
            try:
                if self._worker is not None and self._worker.poll() is not None:
                    logger.warning("background worker exited with %s; starting another", self._worker.returncode)
                    self._start_worker()
                call_command("housekeeping", verbosity=0)
            except Exception:  # keep serving; the next round tries again
                logger.exception("housekeeping failed")
            finally:
                connection.close()
