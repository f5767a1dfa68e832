"""The import review as data: which fields a reviewer may correct, and where each warning belongs.

Pure functions over plan-json, so the review page, its save-on-change
endpoint and the publish button all apply a correction the same way.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from planmonitor.ingest.numbers import parse_typed

#: Measure fields a reviewer corrects, as plan-json paths, with their labels and kinds.
MEASURE_FIELDS: tuple[tuple[str, object, str], ...] = (
    ("code", _("No."), "text"),
    ("text", _("Measure"), "long"),
    ("priority", _("Priority"), "text"),
    ("goal", _("Goal"), "text"),
    ("task", _("Task"), "text"),
    ("responsible", _("Responsible"), "long"),
    ("period.raw", _("Period"), "text"),
    ("period.start", _("From year"), "year"),
    ("period.end", _("To year"), "year"),
    ("status", _("Status"), "text"),
    ("funding.amount_raw", _("Money (as written)"), "text"),
    ("funding.amount", _("Amount"), "amount"),
    ("funding.currency", _("Currency"), "currency"),
    ("funding.source", _("Funding source"), "long"),
    ("indicators", _("Indicators"), "long"),
    ("baseline", _("Current value"), "text"),
    ("target", _("Target value"), "text"),
)
PLAN_FIELDS: tuple[tuple[str, object, str], ...] = (
    ("title", _("Title"), "long"),
    ("municipality", _("Municipality"), "text"),
    ("period.start", _("First year"), "year"),
    ("period.end", _("Last year"), "year"),
)
KINDS = {path: kind for path, _label, kind in MEASURE_FIELDS}
PLAN_KINDS = {path: kind for path, _label, kind in PLAN_FIELDS}


class CorrectionError(ValueError):
    """A correction that cannot be applied (unknown field, a year that is not a number...)."""


def _convert(kind: str, value: str) -> object:
    value = (value or "").strip()
    if not value:
        return None
    if kind == "year":
        if not value.isdigit() or not 1990 <= int(value) <= 2100:
            raise CorrectionError(_("A year is four digits, e.g. 2025."))
        return int(value)
    if kind == "amount":
        try:
            return parse_typed(value)  # Decimal, by the one set of number rules; never a float
        except ValueError:
            raise CorrectionError(_("An amount is a number, e.g. 1500,50.")) from None
    if kind == "currency":
        if value.upper() not in ("BGN", "EUR"):
            raise CorrectionError(_("The currency is BGN or EUR."))
        return value.upper()
    return value


def get_path(item: dict, path: str) -> object:
    """The value at a dotted plan-json path (``funding.amount``), or None."""
    value: object = item
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _set_path(item: dict, path: str, value: object) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        item = item.setdefault(part, {}) if isinstance(item.get(part), dict) or item.get(part) is None else item[part]
    item[parts[-1]] = value


def apply_correction(plan_json: dict, target: str, value: str) -> dict:
    """A copy of ``plan_json`` with one field corrected.

    ``target`` is ``plan.<path>`` for the plan's own fields or
    ``measures.<index>.<path>`` for a measure's; ``value`` is what was typed
    (empty means null, as in plan-json).
    """
    plan = copy.deepcopy(plan_json)
    if target.startswith("plan."):
        path = target[len("plan."):]
        if path not in PLAN_KINDS:
            raise CorrectionError(_("This field cannot be corrected here."))
        converted = _convert(PLAN_KINDS[path], value)
        if path in ("title", "municipality") and converted is None:
            raise CorrectionError(_("This field cannot be empty."))
        _set_path(plan, path, converted)
        return plan
    parts = target.split(".", 2)
    if len(parts) != 3 or parts[0] != "measures" or not parts[1].isdigit() or parts[2] not in KINDS:
        raise CorrectionError(_("This field cannot be corrected here."))
    index, path = int(parts[1]), parts[2]
    measures = plan.get("measures") or []
    if index >= len(measures):
        raise CorrectionError(_("This measure is not in the plan."))
    converted = _convert(KINDS[path], value)
    if path == "text" and converted is None:
        raise CorrectionError(_("This field cannot be empty."))
    _set_path(measures[index], path, converted)
    if path == "funding.amount" and converted is None:
        measures[index].setdefault("funding", {})["currency"] = None
    return plan


@dataclass(frozen=True)
class MarkedWarning:
    """A reader warning placed on the review page: at a measure (and field) when it names one."""

    message: str
    place: str
    measure_index: int | None
    field: str | None


def place_warnings(plan_json: dict, warnings: list[dict]) -> list[MarkedWarning]:
    """Attach each warning to its measure: the one whose number it names (the first, in plan order);
    a "no number" warning to the next measure that has none."""
    index_of: dict[str, int] = {}
    unnumbered: list[int] = []
    for index, measure in enumerate(plan_json.get("measures") or []):
        if measure.get("code"):
            index_of.setdefault(str(measure["code"]), index)
        else:
            unnumbered.append(index)
    marked = []
    for warning in warnings:
        code = warning.get("measure")
        index = warning.get("index")
        if index is None and code is not None:
            index = index_of.get(str(code))
        elif index is None and warning.get("field") == "code" and unnumbered:
            # The reader warns once per measure without a number, in document order.
            index = unnumbered.pop(0)
        marked.append(MarkedWarning(warning.get("message", ""), warning.get("place", ""), index, warning.get("field")))
    return marked


def anchor_warnings(plan_json: dict, warnings: list[dict]) -> list[dict]:
    """The warnings with the index of their measure written in (``index``), placed once when the file is read.

    Splitting, adding or deleting a measure then only shifts indices, so each
    warning stays on the measure it was about however the list changes.
    """
    marked = place_warnings(plan_json, warnings)
    return [{**warning, "index": mark.measure_index} for warning, mark in zip(warnings, marked, strict=True)]


#: A line that starts a measure of its own: its number ("1.2.", "3)") then text.
MEASURE_START = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(\S.*)$", re.DOTALL)


def _shift(warnings: list[dict], start: int, by: int) -> list[dict]:
    return [
        {**w, "index": w["index"] + by} if w.get("index") is not None and w["index"] >= start else w
        for w in warnings
    ]


def _measure_at(plan_json: dict, index: int) -> dict:
    measures = plan_json.get("measures") or []
    if not 0 <= index < len(measures):
        raise CorrectionError(_("This measure is not in the plan."))
    return measures[index]


def split_point(text: str) -> int | None:
    """Where a merged measure's text most likely holds a second measure: the first later line that starts
    with a number ("1.2. ..."), else the first line break; None when the text is one line."""
    lines = text.split("\n")
    offset = len(lines[0]) + 1
    for line in lines[1:]:
        if MEASURE_START.match(line):
            return offset
        offset += len(line) + 1
    return text.index("\n") + 1 if "\n" in text.strip() else None


def split_measure(plan_json: dict, warnings: list[dict], index: int, at: int | None) -> tuple[dict, list[dict]]:
    """Two measures where the reader made one: the text before ``at`` (a character offset) stays, the rest
    becomes a new measure just after it, with the other fields copied for the reviewer to check."""
    plan = copy.deepcopy(plan_json)
    measure = _measure_at(plan, index)
    text = measure.get("text") or ""
    if at is None or not 0 < at < len(text.rstrip()):
        at = split_point(text)
    if at is None or not text[:at].strip() or not text[at:].strip():
        raise CorrectionError(_("Put the cursor in the measure's text where the second measure starts, then split."))
    first, rest = text[:at].strip(), text[at:].strip()
    new = copy.deepcopy(measure)
    new["code"] = None
    found = MEASURE_START.match(rest)
    if found:
        new["code"], rest = found.group(1), found.group(2).strip()
    new["text"] = rest
    measure["text"] = first
    plan["measures"].insert(index + 1, new)
    warnings = _shift(warnings, index + 1, 1) + [{
        "message": str(_("Split from the measure above: check the fields copied from it.")),
        "place": "", "measure": None, "field": None, "index": index + 1,
    }]
    return plan, warnings


def insert_measure(plan_json: dict, warnings: list[dict], after: int) -> tuple[dict, list[dict]]:
    """A new, empty measure after measure ``after`` (-1: first), in the same priority, goal and task."""
    plan = copy.deepcopy(plan_json)
    measures = plan.setdefault("measures", [])
    if not -1 <= after < len(measures):
        raise CorrectionError(_("This measure is not in the plan."))
    near = measures[after] if after >= 0 else (measures[0] if measures else {})
    new = {
        "code": None, "text": "", "priority": near.get("priority") or "", "goal": near.get("goal"),
        "task": near.get("task"), "responsible": None, "period": {"raw": None, "start": None, "end": None},
        "status": None, "funding": {"amount_raw": None, "amount": None, "currency": None, "source": None},
        "indicators": None, "baseline": None, "target": None,
    }
    measures.insert(after + 1, new)
    warnings = _shift(warnings, after + 1, 1) + [{
        "message": str(_("Added by hand: write its text and check its fields.")),
        "place": "", "measure": None, "field": "text", "index": after + 1,
    }]
    return plan, warnings


def delete_measure(plan_json: dict, warnings: list[dict], index: int) -> tuple[dict, list[dict]]:
    """The plan without measure ``index`` (a row the reader took for a measure); its warnings go with it."""
    plan = copy.deepcopy(plan_json)
    _measure_at(plan, index)
    del plan["measures"][index]
    kept = [w for w in warnings if w.get("index") != index]
    return plan, _shift(kept, index + 1, -1)


@dataclass(frozen=True)
class Problem:
    """Something that stops publishing, at a field (``target`` as ``apply_correction`` takes it)."""

    target: str
    message: str

    @property
    def measure_index(self) -> int | None:
        parts = self.target.split(".")
        return int(parts[1]) if parts[0] == "measures" and parts[1].isdigit() else None


def problems(plan_json: dict) -> list[Problem]:
    """Every field that would stop the plan from being stored, in page order, with what to do about it."""
    found: list[Problem] = []
    if not (plan_json.get("title") or "").strip():
        found.append(Problem("plan.title", str(_("This field cannot be empty."))))
    if not (plan_json.get("municipality") or "").strip():
        found.append(Problem("plan.municipality", str(_("This field cannot be empty."))))
    period = plan_json.get("period") or {}
    for key in ("start", "end"):
        if not period.get(key):
            found.append(Problem(f"plan.period.{key}", str(_("Enter the plan's first and last year."))))
    if period.get("start") and period.get("end") and int(period["end"]) < int(period["start"]):
        found.append(Problem("plan.period.end", str(_("The last year comes before the first."))))
    for index, measure in enumerate(plan_json.get("measures") or []):
        where = f"measures.{index}."
        if not (measure.get("text") or "").strip():
            found.append(Problem(where + "text", str(_("This field cannot be empty."))))
        if not (measure.get("priority") or "").strip():
            found.append(Problem(where + "priority", str(_("Name the measure's priority."))))
        mperiod = measure.get("period") or {}
        if mperiod.get("start") and mperiod.get("end") and mperiod["end"] < mperiod["start"]:
            found.append(Problem(where + "period.end", str(_("The last year comes before the first."))))
        funding = measure.get("funding") or {}
        if funding.get("amount") is not None and not funding.get("currency"):
            found.append(Problem(where + "funding.currency", str(_("Say in which currency the amount is."))))
    return found
