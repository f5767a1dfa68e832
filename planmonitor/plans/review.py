"""The import review as data: which fields a reviewer may correct, and where each warning belongs.

Pure functions over plan-json, so the review page, its save-on-change
endpoint and the publish button all apply a correction the same way.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

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
            return float(Decimal(value.replace(" ", "").replace("\u00a0", "").replace(",", ".")))
        except InvalidOperation:
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
