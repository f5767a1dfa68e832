"""Reads of generated report files (the report's content itself comes from ``reports.data``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import translation

from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Plan
from planmonitor.reports.data import default_unit
from planmonitor.reports.models import GeneratedReport


def periods_with_reports(plan: Plan) -> list[tuple[ReportingPeriod, list[GeneratedReport]]]:
    """The plan's periods, newest first, each with its generated versions (newest first)."""
    periods = list(plan.periods.order_by("-end"))
    by_period: dict[int, list[GeneratedReport]] = {p.pk: [] for p in periods}
    for generated in GeneratedReport.objects.filter(plan=plan).select_related("period").order_by("-created_at", "-pk"):
        by_period.setdefault(generated.period_id, []).append(generated)
    return [(p, by_period[p.pk]) for p in periods]


def public_reports(plan: Plan) -> QuerySet[GeneratedReport]:
    """Final, finished versions only: what the portal may publish (latest version first)."""
    return (
        GeneratedReport.objects.filter(plan=plan, status=GeneratedReport.Status.DONE, is_final=True)
        .exclude(file="")
        .select_related("period")
        .order_by("-period__end", "format", "-version")
    )


def latest_public_reports(plan: Plan) -> list[GeneratedReport]:
    """The latest final version per period and format."""
    seen: set[tuple[int, str]] = set()
    latest = []
    for generated in public_reports(plan):
        key = (generated.period_id, generated.format)
        if key not in seen:
            seen.add(key)
            latest.append(generated)
    return latest


def unit_for_next_report(plan: Plan) -> str:
    """The form's starting unit: who prepared the plan's last report (one query), else its monitoring unit.

    So a regeneration names the same unit unless the coordinator changes it.
    The default is in Bulgarian whatever the interface language: it is
    printed on a Bulgarian title page.
    """
    last = (
        GeneratedReport.objects.filter(plan=plan).exclude(unit="").order_by("-created_at", "-pk")
        .values_list("unit", flat=True).first()
    )
    if last:
        return last
    with translation.override("bg"):
        return default_unit(plan)
