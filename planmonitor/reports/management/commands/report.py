"""``planmonitor report``: the yearly monitoring report of a plan, or the district consolidation.

    planmonitor report PLAN --year 2025 --format docx|pdf -o FILE [--unit TEXT]
    planmonitor report --district NAME --year 2025 --format pdf|docx|xlsx -o FILE [--unit TEXT]
    planmonitor report --national --year 2025 --format pdf|docx|xlsx -o FILE [--unit TEXT]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from planmonitor.accounts.models import District
from planmonitor.core.output import writable_output
from planmonitor.plans.models import Plan
from planmonitor.reports import data, district
from planmonitor.reports.render import FORMATS, render_report


class Command(BaseCommand):
    help = (
        "Write the yearly monitoring report of a plan for one year, in Bulgarian, as DOCX or PDF. "
        "Only approved progress goes in; a report on an open period, or one with reports still "
        "waiting for approval, is marked DRAFT on every page. With --district NAME instead of a plan, "
        "write the district consolidation of that year (every municipality's approved figures per "
        "priority, totals, who has not reported) as PDF, DOCX or XLSX; with --national, the national "
        "consolidation (a row per district)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "plan", type=int, nargs="?", help="The plan's number (its id, as in the plan page's address)."
        )
        parser.add_argument(
            "--district", help="The district's name (or number) for its consolidated report, instead of a plan."
        )
        parser.add_argument(
            "--national", action="store_true", help="The national consolidation (every district), instead of a plan."
        )
        parser.add_argument("--year", type=int, required=True, help="The year the reporting period ends in.")
        parser.add_argument(
            "--format", choices=district.FORMATS, default="pdf",
            help="pdf, docx (editable) or, for a district, xlsx (the figures as a workbook).",
        )
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        parser.add_argument(
            "--unit", default="",
            help="Who prepared the report (default: the municipality's monitoring unit, or the district administration).",
        )

    def handle(self, *args, **options) -> None:
        chosen = [options["plan"] is not None, options["district"] is not None, options["national"]]
        if sum(chosen) != 1:
            raise CommandError(_("Name either a plan, --district or --national."), returncode=2)
        out = writable_output(Path(options["output"]))
        if options["national"]:
            from planmonitor.reports.national import consolidate_national

            content = district.render(consolidate_national(options["year"]), options["format"], unit=options["unit"])
        elif options["district"] is not None:
            content = self._district(options)
        else:
            content = self._plan(options)
        out.write_bytes(content)
        self.stdout.write(_("%(file)s (%(size)s bytes)") % {"file": out, "size": len(content)})

    def _plan(self, options: dict) -> bytes:
        if options["format"] not in FORMATS:
            raise CommandError(_("The yearly report of a plan is written as %(formats)s.")
                               % {"formats": " / ".join(FORMATS)}, returncode=2)
        try:
            plan = Plan.objects.select_related("municipality").get(pk=options["plan"])
        except Plan.DoesNotExist:
            raise CommandError(_("There is no plan number %(id)s.") % {"id": options["plan"]}, returncode=2) from None
        period = data.period_for_year(plan, options["year"])
        if period is None:
            raise CommandError(_("Plan %(id)s has no reporting period in %(year)s.")
                               % {"id": plan.pk, "year": options["year"]}, returncode=2)
        return render_report(plan, period, options["format"], unit=options["unit"]).content

    def _district(self, options: dict) -> bytes:
        name = options["district"].strip()
        found = District.objects.filter(name__iexact=name).first()
        if found is None and name.isdigit():
            found = District.objects.filter(pk=int(name)).first()
        if found is None:
            known = ", ".join(District.objects.values_list("name", flat=True)) or "–"
            raise CommandError(_("There is no district named “%(name)s” (known: %(known)s).")
                               % {"name": name, "known": known}, returncode=2)
        consolidation = district.consolidate(found.pk, options["year"])
        return district.render(consolidation, options["format"], unit=options["unit"])
