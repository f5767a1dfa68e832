"""Stage 4: paragraphs and laid-out rows -> priorities, goals, tasks and measures.

Read top to bottom, as a person reads the plan:

* a priority heading ("1. Приоритет ОБРАЗОВАНИЕ", "ПРИОРИТЕТ „ОБРАЗОВАНИЕ“", or
  such a row inside a table) opens a priority; "Оперативна цел: ..." under it is
  its operational objective;
* a goal heading ("Цел 1.", "Цел 2:", "Цел: 3") or a numbered cell in a goal
  column opens a goal; "Цел I:" opens a higher goal, parent of the numbered goals
  after it; a numbered cell in a task column opens a task;
* each numbered item in a measure cell is a measure, sharing its row's other
  cells (responsible, period, funding, ...). When the row yields several
  measures and a cell holds exactly one stacked entry per measure, each gets its own.

A heading naming an institution ("Държавна агенция за закрила на детето") above
a table whose numbers repeat ones already used in the priority gives those numbers
its abbreviation as a prefix ("ДАЗД-1.1.1"), keeping codes unique. A goal heading
that repeats a used number and gets no measures is a quotation from another
document and is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from planmonitor.ingest import messages, vocabulary
from planmonitor.ingest.cells import (
    GRID_FORMATS,
    goal_heading,
    is_area_heading,
    is_fragment,
    strip_number,
    task_heading,
)
from planmonitor.ingest.codes import ROMAN, depth, leading_code, split_numbered
from planmonitor.ingest.institutions import find_institution, load_registry
from planmonitor.ingest.layout import LaidTable, Layout
from planmonitor.ingest.model import Paragraph, Place, ReadWarning, Row
from planmonitor.ingest.settings import ReadSettings
from planmonitor.ingest.values import municipality_of

ATTRIBUTE_ROLES = (
    "status", "period", "responsible", "funding_amount", "funding_source", "indicators", "baseline", "target",
)
QUOTES = "„“”\"«»'"
ITEM_WORD = re.compile(r"^\s*(?:мярка|дейност)\s*(?=\d)", re.IGNORECASE)  # "Мярка 1.1. ..." in a measure cell
DOT_LEADER = re.compile(r"\s*[.…·_]{3,}\s*\d*\s*$")
BARE_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})\s*[.:)]?\s*$")
HEADINGS = (
    vocabulary.PRIORITY_HEADING, vocabulary.GOAL_HEADING, vocabulary.OBJECTIVE_HEADING, vocabulary.TASK_HEADING,
)
# A line that may name a goal: it opens with a capital and does not end a sentence or announce a list.
GOAL_TITLE = re.compile(r"^[А-ЯA-Z„\"].*[^.:;,!?]$")
PLAN_WITH_YEAR = re.compile(r"\bплан\b.*\b(?:19|20)\d{2}\b", re.IGNORECASE)
GENERIC_SHEET = re.compile(r"^\s*(sheet|лист|таблица|table|page|стр\.?)\s*\d*\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TaskNode:
    code: str | None
    title: str


@dataclass(frozen=True)
class GoalNode:
    code: str | None
    title: str
    parent: str | None
    tasks: tuple[TaskNode, ...] = ()


@dataclass(frozen=True)
class PriorityNode:
    name: str | None
    operational_objective: str | None
    goals: tuple[GoalNode, ...] = ()


@dataclass(frozen=True)
class MeasureDraft:
    """A measure before its values are parsed: the cell texts its row gave it, by role."""

    code: str | None
    text: str
    priority: str | None
    goal: str | None
    task: str | None
    cells: tuple[tuple[str, str], ...]
    place: Place


@dataclass(frozen=True)
class PlanStructure:
    """Stage 4's result."""

    source: str
    title: str | None
    priorities: tuple[PriorityNode, ...]
    measures: tuple[MeasureDraft, ...]
    warnings: tuple[ReadWarning, ...] = ()
    municipality_hint: str | None = None  # the first "Община X" of the text before the plan, when the title names none


@dataclass
class _Goal:
    code: str | None
    title: str
    parent: str | None
    place: Place
    quoted: bool = False
    guessed: bool = False  # a line without "Цел" or a number, read as a goal because measures follow it
    tasks: list[TaskNode] = field(default_factory=list)
    measures: int = 0


@dataclass
class _Priority:
    name: str | None
    objective: str | None = None
    goals: list[_Goal] = field(default_factory=list)
    from_sheet: bool = False
    measures: int = 0
    codes: set = field(default_factory=set)  # measure codes used, to see a section restart its numbering


