"""Which stored measure each plan-json measure is, so that reports, values and recommendations stay attached."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planmonitor.plans.models import (
    Measure,
)


def _normalised(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def match_measures(items: list[dict], current: list[Measure], retired: list[Measure]) -> list[Measure | None]:
    """Which stored measure each plan-json measure is, so that its reports stay attached to it.

    In this order, each stored measure claimed at most once: the id an
    amendment form carries; the same priority, number and text; the same
    text where no other measure has it (a renumbered measure, as
    ``import --new-version`` of a re-edited document gives); the same
    priority and number (a reworded measure); the number alone where it is
    unique on both sides (a renamed priority); finally a retired measure
    with the same number and text comes back with its history. None means
    a new measure, and a stored measure nobody claims is dropped (retired
    if it has history).
    """
    matched: list[Measure | None] = [None] * len(items)
    claimed: set[int] = set()

    def claim(index: int, measure: Measure) -> None:
        matched[index] = measure
        claimed.add(measure.pk)

    by_id = {m.pk: m for m in current}
    for index, item in enumerate(items):
        measure = by_id.get(item.get("id")) if item.get("id") else None
        if measure is not None and measure.pk not in claimed:
            claim(index, measure)

    def first_free(item_key, measure_key, pool: list[Measure]) -> None:
        """Pair each unmatched item with the first free measure of the same key (keys may repeat)."""
        by_key: dict[Any, list[Measure]] = defaultdict(list)
        for measure in pool:
            if measure_key(measure):
                by_key[measure_key(measure)].append(measure)
        for index, item in enumerate(items):
            if matched[index] is None and item_key(item):
                free = [m for m in by_key.get(item_key(item), []) if m.pk not in claimed]
                if free:
                    claim(index, free[0])

    def unique_pairs(item_key, measure_key, pool: list[Measure]) -> None:
        """Pair an unmatched item and a free measure whose key no other item or measure shares."""
        free_items = [i for i, item in enumerate(items) if matched[i] is None and item_key(item)]
        free = [m for m in pool if m.pk not in claimed and measure_key(m)]
        item_count: dict[str, int] = defaultdict(int)
        measure_count: dict[str, int] = defaultdict(int)
        for i in free_items:
            item_count[item_key(items[i])] += 1
        for m in free:
            measure_count[measure_key(m)] += 1
        for i in free_items:
            key = item_key(items[i])
            if item_count[key] == 1 and measure_count[key] == 1:
                claim(i, next(m for m in free if measure_key(m) == key))

    def same(item: dict) -> tuple:
        return (item["priority"], item.get("code") or "", _normalised(item.get("text")))

    first_free(same, lambda m: (m.priority.name, m.code, _normalised(m.text)), current)
    unique_pairs(lambda item: _normalised(item.get("text")), lambda m: _normalised(m.text), current)
    first_free(lambda item: (item["priority"], item["code"]) if item.get("code") else None,
               lambda m: (m.priority.name, m.code) if m.code else None, current)
    unique_pairs(lambda item: item.get("code") or "", lambda m: m.code, current)
    unique_pairs(lambda item: f"{item.get('code') or ''}|{_normalised(item.get('text'))}",
                 lambda m: f"{m.code}|{_normalised(m.text)}", retired)
    return matched

