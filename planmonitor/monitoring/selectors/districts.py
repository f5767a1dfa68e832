"""Plans side by side in a district, and the fingerprints that keep cached pages fresh."""


from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Sum
from django.utils import timezone

from planmonitor.accounts.models import District
from planmonitor.monitoring import progress
from planmonitor.monitoring.models import (
    MeasureStatus,
    MonitoringRevision,
    ProgressReport,
)
from planmonitor.monitoring.selectors.dashboards import summarise_plans
from planmonitor.plans.models import Plan

APPROVED = ProgressReport.Status.APPROVED
IN_PROGRESS_STATES = (MeasureStatus.IN_PROGRESS, MeasureStatus.PARTLY_DONE)


@dataclass
class MunicipalityLine:
    municipality_id: int
    municipality: str
    plan: Plan
    rollup: progress.RollUp


def plan_fingerprint(plan_id: int) -> str:
    """What a plan's dashboard depends on, in one query, so a cached dashboard is never stale.

    Every monitoring service raises the plan's ``MonitoringRevision`` in its
    transaction; amendments of the plan change its ``updated_at``.
    """
    row = Plan.objects.filter(pk=plan_id).values_list("updated_at", "monitoring_revision__number").first()
    return "|".join(str(part) for part in row or ())


def loaded_plan_fingerprint(plan: Plan) -> str:
    """``plan_fingerprint`` of a plan fetched with its ``monitoring_revision`` (``permissions.access_plan``): no query.

    The same string as ``plan_fingerprint(plan.pk)``, read in the query that fetched the plan.
    """
    try:
        number = plan.monitoring_revision.number
    except MonitoringRevision.DoesNotExist:
        number = None
    return f"{plan.updated_at}|{number}"


def district_with_fingerprint(district_id: int) -> tuple[District, str] | None:
    """The district and its ``district_fingerprint`` in one query; None when there is no such district."""
    plans = "municipalities__plans"
    district = District.objects.filter(pk=district_id).annotate(
        n=Count(f"{plans}__pk"), ids=Sum(f"{plans}__pk"), last=Max(f"{plans}__updated_at"),
        revisions=Sum(f"{plans}__monitoring_revision__number"),
    ).first()
    if district is None:
        return None
    return district, "|".join(str(getattr(district, k)) for k in ("n", "ids", "last", "revisions"))


def district_fingerprint(district_id: int) -> str:
    """What the district page depends on, in one query over the district's plans (not their reports)."""
    stats = Plan.objects.filter(municipality__district_id=district_id).aggregate(
        n=Count("pk"), ids=Sum("pk"), last=Max("updated_at"), revisions=Sum("monitoring_revision__number"),
    )
    return "|".join(str(stats[k]) for k in ("n", "ids", "last", "revisions"))


def district_overview(district_id: int, *, as_of: date | None = None) -> list[MunicipalityLine]:
    """Every plan of a district's municipalities with its roll-up, for comparison side by side.

    The page caches its rendering under ``district_fingerprint``; each plan's
    roll-up is cached under the plan's own fingerprint (``plan_rollups``), so
    after a change in one plan only that plan's reports are read again.
    """
    as_of = as_of or timezone.localdate()
    plans = list(
        Plan.objects.filter(municipality__district_id=district_id).select_related("municipality", "monitoring_revision")
        .order_by("municipality__name", "-period_start")
    )
    rollups = plan_rollups(plans, as_of=as_of)
    return [MunicipalityLine(p.municipality_id, p.municipality.name, p, rollups[p.pk]) for p in plans]


#: How long a plan's roll-up is kept; its fingerprint in the key already retires it on any change.
ROLLUP_SECONDS = 3600


def plan_rollups(plans: list[Plan], *, as_of: date) -> dict[int, progress.RollUp]:
    """Each plan's roll-up as of a day, from the cache where the plan has not changed, else computed (8 queries).

    ``plans`` come with their ``monitoring_revision`` (``loaded_plan_fingerprint``).
    """
    import hashlib

    from django.core.cache import cache

    keys = {
        p.pk: "monitoring:rollup:" + hashlib.sha256(f"{p.pk}|{as_of}|{loaded_plan_fingerprint(p)}".encode()).hexdigest()
        for p in plans
    }
    found = cache.get_many(list(keys.values()))
    rollups = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in rollups]
    if missing:
        computed = {pk: summary.rollup for pk, summary in summarise_plans(missing, as_of=as_of).items()}
        cache.set_many({keys[pk]: rollup for pk, rollup in computed.items()}, ROLLUP_SECONDS)
        rollups.update(computed)
    return rollups


def latest_year_with_data(district_id: int) -> int | None:
    """The last year whose period of a district's plan has an approved report (one query), or None.

    The district's consolidated report opens on it: the calendar's last year
    may have nothing approved yet (reports are due a month after it ends).
    """
    last = (
        ProgressReport.objects.filter(status=APPROVED, measure__plan__municipality__district_id=district_id)
        .aggregate(end=Max("period__end"))["end"]
    )
    return last.year if last else None
