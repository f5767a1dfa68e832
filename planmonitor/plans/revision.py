"""One cache mechanism: a revision per plan, raised by every change, in every cached page's key.

Every service that changes what a page or document of a plan shows (its
measures, status, periods, reports, evidence, recommendations, the names of
the institutions and places it prints) calls :func:`bump` in its own
transaction. Every cached page, fragment and document is stored under a key
from :func:`cache_key` (one plan) or :func:`plans_key` (a district, the
country, the portal's index: several plans, one aggregate query). A cached
entry therefore lives exactly as long as the revision it was made at: a
change retires it in every process at the commit, and a rolled-back change
retires nothing.

Why one counter and not fingerprints of the data: fingerprints had to name
every table a page reads, and each new write path had to remember to change
one of them. A counter has one rule, enforced by
``tests/plans/test_revision.py``: a public service of ``plans.services`` or
``monitoring.services`` either bumps the plan's revision or is listed there
as changing nothing a page shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db.models import Count, F, QuerySet, Subquery, Sum

from planmonitor.plans.models import Measure, Plan


def bump(plan_id: int) -> None:
    """Raise the plan's revision by one, in the caller's transaction.

    A single ``UPDATE … SET revision = revision + 1``: two services changing
    the same plan at once each add their one (the row lock orders them), and
    the rise is seen by others only when the caller's transaction commits.
    Call it after the service's last save of the plan row.
    """
    Plan.objects.filter(pk=plan_id).update(revision=F("revision") + 1)


def lock_plan(plan_id: int | None = None, *, measure_id: int | None = None) -> None:
    """Take the plan row's lock first, before any row of its measures or reports.

    Amendments lock the plan, then change its measures and indicators; a
    report save that locked its report (and its values) first and took the
    plan row only in :func:`bump` at the end could wait for an amendment that
    waits for it: a deadlock, which PostgreSQL breaks by failing one of them.
    Every writer taking the plan row first gives one order. Give the plan, or
    a measure of it (a subquery, so no join rows are locked with it).
    """
    plans = Plan.objects.select_for_update()
    if plan_id is not None:
        plans = plans.filter(pk=plan_id)
    else:
        plans = plans.filter(pk=Subquery(Measure.objects.filter(pk=measure_id).values("plan_id")))
    list(plans.values_list("pk", flat=True))


def bump_plans(plans: QuerySet[Plan] | Iterable[int]) -> int:
    """Raise the revision of several plans in one statement (an institution or a place renamed); how many."""
    queryset = plans if isinstance(plans, QuerySet) else Plan.objects.filter(pk__in=list(plans))
    return Plan.objects.filter(pk__in=queryset.values("pk")).update(revision=F("revision") + 1)


def _digest(parts: Iterable[object]) -> str:
    return hashlib.blake2b("|".join(str(part) for part in parts).encode(), digest_size=12).hexdigest()


def cache_key(kind: str, plan: Plan, *parts: object) -> str:
    """The cache key of a page or document ``kind`` of one plan, as of the plan's revision.

    ``plan`` is a loaded plan (its ``revision`` came with it, no query);
    ``parts`` are what else the entry depends on: the language, the day,
    filters. The plan id and revision stay readable in the key.
    """
    return f"{kind}:{plan.pk}:r{plan.revision}:{_digest(parts)}"


def revision_key(kind: str, plan_id: int, revision: int, *parts: object) -> str:
    """:func:`cache_key` from a plan id and revision read without loading the plan (the portal's one query)."""
    return f"{kind}:{plan_id}:r{revision}:{_digest(parts)}"


def plans_state(plans: QuerySet[Plan]) -> str:
    """The state of a set of plans in one aggregate query.

    The count and the sum of ids change when a plan is added, deleted or
    moves to another district; the sum of revisions rises with every change
    of any of them (each only ever rises).
    """
    found = plans.order_by().aggregate(n=Count("pk"), ids=Sum("pk"), revisions=Sum("revision"))
    return f"{found['n']}.{found['ids'] or 0}.{found['revisions'] or 0}"


def plans_key(kind: str, plans: QuerySet[Plan], *parts: object) -> str:
    """The cache key of a page or document showing several plans (a district, the country, the portal's index)."""
    return f"{kind}:{plans_state(plans)}:{_digest(parts)}"


def state_key(kind: str, state: str, *parts: object) -> str:
    """:func:`plans_key` from a state read in another query (the district page reads it with the district)."""
    return f"{kind}:{state}:{_digest(parts)}"


def annotate_state(queryset: QuerySet, plans: str) -> QuerySet:
    """``queryset`` with ``n``, ``ids`` and ``revisions`` of the plans reached by ``plans`` (a lookup path)."""
    return queryset.annotate(n=Count(f"{plans}__pk"), ids=Sum(f"{plans}__pk"), revisions=Sum(f"{plans}__revision"))


def annotated_state(row: object) -> str:
    """The :func:`plans_state` string of a row from :func:`annotate_state`."""
    return f"{row.n}.{row.ids or 0}.{row.revisions or 0}"
