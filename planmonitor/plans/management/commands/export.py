"""``planmonitor export PLAN_ID --format json``: write a stored plan back out as plan-json."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from planmonitor.core.output import writable_output
from planmonitor.ingest import exact_json
from planmonitor.plans.models import Plan
from planmonitor.plans.plan_json import export_plan


class Command(BaseCommand):
    help = (
        "Write a stored plan out as plan-json/1, the same shape the importer reads, so that importing a file "
        "and exporting it gives the same JSON. Prints to the screen unless -o names a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", type=int, help="the plan's number (shown on its page and in the admin)")
        parser.add_argument("--format", choices=["json"], default="json", help="output format (only json for now)")
        parser.add_argument("-o", "--output", help="write to this file instead of the screen")

    def handle(self, *args, **options) -> None:
        out = writable_output(Path(options["output"])) if options["output"] else None
        try:
            plan = Plan.objects.get(pk=options["plan"])
        except Plan.DoesNotExist:
            raise CommandError(_("There is no plan number %(id)s.") % {"id": options["plan"]}, returncode=2) from None
        text = exact_json.dumps(export_plan(plan), ensure_ascii=False, indent=2) + "\n"
        if out is not None:
            out.write_text(text, encoding="utf-8")
            self.stderr.write(_("Wrote %(file)s.") % {"file": options["output"]})
        else:
            self.stdout.write(text, ending="")
