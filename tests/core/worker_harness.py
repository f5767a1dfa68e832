"""A real site in a folder of its own: SQLite database, ``db_worker`` processes, ``serve``.

Shared by ``tests/core/test_worker_death.py``, ``tests/core/test_serve.py`` and
``bench/bench_reliability.py``: each step is a separate ``planmonitor`` process,
as on a server, so a worker can be killed with SIGKILL in the middle of a task.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

BUILD_PLAN = """
import django
django.setup()
from tests.reports import factories
built = factories.full_year()
print(built.period.pk)
"""
REQUEST_REPORT = """
import django
django.setup()
from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.reports import services
period = ReportingPeriod.objects.select_related("plan").get(pk={period})
print(services.request_report(period.plan, period, "pdf", actor=None).pk)
"""

#: A ``db_worker`` that stops for good inside the first report it writes, right after reporting 10 %, so a test
#: can kill it "in the middle of a report" for certain (a plain worker may finish first on a fast machine).
HELD_WORKER = """
import threading
import django
django.setup()
from planmonitor.reports import services
set_progress = services.set_progress
def held(generated_id, percent):
    set_progress(generated_id, percent)
    if percent == 10:
        threading.Event().wait()  # until the test kills this process
services.set_progress = held
from django.core.management import execute_from_command_line
execute_from_command_line(["planmonitor", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"])
"""


@dataclass
class Site:
    """A planmonitor installation in ``var`` (its own SQLite database, media and secret key)."""

    var: Path
    time_limit: int = 3

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PLANMONITOR_", "SECRET_KEY"))}
        env.update({
            "PYTHONPATH": str(ROOT), "PLANMONITOR_VAR": str(self.var), "DJANGO_SETTINGS_MODULE": "planmonitor.settings",
            "PLANMONITOR_TASK_TIME_LIMIT": str(self.time_limit),
        })
        return env

    @property
    def database(self) -> Path:
        return self.var / "planmonitor.sqlite3"

    def command(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603  (our own interpreter and command)
            [sys.executable, "-m", "planmonitor", *args], env=self.env, cwd=ROOT,
            capture_output=True, text=True, timeout=timeout, check=True,
        )

    def python(self, code: str, timeout: float = 300) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", code], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
            check=True,
        )
        return result.stdout.strip()

    def migrate(self) -> None:
        self.var.mkdir(parents=True, exist_ok=True)
        self.command("migrate", "--noinput")

    def start_worker(self, *, held: bool = False) -> subprocess.Popen:
        """A ``db_worker`` process; ``held``: one that stops inside its first report (``HELD_WORKER``)."""
        command = ["-c", HELD_WORKER] if held else [
            "-m", "planmonitor", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"]
        return subprocess.Popen(  # noqa: S603
            [sys.executable, *command], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.database, timeout=20) as db:
            return db.execute(sql, params).fetchall()

    def report_state(self, pk: int) -> tuple[str, int]:
        return self.query("SELECT status, progress FROM reports_generatedreport WHERE id = ?", (pk,))[0]

    def stuck_tasks(self) -> int:
        """django-tasks-db rows RUNNING plus reports queued or running: what a person would wait on for ever."""
        tasks = self.query("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'")[0][0]
        reports = self.query("SELECT count(*) FROM reports_generatedreport WHERE status IN ('queued', 'running')")[0][0]
        return tasks + reports


def kill_worker_mid_report(site: Site) -> int:
    """Queue a report, start a worker held inside it, SIGKILL the worker there; return the report's id.

    The worker stops for good after reporting 10 % (``HELD_WORKER``), so the
    kill always lands in the middle of the report, however fast the machine.
    """
    period = int(site.python(BUILD_PLAN))
    report = int(site.python(REQUEST_REPORT.format(period=period)))
    worker = site.start_worker(held=True)
    try:
        deadline = time.monotonic() + 120
        while site.report_state(report) != ("running", 10):
            assert worker.poll() is None, f"the held worker ended ({worker.returncode}) before report {report} ran"
            assert time.monotonic() < deadline, f"report {report} never started: {site.report_state(report)}"
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=10)
    return report


def children(pid: int) -> list[int]:
    """The process ids of ``pid``'s children (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except OSError:
        return False
    return state != "Z"