class _Builder:
    """The reading position: current priority, higher goal, goal, task, code prefix."""

    def __init__(self, source: str, lang: str, format: str = "text") -> None:
        self.source = source
        self.lang = lang
        self.format = format
        self.title: str | None = None
        self.priorities: list[_Priority] = []
        self.higher: str | None = None
        self.goal: _Goal | None = None
        self.task: TaskNode | None = None
        self.section: tuple[str, str] | None = None  # (heading, abbreviation) just read
        self.prefix: str | None = None
        self.measures: list[MeasureDraft] = []
        self.warnings: list[ReadWarning] = []
        self.after_heading = False  # a goal heading was the last thing read
        self.municipality_hint: str | None = None
        self.awaiting: str | None = None  # "priority" or "goal": a bare heading whose name is the next line
        self.fallback_title: str | None = None  # a paragraph naming a plan and a year, if no title is found
        self.pending: tuple[str, Place] | None = None  # a line that names a goal if measures follow it

    # -- headings -----------------------------------------------------------
    def priority(self) -> _Priority:
        if not self.priorities:
            self.priorities.append(_Priority(None))
        return self.priorities[-1]

    def open_priority(self, name: str) -> None:
        self.pending = None
        self.priorities.append(_Priority(sentence_case(name)))
        self.higher = self.goal = self.task = self.section = self.prefix = None

    def open_goal(self, code: str | None, title: str, place: Place, from_heading: bool) -> None:
        title = fold(title)
        self.pending = None
        if self._same_goal(code, title, from_heading):
            return
        if code and ROMAN.match(code):  # "Цел I": a higher goal
            self.higher = code
            self.after_heading = from_heading
            self.goal = _Goal(code, title, None, place)
            self.priority().goals.append(self.goal)
            self.task = None
            return
        code = self._prefixed(code, place, from_heading)
        self.after_heading = from_heading
        used = {g.code for g in self.priority().goals}
        parent = self.higher
        if code and "." in code and code.rsplit(".", 1)[0] in used:
            parent = code.rsplit(".", 1)[0]  # "Специфична цел 1.2" under "Стратегическа цел 1"
        self.goal = _Goal(code, title, parent, place, quoted=from_heading and code in used)
        self.priority().goals.append(self.goal)
        self.task = None

    def _same_goal(self, code: str | None, title: str, from_heading: bool) -> bool:
        """The goal just read, repeated on the next row (a flat register, a merged cell copied down)."""
        goal = self.goal
        if goal is None or from_heading:
            return False
        if code is not None:
            return goal.code in (code, self._with_prefix(code)) and (not title or not goal.title or title == goal.title)
        return bool(title) and goal.code is None and title == goal.title

    def _with_prefix(self, code: str | None) -> str | None:
        if code and self.prefix and not code.startswith(f"{self.prefix}-"):
            return f"{self.prefix}-{code}"
        return code

    def _restarts(self, code: str, used: set, place: Place) -> None:
        """A number already used in this priority, after a heading naming an institution:
        the heading's abbreviation becomes the codes' prefix from here on."""
        if self.section and code in used and "-" not in code:
            heading, abbreviation = self.section
            self.prefix = abbreviation
            self.section = None
            self.warnings.append(messages.warning(place, "prefixed_codes", self.lang, heading=heading, prefix=abbreviation))
            goal = self.goal
            if goal is not None and goal.quoted and goal.code and "-" not in goal.code:
                goal.code, goal.quoted = f"{abbreviation}-{goal.code}", False  # its heading repeated a number too

    def _prefixed(self, code: str | None, place: Place, from_heading: bool) -> str | None:
        if code is None:
            return None
        if not from_heading:  # a goal heading repeating a number may be a quotation: its measures decide
            self._restarts(code, {g.code for g in self.priority().goals}, place)
        return self._with_prefix(code)

    def open_task(self, code: str | None, title: str) -> None:
        code = self._with_prefix(code)
        title = fold(title)
        if self.task is not None and (
            (code is not None and code == self.task.code) or (code is None and title and title == self.task.title)
        ):
            return  # the same task repeated on the next row
        if self.pending is not None:  # the line before the task names its goal
            text, place = self.pending
            self.open_goal(None, text, place, from_heading=False)
            self.goal.guessed = True
        if self.goal is None:  # tasks without a goal above them hang under an unnamed goal
            self.open_goal(None, "", Place(self.source), from_heading=False)
        self.task = TaskNode(code, fold(title))
        self.goal.tasks.append(self.task)

    def extend_goal(self, text: str) -> None:
        if self.goal is not None:
            self.goal.title = fold(f"{self.goal.title} {text}")

    def extend_task(self, text: str) -> None:
        if self.task is not None and self.goal is not None:
            extended = TaskNode(self.task.code, fold(f"{self.task.title} {text}"))
            self.goal.tasks[self.goal.tasks.index(self.task)] = extended
            self.task = extended

    # -- measures -----------------------------------------------------------
    def add_measures(self, items: list[tuple[str | None, str]], cells: dict[str, str], place: Place) -> None:
        shared = {role: split_stacked(text, len(items)) for role, text in cells.items()}
        if items and items[0][0]:
            self._restarts(items[0][0], self.priority().codes, place)
        goal = (self.goal.code or self.goal.title or None) if self.goal else None
        for index, (code, text) in enumerate(items):
            code = self._with_prefix(code)
            if code:
                self.priority().codes.add(code)
            if self.goal is not None and self.goal.guessed:
                self.warnings.append(messages.warning(place, "guessed_goal", self.lang, code, "goal", text=self.goal.title))
            own = tuple((role, parts[index]) for role, parts in shared.items())
            task = self.task.code if self.task else None
            self.measures.append(MeasureDraft(code, fold(text), self.priority().name, goal, task, own, place))
            self.priority().measures += 1
            if self.goal is not None:
                self.goal.measures += 1


