"""Reading numbers and indicators out of the text a plan states, without losing the text.

Pure functions used when a plan is stored: plan-json keeps cells as written;
the database keeps that text and, beside it, what can be read as a number.

Rules:

* A baseline or target is the first number its cell states, by the one set of
  number rules (:func:`planmonitor.ingest.numbers.read_number`):
  "2284 деца и ученици" is 2284 деца, "10 %" is 10 %, "1 234,5" is 1234.5;
  years ("до 2027 г.") are not values.
* An indicator is *cumulative* (values of the plan's years add up, "с
  натрупване") unless it reads as a level: a share, a percentage, a rate, the
  presence of something, or a count of people holding a post at one time.
* An indicators cell that lists several indicators ("Брой деца; Брой
  мероприятия") becomes several indicators only when the baseline and target
  cells are empty or list the same number of values; otherwise one indicator
  keeps the whole text, so no value is attached to the wrong indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from planmonitor.ingest.numbers import Value, read_number

__all__ = ["IndicatorDraft", "Value", "indicators_from_cells", "read_number", "reads_as_level", "split_list"]

_LEVEL_WORDS = (
    "дял", "процент", "%", "наличие", "налична", "наличен", "ниво", "степен", "коефициент", "съотношение",
    "среден", "средна", "средно", "назначен", "назначени", "работещ", "функционир", "осигурен", "равнище",
)
_CUMULATIVE_WORDS = ("натрупване", "кумулативно", "общо за периода")
_SPLIT = re.compile(r"\s*;\s*|\s*\n\s*|(?<=[.])\s+(?=[А-ЯA-Z])")


@dataclass(frozen=True)
class IndicatorDraft:
    """One indicator as it will be stored: its text, values as written, and what could be read."""

    name: str
    baseline_raw: str
    target_raw: str
    baseline: Decimal | None
    target: Decimal | None
    unit: str
    cumulative: bool


def reads_as_level(name: str) -> bool:
    """True when an indicator measures a level (a share, a presence) rather than a count that adds up."""
    lowered = name.lower()
    if any(word in lowered for word in _CUMULATIVE_WORDS):
        return False
    return any(word in lowered for word in _LEVEL_WORDS)


def split_list(text: str | None) -> list[str]:
    """Split a cell that lists several items (by ``;``, line or sentence) into its items."""
    if not text:
        return []
    return [part.strip(" ;") for part in _SPLIT.split(text.strip()) if part and part.strip(" ;")]


def indicators_from_cells(indicators: str | None, baseline: str | None, target: str | None) -> list[IndicatorDraft]:
    """Turn a measure's indicators, baseline and target cells into indicators (see the module rules)."""
    names = split_list(indicators)
    baselines = split_list(baseline)
    targets = split_list(target)
    if not names and not baseline and not target:
        return []
    aligned = len(names) > 1 and all(len(values) in (0, len(names)) for values in (baselines, targets))
    if not aligned:
        rows = [((indicators or "").strip(), (baseline or "").strip(), (target or "").strip())]
    else:
        rows = [
            (name, baselines[i] if baselines else "", targets[i] if targets else "") for i, name in enumerate(names)
        ]
    drafts = []
    for name, base_raw, target_raw in rows:
        base_value, target_value = read_number(base_raw), read_number(target_raw)
        unit = (target_value or base_value).unit if (target_value or base_value) else ""
        drafts.append(
            IndicatorDraft(
                name=name or target_raw or base_raw,
                baseline_raw=base_raw,
                target_raw=target_raw,
                baseline=base_value.number if base_value else None,
                target=target_value.number if target_value else None,
                unit=unit,
                cumulative=not reads_as_level(name),
            )
        )
    return drafts
