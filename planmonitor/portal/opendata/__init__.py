"""Open data: every public plan and its approved progress, as plan-json, a Frictionless data package and DCAT-AP.

What is published, per plan (addresses in ``docs/open-data.md``):

* ``plan.json``: the plan as plan-json/1 (the same document ``planmonitor
  export`` writes and ``planmonitor import`` reads), with an added
  ``progress`` list: the approved progress of every reporting period;
* a Frictionless data package: ``measures.csv`` (one row per measure),
  ``progress.csv`` (one row per measure and period), ``indicators.csv`` (one
  row per indicator and period) and ``datapackage.json`` describing every
  column with its type;
* ``dcat.jsonld``: a DCAT-AP dataset description that a national open data
  portal can harvest; ``catalog.jsonld`` lists every dataset.

Only public plans (adopted or closed) and only approved progress appear:
everything is read through ``planmonitor.reports.data``. Reporters' names,
review comments and evidence are never part of it. Licence: CC BY 4.0.

``plan`` holds the addresses, the licence and plan.json; ``package`` the
Frictionless package; ``dcat`` the DCAT-AP descriptions; this module the
archive of everything (``bulk_zip``).
"""

from __future__ import annotations

import io
import json
import zipfile

from planmonitor.ingest import exact_json
from planmonitor.portal.opendata.dcat import DCAT_CONTEXT, catalogue_jsonld, dataset, dataset_jsonld
from planmonitor.portal.opendata.package import neutralise, package_files, package_zip
from planmonitor.portal.opendata.plan import LICENSE, plan_json, plan_urls, slug
from planmonitor.portal.selectors import public_plans

__all__ = [
    "DCAT_CONTEXT", "LICENSE", "bulk_zip", "catalogue_jsonld", "dataset", "dataset_jsonld", "neutralise",
    "package_files", "package_zip", "plan_json", "plan_urls", "slug",
]


def bulk_zip(base_url: str) -> bytes:
    """Everything in one archive: the catalogue, and per plan its plan.json, data package and DCAT."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("catalog.jsonld", json.dumps(catalogue_jsonld(base_url), ensure_ascii=False, indent=2))
        zf.writestr("LICENSE.txt", f"{LICENSE['title']}: {LICENSE['path']}\n")
        for plan in public_plans().order_by("pk"):
            folder = f"plans/{plan.pk}"
            zf.writestr(f"{folder}/plan.json", exact_json.dumps(plan_json(plan), ensure_ascii=False, indent=2))
            zf.writestr(f"{folder}/dcat.jsonld", json.dumps(dataset_jsonld(plan, base_url), ensure_ascii=False, indent=2))
            for name, content in package_files(plan, base_url).items():
                zf.writestr(f"{folder}/{name}", content)
    return out.getvalue()
