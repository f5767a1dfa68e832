"""Stage 5b: the structure with parsed values -> a plan-json/1 dict, exactly as the spec lays it out.

See ``shared/spec/plan-json.md``. The plan's header (municipality, period)
comes from its title; where the title states no years, from the measures'.

An amount is a ``Decimal`` here; :mod:`planmonitor.ingest.exact_json` writes it as
a JSON number with exactly its digits.
"""

from __future__ import annotations

import re

from planmonitor.ingest.numbers import first_money
from planmonitor.ingest.outline import MeasureDraft, PlanStructure
from planmonitor.ingest.values import YEAR, clean, is_blank, municipality_of, parse_period, parse_status

FORMAT = "plan-json/1"


def measure_to_dict(draft: MeasureDraft) -> dict:
    """One measure in plan-json form, its cells parsed."""
    cells = dict(draft.cells)
    amount_cell = clean(cells.get("funding_amount"))
    source_cell = clean(cells.get("funding_source"))
    money = first_money(amount_cell, source_cell)
    status, _ = parse_status(cells.get("status"))
    return {
        "code": draft.code,
        "text": "" if is_blank(draft.text) else draft.text,  # a dash alone is no text: flagged, never kept
        "priority": draft.priority,
        "goal": draft.goal,
        "task": draft.task,
        "responsible": clean(cells.get("responsible")),
        "period": parse_period(cells.get("period")),
        "status": status if _is_status(cells.get("status")) else None,
        "funding": {
            "amount_raw": amount_cell,
            "amount": money.amount if money else None,
            "currency": money.currency if money else None,
            "source": source_cell,
        },
        "indicators": clean(cells.get("indicators")),
        "baseline": clean(cells.get("baseline")),
        "target": clean(cells.get("target")),
    }


def structure_to_plan(structure: PlanStructure, measures: list[dict], warnings: list[dict]) -> dict:
    """The whole plan-json/1 object, with the reader's warnings as a top-level list."""
    title = structure.title or structure.source
    return {
        "format": FORMAT,
        "title": title,
        "municipality": municipality_of(title) or structure.municipality_hint,
        "period": plan_period(title, measures),
        "priorities": [
            {
                "name": priority.name,
                "operational_objective": clean(priority.operational_objective),  # "-" is none
                "goals": [
                    {
                        "code": goal.code,
                        "title": goal.title,
                        "parent": goal.parent,
                        # a numbered task with no title of its own has a null title, as an empty cell is
                        "tasks": [{"code": task.code, "title": None if is_blank(task.title) else task.title}
                                  for task in goal.tasks if task.code or not is_blank(task.title)],
                    }
                    for goal in priority.goals
                ],
            }
            for priority in structure.priorities
        ],
        "measures": measures,
        "warnings": warnings,
    }


_Y = r"((?:19|20)\d{2})"
_SPAN = _Y + r"(?:\s*(?:г\.|година|год\.)?\s*(?:[-–—]|до)\s*" + _Y + r")?"
# "за периода 2026 - 2027 г.", "период 2024–2027", "за 2025 г.": the span a plan names as its own.
PLAN_SPAN = (
    re.compile(r"\b(?:за\s+)?период(?:а|ът)?\s*(?:от\s*)?" + _SPAN, re.IGNORECASE),
    re.compile(r"\bза\s+(?:(?:годините|година|годината)\s+)?(?:от\s*)?" + _SPAN, re.IGNORECASE),
)
BRACKETED = re.compile(r"\([^()]*\)")
PLAN_WORD = re.compile(r"\bплан(?:а|ът)?\b", re.IGNORECASE)


def plan_period(title: str | None, measures: list[dict]) -> dict:
    """The plan's own years. A title may name the strategy's span and the plan's period ("... (2021 - 2030)
    за периода 2026 - 2027 г."): the plan's is the span after "за периода"/"период"/"за" outside brackets,
    else every year of the title, else the years of the measures."""
    text = BRACKETED.sub(lambda m: " " * len(m.group(0)), title or "")
    plan_word = PLAN_WORD.search(text)
    after_plan = text[plan_word.start():] if plan_word else text
    for pattern, where in ((p, t) for t in (after_plan, text) for p in PLAN_SPAN):
        found = pattern.search(where)
        if found:
            first, last = int(found.group(1)), int(found.group(2) or found.group(1))
            return {"start": min(first, last), "end": max(first, last)}
    years = [int(y) for y in YEAR.findall(title or "")]
    if not years:
        years = [y for m in measures for y in (m["period"]["start"], m["period"]["end"]) if y]
    return {"start": min(years), "end": max(years)} if years else {"start": None, "end": None}


def _is_status(text: str | None) -> bool:
    """A status cell holds a short status word, not a sentence (a programme's name put in the wrong column)."""
    flat = clean(text)
    return flat is not None and (parse_status(flat)[1] or len(flat.split()) <= 3) and not re.search(r"[„“\"]", flat)
