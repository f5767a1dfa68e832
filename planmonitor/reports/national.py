"""The national consolidation: the district consolidation one level up, a row per district.

The national coordinator compares districts the way a district coordinator
compares municipalities, so the national view is the same
:class:`~planmonitor.reports.district.Consolidation` (and is written by the
same page, PDF, DOCX and XLSX writers) with ``national`` set: each priority's
table has one row per district, the district's totals from its own
consolidation, so a national figure is always the sum of what each district
report says. Districts are read one at a time, which keeps memory to one
district's report data however many municipalities use planmonitor. Every
municipality of the national register that has not reported (or has no plan
in planmonitor) is listed with its district.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from planmonitor.accounts import registry
from planmonitor.accounts.models import District
from planmonitor.core.money import currency_on
from planmonitor.reports.district import Consolidation, PriorityTable, Row, consolidate_many, in_plans_order


def consolidate_national(year: int) -> Consolidation:
    """Every district's consolidation of ``year`` as one table per priority, a row per district."""
    currency = currency_on(date(year, 12, 31))
    tables: dict[str, PriorityTable] = {}
    positions: dict[str, list[int]] = {}
    not_reported: list[tuple[str, str]] = []
    provisional: list[str] = []
    municipalities = 0
    statuses: tuple[tuple[str, str], ...] = ()
    with translation.override("bg"):
        known = set()
        districts = list(District.objects.order_by("name"))
        for district, c in zip(districts, consolidate_many(districts, year), strict=True):
            known.add(registry.canonical_district(district.name))
            statuses = c.statuses
            municipalities += c.municipalities
            not_reported += [(f"{name} ({district.name})", why) for name, why in c.not_reported]
            provisional += [f"{name} ({district.name})" for name in c.provisional]
            for position, table in enumerate(c.tables):
                key = table.name.strip().lower()
                positions.setdefault(key, []).append(position)
                national = tables.setdefault(key, PriorityTable(table.name, [], Row(_("Total"))))
                row = replace(table.totals, municipality=district.name, by_status=dict(table.totals.by_status))
                national.rows.append(row)
                national.totals.add(row)
        for name in registry.districts():
            if name in known:
                continue
            missing = registry.municipalities(name)
            municipalities += len(missing)
            not_reported += [(f"{m} ({name})", _("no plan in planmonitor")) for m in missing]
        if not statuses:
            from planmonitor.monitoring.models import MeasureStatus

            statuses = tuple((k, str(label)) for k, label in MeasureStatus.choices)
        title = _("Bulgaria")

    return Consolidation(
        district=str(title), year=year, currency=currency, statuses=statuses,
        tables=in_plans_order(tables, positions), not_reported=sorted(not_reported),
        reports=[], municipalities=municipalities, provisional=provisional, national=True,
    )


#: As for the district consolidation: any plan or monitoring change retires the cached copy at once.
CACHE_SECONDS = 600


def cached_national(year: int) -> Consolidation:
    """:func:`consolidate_national`, computed once per change of any plan or monitoring data."""
    from django.db.models import Count, Sum

    from planmonitor.accounts.models import Municipality
    from planmonitor.plans import revision
    from planmonitor.plans.models import Plan

    places = Municipality.objects.aggregate(n=Count("pk"), districts=Sum("district_id"))
    key = revision.plans_key("reports:national", Plan.objects.all(), year, places["n"], places["districts"])
    c = cache.get(key)
    if c is None:
        c = consolidate_national(year)
        cache.set(key, c, CACHE_SECONDS)
    return c


def filename(year: int, fmt: str) -> str:
    """The download name: ``national-2025.pdf``."""
    return f"national-{year}.{fmt}"
