"""The two seed plans import with the accuracy issue 3 asks for, scored by the shared scorer.

The floor asserted here is 0.95 (the issue's alarm level); the target is 0.99 F1
and 0.97 field accuracy, printed by ``bench/bench_ingest.py``.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from planmonitor.ingest import read_plan
from tests.ingest.conftest import SEEDS

FLOOR = 0.95


@pytest.mark.parametrize("truth_name", sorted(SEEDS))
def test_seed_scores_above_floor(shared_dir, scorer, truth_name):
    """Measure F1 and field accuracy stay at or above 0.95 on each seed."""
    data = (shared_dir / "seeds" / SEEDS[truth_name]).read_bytes()
    truth = json.loads((shared_dir / "groundtruth" / f"{truth_name}.json").read_text(encoding="utf-8"))
    result = scorer.score(read_plan(data, SEEDS[truth_name]).plan, truth)
    summary = json.dumps({k: result[k] for k in ("measures", "field_accuracy", "missing", "extra")}, ensure_ascii=False)
    assert result["measures"]["f1"] >= FLOOR, summary
    assert result["field_accuracy"] >= FLOOR, summary + "\n" + "\n".join(result["wrong"][:20])
    assert result["goal_recall"] >= FLOOR, summary
    assert result["header"] == {"municipality": True, "period": True, "priorities": 1.0}


@pytest.mark.parametrize("truth_name", sorted(SEEDS))
def test_seeds_still_read_perfectly(shared_dir, scorer, truth_name):
    """Issue 15 keeps both seeds at 1.000: a general rule that costs a seed field is caught here, not only by the bench."""
    data = (shared_dir / "seeds" / SEEDS[truth_name]).read_bytes()
    truth = json.loads((shared_dir / "groundtruth" / f"{truth_name}.json").read_text(encoding="utf-8"))
    result = scorer.score(read_plan(data, SEEDS[truth_name]).plan, truth)
    assert (result["measures"]["f1"], result["field_accuracy"]) == (1.0, 1.0), "\n".join(result["wrong"][:20])


@pytest.mark.parametrize("truth_name", sorted(SEEDS))
def test_seed_plan_is_valid_plan_json(shared_dir, truth_name):
    """The output has exactly the spec's keys, and every measure's priority is one of the plan's priorities."""
    plan = read_plan((shared_dir / "seeds" / SEEDS[truth_name]).read_bytes(), SEEDS[truth_name]).plan
    assert plan["format"] == "plan-json/1"
    assert set(plan) == {"format", "title", "municipality", "period", "priorities", "measures", "warnings"}
    names = {p["name"] for p in plan["priorities"]}
    measure_keys = {"code", "text", "priority", "goal", "task", "responsible", "period", "status", "funding",
                    "indicators", "baseline", "target"}
    for measure in plan["measures"]:
        assert set(measure) == measure_keys
        assert set(measure["funding"]) == {"amount_raw", "amount", "currency", "source"}
        assert measure["priority"] in names
    for warning in plan["warnings"]:
        assert {"place", "measure", "field", "message"} <= set(warning) <= {"place", "measure", "field", "message", "index"}
        if "index" in warning:  # the position names the measure the code names
            assert plan["measures"][warning["index"]]["code"] == warning["measure"]


def test_kazanlak_seed_specifics_read_by_general_rules(shared_dir):
    """Higher goals parent the numbered goals; a sub-table under an institution heading gets its prefix."""
    plan = read_plan((shared_dir / "seeds" / SEEDS["kazanlak-2017-2020"]).read_bytes(), "k.txt").plan
    health = next(p for p in plan["priorities"] if p["name"] == "Здравеопазване")
    parents = {g["code"]: g["parent"] for g in health["goals"]}
    assert parents["I"] is None and parents["1"] == "I" and parents["4"] == "II"
    employment = next(p for p in plan["priorities"] if p["name"] == "Заетост")
    assert [g["code"] for g in employment["goals"]] == ["1", "2", "ДАЗД-1"]
    sums = {m["code"]: (m["funding"]["amount"], m["funding"]["currency"]) for m in plan["measures"]}
    assert sums["3.4.5"] == (Decimal("3931606.10"), "BGN")  # a Decimal with its digits, never a float
