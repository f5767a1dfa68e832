"""Plan-json sources for fixtures, and what an import of each layout should give back.

A layout shows only some of plan-json's fields (layout (a) has no status
column, layouts (b) and (c) have no task column and one funding column), so
``expected_plan`` says what a perfect reader can recover from a document built
in that layout: the score of an import is taken against that, not against
the full source plan.
"""

from __future__ import annotations

import copy
from pathlib import Path

from planmonitor.ingest import exact_json

LAYOUTS = ("kazanlak", "tvarditsa", "variant")


def load_plan(shared_dir: Path, name: str) -> dict:
    """A hand-labelled plan from ``shared/groundtruth`` (e.g. ``kazanlak-2017-2020``)."""
    return exact_json.loads((shared_dir / "groundtruth" / f"{name}.json").read_text(encoding="utf-8"))


def clean_plan(plan: dict, priorities: int | None = None, per_priority: int | None = None) -> dict:
    """A copy without labelling notes, reduced to ``priorities`` priorities of at most
    ``per_priority`` measures. Measures without a code, under a goal without a number
    or with a letter prefix ("ДАЗД-1") are kept: every layout writes them as they are.
    """
    plan = copy.deepcopy(plan)
    names = [p["name"] for p in plan["priorities"]][:priorities]
    plan["priorities"] = [p for p in plan["priorities"] if p["name"] in names]
    kept, counts = [], dict.fromkeys(names, 0)
    for m in plan["measures"]:
        m.pop("note", None)
        m.pop("ambiguous", None)
        if m["priority"] not in counts:
            continue
        if per_priority is not None and counts[m["priority"]] >= per_priority:
            continue
        counts[m["priority"]] += 1
        kept.append(m)
    plan["measures"] = kept
    used = {(m["priority"], m["goal"]) for m in kept}
    for p in plan["priorities"]:
        parents = {g["parent"] for g in p["goals"] if (p["name"], g["code"] or g["title"]) in used}
        p["goals"] = [g for g in p["goals"]
                      if (p["name"], g["code"] or g["title"]) in used or (g["code"] and g["code"] in parents)]
    return plan


def long_plan(plan: dict, copies: int) -> dict:
    """The plan's priorities repeated ``copies`` times under new names: a long document
    with the same kind of content, for page-spanning tests and the benchmark."""
    out = copy.deepcopy(plan)
    out["priorities"], out["measures"] = [], []
    for n in range(1, copies + 1):
        suffix = "" if n == 1 else f" {_roman(n)}"
        for p in plan["priorities"]:
            q = copy.deepcopy(p)
            q["name"] = p["name"] + suffix
            out["priorities"].append(q)
        for m in plan["measures"]:
            m = copy.deepcopy(m)
            m["priority"] = m["priority"] + suffix
            out["measures"].append(m)
    return out


def _roman(n: int) -> str:
    return {2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X"}.get(n, str(n))


def funding_text(measure: dict) -> str | None:
    """What a single funding column shows: the amount words, then the source words."""
    parts = [measure["funding"]["amount_raw"], measure["funding"]["source"]]
    return " ".join(p for p in parts if p) or None


def expected_plan(plan: dict, layout: str) -> dict:
    """The plan-json a faithful import of ``plan`` built in ``layout`` gives."""
    plan = copy.deepcopy(plan)
    for m in plan["measures"]:
        if layout == "kazanlak":
            m["status"] = m["baseline"] = m["target"] = None
        else:
            m["task"] = None
            m["funding"]["source"] = funding_text(m)
            m["funding"]["amount_raw"] = None
    if layout != "kazanlak":
        for p in plan["priorities"]:
            for g in p["goals"]:
                g["tasks"] = []
    return plan
