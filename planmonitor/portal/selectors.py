"""What the public may read: adopted (or closed) plans, their structure, and approved progress only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from planmonitor.plans.models import Measure, Plan

PUBLIC_PLAN_STATUSES = (Plan.Status.ADOPTED, Plan.Status.CLOSED)


def public_plans() -> QuerySet[Plan]:
    """Plans the public may see: adopted ones and closed ones (which were adopted once)."""
    return Plan.objects.filter(status__in=PUBLIC_PLAN_STATUSES).select_related("municipality__district")


@dataclass
class DistrictGroup:
    """One district (or none) with its municipalities and their public plans."""

    name: str
    municipalities: dict[str, list[Plan]] = field(default_factory=dict)


def plans_by_district() -> list[DistrictGroup]:
    """Public plans grouped district -> municipality -> plans, in name order."""
    groups: dict[str, DistrictGroup] = {}
    plans = public_plans().order_by("municipality__district__name", "municipality__name", "-period_start")
    for plan in plans:
        district = plan.municipality.district
        key = district.name if district else ""
        group = groups.setdefault(key, DistrictGroup(name=key))
        group.municipalities.setdefault(plan.municipality.name, []).append(plan)
    return list(groups.values())


def search_measures(query: str, limit: int = 100) -> list[Measure]:
    """Measures of public plans matching every word of ``query``, Bulgarian endings folded.

    The same matching as the signed-in search (``planmonitor.plans.search``),
    but always with the public's eyes, so a signed-in coordinator searching
    the portal never sees a draft here either.
    """
    from planmonitor.plans import search

    terms = search.query_terms(query)
    if not terms:
        return []
    qs = Measure.objects.filter(plan__status__in=PUBLIC_PLAN_STATUSES)
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    return list(qs.select_related("plan__municipality", "priority").order_by("plan_id", "position")[:limit])


def public_plan(plan_id: int) -> Plan:
    """One public plan, or 404: drafts do not exist for the public."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(public_plans(), pk=plan_id)


def public_periods(plan: Plan) -> list:
    """The plan's reporting periods, newest first (their content is read through ``reports.data``)."""
    return list(plan.periods.order_by("-end"))


def default_period(plan: Plan, periods: list):
    """The period the plan page opens on: the newest one with an approved report, else the newest."""
    from planmonitor.reports.data import approved_reports

    with_data = set(approved_reports().filter(period__plan=plan).values_list("period_id", flat=True).distinct())
    for period in periods:
        if period.pk in with_data:
            return period
    return periods[0] if periods else None


def plan_fingerprint(plan: Plan) -> str:
    """A key that changes whenever anything the public page shows of ``plan`` may have changed.

    One query over the plan's reports, periods and recommendations: their
    counts and latest change. Cached pages use it, with a short time limit
    as a backstop for a change that touches none of these.
    """
    from django.db.models import Count, Max

    from planmonitor.monitoring.models import ProgressReport, Recommendation, ReportingPeriod

    reports = ProgressReport.objects.filter(measure__plan=plan).aggregate(n=Count("id"), at=Max("updated_at"))
    periods = ReportingPeriod.objects.filter(plan=plan).aggregate(n=Count("id"), at=Max("updated_at"))
    recs = Recommendation.objects.filter(measure__plan=plan).aggregate(n=Count("id"), at=Max("at"))
    parts = [plan.updated_at, reports["n"], reports["at"], periods["n"], periods["at"], recs["n"], recs["at"]]
    return "-".join(str(p.timestamp() if hasattr(p, "timestamp") else p) for p in parts)