def layout_to_structure(layout: Layout, settings: ReadSettings) -> PlanStructure:
    """Walk the document in order and build the plan's tree and its measures."""
    builder = _Builder(layout.source, settings.lang, layout.format)
    registry = load_registry(settings.institutions_path)
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            _paragraph(builder, block, registry)
        else:
            block = _measure_code_column(block)
            numbered = numbered_roles(block)
            for row in block.rows:
                _row(builder, block, row, numbered, registry)
    priorities = []
    filled = {p.name for p in builder.priorities if p.goals or p.measures}
    for priority in builder.priorities:
        if priority.name in filled and not priority.goals and not priority.measures:
            continue  # a table of contents' entry; the priority itself comes later
        goals = []
        for goal in priority.goals:
            if goal.quoted and goal.measures == 0:
                builder.warnings.append(messages.warning(goal.place, "quoted_goal", settings.lang, code=goal.code))
                continue
            goals.append(GoalNode(goal.code, goal.title, goal.parent, tuple(goal.tasks)))
        unused = not goals and not priority.measures
        if unused and (priority.name is None or priority.from_sheet):
            continue
        priorities.append(PriorityNode(priority.name, priority.objective, tuple(goals)))
    return PlanStructure(
        layout.source, builder.title or builder.fallback_title, tuple(priorities), tuple(builder.measures),
        tuple(layout.warnings) + tuple(builder.warnings), builder.municipality_hint,
    )


def _paragraph(builder: _Builder, block: Paragraph, registry) -> None:
    text = fold(block.text)
    if not text:
        return
    if not builder.priorities and builder.municipality_hint is None:
        builder.municipality_hint = municipality_of(text)
    if builder.title is None and not builder.priorities and vocabulary.TITLE_START.match(text):
        builder.title = text
        return
    if builder.fallback_title is None and not builder.priorities and PLAN_WITH_YEAR.search(text) and len(text) < 400:
        builder.fallback_title = text
    if builder.awaiting and _names_the_heading_above(builder, text):
        return
    match = vocabulary.PRIORITY_HEADING.match(text)
    if match and len(text) < 160 and _looks_like_name(match.group("name")):
        name = match.group("name")
        builder.open_priority(name)
        if BARE_NUMBER.match(name):  # "ПРИОРИТЕТ 1" with its name on the next line
            builder.awaiting = "priority"
        return
    if is_area_heading(text, block.style):
        builder.open_priority(strip_number(text))
        return
    if block.style == "sheet":  # a workbook kept as one sheet per priority names each sheet after it
        if not GENERIC_SHEET.match(text) and _looks_like_name(text):
            builder.open_priority(text)
            builder.priority().from_sheet = True
        return
    match = vocabulary.OBJECTIVE_HEADING.match(text)
    if match and builder.priorities and builder.priority().objective is None:
        builder.priority().objective = fold(match.group("text"))
        return
    heading = goal_heading(text)
    if heading:
        builder.open_goal(heading[0], heading[1], block.place, from_heading=True)
        builder.awaiting = None if heading[1].strip() else "goal"
        return
    task = task_heading(text)
    if task and len(text) < 400:
        builder.open_task(task[0], task[1])
        return
    institution = find_institution(text, registry) if len(text) < 160 else None
    if institution is not None and institution.abbreviation:
        builder.section = (text, institution.abbreviation)
    elif builder.priorities and GOAL_TITLE.match(text) and len(text) < 250:
        builder.pending = (text, block.place)  # a goal named alone, if a table of measures follows


