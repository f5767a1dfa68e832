"""Reliability: what survives a killed worker, a restore, a password-guessing run, parallel work.

    .venv/bin/python bench/bench_reliability.py [--postgres URL]

Each check runs against a site of its own in a temporary folder (SQLite,
separate ``planmonitor`` processes, as on a server) and prints one line:

1. killed worker: reports are queued, a ``db_worker`` is started and killed
   with SIGKILL while a report is being written; after the time limit
   (``PLANMONITOR_TASK_TIME_LIMIT``, 3 s here) ``planmonitor housekeeping``
   runs; prints the tasks still "running" (target 0);
2. backup -> restore: a plan with a year of reports, evidence, a generated
   report and an upload under review is backed up (``.tar.gz``: database and
   uploaded files), damaged, restored; prints the tables, plan exports and
   files that differ (target 0);
3. 30 wrong passwords on /accounts/login/, then the right one: locked (target yes);
4. parallel imports of one plan on PostgreSQL: 4 ``planmonitor import`` of
   the same file at once; prints the plans created (target 1; needs the
   server at ``--postgres``, default ``postgres://postgres@127.0.0.1:5432/planmonitor_bench_reliability``);
5. concurrent amendments: two coordinators open one measure's edit form; the
   first saves a new text, the second (from the same version) a new target;
   prints 1 if the first change was silently reverted (target 0).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.core.worker_harness import ROOT, Site, kill_worker_mid_report  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/planmonitor_bench_reliability"

RESTORE = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from pathlib import Path
from tests.reports.roundtrip import differences, snapshot
from tests.reports.test_restore import _site_with_files, _spoil
_site_with_files(settings)
media = Path(settings.MEDIA_ROOT)
before = snapshot(media)
copy = Path(settings.VAR_DIR) / "copy.tar.gz"
call_command("backup", "-o", str(copy), verbosity=0)
_spoil(media)
call_command("restore", str(copy), interactive=False, verbosity=0)
found = differences(before, snapshot(media))
print(len(found), len(before["tables"]), len(before["exports"]), len(before["files"]))
"""

PASSWORDS = """
import django
django.setup()
from django.conf import settings
from django.test import Client
from planmonitor.accounts.models import User
User.objects.create_user("guessed", password="the-Right-one-2026")
client = Client()
for _ in range(30):
    client.post("/accounts/login/", {"username": "guessed", "password": "wrong"}, REMOTE_ADDR="10.1.1.1")
right = client.post("/accounts/login/", {"username": "guessed", "password": "the-Right-one-2026"}, REMOTE_ADDR="10.1.1.1")
print(right.status_code, "_auth_user_id" in client.session, settings.AXES_FAILURE_LIMIT)
"""


AMENDMENTS = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
setup_test_environment()
from planmonitor.plans.models import Measure
from tests.reports import factories
built = factories.full_year()
measure = built.measures[0]
factories.user("amend-a", "coordinator", municipality=built.plan.municipality)
factories.user("amend-b", "coordinator", municipality=built.plan.municipality)
url = reverse("plans:measure_edit", args=[measure.pk])
forms = {}
for name in ("amend-a", "amend-b"):
    client = Client()
    client.login(username=name, password="pass-Word-123")
    form = client.get(url).context["form"]
    forms[name] = (client, {f: ("" if form[f].value() is None else form[f].value()) for f in form.fields})
