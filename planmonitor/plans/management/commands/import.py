"""``planmonitor import FILE`` (or ``planmonitor import https://...``): read a plan document and store it in
the database. An address is downloaded with ``ingest.fetch``'s bounds (size, time, http/https only)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.core.actors import SYSTEM
from planmonitor.ingest import exact_json
from planmonitor.ingest.cli import STAGES
from planmonitor.plans.models import Plan
from planmonitor.plans.services import IMPORT_STATUSES, PlanError, import_plan


class Command(BaseCommand):
    help = (
        "Read a municipal plan (DOCX, PDF, XLSX, ODT/ODS, DOC/XLS, a web page, a text dump, or plan-json; "
        "a file or an http(s) address) and store it in the database in one step: all of it or nothing. The reader's warnings are printed. Importing the same plan "
        "again stops with a message unless --new-version is given. "
        "Names in the responsible cells that the institution registry does not know are listed, not made "
        "institutions, unless --add-institutions is given. The reader uses the deployment's settings "
        "(PLANMONITOR_SOFFICE, PLANMONITOR_INSTITUTIONS). "
        "To only read a file and print its plan-json, without a database: planmonitor import FILE --json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="the plan document to read, a plan-json file (*.json), or the http(s) address of a plan "
                         "published as a web page or a document",
        )
        parser.add_argument("--municipality", help="store under this municipality instead of the one the plan names")
        parser.add_argument("--district", help="the district (област) of the municipality, e.g. 'Стара Загора'")
        parser.add_argument(
            "--status", choices=[str(s) for s in IMPORT_STATUSES], default=Plan.Status.DRAFT,
            help="draft (default: only its municipality sees it) or adopted (public)",
        )
        parser.add_argument(
            "--add-institutions", action="store_true",
            help="also register the names the institution registry does not know (check the list first)",
        )
        parser.add_argument(
            "--new-version", action="store_true",
            help="if the plan is already stored, apply this file as a new version of it instead of stopping",
        )
        # Answered before Django starts (planmonitor.__main__), so reading needs no database; listed here
        # so that "planmonitor help import" shows them, and handled here too when called as a Django command.
        parser.add_argument(
            "--json", action="store_true",
            help="only read the file and print its plan-json/1 on standard output (warnings on standard error); "
                 "stores nothing and needs no database",
        )
        parser.add_argument(
            "--stage", choices=STAGES,
            help="only read the file and print this stage of the reader as JSON, to see where a document goes wrong",
        )

    def handle(self, *args, **options) -> None:
        if options["json"] or options["stage"]:
            from planmonitor.ingest.cli import main as read_only

            argv = [options["file"], *(["--stage", options["stage"]] if options["stage"] else ["--json"])]
            status = read_only(argv)
            if status:
                raise CommandError(_("The file could not be read."), returncode=status)
            return
        path, data = self._load(options["file"])
        plan_json = self._read(path, data, options["file"])
        if options["municipality"]:
            plan_json = {**plan_json, "municipality": options["municipality"]}
        started = timezone.now()
        from planmonitor.plans.institutions import unknown_names

        unknown = [name for name, _indices in unknown_names(plan_json, None)]
        try:
            plan = import_plan(
                plan_json, actor=SYSTEM, district_name=options["district"], source_file=path.name,
                status=options["status"], on_duplicate="new_version" if options["new_version"] else "error",
                new_institutions=unknown if options["add_institutions"] else (),
            )
        except PlanError as error:
            self._fail(str(error))
        if unknown and not options["add_institutions"]:
            self.stderr.write(
                _("Not made institutions (the registry does not know them; --add-institutions adds them): %(names)s")
                % {"names": "; ".join(unknown)}
            )
        self.stdout.write(
            _("Stored plan %(id)s, version %(version)s: %(title)s (%(measures)s measures).")
            % {"id": plan.pk, "version": plan.version, "title": plan.title, "measures": plan.measures.current().count()}
        )
        for measure in plan.measures.filter(retired_at__gte=started).order_by("position"):
            # A measure the new version no longer has, but with reports: kept with its history.
            self.stdout.write(
                _("Retired (it has reports; its history is kept): %(code)s %(text)s")
                % {"code": measure.code or "–", "text": measure.text[:100]}
            )

    def _load(self, source: str) -> tuple[Path, bytes]:
        """The file's bytes, or the page's at a web address (then the path is the name it is kept under)."""
        from planmonitor.ingest.errors import IngestError
        from planmonitor.ingest.fetch import fetch_plan, is_address

        if is_address(source):
            try:
                fetched = fetch_plan(source)
            except IngestError as error:
                self._fail(error.message("bg"))
            return Path(fetched.filename), fetched.data
        path = Path(source)
        try:
            return path, path.read_bytes()
        except OSError as error:
            self._fail(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror})

    def _read(self, path: Path, data: bytes, source: str) -> dict:
        """plan-json files are taken as they are; every other file goes through the reader (its messages
        name ``source``, the file's name or the web address)."""
        from planmonitor.ingest.fetch import is_address

        name = source.strip() if is_address(source) else path.name
        if path.suffix.lower() == ".json":
            try:
                return exact_json.loads(data.decode("utf-8"))  # amounts as Decimal, never float
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                self._fail(_("%(file)s is not valid JSON: %(error)s") % {"file": path.name, "error": error})
        from planmonitor.ingest.errors import IngestError
        from planmonitor.plans.reading import read_plan

        try:
            result = read_plan(data, name, progress=self._page_done)
        except IngestError as error:
            self._fail(error.message("bg"))
        for warning in result.warnings:
            self.stderr.write(_("warning: %(place)s: %(message)s") % {"place": warning.place.describe(), "message": warning.message})
        plan_json = dict(result.plan)
        plan_json.pop("warnings", None)
        return plan_json

    def _page_done(self, done: int, total: int) -> None:
        """A scanned page recognised: "стр. 3/25" on standard error, as the web import shows it."""
        self.stderr.write(_("page %(done)s/%(total)s") % {"done": done, "total": total})

    def _fail(self, message: str) -> None:
        """One clear line and exit status 2; nothing has been stored."""
        raise CommandError(message, returncode=2)
