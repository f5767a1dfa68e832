"""A public plan as open data: its addresses, its licence, and plan-json with approved progress."""

from __future__ import annotations

from django.utils import translation

from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Plan
from planmonitor.reports import data
from planmonitor.reports.report_model import ReportData

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def plans_reports(plans: list[Plan]) -> dict[int, list[ReportData]]:
    """Approved data of every reporting period of each plan (oldest first), by plan id.

    One batch for all plans and periods (``reports.data.gather_many``): the
    archive of every public plan costs the queries of one plan.
    """
    by_id = {plan.pk: plan for plan in plans}
    periods = ReportingPeriod.objects.filter(plan_id__in=list(by_id)).order_by("plan_id", "end", "pk")
    pairs = [(by_id[period.plan_id], period) for period in periods]
    found: dict[int, list[ReportData]] = {plan.pk: [] for plan in plans}
    with translation.override("bg"):
        for report in data.gather_many(pairs):
            found[report.plan_id].append(report)
    return found


def slug(plan: Plan) -> str:
    return f"planmonitor-plan-{plan.pk}"


def plan_urls(plan: Plan, base_url: str) -> dict[str, str]:
    """The stable addresses of a plan's open data (documented in docs/open-data.md)."""
    root = f"{base_url}/open-data/plans/{plan.pk}"
    return {
        "dataset": f"{root}/",
        "plan_json": f"{root}/plan.json",
        "datapackage_zip": f"{root}/datapackage.zip",
        "datapackage_json": f"{root}/datapackage.json",
        "measures_csv": f"{root}/measures.csv",
        "progress_csv": f"{root}/progress.csv",
        "indicators_csv": f"{root}/indicators.csv",
        "dcat_jsonld": f"{root}/dcat.jsonld",
        "page": f"{base_url}/portal/plans/{plan.pk}/",
    }


def plan_json(exported: dict, reports: list[ReportData]) -> dict:
    """plan-json/1 as ``planmonitor export`` writes it (``exported``), plus the approved ``progress`` of each period."""
    document = dict(exported)
    document["progress"] = [
        {
            "period": report.period_label,
            "start": report.period_start.isoformat(),
            "end": report.period_end.isoformat(),
            "final": report.is_final,
            "measures": [
                {
                    "code": m.code or None,
                    "text": m.text,
                    "status": m.status or None,
                    "done": m.done or None,
                    "spent": [{"amount": s.amount, "currency": s.currency, "source": s.source} for s in m.spent],
                    "indicators": [
                        {
                            "name": i.name,
                            "value": float(i.value) if i.value is not None else None,
                            "value_text": i.value_text or None,
                            "reached": float(i.reached) if i.reached is not None else None,
                        }
                        for i in m.indicators
                    ],
                }
                for m in report.measures
                if m.reported
            ],
        }
        for report in reports
    ]
    document["license"] = LICENSE["path"]
    return document
