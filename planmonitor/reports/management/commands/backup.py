"""``planmonitor backup -o FILE``: a copy of the whole database that can be restored.

The kind of copy follows the file name:

* ``*.json`` (any database): Django's ``dumpdata`` of every table (primary
  keys kept, so every row comes back as it was);
* ``*.sqlite3`` / ``*.db`` (SQLite only): a consistent copy made with
  SQLite's online backup API while the site keeps running;
* ``*.dump`` / ``*.sql`` (PostgreSQL only): ``pg_dump`` (custom format for
  ``.dump``, plain SQL for ``.sql``);
* ``*.tar.gz`` / ``*.tgz`` (any database): the whole site, the ``.json`` copy
  of the database and every uploaded file (evidence, import files,
  generated reports) from MEDIA_ROOT.

``planmonitor restore FILE`` brings each kind back. Sessions and the
background task queue are not copied into ``.json``/``.tar.gz``: after a
restore everyone logs in again.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from planmonitor.core.output import writable_output

ARCHIVE_DATABASE = "database.json"
ARCHIVE_MEDIA = "media"
# Not copied into JSON: rebuilt by migrate (content types, permissions), or worthless after a restore.
JSON_EXCLUDED = ("contenttypes", "auth.permission", "sessions", "django_tasks_database")


def dump_json(out: Path) -> None:
    """Every table as JSON with its primary keys; content types by name, as migrate numbers them anew."""
    excluded = [arg for label in JSON_EXCLUDED for arg in ("--exclude", label)]
    call_command("dumpdata", "--format", "json_exact", "--natural-foreign", "--indent", "1", *excluded,
                 "-o", str(out), verbosity=0)


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE: .json (dumpdata, any database), .sqlite3 (SQLite online backup), "
        ".dump/.sql (pg_dump, PostgreSQL), or .tar.gz (the .json copy plus every uploaded file). "
        "'planmonitor restore FILE' brings it back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="Where to write the copy; its ending chooses the kind.")
        parser.add_argument("--media", action="store_true", help="Also print the folder of uploaded files to copy.")

    def handle(self, *args, **options) -> None:
        out = writable_output(Path(options["output"]))
        suffix = out.suffix.lower()
        vendor = connection.vendor
        if out.name.lower().endswith((".tar.gz", ".tgz")):
            self._archive(out)
        elif suffix == ".json":
            dump_json(out)
        elif suffix in (".sqlite3", ".db"):
            if vendor != "sqlite":
                raise CommandError(_("A .sqlite3 copy needs the SQLite database; use .json or .dump here."), returncode=2)
            self._sqlite_backup(out)
        elif suffix in (".dump", ".sql"):
            if vendor != "postgresql":
                raise CommandError(_("pg_dump needs PostgreSQL; use .json or .sqlite3 here."), returncode=2)
            self._pg_dump(out, custom=suffix == ".dump")
        else:
            raise CommandError(_("Name the file .json, .sqlite3, .dump, .sql or .tar.gz."), returncode=2)
        self.stdout.write(_("%(file)s (%(size)s bytes)") % {"file": out, "size": out.stat().st_size})
        if options["media"]:
            self.stdout.write(_("Uploaded files: %(folder)s") % {"folder": settings.MEDIA_ROOT})

    def _archive(self, out: Path) -> None:
        """The database as JSON and MEDIA_ROOT's files, in one compressed tar."""
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(folder) / ARCHIVE_DATABASE
            dump_json(dump)
            with tarfile.open(out, "w:gz") as archive:
                archive.add(dump, arcname=ARCHIVE_DATABASE)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    archive.add(media, arcname=ARCHIVE_MEDIA)

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
