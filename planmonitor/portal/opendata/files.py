"""Every file of a plan's open data, for one plan or for all of them: the one code path.

The per-plan addresses (``/open-data/plans/<id>/<name>``) and the archive of
everything (``/open-data/all.zip``) both take their files from
:func:`plan_files`, the first with one plan, the second with every public
plan; so the two are the same bytes and cannot drift apart. What the files
need is read once for all the plans given, in a fixed number of queries
(``plans.plan_json.export_plans``, ``reports.data.gather_many`` through
``plans_reports``, ``package.measure_rows``): the archive of two hundred
plans costs the queries of one. Only what the asked-for files need is read,
so ``dcat.jsonld`` alone costs no query beyond the plan's own.
"""

from __future__ import annotations

from collections.abc import Collection

from planmonitor.ingest import exact_json
from planmonitor.plans.models import Plan
from planmonitor.plans.plan_json import export_plans
from planmonitor.portal.opendata import package
from planmonitor.portal.opendata.dcat import dataset_jsonld
from planmonitor.portal.opendata.plan import plan_json, plans_reports

#: The files of the data package (also zipped together as ``datapackage.zip``), in archive order.
PACKAGE_FILES = ("datapackage.json", "measures.csv", "progress.csv", "indicators.csv")
#: Every file of a plan, in archive order.
FILES = ("plan.json", "dcat.jsonld", *PACKAGE_FILES)
#: The media type each file is served with.
CONTENT_TYPES = {
    "plan.json": "application/json; charset=utf-8",
    "dcat.jsonld": "application/ld+json; charset=utf-8",
    "datapackage.json": "application/json; charset=utf-8",
    "measures.csv": "text/csv; charset=utf-8",
    "progress.csv": "text/csv; charset=utf-8",
    "indicators.csv": "text/csv; charset=utf-8",
}


def json_file(document: dict) -> bytes:
    """A JSON document as published: exact amounts (``exact_json``), UTF-8 text, indented."""
    return exact_json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def plan_files(plans: list[Plan], base_url: str, names: Collection[str] = FILES) -> list[dict[str, bytes]]:
    """For each of ``plans`` (loaded from ``public_plans()``; same order), its files ``names`` by name.

    The plans must be public ones: this reads approved progress only, but
    does not check who may see a plan.
    """
    unknown = set(names) - set(FILES)
    if unknown:
        raise ValueError(f"not an open data file: {sorted(unknown)}")
    ids = [plan.pk for plan in plans]
    reports = plans_reports(plans) if {"plan.json", "progress.csv", "indicators.csv"} & set(names) else {}
    exported = dict(zip(ids, export_plans(ids), strict=True)) if "plan.json" in names else {}
    rows = package.measure_rows(plans) if "measures.csv" in names else {}
    writers = {
        "plan.json": lambda plan: json_file(plan_json(exported[plan.pk], reports[plan.pk])),
        "dcat.jsonld": lambda plan: json_file(dataset_jsonld(plan, base_url)),
        "datapackage.json": lambda plan: package.descriptor_file(plan, base_url),
        "measures.csv": lambda plan: package.measures_file(rows[plan.pk]),
        "progress.csv": lambda plan: package.progress_file(reports[plan.pk]),
        "indicators.csv": lambda plan: package.indicators_file(reports[plan.pk]),
    }
    return [{name: writers[name](plan) for name in FILES if name in names} for plan in plans]
