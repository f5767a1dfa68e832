"""A plan-json laid out as a document: headings, paragraphs and grids with merges.

Each layout is written once here and rendered by every format builder
(DOCX, XLSX, and PDF through DOCX), so that the same plan in the same layout
can be compared across formats.

(a) ``kazanlak``: Цели | Задачи | Дейности | Отговорна институция | Времеви
    период | Финансиране (Средства, Източник: a two-row header) | Индикатори;
    one table per priority after a "1. Приоритет ОБРАЗОВАНИЕ" paragraph; goal
    and task cells merged down over their activities; a higher goal ("Цел I:")
    as a full-width row.
(b) ``tvarditsa``: № | Мерки | Статус | Срок | Отговорна институция | Източник
    на финансиране | Индикатори | Текуща стойност | Целева стойност; a
    ``ПРИОРИТЕТ „X“`` heading, an "Оперативна цел:" paragraph and a ``Цел 1.``
    paragraph before each goal's table.
(c) ``variant``: Дейност | Отговорник | Срок за изпълнение | Бюджет |
    Индикатор за изпълнение | Базова стойност | Очаквана стойност | Статус in
    one big table; priorities and goals are full-width merged rows; activities
    that share every other cell are numbered lines of one cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.builders.plans import funding_text


@dataclass
class Heading:
    text: str
    level: int = 1
    priority: str | None = None  # the priority the block belongs to (sheet-per-priority)


@dataclass
class Text:
    text: str
    priority: str | None = None


@dataclass
class Grid:
    """Rows of cell text; ``merges`` are (first row, first col, last row, last col), inclusive."""

    rows: list[list[str]]
    header_rows: int
    widths: list[float]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    priority: str | None = None  # the priority the grid belongs to (sheet-per-priority)
    shade_header: bool = False  # header cells shaded grey
    repeat_header: bool = True  # header rows repeat on each page (w:tblHeader)


Block = Heading | Text | Grid


def layout_blocks(plan: dict, layout: str) -> list[Block]:
    """The plan as blocks in reading order, in one of ``LAYOUTS``."""
    return {"kazanlak": _kazanlak, "tvarditsa": _tvarditsa, "variant": _variant}[layout](plan)


def _s(value) -> str:
    return "" if value is None else str(value)


def _measures_by_goal(plan: dict, priority: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for m in plan["measures"]:
        if m["priority"] == priority:
            out.setdefault(m["goal"], []).append(m)
    return out


def _goals_in_order(priority: dict) -> list[tuple[dict | None, dict]]:
    """(parent goal or None, goal) for goals that carry measures, in plan order."""
    by_code = {g["code"]: g for g in priority["goals"] if g["code"]}
    parents = {x["parent"] for x in priority["goals"] if x["parent"]}
    return [(by_code.get(g["parent"]), g) for g in priority["goals"] if not (g["code"] and g["code"] in parents)]


def _goal_key(goal: dict) -> str:
    """What a measure's ``goal`` holds: the goal's code, or its title when it has none."""
    return goal["code"] or goal["title"]


def _coded(code: str | None, text: str) -> str:
    """A cell that starts with its code ("1.1.1. text"), or the text alone when there is none."""
    return f"{code}. {text}" if code else text


def _goal_heading(goal: dict, sep: str) -> str:
    """"Цел 1. title" ("Цел: title" for a goal without a number)."""
    return f"Цел {goal['code']}{sep} {goal['title']}" if goal["code"] else f"Цел: {goal['title']}"


def _kazanlak(plan: dict) -> list[Block]:
    blocks: list[Block] = [Text(plan["title"])]
    header = [["Цели", "Задачи", "Дейности", "Отговорна институция", "Времеви период", "Финансиране", "",
               "Индикатори"],
              ["", "", "", "", "", "Средства", "Източник", ""]]
    merges = [(0, c, 1, c) for c in (0, 1, 2, 3, 4, 7)] + [(0, 5, 0, 6)]
    for number, priority in enumerate(plan["priorities"], start=1):
        blocks.append(Heading(f"{number}. Приоритет {priority['name'].upper()}"))
        if priority["operational_objective"]:
            blocks.append(Text(f"Оперативна цел: {priority['operational_objective']}"))
        grid = Grid(rows=[list(r) for r in header], header_rows=2, merges=list(merges),
                    widths=[3, 3, 4, 2, 1.8, 1.7, 1.7, 3], priority=priority["name"])
        measures = _measures_by_goal(plan, priority["name"])
        shown_parents: set[str] = set()
        for parent, goal in _goals_in_order(priority):
            if parent and parent["code"] not in shown_parents:
                shown_parents.add(parent["code"])
                grid.merges.append((len(grid.rows), 0, len(grid.rows), 7))
                grid.rows.append([f"Цел {parent['code']}: {parent['title']}"] + [""] * 7)
            goal_start = len(grid.rows)
            task_start, task = goal_start, None
            for i, m in enumerate(measures.get(_goal_key(goal), [])):
                if i == 0 or m["task"] != task:
                    if len(grid.rows) - 1 > task_start:
                        grid.merges.append((task_start, 1, len(grid.rows) - 1, 1))
                    task_start, task = len(grid.rows), m["task"]
                    title = next((t["title"] for t in goal["tasks"] if t["code"] == task), "")
                    task_cell = f"{task}. {title}" if task else ""
                else:
                    task_cell = ""
                grid.rows.append([
                    _coded(goal["code"], goal["title"]) if i == 0 else "", task_cell,
                    _coded(m["code"], m["text"]), _s(m["responsible"]), _s(m["period"]["raw"]),
                    _s(m["funding"]["amount_raw"]), _s(m["funding"]["source"]), _s(m["indicators"]),
                ])
            if len(grid.rows) - 1 > task_start:
                grid.merges.append((task_start, 1, len(grid.rows) - 1, 1))
            if len(grid.rows) - 1 > goal_start:
                grid.merges.append((goal_start, 0, len(grid.rows) - 1, 0))
        blocks.append(grid)
    return blocks


def _status(m: dict) -> str:
    return _s(m["status"]).capitalize()


def _tvarditsa(plan: dict) -> list[Block]:
    blocks: list[Block] = [Text(plan["title"])]
    header = ["№", "Мерки", "Статус", "Срок", "Отговорна институция",
              "Източник на финансиране (преки бюджетни разходи, друго – млн. евро)", "Индикатори",
              "Текуща стойност", "Целева стойност с натрупване"]
    for priority in plan["priorities"]:
        blocks.append(Heading(f"ПРИОРИТЕТ „{priority['name'].upper()}“"))
        if priority["operational_objective"]:
            blocks.append(Text(f"Оперативна цел: {priority['operational_objective']}"))
        measures = _measures_by_goal(plan, priority["name"])
        shown_parents: set[str] = set()
        for parent, goal in _goals_in_order(priority):
            if parent and parent["code"] not in shown_parents:
                shown_parents.add(parent["code"])
                blocks.append(Text(f"Цел {parent['code']}: {parent['title']}"))
            blocks.append(Text(_goal_heading(goal, ".")))
            rows = [list(header)]
            for m in measures.get(_goal_key(goal), []):
                rows.append([f"{m['code']}." if m["code"] else "", m["text"], _status(m), _s(m["period"]["raw"]),
                             _s(m["responsible"]), _s(funding_text(m)), _s(m["indicators"]),
                             _s(m["baseline"]), _s(m["target"])])
            blocks.append(Grid(rows=rows, header_rows=1, widths=[0.9, 4, 1.6, 1.5, 2, 2.6, 2.6, 1.6, 1.6],
                               priority=priority["name"]))
    return blocks


def _variant(plan: dict) -> list[Block]:
    header = ["Дейност", "Отговорник", "Срок за изпълнение", "Бюджет", "Индикатор за изпълнение",
              "Базова стойност", "Очаквана стойност", "Статус"]
    grid = Grid(rows=[header], header_rows=1, widths=[5, 2.2, 1.9, 2.4, 3, 1.6, 1.6, 1.7])
    width = len(header)

    def full_row(text: str) -> None:
        grid.merges.append((len(grid.rows), 0, len(grid.rows), width - 1))
        grid.rows.append([text] + [""] * (width - 1))

    for number, priority in enumerate(plan["priorities"], start=1):
        full_row(f"{number}. Приоритет {priority['name'].upper()}")
        measures = _measures_by_goal(plan, priority["name"])
        shown_parents: set[str] = set()
        for parent, goal in _goals_in_order(priority):
            if parent and parent["code"] not in shown_parents:
                shown_parents.add(parent["code"])
                full_row(f"Цел {parent['code']}: {parent['title']}")
            full_row(_goal_heading(goal, ":"))
            previous_rest, previous_task, previous_code = None, None, None
            for m in measures.get(_goal_key(goal), []):
                rest = [_s(m["responsible"]), _s(m["period"]["raw"]), _s(funding_text(m)), _s(m["indicators"]),
                        _s(m["baseline"]), _s(m["target"]), _status(m)]
                line = _coded(m["code"], m["text"])
                if rest == previous_rest and m["task"] == previous_task and m["code"] and previous_code:
                    grid.rows[-1][0] += "\n" + line
                else:
                    grid.rows.append([line] + rest)
                previous_rest, previous_task, previous_code = rest, m["task"], m["code"]
    return [Text(plan["title"]), grid]
