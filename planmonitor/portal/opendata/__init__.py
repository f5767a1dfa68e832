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
Frictionless package; ``dcat`` the DCAT-AP descriptions; ``files`` every
file of one plan or of all (one code path for the per-plan addresses and the
archive); this module the archive of everything (``bulk_zip``).
"""

from __future__ import annotations

import io
import zipfile

from planmonitor.portal.opendata.dcat import DCAT_CONTEXT, catalogue_jsonld, dataset, dataset_jsonld
from planmonitor.portal.opendata.files import CONTENT_TYPES, FILES, PACKAGE_FILES, json_file, plan_files
from planmonitor.portal.opendata.package import neutralise, zipped
from planmonitor.portal.opendata.plan import LICENSE, plan_json, plan_urls, slug
from planmonitor.portal.selectors import public_plans

__all__ = [
    "CONTENT_TYPES", "DCAT_CONTEXT", "FILES", "LICENSE", "PACKAGE_FILES", "bulk_zip", "catalogue_jsonld",
    "dataset", "dataset_jsonld", "json_file", "neutralise", "plan_files", "plan_json", "plan_urls", "slug",
    "zipped",
]


def bulk_zip(base_url: str) -> bytes:
    """Everything in one archive: the catalogue, and per plan its plan.json, DCAT and data package.

    A fixed number of queries whatever the number of plans: every plan's
    files come from one :func:`plan_files` call, the same function the
    per-plan addresses use (so each file here is byte for byte the download
    at that plan's address, made at the same moment).
    """
    plans = list(public_plans().order_by("pk"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("catalog.jsonld", json_file(catalogue_jsonld(base_url, plans)))
        zf.writestr("LICENSE.txt", f"{LICENSE['title']}: {LICENSE['path']}\n")
        for plan, files in zip(plans, plan_files(plans, base_url), strict=True):
            for name, content in files.items():
                zf.writestr(f"plans/{plan.pk}/{name}", content)
    return out.getvalue()
