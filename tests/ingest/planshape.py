"""Check that a dict has the shape of plan-json/1 (``../shared/spec/plan-json.md``), written from the spec.

The fuzz tests feed the reader random and plan-like input; "no exception but
IngestError escaped" says nothing about what came out. Whatever the reader
returns must be a plan a person can review and the importer can store: the
keys the spec requires, of the types it gives, every measure with its text,
codes as printed without the trailing dot, empty cells as null (never "" or
"–"), text with white space folded, a currency exactly when there is an
amount, years in order. ``problems(plan)`` lists every breach with its path;
``assert_plan_json`` fails with them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

PLAN_KEYS = {"format", "title", "municipality", "period", "priorities", "measures"}
MEASURE_KEYS = {"code", "text", "priority", "goal", "task", "responsible", "period", "status", "funding",
                "indicators", "baseline", "target"}
FUNDING_KEYS = {"amount_raw", "amount", "currency", "source"}
#: "1", "I", "2.1", "1.1.1", "А.1", "ДАЗД-1.1": parts of letters or digits (a hyphen inside a part) joined by
#: single dots, no dot at the end, no space.
_PART = r"[0-9A-Za-zА-Яа-я]+(?:-[0-9A-Za-zА-Яа-я]+)*"
CODE = re.compile(rf"^{_PART}(?:\.{_PART})*$")
#: What is left of a code in a damaged file: a font that maps glyphs to "?" ("?6?6"), or a broken content
#: stream that interleaves two lines' letters ("н1е.1т.о н а0"): one line, no dot at the end.
PRINTED_CODE = re.compile(r"^[^\n]*[^\s.]$")
EMPTY_CELLS = {"", "-", "–", "—"}
YEARS = range(1990, 2101)


#: Rules a test may set aside (``known``) while the reader breaks them; each is pinned by a strict xfail test in
#: tests/ingest/test_fuzz_text.py, so the day the reader keeps it, that test says the rule can come back.
RULES = ("measure-text", "code", "title")


class _Check:
    def __init__(self, code: re.Pattern, known: frozenset[str]) -> None:
        self.found: list[str] = []
        self.code_pattern = code
        self.known = known

    def fail(self, path: str, what: str, rule: str | None = None) -> None:
        if rule not in self.known:
            self.found.append(f"{path}: {what}")

    def keys(self, path: str, value: Any, required: set[str]) -> bool:
        if not isinstance(value, dict):
            self.fail(path, f"is {type(value).__name__}, not an object")
            return False
        if missing := required - value.keys():
            self.fail(path, f"lacks {sorted(missing)}")
            return False
        return True

    def text(self, path: str, value: Any, *, null: bool, rule: str | None = None) -> None:
        """A text field: folded white space, never an empty cell written as text."""
        if value is None:
            if not null:
                self.fail(path, "is null", rule)
            return
        if not isinstance(value, str):
            self.fail(path, f"is {type(value).__name__}, not text")
        elif value.strip() in EMPTY_CELLS:
            self.fail(path, f"is the empty cell {value!r}: it should be null" if null else "is empty", rule)
        elif value != " ".join(value.split()):
            self.fail(path, f"{value[:60]!r} has unfolded white space", rule if rule in ("code", "title") else None)

    def code(self, path: str, value: Any) -> None:
        if value is not None and not (isinstance(value, str) and self.code_pattern.match(value)):
            self.fail(path, f"{value!r} is not a code as printed (parts joined by dots, none at the end)", "code")

    def years(self, path: str, value: Any) -> None:
        if not self.keys(path, value, {"start", "end"}):
            return
        start, end = value["start"], value["end"]
        for name, year in (("start", start), ("end", end)):
            if year is not None and not (isinstance(year, int) and not isinstance(year, bool) and year in YEARS):
                self.fail(f"{path}.{name}", f"{year!r} is not a year")
        if (start is None) != (end is None):
            self.fail(path, "has one year without the other")
        elif isinstance(start, int) and isinstance(end, int) and start > end:
            self.fail(path, f"starts in {start}, after it ends in {end}")


def problems(plan: Any, code: re.Pattern = CODE, known: frozenset[str] = frozenset()) -> list[str]:
    """Every way ``plan`` breaks the plan-json/1 shape, each with its path; [] when it has the shape.

    ``code``: what a code must look like; ``PRINTED_CODE`` for damaged files, whose text may be garbled.
    ``known``: names from ``RULES`` to set aside.
    """
    c = _Check(code, known)
    if not c.keys("plan", plan, PLAN_KEYS):
        return c.found
    if plan["format"] != "plan-json/1":
        c.fail("format", f"is {plan['format']!r}")
    c.text("title", plan["title"], null=False)
    c.text("municipality", plan["municipality"], null=True)
    c.years("period", plan["period"])
    priorities, measures = plan["priorities"], plan["measures"]
    if not isinstance(priorities, list) or not isinstance(measures, list):
        c.fail("plan", "priorities and measures must be lists")
        return c.found
    names = set()
    goals: dict[str, set] = {}
    for i, priority in enumerate(priorities):
        path = f"priorities[{i}]"
        if not c.keys(path, priority, {"name", "operational_objective", "goals"}):
            continue
        c.text(f"{path}.name", priority["name"], null=True, rule="title")  # null: measures before any heading
        c.text(f"{path}.operational_objective", priority["operational_objective"], null=True, rule="title")
        names.add(priority["name"])
        here = goals.setdefault(priority["name"], set())
        for j, goal in enumerate(priority["goals"]):
            gpath = f"{path}.goals[{j}]"
            if not c.keys(gpath, goal, {"code", "title", "parent", "tasks"}):
                continue
            c.code(f"{gpath}.code", goal["code"])
            c.text(f"{gpath}.title", goal["title"], null=goal["code"] is not None, rule="title")
            if goal["parent"] is not None and goal["parent"] not in here:
                c.fail(f"{gpath}.parent", f"{goal['parent']!r} is no earlier goal of the priority")
            here.add(goal["code"] if goal["code"] is not None else goal["title"])
            for k, task in enumerate(goal["tasks"]):
                if c.keys(f"{gpath}.tasks[{k}]", task, {"code", "title"}):
                    c.code(f"{gpath}.tasks[{k}].code", task["code"])
                    c.text(f"{gpath}.tasks[{k}].title", task["title"], null=task["code"] is not None, rule="title")
    if not measures:
        c.fail("measures", "is empty: a plan without measures must be refused, not returned")
    # Issue 15: a measure with empty text is refused or flagged, never stored silently; flagged means a
    # warning on that measure (its index) and field, which the import review shows at the measure.
    flagged = {w.get("index") for w in plan.get("warnings", []) if isinstance(w, dict) and w.get("field") == "text"}
    for i, m in enumerate(measures):
        path = f"measures[{i}]"
        if not c.keys(path, m, MEASURE_KEYS):
            continue
        c.code(f"{path}.code", m["code"])
        if not (m["text"] == "" and i in flagged):
            c.text(f"{path}.text", m["text"], null=False, rule="measure-text")
        for name in ("responsible", "status", "indicators", "baseline", "target"):
            c.text(f"{path}.{name}", m[name], null=True)
        for name in ("goal", "task"):  # a code, or the title of a goal without one
            c.text(f"{path}.{name}", m[name], null=True, rule="code")
        if m["priority"] not in names:
            c.fail(f"{path}.priority", f"{m['priority']!r} is not the name of a listed priority")
        if isinstance(m["status"], str) and m["status"] != m["status"].lower():
            c.fail(f"{path}.status", f"{m['status']!r} is not lower-cased")
        if c.keys(f"{path}.period", m["period"], {"raw", "start", "end"}):
            c.text(f"{path}.period.raw", m["period"]["raw"], null=True)
            c.years(f"{path}.period", m["period"])
        if c.keys(f"{path}.funding", m["funding"], FUNDING_KEYS):
            funding = m["funding"]
            c.text(f"{path}.funding.amount_raw", funding["amount_raw"], null=True)
            c.text(f"{path}.funding.source", funding["source"], null=True)
            amount, currency = funding["amount"], funding["currency"]
            # Issue 12: amounts never pass through float between the reader and the database.
            if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int | Decimal)
                                       or amount < 0):
                c.fail(f"{path}.funding.amount", f"{amount!r} is not a sum of money")
            if (amount is None) != (currency is None) or currency not in (None, "BGN", "EUR"):
                c.fail(f"{path}.funding", f"amount {amount!r} with currency {currency!r}")
    for i, warning in enumerate(plan.get("warnings", [])):
        if c.keys(f"warnings[{i}]", warning, {"place", "message"}) and not (
                isinstance(warning["message"], str) and warning["message"].strip()):
            c.fail(f"warnings[{i}].message", "says nothing")  # may quote a cell with its line breaks
    return c.found


def assert_plan_json(plan: Any, code: re.Pattern = CODE, known: frozenset[str] = frozenset()) -> None:
    """Fail with every breach of the plan-json/1 shape, each with its path."""
    found = problems(plan, code, known)
    assert not found, "not plan-json/1:\n" + "\n".join(found[:20])


def assert_document(doc: Any, source: str) -> None:
    """What every reader promises (planmonitor/ingest/model.py): blocks in reading order, paragraphs of text,
    tables whose rows are all of one width and hold text."""
    assert doc.source == source and isinstance(doc.format, str) and doc.format
    for n, block in enumerate(doc.blocks):
        if hasattr(block, "rows"):
            widths = {len(row.cells) for row in block.rows}
            assert len(widths) <= 1, f"block {n}: rows of different widths {sorted(widths)}"
            assert all(isinstance(cell, str) for row in block.rows for cell in row.cells), f"block {n}"
        else:
            assert isinstance(block.text, str), f"block {n}: {block!r}"
