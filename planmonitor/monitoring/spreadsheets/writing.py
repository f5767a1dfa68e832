"""Writing the workbook an institution fills offline, pre-filled with what is already reported."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planmonitor.accounts.models import Institution
from planmonitor.monitoring import services
from planmonitor.monitoring.models import IndicatorValue, ProgressReport, ReportingPeriod
from planmonitor.monitoring.spreadsheets.layout import (
    FORMAT,
    INDICATOR_KEYS,
    MONEY_LINES,
    PEOPLE,
    indicator_headers,
    measure_columns,
    measures_of,
    sheet_titles,
)
from planmonitor.plans.models import Indicator

EDITABLE_FILL = PatternFill("solid", fgColor="FFF7D6")


def write_workbook(period: ReportingPeriod, institution: Institution) -> bytes:
    """The XLSX for one institution and period, pre-filled with what is already reported."""
    measures = measures_of(period, institution)
    reports = {
        r.measure_id: r
        for r in ProgressReport.objects.filter(period=period, measure__in=measures).prefetch_related("expenditures")
    }
    values = {
        (v.report.measure_id, v.indicator_id): v
        for v in IndicatorValue.objects.filter(report__period=period, report__measure__in=measures).select_related("report")
    }
    status_words = list(services.BULGARIAN_STATUS_WORDS)
    label_of = {code: word for word, code in services.BULGARIAN_STATUS_WORDS.items()}
    currencies = services.allowed_currencies(period)

    wb = Workbook()
    ws = wb.active
    ws.title, ind_title = sheet_titles()
    columns = measure_columns()
    _append(ws, [header for _key, header in columns])
    status_dv = DataValidation(type="list", formula1='"' + ",".join(status_words) + '"', allow_blank=True)
    currency_dv = DataValidation(type="list", formula1='"' + ",".join(currencies) + '"', allow_blank=True)
    number_dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    for dv in (status_dv, currency_dv, number_dv):
        ws.add_data_validation(dv)
    for measure in measures:
        report = reports.get(measure.pk)
        spending = list(report.expenditures.all()) if report else []
        row: dict[str, Any] = {
            "measure_id": measure.pk, "version": report.version if report else 0, "code": measure.code,
            "text": measure.text,
            "measure_status": label_of.get(report.measure_status, "") if report else "",
            "done_text": report.done_text if report else "",
        }
        for name in PEOPLE:
            row[name] = getattr(report, name) if report else None
        for n, e in enumerate(spending[:MONEY_LINES], start=1):
            row[f"amount_{n}"], row[f"currency_{n}"], row[f"source_{n}"] = e.amount, e.currency, e.source
        _append(ws, [row.get(key) for key, _h in columns])
        r = ws.max_row
        editable = report is None or (report.is_editable and len(spending) <= MONEY_LINES)
        for c, (key, _h) in enumerate(columns, start=1):
            cell = ws.cell(row=r, column=c)
            cell.alignment = Alignment(wrap_text=key in ("text", "done_text"), vertical="top")
            if editable and key not in ("measure_id", "version", "code", "text"):
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
                letter = get_column_letter(c)
                if key == "measure_status":
                    status_dv.add(f"{letter}{r}")
                elif key.startswith("currency_"):
                    currency_dv.add(f"{letter}{r}")
                elif key in PEOPLE or key.startswith("amount_"):
                    number_dv.add(f"{letter}{r}")
    _finish(ws, widths={"D": 60, "F": 50})

    wi = wb.create_sheet(ind_title)
    _append(wi, indicator_headers())
    for measure in measures:
        report = reports.get(measure.pk)
        editable = report is None or report.is_editable
        for ind in measure.indicators.all():
            saved = values.get((measure.pk, ind.pk))
            _append(wi, [measure.pk, ind.pk, measure.code, ind.name, ind.unit, ind.baseline_raw, ind.target_raw,
                         _cell_value(saved.raw, ind) if saved else None])
            cell = wi.cell(row=wi.max_row, column=len(INDICATOR_KEYS))
            if editable:
                cell.protection = Protection(locked=False)
                cell.fill = EDITABLE_FILL
    _finish(wi, widths={"D": 60})

    meta = wb.create_sheet("meta")
    meta.append([FORMAT])
    meta.append(["period", period.pk])
    meta.append(["institution", institution.pk])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


#: What a spreadsheet program would take for the start of a formula when the text is typed or imported.
FORMULA_STARTS = ("=", "+", "-", "@")


def _append(ws: Any, values: list[Any]) -> None:
    """Append a row where every text is a text cell, never a formula.

    openpyxl writes a string that begins with "=" as a live formula: a
    reporter's "=HYPERLINK(...)" would run in the coordinator's Excel, and
    as a formula has no stored value, reading the workbook back would
    erase the text. So text cells are forced to the string type, and those
    that look like a formula also get Excel's quote prefix (the apostrophe
    a person would type), so that editing the cell in Excel keeps it text.
    """
    ws.append(values)
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True


def _cell_value(raw: str, indicator: Indicator) -> Any:
    """Numbers go into the sheet as numbers, so that spreadsheet programs treat them as such."""
    if indicator.is_numeric:
        try:
            number = services.parse_number(raw)
        except ValueError:
            return raw
        return float(number) if number is not None else None
    return raw


def _finish(ws: Any, *, widths: dict[str, int]) -> None:
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
