"""The Frictionless data package of a plan: three CSV files and the descriptor of every column."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.utils import timezone

from planmonitor.core.money import total
from planmonitor.plans.models import Measure, Plan
from planmonitor.portal.opendata.plan import LICENSE, slug
from planmonitor.reports.report_model import ReportData

MEASURE_FIELDS = [
    ("plan_id", "integer", "Number of the plan in this catalogue."),
    ("measure_id", "integer", "Number of the measure in this catalogue; stable across plan amendments."),
    ("code", "string", "The measure's number as printed in the plan (e.g. 1.1.2)."),
    ("priority_position", "integer", "Position of the measure's priority in the plan, from 1."),
    ("priority", "string", "Name of the priority the measure belongs to."),
    ("goal", "string", "Number or title of the measure's goal, as printed."),
    ("task", "string", "Number or title of the measure's task, as printed; empty when the plan has none."),
    ("text", "string", "What the measure is, in the plan's words."),
    ("responsible", "string", "Responsible institutions as the plan writes them."),
    ("period_raw", "string", "The measure's period as printed."),
    ("period_start", "integer", "First year of the measure; empty when the plan states none."),
    ("period_end", "integer", "Last year of the measure; empty when the plan states none."),
    ("funding_raw", "string", "Funding as printed (amount and source)."),
    ("funding_amount", "number", "Money planned, as a number in funding_currency; empty when the plan states none."),
    ("funding_currency", "string", "ISO 4217 currency of funding_amount: BGN or EUR."),
    ("funding_source", "string", "Source of the planned money as printed."),
    ("indicators", "string", "Indicators as printed."),
    ("baseline", "string", "Current (baseline) value as printed."),
    ("target", "string", "Target value as printed."),
    ("retired_in_version", "integer",
     "The plan version that dropped the measure (its approved progress stays in progress.csv); empty while it is in the plan."),
]

PROGRESS_FIELDS = [
    ("plan_id", "integer", "Number of the plan."),
    ("measure_id", "integer", "Number of the measure (see measures.csv)."),
    ("code", "string", "The measure's number as printed in the plan."),
    ("period", "string", "Name of the reporting period (usually a year)."),
    ("period_start", "date", "First day of the reporting period."),
    ("period_end", "date", "Last day of the reporting period."),
    ("period_final", "boolean", "True when the period is closed and every report in it is approved."),
    ("reported", "boolean", "True when an approved progress report exists for the measure and period."),
    ("status", "string", "Status of the measure in the period (done, in_progress, partly_done, not_done, postponed, dropped); empty when not reported."),
    ("status_label", "string", "The status in Bulgarian."),
    ("done", "string", "What was done in the period, as approved."),
    ("spent_amount", "number", "Money spent in the period, summed over sources, in spent_currency."),
    ("spent_currency", "string", "ISO 4217 currency of spent_amount (BGN before 2026, EUR from 2026); amounts in the other currency converted at 1.95583 BGN per EUR."),
    ("spent_converted", "boolean", "True when spent_amount includes converted amounts."),
    ("people_reached", "integer", "People reached in the period; empty when not stated."),
    ("women", "integer", "Of them women."),
    ("men", "integer", "Of them men."),
    ("children", "integer", "Of them children."),
    ("adults", "integer", "Of them adults."),
]

INDICATOR_FIELDS = [
    ("plan_id", "integer", "Number of the plan."),
    ("measure_id", "integer", "Number of the measure (see measures.csv)."),
    ("period", "string", "Name of the reporting period."),
    ("period_end", "date", "Last day of the reporting period."),
    ("indicator", "string", "The indicator's name."),
    ("unit", "string", "Unit of the indicator's values."),
    ("baseline", "number", "Baseline value; empty when the plan gives none as a number."),
    ("target", "number", "Target value; empty when the target is text only."),
    ("target_raw", "string", "The target as printed."),
    ("cumulative", "boolean", "True when yearly values add up towards the target (с натрупване); false for a level."),
    ("value", "number", "Approved value reported for the period; empty when none."),
    ("value_text", "string", "The value as text, for indicators that are not numeric."),
    ("reached", "number", "Value reached by the end of the period: baseline plus the sum of values for cumulative indicators, the latest value for levels."),
    ("progress", "number", "Share of the way from baseline to target (1 = target reached)."),
]


#: What a spreadsheet program reads as the start of a formula (OWASP "CSV injection"): a text cell
#: that begins with one of these gets a leading apostrophe, the way Excel and LibreOffice expect.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel on a Bulgarian Windows reads a CSV without a byte order mark as Windows-1251 and shows
#: mojibake; with it, UTF-8. Frictionless, pandas and LibreOffice read the mark as what it is.
BOM = "\ufeff"


def neutralise(text: str) -> str:
    """Text as a CSV cell that no spreadsheet program runs as a formula (plan.json keeps it unchanged)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value, kind: str = "string") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value)) if kind == "string" else str(value)