def _names_the_heading_above(builder: _Builder, text: str) -> bool:
    """The line after a bare "ПРИОРИТЕТ 1" or "Цел 2." is its name, unless it is a heading itself."""
    kind, builder.awaiting = builder.awaiting, None
    if len(text.split()) > 40 or any(p.match(text) for p in HEADINGS):
        return False
    if kind == "priority" and len(text.split()) <= 12:
        builder.priority().name = sentence_case(text)
        return True
    if kind == "goal" and builder.goal is not None:
        builder.goal.title = fold(text)
        return True
    return False


def _row(builder: _Builder, table: LaidTable, row: Row, numbered: frozenset[str], registry) -> None:
    cells = row_cells(table, row)
    filled = [c for c in row.cells if c.strip()]
    if len(filled) == 1 and not leading_code(filled[0]) and (cells.get("code") or cells.get("task_code")):
        # prose in a number column, alone on its row: a heading written across a sheet (XLSX keeps
        # no paragraphs between tables), e.g. the institution whose measures restart the numbering
        _paragraph(builder, Paragraph(filled[0], row.place, style="table-row"), registry)
        return
    if (
        builder.after_heading and len(filled) == 1 and not leading_code(filled[0]) and not cells.get("code")
        and (is_fragment(filled[0]) or (row.page_break_before and builder.format not in GRID_FORMATS))
    ):
        builder.extend_goal(filled[0])  # a goal heading's last words, carried over a page break
        return
    builder.after_heading = False
    priority = _priority_name(cells.get("priority", ""))
    if priority and sentence_case(priority) != builder.priority().name:
        builder.open_priority(priority)
    goal_cell, task_cell = cells.get("goal", ""), cells.get("task", "")
    if goal_cell:
        found = leading_code(goal_cell)
        heading = goal_heading(goal_cell)
        if heading:
            builder.open_goal(heading[0], heading[1], row.place, from_heading=False)
        elif found:
            builder.open_goal(found[0], found[1], row.place, from_heading=False)
        elif _rest_of_title(builder, builder.goal.title if builder.goal else None, goal_cell, row):
            builder.extend_goal(goal_cell)  # the rest of the goal's title, cut by a page break
        else:
            builder.open_goal(None, goal_cell, row.place, from_heading=False)
    task_code = cells.get("task_code", "").strip().rstrip(".)").strip()
    if task_code:
        found = leading_code(task_cell)
        builder.open_task(task_code, found[1] if found and found[0] == task_code else task_cell)
    elif task_cell:
        found = task_heading(task_cell) or leading_code(task_cell)
        if found:
            builder.open_task(found[0], found[1])
        elif _rest_of_title(builder, builder.task.title if builder.task else None, task_cell, row):
            builder.extend_task(task_cell)
        else:
            builder.open_task(None, task_cell)
    items = _measure_items(cells, inline=builder.format == "text")
    if builder.pending is not None and items and "goal" not in table.roles:
        text, place = builder.pending
        builder.open_goal(None, text, place, from_heading=False)
        builder.goal.guessed = True
    builder.pending = None
    if items:
        attributes = {role: cells.get(role, "") for role in ATTRIBUTE_ROLES if role in cells}
        builder.add_measures(items, attributes, row.place)
        if row.doubt:  # e.g. a row after a page break joined to this measure on weak evidence
            for code, _ in items:
                builder.warnings.append(messages.warning(row.place, row.doubt, builder.lang, builder._with_prefix(code), "text"))


def _rest_of_title(builder: _Builder, title: str | None, cell: str, row: Row) -> bool:
    """An unnumbered goal or task cell that finishes the title above instead of naming a new one.

    Only in PDF and text dumps, where a page break or a wrapped cell can cut a
    title, and only when the cell opens mid-sentence (a small letter, a comma).
    A DOCX or XLSX cell is a cell: a different text is a new goal or task.
    """
    if not title or builder.format in GRID_FORMATS or fold(cell) == title:
        return False
    return is_fragment(cell)


