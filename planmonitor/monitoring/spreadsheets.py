"""The offline round trip: an XLSX per institution and period, filled in Excel or LibreOffice, read back.

Layout (``FORMAT`` names it, in the hidden sheet ``meta``):

* sheet 1, measures: one row per measure the institution answers for. Key
  columns (measure id, report version, number, text) are locked; the status
  has a drop-down of the plans' own words; then what was done, people
  reached with breakdowns, and up to ``MONEY_LINES`` lines of money spent
  (amount, currency, source).
* sheet 2, indicators: one row per indicator of those measures; only the
  value column is editable.

Reading back checks every cell first and names each problem by sheet, row
and column. Only when there is none are the reports saved, each through
``services.save_report`` with the version the sheet was written at, inside
one transaction: a conflict on any row rolls everything back. So an upload
saves all of it or nothing. Rows whose report is already submitted or
approved are written locked and skipped on reading.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planmonitor.accounts.models import Institution
from planmonitor.core.actors import Actor
from planmonitor.monitoring import services
from planmonitor.monitoring.models import IndicatorValue, ProgressReport, ReportingPeriod
from planmonitor.plans.models import Indicator, Measure

FORMAT = "planmonitor-report-sheet/1"
MONEY_LINES = 2
PEOPLE = ("people_reached", "women", "men", "children", "adults")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF7D6")


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


def _measure_columns() -> list[tuple[str, str]]:
    """(key, header) of the measures sheet, in order."""
    cols = [
        ("measure_id", _("Measure id")), ("version", _("Version")), ("code", _("Number")), ("text", _("Measure")),
        ("measure_status", _("Status of the measure")), ("done_text", _("What was done")),
        ("people_reached", _("People reached")), ("women", _("of them women")), ("men", _("of them men")),
        ("children", _("of them children")), ("adults", _("of them adults")),
    ]
    for n in range(1, MONEY_LINES + 1):
        cols += [
            (f"amount_{n}", _("Amount spent %(n)s") % {"n": n}),
            (f"currency_{n}", _("Currency %(n)s") % {"n": n}),
            (f"source_{n}", _("Source of funding %(n)s") % {"n": n}),
        ]
    return cols


INDICATOR_KEYS = ("measure_id", "indicator_id", "code", "indicator", "unit", "baseline", "target", "value")


def _indicator_headers() -> list[str]:
    return [_("Measure id"), _("Indicator id"), _("Number"), _("Indicator"), _("Unit"), _("Baseline"),
            _("Target"), _("Value in this period")]


def sheet_titles() -> tuple[str, str]:
    return (_("Measures")[:31], _("Indicators")[:31])


#: Bulgarian letters in Latin (the official Streamlined System), so a file name says whose workbook it is.
_LATIN = dict(zip(
    "абвгдежзийклмнопрстуфхцчшщъьюя",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
     "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"],
    strict=True,
))


def _latin(text: str) -> str:
    return slugify("".join(_LATIN.get(ch, ch) for ch in text.lower()))[:60]


def file_name(period: ReportingPeriod, institution: Institution) -> str:
    """The download's name: the period and the institution, in Latin letters (every mail program and
    file system keeps them), e.g. ``report-2025-ruo.xlsx`` (issue 10: names used to be only numbers)."""
    who = _latin(institution.abbreviation or institution.name) or str(institution.pk)
    return f"report-{_latin(period.name) or period.pk}-{who}.xlsx"


def institutions_of(period: ReportingPeriod) -> Any:
    """The institutions that answer for a measure of the period's plan: the only ones a workbook is for.

    An institution of another plan (another municipality's school) gets no
    workbook: even an empty one would name it and its plan's period.
    """
    answering = Measure.institutions.through.objects.filter(measure__plan_id=period.plan_id).values("institution_id")
    return Institution.objects.filter(pk__in=answering)


def _measures_of(period: ReportingPeriod, institution: Institution) -> list[Measure]:
    return list(
        Measure.objects.current().filter(plan_id=period.plan_id, institutions=institution)
        .prefetch_related("indicators").order_by("position")
    )


def write_workbook(period: ReportingPeriod, institution: Institution) -> bytes:
    """The XLSX for one institution and period, pre-filled with what is already reported."""
    measures = _measures_of(period, institution)
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
    columns = _measure_columns()
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
    _append(wi, _indicator_headers())
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


# --- reading back ------------------------------------------------------------------------------


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
    measures = {m.pk: m for m in _measures_of(period, institution)}
    reports = {r.measure_id: r for r in ProgressReport.objects.filter(period=period, measure__in=list(measures))}
    ws, wi = wb.worksheets[0], wb.worksheets[1]
    sheet_m, sheet_i = ws.title or titles[0], wi.title or titles[1]
    columns = [key for key, _h in _measure_columns()]
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
