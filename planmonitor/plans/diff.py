"""What changed between two versions of a plan: measures added, removed, and fields changed.

Two ``PlanVersion`` snapshots (plan-json) are compared measure by measure.
Measures are matched by their row id when the snapshots carry one (an
amendment updates rows in place), else by their place in the plan (priority
and number; the text for unnumbered measures), so a measure that was
reworded or renumbered shows as changed, not as removed and added.
Changed text is shown word by word with ``difflib``.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: plan-json measure fields as (path, label key) in the order the page shows them.
MEASURE_FIELDS: tuple[tuple[str, ...], ...] = (
    ("code",), ("text",), ("priority",), ("goal",), ("task",), ("responsible",), ("period", "raw"),
    ("period", "start"), ("period", "end"), ("status",), ("funding", "amount_raw"), ("funding", "amount"),
    ("funding", "currency"), ("funding", "source"), ("indicators",), ("baseline",), ("target",),
)
PLAN_FIELDS: tuple[tuple[str, ...], ...] = (("title",), ("municipality",), ("period", "start"), ("period", "end"))


@dataclass(frozen=True)
class FieldChange:
    field: str  # dotted plan-json path, e.g. "funding.amount"
    old: object
    new: object
    inline: SafeString  # the change word by word, with <del> and <ins>

    @property
    def label(self) -> str:
        """The field's name for people (the review page's label), e.g. "Amount" for ``funding.amount``."""
        from planmonitor.plans.review import MEASURE_FIELDS as MEASURE_LABELS
        from planmonitor.plans.review import PLAN_FIELDS as PLAN_LABELS

        for path, label, _kind in (*MEASURE_LABELS, *PLAN_LABELS):
            if path == self.field:
                return str(label)
        return self.field


@dataclass
class MeasureChange:
    key: str  # how the page names the measure: its number and the start of its text
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class VersionDiff:
    plan_changes: list[FieldChange]
    added: list[dict]
    removed: list[dict]
    changed: list[MeasureChange]
    priorities_added: list[str]
    priorities_removed: list[str]

    @property
    def is_empty(self) -> bool:
        return not (self.plan_changes or self.added or self.removed or self.changed
                    or self.priorities_added or self.priorities_removed)


def _get(item: dict, path: tuple[str, ...]) -> object:
    value: object = item
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def inline_diff(old: object, new: object) -> SafeString:
    """``old`` and ``new`` as one HTML string, removed words in ``<del>``, added words in ``<ins>``."""
    old_words = ("" if old is None else str(old)).split()
    new_words = ("" if new is None else str(new)).split()
    parts: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every word above is escaped


def _changes(old: dict, new: dict, fields: tuple[tuple[str, ...], ...]) -> list[FieldChange]:
    found = []
    for path in fields:
        before, after = _get(old, path), _get(new, path)
        if before != after:
            found.append(FieldChange(".".join(path), before, after, inline_diff(before, after)))
    return found


def _key(measure: dict) -> tuple:
    if measure.get("code"):
        return (measure.get("priority"), measure["code"])
    return (measure.get("priority"), None, (measure.get("text") or "").strip())


def _label(measure: dict) -> str:
    text = measure.get("text") or ""
    short = text if len(text) <= 90 else text[:89] + "…"
    return f"{measure['code']}. {short}" if measure.get("code") else short


def compare_versions(old: dict, new: dict) -> VersionDiff:
    """The difference between two plan-json snapshots, measure by measure."""
    remaining: dict[tuple, list[dict]] = defaultdict(list)
    by_id: dict[int, dict] = {}
    for measure in old.get("measures") or []:
        remaining[_key(measure)].append(measure)
        if measure.get("id"):
            by_id[measure["id"]] = measure
    added, changed = [], []
    for measure in new.get("measures") or []:
        before = by_id.pop(measure["id"], None) if measure.get("id") else None
        if before is not None:
            remaining[_key(before)].remove(before)
        else:
            candidates = [m for m in remaining.get(_key(measure), []) if m.get("id") in (None, *by_id)]
            if not candidates:
                added.append(measure)
                continue
            before = candidates[0]
            remaining[_key(before)].remove(before)
            by_id.pop(before.get("id"), None)
        field_changes = _changes(before, measure, MEASURE_FIELDS)
        if field_changes:
            changed.append(MeasureChange(_label(measure), field_changes))
    removed = [m for group in remaining.values() for m in group]
    old_names = [p["name"] for p in old.get("priorities") or []]
    new_names = [p["name"] for p in new.get("priorities") or []]
    return VersionDiff(
        plan_changes=_changes(old, new, PLAN_FIELDS),
        added=added,
        removed=removed,
        changed=changed,
        priorities_added=[n for n in new_names if n not in old_names],
        priorities_removed=[n for n in old_names if n not in new_names],
    )
