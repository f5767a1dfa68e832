"""``planmonitor backup -o FILE``: a copy of the whole database that can be restored.

The kind of copy follows the file name:

* ``*.json`` (any database): Django's ``dumpdata`` of every table, restored
  with ``planmonitor loaddata FILE`` into an empty, migrated database;
* ``*.sqlite3`` / ``*.db`` (SQLite only): a consistent copy made with
  SQLite's online backup API while the site keeps running;
* ``*.dump`` / ``*.sql`` (PostgreSQL only): ``pg_dump`` (custom format for
  ``.dump``, plain SQL for ``.sql``), restored with ``pg_restore`` / ``psql``.

Uploaded files (evidence, generated reports) live in MEDIA_ROOT; copy that
folder as well (``--media`` prints where it is).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from planmonitor.core.output import writable_output


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE: .json (dumpdata, any database), .sqlite3 (SQLite online backup) "
        "or .dump/.sql (pg_dump, PostgreSQL). Uploaded files are in MEDIA_ROOT: copy that folder too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="Where to write the copy; its ending chooses the kind.")
        parser.add_argument("--media", action="store_true", help="Also print the folder of uploaded files to copy.")

    def handle(self, *args, **options) -> None:
        out = writable_output(Path(options["output"]))
        suffix = out.suffix.lower()
        vendor = connection.vendor
        if suffix == ".json":
            call_command(
                "dumpdata", "--natural-foreign", "--natural-primary", "--indent", "1",
                "--exclude", "contenttypes", "--exclude", "auth.permission", "--exclude", "sessions",
                "--exclude", "django_tasks_database", "-o", str(out), verbosity=0,
            )
        elif suffix in (".sqlite3", ".db"):
            if vendor != "sqlite":
                raise CommandError(_("A .sqlite3 copy needs the SQLite database; use .json or .dump here."), returncode=2)
            self._sqlite_backup(out)
        elif suffix in (".dump", ".sql"):
            if vendor != "postgresql":
                raise CommandError(_("pg_dump needs PostgreSQL; use .json or .sqlite3 here."), returncode=2)
            self._pg_dump(out, custom=suffix == ".dump")
        else:
            raise CommandError(_("Name the file .json, .sqlite3, .dump or .sql."), returncode=2)
        self.stdout.write(_("%(file)s (%(size)s bytes)") % {"file": out, "size": out.stat().st_size})
        if options["media"]:
            self.stdout.write(_("Uploaded files: %(folder)s") % {"folder": settings.MEDIA_ROOT})

    def _sqlite_backup(self, out: Path) -> None:
        """SQLite's backup API copies a consistent snapshot page by page, even with the site running."""
        if connection.in_atomic_block:
            # Inside a transaction the copy would wait for our own lock for ever.
            raise CommandError(_("Run the SQLite backup outside a transaction."))
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            connection.connection.backup(target)
        finally:
            target.close()

    def _pg_dump(self, out: Path, *, custom: bool) -> None:
        pg_dump = shutil.which("pg_dump")
        if not pg_dump:
            raise CommandError(_("pg_dump was not found; install postgresql-client or use a .json copy."))
        db = settings.DATABASES["default"]
        args = [pg_dump, "--no-owner", "-f", str(out), "-h", db.get("HOST") or "localhost",
                "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres", db["NAME"]]
        if custom:
            args.insert(1, "-Fc")
        env = {"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
        subprocess.run(args, check=True, timeout=3600, env=env)  # noqa: S603  (fixed program, our settings)
