"""``planmonitor report PLAN --year 2025 --format docx|pdf -o FILE``: the yearly monitoring report."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from planmonitor.plans.models import Plan
from planmonitor.reports import data
from planmonitor.reports.render import FORMATS, render_report


class Command(BaseCommand):
    help = (
        "Write the yearly monitoring report of a plan for one year, in Bulgarian, as DOCX or PDF. "
        "Only approved progress goes in; a report on an open period, or one with reports still "
        "waiting for approval, is marked DRAFT on every page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", type=int, help="The plan's number (its id, as in the plan page's address).")
        parser.add_argument("--year", type=int, required=True, help="The year the reporting period ends in.")
        parser.add_argument("--format", choices=FORMATS, default="pdf", help="docx (editable) or pdf.")
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        parser.add_argument("--unit", default="", help="Who prepared the report (default: the municipality's monitoring unit).")

    def handle(self, *args, **options) -> None:
        try:
            plan = Plan.objects.select_related("municipality").get(pk=options["plan"])
        except Plan.DoesNotExist:
            raise CommandError(f"No plan number {options['plan']}.") from None
        period = data.period_for_year(plan, options["year"])
        if period is None:
            raise CommandError(f"Plan {plan.pk} has no reporting period in {options['year']}.")
        content = render_report(plan, period, options["format"], unit=options["unit"])
        out = Path(options["output"])
        out.write_bytes(content)
        self.stdout.write(f"{out} ({len(content)} bytes)")
