"""Plans side by side in a district, and the state of its plans that keys its cached pages."""


from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from planmonitor.accounts.models import District
from planmonitor.monitoring import progress
from planmonitor.monitoring.models import (
    MeasureStatus,
    ProgressReport,
)
from planmonitor.monitoring.selectors.dashboards import summarise_plans
from planmonitor.plans import revision
from planmonitor.plans.models import Plan

APPROVED = ProgressReport.Status.APPROVED
IN_PROGRESS_STATES = (MeasureStatus.IN_PROGRESS, MeasureStatus.PARTLY_DONE)


@dataclass
class MunicipalityLine:
    municipality_id: int
    municipality: str
    plan: Plan
    rollup: progress.RollUp


def district_with_state(district_id: int) -> tuple[District, str] | None:
    """The district and the state of its plans (``plans.revision.plans_state``) in one query; None when there is none."""
    district = revision.annotate_state(District.objects.filter(pk=district_id), "municipalities__plans").first()
    if district is None:
        return None
    return district, revision.annotated_state(district)


def district_state(district_id: int) -> str:
    """The state of a district's plans (count, ids, sum of revisions): one query, the key of its cached pages."""
    return revision.plans_state(Plan.objects.filter(municipality__district_id=district_id))


def district_overview(district_id: int, *, as_of: date | None = None) -> list[MunicipalityLine]:
    """Every plan of a district's municipalities with its roll-up, for comparison side by side.

    The page caches its rendering under ``district_state``; each plan's
    roll-up is cached under the plan's own revision (``plan_rollups``), so
    after a change in one plan only that plan's reports are read again.
    """
    as_of = as_of or timezone.localdate()
    plans = list(
        Plan.objects.filter(municipality__district_id=district_id).select_related("municipality")
        .order_by("municipality__name", "-period_start")
    )
    rollups = plan_rollups(plans, as_of=as_of)
    return [MunicipalityLine(p.municipality_id, p.municipality.name, p, rollups[p.pk]) for p in plans]


#: How long a plan's roll-up is kept; its revision in the key already retires it on any change.
ROLLUP_SECONDS = 3600


def plan_rollups(plans: list[Plan], *, as_of: date) -> dict[int, progress.RollUp]:
    """Each plan's roll-up as of a day, from the cache where the plan has not changed, else computed (8 queries).

    Each is keyed on the plan's revision (``plans.revision.cache_key``), read with the plan: no query.
    """
    from django.core.cache import cache

    keys = {p.pk: revision.cache_key("monitoring:rollup", p, as_of) for p in plans}
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