def _measure_code_column(table: LaidTable) -> LaidTable:
    """A "№" column read as the task's number that holds deeper codes than the task column's
    own numbers ("1.1.1." beside "1.1. Title") numbers the measures: it is the code column."""
    if "task_code" not in table.roles or "code" in table.roles or "task" not in table.roles:
        return table
    numbers, tasks = table.column("task_code"), table.column("task")
    number_depths = Counter(depth(f[0]) for r in table.rows if (f := leading_code(r.cells[numbers])))
    task_depths = Counter(depth(f[0]) for r in table.rows if (f := leading_code(r.cells[tasks])))
    if number_depths and task_depths and number_depths.most_common(1)[0][0] > task_depths.most_common(1)[0][0]:
        roles = tuple("code" if r == "task_code" else r for r in table.roles)
        return LaidTable(table.rows, roles, table.header, table.place, table.inherited)
    return table


def row_cells(table: LaidTable, row: Row) -> dict[str, str]:
    """A row's text by role; two columns with one attribute role (two "Отговорник" columns) are joined."""
    cells: dict[str, str] = {}
    for index, role in enumerate(table.roles):
        text = row.cells[index].strip()
        if not role:
            continue
        if role in cells and role in ATTRIBUTE_ROLES:
            cells[role] = f"{cells[role]}\n{text}".strip()
        else:
            cells.setdefault(role, text)
    return cells


def numbered_roles(table: LaidTable) -> frozenset[str]:
    """The goal and task columns whose filled cells mostly open with a number."""
    out = set()
    for role in ("goal", "task"):
        column = table.column(role)
        if column is None:
            continue
        values = [r.cells[column] for r in table.rows if r.cells[column].strip()]
        if values and sum(bool(leading_code(v) or vocabulary.GOAL_HEADING.match(v)) for v in values) * 2 >= len(values):
            out.add(role)
    return frozenset(out)


def _priority_name(cell: str) -> str:
    """'Приоритет 1: Образование' or '1. Образование' in a priority column -> 'Образование'."""
    text = fold(cell)
    match = vocabulary.PRIORITY_HEADING.match(text)
    return strip_number(match.group("name") if match else text)


def _measure_items(cells: dict[str, str], inline: bool = True) -> list[tuple[str | None, str]]:
    text = ITEM_WORD.sub("", cells.get("measure", ""))
    code_cell = cells.get("code", "").strip().rstrip(".)").strip()
    if leading_code(code_cell) and not leading_code(code_cell)[1]:
        code_cell = leading_code(code_cell)[0]  # "АСП-\n1.3.1" wrapped in a narrow column: one code
    if code_cell:
        found = leading_code(text)
        return [(code_cell, found[1] if found and found[0] == code_cell else text)]
    if not text:
        return []
    return [(code, body) for code, body in split_numbered(text, inline) if body or code]


def split_stacked(text: str, count: int) -> list[str]:
    """One entry per measure when a shared cell stacks exactly ``count`` entries, else the whole text for each.

    Entries are recognised when the cell is one value repeated ``count`` times,
    or when its first two words open exactly ``count`` entries ("Брой
    проведени ... Брой проведени ...").
    """
    flat = fold(text)
    if count < 2 or not flat:
        return [flat] * count
    words = flat.split(" ")
    if len(words) % count == 0:
        size = len(words) // count
        parts = [" ".join(words[i * size:(i + 1) * size]) for i in range(count)]
        if len(set(parts)) == 1:
            return parts
    if len(words) >= 2 * count:
        starts = [i for i in range(len(words) - 1) if words[i] == words[0] and words[i + 1] == words[1]]
        if len(starts) == count and starts[0] == 0:
            bounds = [*starts, len(words)]
            return [" ".join(words[bounds[i]:bounds[i + 1]]) for i in range(count)]
    return [flat] * count


def fold(text: str | None) -> str:
    """White space folded to single spaces."""
    return " ".join((text or "").split())


def sentence_case(name: str) -> str:
    """'ВЪРХОВЕНСТВО НА ЗАКОНА' -> 'Върховенство на закона'; quotes, dot leaders and trailing marks dropped."""
    flat = DOT_LEADER.sub("", fold(name)).strip(QUOTES + " .:;–-")
    flat = flat.replace("„", "").replace("“", "").replace("”", "")
    return flat[:1].upper() + flat[1:].lower() if flat else flat


def _looks_like_name(name: str) -> bool:
    words = fold(name).strip(QUOTES).split()
    return 0 < len(words) <= 12
