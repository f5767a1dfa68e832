"""A generated plan laid out as blocks (headings, paragraphs, grids) in one of seven layouts.

Layouts (what municipalities' plans look like; ``expected`` says what each shows):

``goal_task``   one table per priority under its heading: Цели | Задачи | Дейности (code in
                the cell) | values; goal and task cells merged down; higher goals as
                full-width rows (Kazanlak's form).
``per_goal``    under each priority heading, a "Цел 1. ..." paragraph and a table per goal:
                № | Мерки | values (Tvarditsa's form).
``goal_column`` one table per priority: Цел (merged down) | № | Мярка | values.
``task_column`` one table per priority: № (1.1.1.) | Задача ("1.1. ...") | Дейност | values;
                goals as full-width rows.
``full_rows``   one table for the whole plan: priorities and goals as full-width rows,
                the code at the start of the measure cell.
``outline``     headings for priority and goal, a "Задача 1.1." paragraph, a table per task.
``database``    one flat table, no headings: Приоритет | Цел | Код | Мярка | values, every
                cell filled (an export from a register or a spreadsheet).

A ``Style`` varies the header wording (``HEADERS``), which value columns appear
and in which order, one or two funding columns, ruling, header shading,
vertically merged equal "responsible" cells, repeated header rows, and several coded
measures with the same values as lines of one cell.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from tests.builders.layouts import Block, Grid, Heading, Text

LAYOUTS = ("goal_task", "per_goal", "goal_column", "task_column", "full_rows", "outline", "database")
TASK_LAYOUTS = ("goal_task", "task_column", "outline")  # layouts that show tasks
PER_PRIORITY = ("goal_task", "per_goal", "goal_column", "task_column", "outline")  # a sheet per priority fits
RULINGS = ("grid", "horizontal", "none")

# Header wordings per column role, from the seeds and from other municipalities' plans.
HEADERS = {
    "priority": ("Приоритет", "Приоритетна област", "Направление", "Приоритетно направление"),
    "goal": ("Цели", "Цел", "Стратегическа цел", "Специфични цели", "Цели по приоритета"),
    "task": ("Задачи", "Задача", "Оперативни задачи", "Конкретни задачи"),
    "code": ("№", "№ по ред", "Код", "№ на мярката", "№ по ред"),
    "measure": ("Мерки", "Предвидени мерки", "Мерки за изпълнение", "Дейности", "Дейност", "Планирани дейности",
                "Мярка/дейност", "Наименование на мярката", "Конкретни дейности", "Предвидени дейности", "Мярка"),
    "responsible": ("Отговорна институция", "Отговорни институции", "Отговорни структури", "Отговорник",
                    "Отговорни лица и институции", "Изпълнител", "Отговорни институции/партньори",
                    "Отговорна институция / партньори", "Отговорни"),
    "period": ("Срок", "Срок на изпълнение", "Времеви период", "Период на изпълнение", "Срок за изпълнение",
               "Времеви график", "Период"),
    "status": ("Статус", "Статус на изпълнение", "Състояние", "Статус на мярката"),
    "amount": ("Средства", "Необходими средства", "Бюджет", "Финансов ресурс", "Стойност",
               "Размер на финансирането", "Прогнозен бюджет"),
    "source": ("Източник", "Източник на финансиране", "Източници на финансиране", "Финансиращ източник"),
    "funding": ("Финансиране", "Източник на финансиране", "Бюджет и източник на финансиране",
                "Финансиране (размер и източник)", "Източник на финансиране (преки бюджетни разходи, друго)"),
    "indicators": ("Индикатори", "Индикатори за резултат", "Индикатори за изпълнение", "Индикатор за изпълнение",
                   "Показатели за изпълнение", "Индикатори за наблюдение", "Индикатор"),
    "baseline": ("Текуща стойност", "Базова стойност", "Изходна стойност", "Стойност към момента",
                 "Базова стойност на индикатора"),
    "target": ("Целева стойност", "Очаквана стойност", "Целева стойност с натрупване", "Целева стойност в края",
               "Целева стойност на индикатора"),
}
VALUE_ROLES = ("responsible", "period", "status", "amount", "source", "indicators", "baseline", "target")


@dataclass(frozen=True)
class Style:
    """How a layout is dressed. ``seed`` picks the header words and the order of the value columns."""

    seed: int = 0
    ruling: str = "grid"  # "grid", "horizontal" or "none"
    shade: bool = False  # header cells shaded grey
    merge_same: bool = False  # equal consecutive "responsible" cells merged vertically
    repeat_header: bool = True  # header rows marked to repeat on each page (DOCX/PDF)
    funding: str = "two"  # "two" (amount, source), "one" (one funding column) or "none"
    shuffle: bool = True  # value columns in a random order (else the plans' usual order)
    drop: int = 0  # how many optional value columns (status, baseline, target) to leave out
    sheet_per_priority: bool = False  # XLSX: a sheet per priority (only PER_PRIORITY layouts)
    headers: tuple[tuple[str, str], ...] = ()  # fixed header words per role, over the seed's choice
    header_every: int = 0  # the header rows written again every N body rows (a table pasted from print)
    join_same: bool = False  # coded measures with all values equal to the row above: lines of its cell


def _s(value) -> str:
    return "" if value is None else str(value)


def funding_text(m: dict) -> str:
    return " ".join(p for p in (m["funding"]["amount_raw"], m["funding"]["source"]) if p)


CELL = {
    "responsible": lambda m: _s(m["responsible"]),
    "period": lambda m: _s(m["period"]["raw"]),
    "status": lambda m: _s(m["status"]).capitalize(),
    "amount": lambda m: _s(m["funding"]["amount_raw"]),
    "source": lambda m: _s(m["funding"]["source"]),
    "funding": funding_text,
    "indicators": lambda m: _s(m["indicators"]),
    "baseline": lambda m: _s(m["baseline"]),
    "target": lambda m: _s(m["target"]),
}
WIDTH = {"priority": 2.2, "goal": 3, "task": 3, "code": 1, "measure": 5, "responsible": 2.5, "period": 1.6,
         "status": 1.5, "amount": 1.8, "source": 2.2, "funding": 2.6, "indicators": 3, "baseline": 1.6,
         "target": 1.6}


class _Layout:
    def __init__(self, plan: dict, style: Style):
        self.plan, self.style = plan, style
        self.rng = random.Random(style.seed)
        fixed = dict(style.headers)
        self.words = {role: fixed.get(role) or self.rng.choice(words) for role, words in HEADERS.items()}
        values = ["responsible", "period", "status", "amount", "source", "indicators", "baseline", "target"]
        if style.funding == "one":
            values[values.index("amount"):values.index("source") + 1] = ["funding"]
        elif style.funding == "none":
            values = [v for v in values if v not in ("amount", "source")]
        optional = [v for v in ("status", "baseline", "target") if v in values]
        for role in self.rng.sample(optional, min(style.drop, len(optional))):
            values.remove(role)
        if style.shuffle:
            self.rng.shuffle(values)
            if "amount" in values and "source" in values:  # the pair stays together, amount first
                values.remove("source")
                values.insert(values.index("amount") + 1, "source")
        self.values = values
        self.shown = set(values)
        self.blocks: list[Block] = [Text(plan["title"])]
        self.objectives: set[str] = set()  # priorities whose "Оперативна цел" the document shows

    # --- pieces ---------------------------------------------------------------------------
    def header_row(self, roles: list[str]) -> list[str]:
        return [self.words[r] for r in roles]

    def grid(self, roles: list[str], priority: str | None, two_row_funding: bool = False) -> Grid:
        widths = [WIDTH[r] for r in roles]
        if two_row_funding and "amount" in roles:
            top = [("Финансиране" if r == "amount" else "" if r == "source" else self.words[r]) for r in roles]
            bottom = [(self.words[r] if r in ("amount", "source") else "") for r in roles]
            a = roles.index("amount")
            merges = [(0, c, 1, c) for c, r in enumerate(roles) if r not in ("amount", "source")] + [(0, a, 0, a + 1)]
            return Grid(rows=[top, bottom], header_rows=2, widths=widths, merges=merges, priority=priority,
                        shade_header=self.style.shade, repeat_header=self.style.repeat_header)
        return Grid(rows=[self.header_row(roles)], header_rows=1, widths=widths, priority=priority,
                    shade_header=self.style.shade, repeat_header=self.style.repeat_header)

    def value_cells(self, m: dict) -> list[str]:
        return [CELL[r](m) for r in self.values]

    @staticmethod
    def merge_down(grid: Grid, start: int, column: int) -> None:
        """Merge ``column`` from row ``start`` to the last row, when that spans more than one row."""
        if len(grid.rows) - 1 > start:
            grid.merges.append((start, column, len(grid.rows) - 1, column))

    def full_row(self, grid: Grid, text: str) -> None:
        width = len(grid.rows[0])
        grid.merges.append((len(grid.rows), 0, len(grid.rows), width - 1))
        grid.rows.append([text] + [""] * (width - 1))

    def joined(self, grid: Grid, column: int, m: dict, previous: dict | None) -> bool:
        """With ``join_same``, put ``m`` as a new line of the measure cell of the row above when both are
        coded, in the same goal and task, with every value equal (the spec's "several numbered
        activities in one cell"). True when it did."""
        if not (self.style.join_same and previous and m["code"] and previous["code"]
                and (m["goal"], m["task"]) == (previous["goal"], previous["task"])
                and self.value_cells(m) == self.value_cells(previous)):
            return False
        grid.rows[-1][column] += "\n" + self.coded(m["code"], m["text"])
        return True

    def merge_responsible(self, grid: Grid, first_body: int, roles: list[str]) -> None:
        """Merge runs of equal, non-empty "responsible" cells in measure rows (one cell over several rows)."""
        if not self.style.merge_same or "responsible" not in roles:
            return
        c = roles.index("responsible")
        full = {r0 for r0, c0, r1, c1 in grid.merges if r0 == r1 and c1 - c0 == len(roles) - 1}
        r = first_body
        while r < len(grid.rows):
            end = r
            while (end + 1 < len(grid.rows) and end + 1 not in full and r not in full and grid.rows[r][c]
                   and grid.rows[end + 1][c] == grid.rows[r][c]):
                end += 1
            if end > r:
                for k in range(r + 1, end + 1):
                    grid.rows[k][c] = ""
                grid.merges.append((r, c, end, c))
            r = end + 1

    def priority_heading(self, number: int, priority: dict) -> None:
        name = priority["name"]
        form = self.rng.choice((f"{number}. Приоритет {name.upper()}", f"Приоритет {number}: {name}",
                                f"ПРИОРИТЕТ „{name.upper()}“", f"Приоритетна област {number}. {name}",
                                f"ПРИОРИТЕТ {number}: {name.upper()}"))
        self.priority_form = form
        self.blocks.append(Heading(form, level=1, priority=name))
        if priority["operational_objective"] and self.rng.random() < 0.7:
            self.objectives.add(name)
            self.blocks.append(Text(f"Оперативна цел: {priority['operational_objective']}", priority=name))

    def goal_line(self, goal: dict) -> str:
        if goal["code"] is None:  # the spec's "Цел: <title>" (a bare paragraph would not say it is a goal)
            return f"Цел: {goal['title']}"
        sep = self.rng.choice((".", ":"))
        return f"Цел {goal['code']}{sep} {goal['title']}"

    @staticmethod
    def coded(code: str | None, text: str) -> str:
        return f"{code}. {text}" if code else text

    @staticmethod
    def measure_cells(m: dict, code_column: bool) -> list[str]:
        """The code ("1.2.3.") and text cells of a measure, or one cell with the code in front."""
        return [f"{m['code']}." if m["code"] else "", m["text"]] if code_column else [_Layout.coded(m["code"], m["text"])]

    @staticmethod
    def higher_line(higher: dict) -> str:
        return f"Цел {higher['code']}: {higher['title']}"

    @staticmethod
    def task_of(goal: dict, code: str | None) -> dict | None:
        return next((t for t in goal["tasks"] if t["code"] == code), None)

    def measures(self, priority: str, goal: dict) -> list[dict]:
        key = goal["code"] or goal["title"]
        return [m for m in self.plan["measures"] if m["priority"] == priority and m["goal"] == key]

    def goals(self, priority: dict):
        """(higher goal to announce or None, goal) for goals that are not higher goals."""
        parents = {g["parent"] for g in priority["goals"] if g["parent"]}
        by_code = {g["code"]: g for g in priority["goals"] if g["code"]}
        announced: set[str] = set()
        for g in priority["goals"]:
            if g["code"] in parents:
                continue
            higher = None
            if g["parent"] and g["parent"] not in announced:
                announced.add(g["parent"])
                higher = by_code[g["parent"]]
            yield higher, g


def _goal_task(lay: _Layout) -> None:
    roles = ["goal", "task", "measure", *lay.values]
    lay.shown.add("task")
    for number, priority in enumerate(lay.plan["priorities"], start=1):
        lay.priority_heading(number, priority)
        grid = lay.grid(roles, priority["name"], two_row_funding=lay.rng.random() < 0.6)
        first = len(grid.rows)
        for higher, goal in lay.goals(priority):
            if higher:
                lay.full_row(grid, lay.higher_line(higher))
            goal_start = len(grid.rows)
            task_start, task, previous = goal_start, object(), None
            for m in lay.measures(priority["name"], goal):
                if lay.joined(grid, 2, m, previous):
                    continue
                previous = m
                if m["task"] != task:
                    lay.merge_down(grid, task_start, 1)
                    task_start, task = len(grid.rows), m["task"]
                    t = lay.task_of(goal, task)
                    task_cell = f"{t['code']}. {t['title']}" if t else ""
                else:
                    task_cell = ""
                goal_cell = lay.coded(goal["code"], goal["title"]) if len(grid.rows) == goal_start else ""
                grid.rows.append([goal_cell, task_cell, lay.coded(m["code"], m["text"]), *lay.value_cells(m)])
            lay.merge_down(grid, task_start, 1)
            lay.merge_down(grid, goal_start, 0)
        lay.merge_responsible(grid, first, roles)
        lay.blocks.append(grid)


def _per_goal(lay: _Layout) -> None:
    code_column = lay.rng.random() < 0.8
    roles = (["code", "measure"] if code_column else ["measure"]) + lay.values
    for number, priority in enumerate(lay.plan["priorities"], start=1):
        lay.priority_heading(number, priority)
        for higher, goal in lay.goals(priority):
            if higher:
                lay.blocks.append(Text(lay.higher_line(higher), priority=priority["name"]))
            lay.blocks.append(Text(lay.goal_line(goal), priority=priority["name"]))
            grid = lay.grid(roles, priority["name"])
            for m in lay.measures(priority["name"], goal):
                grid.rows.append(lay.measure_cells(m, code_column) + lay.value_cells(m))
            lay.merge_responsible(grid, 1, roles)
            lay.blocks.append(grid)


def _priority_grids(lay: _Layout, roles: list[str]):
    """Per priority: its heading, then one grid and its goals, each higher goal's line written into the
    grid before the first goal under it (the goal-column and task-column layouts share this walk)."""
    for number, priority in enumerate(lay.plan["priorities"], start=1):
        lay.priority_heading(number, priority)
        grid = lay.grid(roles, priority["name"])
        yield priority, grid, _goals_after_higher_lines(lay, priority, grid)


def _goals_after_higher_lines(lay: _Layout, priority: dict, grid):
    for higher, goal in lay.goals(priority):
        if higher:
            lay.full_row(grid, lay.higher_line(higher))
        yield goal


def _goal_column(lay: _Layout) -> None:
    roles = ["goal", "code", "measure", *lay.values]
    merged = lay.rng.random() < 0.6
    for priority, grid, goals in _priority_grids(lay, roles):
        for goal in goals:
            start = len(grid.rows)
            goal_cell = lay.coded(goal["code"], goal["title"])
            for m in lay.measures(priority["name"], goal):
                shown = goal_cell if (len(grid.rows) == start or not merged) else ""
                grid.rows.append([shown, *lay.measure_cells(m, True), *lay.value_cells(m)])
            if merged:
                lay.merge_down(grid, start, 0)
        lay.merge_responsible(grid, 1, roles)
        lay.blocks.append(grid)


def _task_column(lay: _Layout) -> None:
    roles = ["code", "task", "measure", *lay.values]
    lay.shown.add("task")
    merged = lay.rng.random() < 0.5
    for priority, grid, goals in _priority_grids(lay, roles):
        for goal in goals:
            lay.full_row(grid, lay.goal_line(goal))
            start, task = len(grid.rows), object()
            for m in lay.measures(priority["name"], goal):
                t = lay.task_of(goal, m["task"])
                cell = f"{t['code']}. {t['title']}" if t else ""
                if merged and m["task"] == task:
                    cell = ""
                elif merged:
                    lay.merge_down(grid, start, 1)
                    start, task = len(grid.rows), m["task"]
                code_cell, text_cell = lay.measure_cells(m, True)
                grid.rows.append([code_cell, cell, text_cell, *lay.value_cells(m)])
            if merged:
                lay.merge_down(grid, start, 1)
        lay.merge_responsible(grid, 1, roles)
        lay.blocks.append(grid)


def _full_rows(lay: _Layout) -> None:
    roles = ["measure", *lay.values]
    grid = lay.grid(roles, None)
    for number, priority in enumerate(lay.plan["priorities"], start=1):
        lay.full_row(grid, lay.rng.choice((f"{number}. Приоритет {priority['name'].upper()}",
                                           f"Приоритет {number}: {priority['name']}",
                                           f"ПРИОРИТЕТ „{priority['name'].upper()}“")))
        for higher, goal in lay.goals(priority):
            if higher:
                lay.full_row(grid, lay.higher_line(higher))
            lay.full_row(grid, lay.goal_line(goal))
            previous = None
            for m in lay.measures(priority["name"], goal):
                if not lay.joined(grid, 0, m, previous):
                    grid.rows.append([lay.coded(m["code"], m["text"]), *lay.value_cells(m)])
                    previous = m
    lay.merge_responsible(grid, 1, roles)
    lay.blocks.append(grid)


def _outline(lay: _Layout) -> None:
    code_column = lay.rng.random() < 0.5
    roles = (["code", "measure"] if code_column else ["measure"]) + lay.values
    lay.shown.add("task")
    for number, priority in enumerate(lay.plan["priorities"], start=1):
        lay.priority_heading(number, priority)
        for higher, goal in lay.goals(priority):
            if higher:
                lay.blocks.append(Heading(lay.higher_line(higher), level=2, priority=priority["name"]))
            lay.blocks.append(Heading(lay.goal_line(goal), level=2, priority=priority["name"]))
            groups: list[tuple[str | None, list[dict]]] = []
            for m in lay.measures(priority["name"], goal):
                if not groups or groups[-1][0] != m["task"]:
                    groups.append((m["task"], []))
                groups[-1][1].append(m)
            for task, measures in groups:
                t = lay.task_of(goal, task)
                if t:
                    lay.blocks.append(Text(f"Задача {t['code']}. {t['title']}", priority=priority["name"]))
                grid = lay.grid(roles, priority["name"])
                previous = None
                for m in measures:
                    if not code_column and lay.joined(grid, 0, m, previous):
                        continue
                    previous = m
                    grid.rows.append(lay.measure_cells(m, code_column) + lay.value_cells(m))
                lay.merge_responsible(grid, 1, roles)
                lay.blocks.append(grid)


def _database(lay: _Layout) -> None:
    roles = ["priority", "goal", "code", "measure", *lay.values]
    grid = lay.grid(roles, None)
    for priority in lay.plan["priorities"]:
        for _higher, goal in lay.goals(priority):
            for m in lay.measures(priority["name"], goal):
                grid.rows.append([priority["name"], lay.coded(goal["code"], goal["title"]),
                                  m["code"] or "", m["text"], *lay.value_cells(m)])
    lay.merge_responsible(grid, 1, roles)
    lay.blocks.append(grid)


BUILDERS = {"goal_task": _goal_task, "per_goal": _per_goal, "goal_column": _goal_column,
            "task_column": _task_column, "full_rows": _full_rows, "outline": _outline, "database": _database}


def layout(plan: dict, name: str, style: Style = Style()) -> tuple[list[Block], dict]:
    """The plan as blocks in layout ``name`` dressed by ``style``, and the plan-json a faithful reader
    recovers from them (``expected``)."""
    lay = _Layout(plan, style)
    BUILDERS[name](lay)
    if style.header_every:
        for block in lay.blocks:
            if isinstance(block, Grid):
                repeat_headers(block, style.header_every)
    return lay.blocks, expected(plan, lay.shown, objectives=lay.objectives)


def repeat_headers(grid: Grid, every: int) -> None:
    """Write the header rows again before every ``every``-th body row, where no merged cell spans the
    place (the copy keeps the header's own merges)."""
    h = grid.header_rows
    inside = {r for r0, _c0, r1, _c1 in grid.merges for r in range(r0 + 1, r1 + 1)}
    spots, last = [], h
    for r in range(h + 1, len(grid.rows)):
        if r - last >= every and r not in inside:
            spots.append(r)
            last = r
    header_merges = [m for m in grid.merges if m[2] < h]
    for r in reversed(spots):
        grid.rows[r:r] = [list(row) for row in grid.rows[:h]]
        grid.merges = [(r0 + h if r0 >= r else r0, c0, r1 + h if r1 >= r else r1, c1)
                       for r0, c0, r1, c1 in grid.merges]
        grid.merges += [(r0 + r, c0, r1 + r, c1) for r0, c0, r1, c1 in header_merges]


def expected(plan: dict, shown: set[str], objectives: set[str] | None = None) -> dict:
    """``plan`` with what a layout showing the columns ``shown`` cannot carry set to null
    (``objectives``: the priorities whose operational objective it shows; None: all)."""
    out = copy.deepcopy(plan)
    for p in out["priorities"]:
        if objectives is not None and p["name"] not in objectives:
            p["operational_objective"] = None
        if "task" not in shown:
            for g in p["goals"]:
                g["tasks"] = []
    for m in out["measures"]:
        m.pop("note", None)
        if "task" not in shown:
            m["task"] = None
        for role in ("responsible", "status", "indicators", "baseline", "target"):
            if role not in shown:
                m[role] = None
        if "period" not in shown:
            m["period"] = {"raw": None, "start": None, "end": None}
        f = m["funding"]
        if "funding" in shown:
            f["source"], f["amount_raw"] = funding_text(m) or None, None
        elif "amount" not in shown:
            m["funding"] = {"amount_raw": None, "amount": None, "currency": None, "source": None}
    return out
