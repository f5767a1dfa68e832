"""``planmonitor restore FILE``: put back what ``planmonitor backup`` wrote, replacing the current data.

The kind follows the file name, as for ``backup``:

* ``*.json``: every table is emptied (``flush``), then the copy is loaded
  (``loaddata``) with its primary keys; the database must be migrated to the
  same version of planmonitor (``migrate`` runs first);
* ``*.tar.gz`` / ``*.tgz``: the same for its ``database.json``, and MEDIA_ROOT
  is replaced by the uploaded files of the archive;
* ``*.sqlite3`` / ``*.db`` (SQLite): the copy is written over the database
  with SQLite's backup API, then ``migrate`` brings an older copy up to date;
* ``*.dump`` (PostgreSQL): ``pg_restore --clean``; ``*.sql``: the schema is
  dropped and ``psql`` replays the file; then ``migrate``.

Everything the database held before is gone afterwards, so the command asks
first (``--noinput`` for scripts). Stop the site and its workers while it runs.
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

from planmonitor.reports.management.commands.backup import ARCHIVE_DATABASE, ARCHIVE_MEDIA


class Command(BaseCommand):
    help = (
        "Replace the whole database (and, from a .tar.gz, the uploaded files) with a copy written by "
        "'planmonitor backup': .json, .tar.gz, .sqlite3 (SQLite), .dump or .sql (PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The copy to restore; its ending says what kind it is.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, file: str, interactive: bool = True, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("%(file)s does not exist.") % {"file": path})
        name = path.name.lower()
        vendor = connection.vendor
        if not name.endswith((".json", ".tar.gz", ".tgz", ".sqlite3", ".db", ".dump", ".sql")):
            raise CommandError(_("Name the file .json, .sqlite3, .dump, .sql or .tar.gz."))
        if name.endswith((".sqlite3", ".db")) and vendor != "sqlite":
            raise CommandError(_("A .sqlite3 copy can only be restored into a SQLite database; use a .json copy."))
        if name.endswith((".dump", ".sql")) and vendor != "postgresql":
            raise CommandError(_("A .dump or .sql copy can only be restored into PostgreSQL; use a .json copy."))
        if interactive and input(
            _("Every plan, report and user now in the database will be replaced by %(file)s. Type 'yes' to go on: ")
            % {"file": path}
        ).strip().lower() not in ("yes", "да"):
            raise CommandError(_("Nothing was restored."))
        if name.endswith((".tar.gz", ".tgz")):
            self._archive(path)
        elif name.endswith(".json"):
            self._json(path)
        elif name.endswith((".sqlite3", ".db")):
            self._sqlite(path)
        else:
            self._postgresql(path, custom=name.endswith(".dump"))
        self.stdout.write(_("Restored from %(file)s.") % {"file": path})

    def _json(self, path: Path) -> None:
        """Empty every table, then load the copy (loaddata also sets the id sequences past the loaded rows)."""
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        # flush's post_migrate loads the national register again; the copy holds its own rows of it.
        from planmonitor.accounts.models import District, Municipality

        Municipality.objects.all().delete()
        District.objects.all().delete()
        call_command("loaddata", str(path), verbosity=0)

    def _archive(self, path: Path) -> None:
        with tempfile.TemporaryDirectory() as folder, tarfile.open(path, "r:*") as archive:
            names = archive.getnames()
            if ARCHIVE_DATABASE not in names:
                raise CommandError(_("%(file)s is not a planmonitor backup (no %(part)s in it).")
                                   % {"file": path, "part": ARCHIVE_DATABASE})
            archive.extractall(folder, filter="data")  # the "data" filter refuses absolute paths and links out
            self._json(Path(folder) / ARCHIVE_DATABASE)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                shutil.rmtree(media)
            copied = Path(folder) / ARCHIVE_MEDIA
            if copied.is_dir():
                shutil.copytree(copied, media)
            else:
                media.mkdir(parents=True)

    def _sqlite(self, path: Path) -> None:
        """SQLite's backup API copies page by page into the open database, replacing all of it."""
        if connection.in_atomic_block:
            raise CommandError("Run the SQLite restore outside a transaction.")
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        call_command("migrate", interactive=False, verbosity=0)

    def _postgresql(self, path: Path, *, custom: bool) -> None:
        db = connection.settings_dict
        program = shutil.which("pg_restore" if custom else "psql")
        if not program:
            raise CommandError(_("pg_restore/psql was not found; install postgresql-client."))
        target = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432),
                  "-U", db.get("USER") or "postgres", "-d", db["NAME"]]
        env = {"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
        connection.close()  # our own idle connection must not hold locks on the tables being replaced
        if custom:
            args = [program, "--clean", "--if-exists", "--no-owner", "--single-transaction", *target, str(path)]
        else:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            connection.close()
            args = [program, "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", *target, "-f", str(path)]
        result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603
        if result.returncode != 0:
            raise CommandError(_("The restore failed: %(error)s") % {"error": result.stderr.strip()[-2000:]})
        call_command("migrate", interactive=False, verbosity=0)
