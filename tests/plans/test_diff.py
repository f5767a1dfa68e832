"""Comparing two versions of a plan."""

from __future__ import annotations

import copy

from planmonitor.plans.diff import compare_versions, inline_diff


def test_added_removed_changed(small_plan_json):
    old = small_plan_json
    new = copy.deepcopy(old)
    new["measures"][0]["text"] = "Обхват на всички деца в училищата"
    new["measures"][0]["funding"]["amount"] = 100.0
    removed = new["measures"].pop(1)
    new["measures"].append({**copy.deepcopy(old["measures"][2]), "code": "2", "text": "Нова"})
    diff = compare_versions(old, new)
    assert [m["text"] for m in diff.removed] == [removed["text"]]
    assert [m["text"] for m in diff.added] == ["Нова"]
    assert len(diff.changed) == 1
    fields = {c.field: (c.old, c.new) for c in diff.changed[0].changes}
    assert fields == {"text": (old["measures"][0]["text"], "Обхват на всички деца в училищата"),
                      "funding.amount": (3931606.1, 100.0)}
    assert compare_versions(old, copy.deepcopy(old)).is_empty


def test_renumbered_measure_with_id_is_changed_not_replaced(small_plan_json):
    old = copy.deepcopy(small_plan_json)
    for index, measure in enumerate(old["measures"]):
        measure["id"] = index + 1
    new = copy.deepcopy(old)
    new["measures"][1]["code"] = "1.1.9"
    diff = compare_versions(old, new)
    assert not diff.added and not diff.removed
    assert [c.field for c in diff.changed[0].changes] == ["code"]


def test_inline_diff_escapes_and_marks_words():
    assert inline_diff("a <b> c", "a <b> d") == "a &lt;b&gt; <del>c</del> <ins>d</ins>"
    assert inline_diff(None, "x") == "<ins>x</ins>"