def _csv(fields: list[tuple[str, str, str]], rows: Iterable[dict]) -> bytes:
    """UTF-8 with a byte order mark; text columns neutralised, typed columns (numbers, dates) as they are."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _t, _d in fields])
    for row in rows:
        writer.writerow([_cell(row.get(name), kind) for name, kind, _d in fields])
    return out.getvalue().encode("utf-8")


def measure_rows(plans: list[Plan]) -> dict[int, list[dict]]:
    """The measures.csv rows of each plan (every measure, retired ones too), by plan id; two queries for all."""
    rows: dict[int, list[dict]] = {plan.pk: [] for plan in plans}
    measures = (
        Measure.objects.filter(plan_id__in=list(rows))
        .select_related("priority", "goal", "task").prefetch_related("fundings")
        .order_by("plan_id", "priority__position", "position", "id")
    )
    for m in measures:
        funding = next(iter(m.fundings.all()), None)
        rows[m.plan_id].append({
            "plan_id": m.plan_id, "measure_id": m.pk, "code": m.code, "priority_position": m.priority.position,
            "priority": m.priority.name, "goal": (m.goal.code or m.goal.title) if m.goal else "",
            "task": (m.task.code or m.task.title) if m.task else "", "text": m.text,
            "responsible": m.responsible_raw, "period_raw": m.period_raw, "period_start": m.period_start,
            "period_end": m.period_end,
            "funding_raw": " ".join(x for x in (funding.amount_raw, funding.source) if x) if funding else "",
            "funding_amount": funding.amount if funding else None,
            "funding_currency": funding.currency if funding and funding.amount is not None else "",
            "funding_source": funding.source if funding else "",
            "indicators": m.indicators_raw, "baseline": m.baseline_raw, "target": m.target_raw,
            "retired_in_version": m.retired_in,
        })
    return rows


def progress_rows(reports: list[ReportData]) -> list[dict]:
    rows = []
    for report in reports:
        for m in report.measures:
            spent = total(((s.amount, s.currency) for s in m.spent), to=report.currency)
            rows.append({
                "plan_id": report.plan_id, "measure_id": m.id, "code": m.code, "period": report.period_label,
                "period_start": report.period_start, "period_end": report.period_end,
                "period_final": report.is_final, "reported": m.reported,
                "status": m.status, "status_label": m.status_label if m.reported else "", "done": m.done,
                "spent_amount": spent.amount if m.reported else None,
                "spent_currency": report.currency if m.reported else "",
                "spent_converted": spent.converted if m.reported else None,
                **{key: value for key, _label, value in m.people},
            })
    return rows


def indicator_rows(reports: list[ReportData]) -> list[dict]:
    rows = []
    for report in reports:
        for m in report.measures:
            for ind in m.indicators:
                rows.append({
                    "plan_id": report.plan_id, "measure_id": m.id, "period": report.period_label,
                    "period_end": report.period_end, "indicator": ind.name, "unit": ind.unit,
                    "baseline": ind.baseline, "target": ind.target, "target_raw": ind.target_raw,
                    "cumulative": ind.cumulative, "value": ind.value, "value_text": ind.value_text,
                    "reached": ind.reached,
                    "progress": ind.progress.quantize(Decimal("0.0001")) if ind.progress is not None else None,
                })
    return rows


def _schema(fields: list[tuple[str, str, str]], primary_key: list[str], foreign: bool = False) -> dict:
    schema: dict = {
        "fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
        "primaryKey": primary_key,
    }
    for field in schema["fields"]:
        if field["type"] == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
    if foreign:
        schema["foreignKeys"] = [
            {"fields": ["measure_id"], "reference": {"resource": "measures", "fields": ["measure_id"]}}
        ]
    return schema


def datapackage(plan: Plan, base_url: str) -> dict:
    """The ``datapackage.json`` descriptor: every resource, every column, its type and meaning."""
    return {
        "name": slug(plan),
        "title": f"{plan.title} ({plan.municipality.name}, {plan.period_start}–{plan.period_end})",
        "description": (
            "Measures of a municipal action plan and their approved progress per reporting period. "
            "Only progress reports approved by the municipal monitoring unit are included."
        ),
        "homepage": f"{base_url}/portal/plans/{plan.pk}/",
        "licenses": [LICENSE],
        "keywords": ["municipal action plan", "monitoring", plan.municipality.name],
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "resources": [
            {
                "name": "measures", "path": "measures.csv", "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "description": "One row per measure of the plan.",
                "schema": _schema(MEASURE_FIELDS, ["measure_id"]),
            },
            {
                "name": "progress", "path": "progress.csv", "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "description": "One row per measure and reporting period: approved status, work done, money spent, people reached.",
                "schema": _schema(PROGRESS_FIELDS, ["measure_id", "period"], foreign=True),
            },
            {
                "name": "indicators", "path": "indicators.csv", "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "description": "One row per indicator and reporting period: approved value, value reached, progress.",
                "schema": _schema(INDICATOR_FIELDS, [], foreign=True),
            },
        ],
    }


def descriptor_file(plan: Plan, base_url: str) -> bytes:
    """``datapackage.json`` as published (a resource without a primary key has none in its schema)."""
    descriptor = datapackage(plan, base_url)
    for resource in descriptor["resources"]:
        if not resource["schema"]["primaryKey"]:
            del resource["schema"]["primaryKey"]
    return json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")


def measures_file(rows: list[dict]) -> bytes:
    return _csv(MEASURE_FIELDS, rows)


def progress_file(reports: list[ReportData]) -> bytes:
    return _csv(PROGRESS_FIELDS, progress_rows(reports))


def indicators_file(reports: list[ReportData]) -> bytes:
    return _csv(INDICATOR_FIELDS, indicator_rows(reports))


def zipped(files: dict[str, bytes]) -> bytes:
    """Files by name as one zip archive (the data package's ``datapackage.zip``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return out.getvalue()