client, data = forms["amend-a"]
client.post(url, {**data, "text": "Текст, поправен от първия", "reason": "Решение 1"})
client, data = forms["amend-b"]
client.post(url, {**data, "target": "999", "reason": "Решение 2"})
measure = Measure.objects.get(pk=measure.pk)
print(int(measure.text != "Текст, поправен от първия"))
"""


def concurrent_amendments(folder: Path) -> None:
    site = Site(folder / "amendments")
    site.migrate()
    lost = site.python(AMENDMENTS).split()[-1]
    print(f"concurrent amendments (two people edit one measure from the same version): lost updates: {lost} "
          "(target 0)")


def killed_worker(folder: Path) -> None:
    site = Site(folder / "worker", time_limit=3)
    site.migrate()
    stuck = kill_worker_mid_report(site)
    before = site.stuck_tasks()
    time.sleep(site.time_limit + 0.5)
    site.command("housekeeping")
    print(f"killed worker: report {stuck} left at {site.report_state(stuck)[1]} %, "
          f"{before} rows running before housekeeping; stuck tasks after the limit: {site.stuck_tasks()} (target 0)")


def backup_restore(folder: Path) -> None:
    site = Site(folder / "restore")
    site.migrate()
    env_backend = "django_tasks.backends.immediate.ImmediateBackend"
    result = subprocess.run(  # noqa: S603  (our own interpreter, code written here)
        [sys.executable, "-c", RESTORE], env={**site.env, "PLANMONITOR_TASK_BACKEND": env_backend}, cwd=ROOT,
        capture_output=True, text=True, timeout=600, check=True,
    )
    found, tables, exports, files = result.stdout.split()[-4:]
    print(f"backup -> restore (.tar.gz, {tables} tables, {exports} plan exports, {files} uploaded files): "
          f"differences: {found} (target 0)")


def wrong_passwords(folder: Path) -> None:
    site = Site(folder / "passwords")
    site.migrate()
    status, logged_in, limit = site.python(PASSWORDS).split()[-3:]
    locked = status == "429" and logged_in == "False"
    print(f"30 wrong passwords, then the right one (limit {limit}): answer {status}; locked: "
          f"{'yes' if locked else 'no'} (target yes)")


def fresh_database(url: str) -> None:
    """Drop and create the benchmark database, so every run starts with no plan."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
                         password=config["PASSWORD"] or None, dbname="postgres", autocommit=True,
                         connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def parallel_imports(folder: Path, url: str) -> None:
    try:
        fresh_database(url)
    except Exception as error:  # no server: say so and go on
        print(f"parallel imports of one plan on PostgreSQL: not measured ({type(error).__name__}: {error})")
        return
    site = Site(folder / "imports")
    env = {**site.env, "DATABASE_URL": url}
    plan = folder / "plan.docx"
    build = ("import django; django.setup(); from tests.builders.word import build_docx; "
             "from tests.plans.conftest import SMALL_PLAN; "
             f"open({str(plan)!r}, 'wb').write(build_docx(SMALL_PLAN))")
    subprocess.run([sys.executable, "-c", build], env=env, cwd=ROOT, check=True, timeout=300)  # noqa: S603
    manage = [sys.executable, "-m", "planmonitor"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True, timeout=600)  # noqa: S603
    count = ("import django; django.setup(); from planmonitor.plans.models import Plan; "
             "print(Plan.objects.filter(title__startswith='План за действие на Община Примерна').count())")

    def plans() -> int:
        out = subprocess.run([sys.executable, "-c", count], env=env, cwd=ROOT, capture_output=True, text=True,  # noqa: S603
                             check=True, timeout=300)
        return int(out.stdout.split()[-1])

    runs = [subprocess.Popen([*manage, "import", str(plan), "--municipality", "Примерна",  # noqa: S603
                              "--district", "Стара Загора"], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outcomes = [(run.wait(timeout=600), run.stderr.read().strip().splitlines()[-1:] or [""]) for run in runs]
    codes = ",".join(str(code) for code, _last in outcomes)
    refusals = sorted({last[0][:100] for code, last in outcomes if code})
    print(f"parallel imports of one plan on PostgreSQL (4 at once): plans created: {plans()} (target 1); "
          f"exit codes {codes}" + (f"; refused with: {' | '.join(refusals)}" if refusals else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=DEFAULT_PG, help="PostgreSQL database for the parallel imports.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pm-reliability-") as tmp:
        folder = Path(tmp)
        killed_worker(folder)
        backup_restore(folder)
        wrong_passwords(folder)
        parallel_imports(folder, args.postgres)
        concurrent_amendments(folder)


if __name__ == "__main__":
    main()
