"""Reading a filled workbook back: every cell checked, then all reports saved in one transaction or none."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planmonitor.accounts.models import Institution
from planmonitor.core.actors import Actor
from planmonitor.monitoring import services
from planmonitor.monitoring.models import ProgressReport, ReportingPeriod
from planmonitor.monitoring.spreadsheets.layout import (
    FORMAT,
    INDICATOR_KEYS,
    MONEY_LINES,
    PEOPLE,
    institutions_of,
    measure_columns,
    measures_of,
    sheet_titles,
)


@dataclass(frozen=True)
class Problem:
    """One refused cell: where it is and what is wrong with it."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Sheet “%(sheet)s”, row %(row)s, column %(column)s: %(message)s") % {
            "sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message,
        }


@dataclass
class UploadResult:
    saved: int = 0
    problems: list[Problem] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    return str(value).strip()


def _whole(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    number = services.parse_number(text)  # ValueError for text
    if number is None or number != number.to_integral_value() or number < 0:
        raise ValueError(text)
    return int(number)


class NegativeAmount(ValueError):
    """An amount below zero: a rule of its own, so that the sheet's reader is told which rule."""


def _amount(value: Any) -> Decimal | None:
    number = services.parse_number(_text(value))
    if number is not None and number < 0:
        raise NegativeAmount(value)
    return number


def read_workbook(period: ReportingPeriod, content: bytes, *, actor: Actor) -> UploadResult:
    """Check every cell; save all reports in one transaction, or nothing and list the problems."""
    result = UploadResult()
    titles = sheet_titles()
    try:
        wb = load_workbook(io.BytesIO(content), data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        result.problems.append(Problem("–", 1, "A", _("This is not an XLSX file written by planmonitor.")))
        return result
    if "meta" not in wb.sheetnames or len(wb.worksheets) < 2 or wb["meta"]["A1"].value != FORMAT:
        result.problems.append(Problem("meta", 1, "A", _("This is not an XLSX file written by planmonitor.")))
        return result
    meta = wb["meta"]
    if meta["B2"].value != period.pk:
        result.problems.append(Problem("meta", 2, "B", _("This spreadsheet belongs to another reporting period.")))
        return result
    try:
        institution = institutions_of(period).get(pk=meta["B3"].value)
    except (Institution.DoesNotExist, ValueError, TypeError):
        result.problems.append(Problem("meta", 3, "B", _("Unknown institution.")))
        return result
    measures = {m.pk: m for m in measures_of(period, institution)}
    reports = {r.measure_id: r for r in ProgressReport.objects.filter(period=period, measure__in=list(measures))}
    ws, wi = wb.worksheets[0], wb.worksheets[1]
    sheet_m, sheet_i = ws.title or titles[0], wi.title or titles[1]
    columns = [key for key, _h in measure_columns()]
    currencies = services.allowed_currencies(period)
    problems = result.problems
    inputs: dict[int, dict[str, Any]] = {}

    def problem(sheet: str, row: int, key_index: int, message: str) -> None:
        problems.append(Problem(sheet, row, get_column_letter(key_index + 1), message))

    for r, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = list(cells) + [None] * (len(columns) - len(cells))
        row = dict(zip(columns, cells, strict=False))
        if all(v in (None, "") for v in cells):
            continue
        measure = measures.get(row["measure_id"]) if isinstance(row["measure_id"], int) else None
        if measure is None:
            problem(sheet_m, r, 0, _("Unknown measure id; do not change the locked columns."))
            continue
        report = reports.get(measure.pk)
        if report is not None and not report.is_editable:
            continue  # submitted or approved: written locked, never read back
        data: dict[str, Any] = {"version": row["version"] if isinstance(row["version"], int) else -1}
        status = services.measure_status_from_text(_text(row["measure_status"]))
        if status is None:
            problem(sheet_m, r, columns.index("measure_status"),
                    _("Choose one of: %(choices)s.") % {"choices": ", ".join(services.BULGARIAN_STATUS_WORDS)})
        data["measure_status"] = status or ""
        data["done_text"] = _text(row["done_text"])
        for name in PEOPLE:
            try:
                data[name] = _whole(row[name])
            except ValueError:
                problem(sheet_m, r, columns.index(name), _("Enter a whole number (0 or more)."))
        spending = []
        for n in range(1, MONEY_LINES + 1):
            amount_raw, currency, source = row[f"amount_{n}"], _text(row[f"currency_{n}"]).upper(), _text(row[f"source_{n}"])
            if amount_raw in (None, "") and not source:
                continue
            try:
                amount = _amount(amount_raw)
            except NegativeAmount:
                problem(sheet_m, r, columns.index(f"amount_{n}"), _("The amount cannot be negative."))
                continue
            except (ValueError, InvalidOperation):
                problem(sheet_m, r, columns.index(f"amount_{n}"), _("Enter the amount spent as a number."))
                continue
            if amount is None:
                problem(sheet_m, r, columns.index(f"amount_{n}"), _("Enter the amount spent."))
                continue
            if currency not in currencies:
                problem(sheet_m, r, columns.index(f"currency_{n}"),
                        _("Money spent in this period is in %(currencies)s.") % {"currencies": ", ".join(currencies)})
                continue
            if not source:
                problem(sheet_m, r, columns.index(f"source_{n}"), _("Say where the money came from."))
                continue
            spending.append(services.ExpenditureInput(source, amount, currency))
        data["expenditures"] = spending
        data["values"] = {}
        data["row"] = r
        inputs[measure.pk] = data

    indicators = {i.pk: i for m in measures.values() for i in m.indicators.all()}
    value_col = len(INDICATOR_KEYS) - 1
    indicator_rows: dict[int, int] = {}
    for r, cells in enumerate(wi.iter_rows(min_row=2, values_only=True), start=2):
        cells = list(cells) + [None] * (len(INDICATOR_KEYS) - len(cells))
        row = dict(zip(INDICATOR_KEYS, cells, strict=False))
        if all(v in (None, "") for v in cells):
            continue
        indicator = indicators.get(row["indicator_id"]) if isinstance(row["indicator_id"], int) else None
        if indicator is None or indicator.measure_id != row["measure_id"]:
            problem(sheet_i, r, 1, _("Unknown indicator id; do not change the locked columns."))
            continue
        if indicator.measure_id not in inputs:
            continue  # its report is locked, or its measure row was refused above
        raw = _text(row["value"])
        if indicator.is_numeric:
            try:
                services.parse_number(raw)
            except ValueError:
                problem(sheet_i, r, value_col, _("Enter a number, e.g. 12 or 1 234,5."))
                continue
        inputs[indicator.measure_id]["values"][indicator.pk] = raw
        indicator_rows[indicator.pk] = r

    if problems:
        return result
    rows = [data.pop("row") for data in inputs.values()]
    entries = [
        (measures[measure_id], services.ReportInput(**{k: v for k, v in data.items() if k != "version"}), data["version"])
        for measure_id, data in inputs.items()
    ]
    for row, outcome in zip(rows, services.save_reports(period, entries, actor=actor), strict=True):
        if isinstance(outcome, services.ConflictError):
            problem(sheet_m, row, 1, str(outcome))
        elif isinstance(outcome, ValidationError):
            for where, messages in _error_cells(outcome, columns, indicator_rows):
                sheet, at_row, column = (sheet_i, *where) if where[0] else (sheet_m, row, where[1])
                problem(sheet, at_row, column, " ".join(messages))
        elif isinstance(outcome, services.MonitoringError):
            problem(sheet_m, row, 0, str(outcome))
        else:
            result.saved += 1
    if problems:
        result.saved = 0  # save_reports wrote nothing
    return result


def _error_cells(
    error: ValidationError, columns: list[str], indicator_rows: dict[int, int]
) -> list[tuple[tuple[int | None, int], list[str]]]:
    """Where each of a service's errors belongs in the sheet: ((indicator row or None, column index), messages).

    The service names fields (``women``, ``expenditure_0``, ``value_12``);
    each is put back at its own cell, so the person is sent to the cell to fix.
    """
    if not hasattr(error, "error_dict"):
        return [((None, columns.index("measure_status")), error.messages)]
    cells = []
    for name, messages in error.message_dict.items():
        if name.startswith("value_") and name.removeprefix("value_").isdigit():
            row = indicator_rows.get(int(name.removeprefix("value_")))
            cells.append(((row, len(INDICATOR_KEYS) - 1) if row else (None, 0), messages))
        elif name.startswith("expenditure_") and name.removeprefix("expenditure_").isdigit():
            cells.append(((None, columns.index(f"amount_{int(name.removeprefix('expenditure_')) + 1}")), messages))
        else:
            cells.append(((None, columns.index(name) if name in columns else 0), messages))
    return cells

