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

from planmonitor.ingest import messages, vocabulary
from planmonitor.ingest.cells import (
    GRID_FORMATS,
    goal_heading,
    is_area_heading,
    is_fragment,
    strip_number,
    task_heading,
)
from planmonitor.ingest.codes import leading_code
from planmonitor.ingest.institutions import find_institution, load_registry
from planmonitor.ingest.layout import LaidTable, Layout
from planmonitor.ingest.model import Paragraph, Row
from planmonitor.ingest.outline import Builder, GoalNode, PlanStructure, PriorityNode
from planmonitor.ingest.row_items import (
    ATTRIBUTE_ROLES,
    NOTE,
    code_of_cell,
    fold,
    looks_like_name,
    measure_code_column,
    measure_items,
    numbered_roles,
    priority_name,
    row_cells,
    sentence_case,
)
from planmonitor.ingest.settings import ReadSettings
from planmonitor.ingest.values import is_blank, municipality_of

BARE_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})\s*[.:)]?\s*$")
HEADINGS = (
    vocabulary.PRIORITY_HEADING, vocabulary.GOAL_HEADING, vocabulary.OBJECTIVE_HEADING, vocabulary.TASK_HEADING,
)
# A line that may name a goal: it opens with a capital and does not end a sentence or announce a list.
GOAL_TITLE = re.compile(r"^[А-ЯA-Z„\"].*[^.:;,!?]$")
PLAN_WITH_YEAR = re.compile(r"\bплан\b.*\b(?:19|20)\d{2}\b", re.IGNORECASE)
GENERIC_SHEET = re.compile(r"^\s*(sheet|лист|таблица|table|page|стр\.?)\s*\d*\s*$", re.IGNORECASE)



def layout_to_structure(layout: Layout, settings: ReadSettings) -> PlanStructure:
    """Walk the document in order and build the plan's tree and its measures."""
    builder = Builder(layout.source, settings.lang, layout.format)
    registry = load_registry(settings.institutions_path)
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            _paragraph(builder, block, registry)
        else:
            block = measure_code_column(block)
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


def _paragraph(builder: Builder, block: Paragraph, registry) -> None:
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
    if match and len(text) < 160 and looks_like_name(match.group("name")):
        name = match.group("name")
        builder.open_priority(name)
        if BARE_NUMBER.match(name):  # "ПРИОРИТЕТ 1" with its name on the next line
            builder.awaiting = "priority"
        return
    if is_area_heading(text, block.style):
        builder.open_priority(strip_number(text))
        return
    if block.style == "sheet":  # a workbook kept as one sheet per priority names each sheet after it
        if not GENERIC_SHEET.match(text) and looks_like_name(text):
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


def _names_the_heading_above(builder: Builder, text: str) -> bool:
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


def _row(builder: Builder, table: LaidTable, row: Row, numbered: frozenset[str], registry) -> None:
    cells = row_cells(table, row)
    filled = [c for c in row.cells if c.strip()]
    if len(filled) == 1 and NOTE.match(filled[0]):
        return  # "Забележка: ..." typed in the table's last row: a note on the table, no measure
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
    priority = priority_name(cells.get("priority", ""))
    if priority and sentence_case(priority) != builder.priority().name:
        builder.open_priority(priority)
    # a dash in a goal or task cell says "none", as in any other cell: it opens no goal or task
    goal_cell, task_cell = ("" if is_blank(cells.get(role)) else cells[role] for role in ("goal", "task"))
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
    task_code, words = code_of_cell(cells.get("task_code", ""))
    printed = leading_code(task_cell) if task_cell else None
    # A task number cell that is no clean number, or that the task cell's own number contradicts: kept
    # as read (or, if it is no number, the task cell's own stands), with a warning at the task field.
    number_doubt = cells.get("task_code", "").strip() if words or (task_code and printed
                                                                   and printed[0] != task_code) else None
    if words and printed:
        task_code = ""
    elif words:
        task_cell = fold(f"{words} {task_cell}")
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
    # A table without a measure column gives no measures: numbers alone (a price list's, a delivery
    # schedule's "№") are no measures, and the refusal names the table instead.
    items = measure_items(cells, inline=builder.format == "text") if "measure" in table.roles else []
    if builder.pending is not None and items and "goal" not in table.roles:
        text, place = builder.pending
        builder.open_goal(None, text, place, from_heading=False)
        builder.goal.guessed = True
    builder.pending = None
    if items:
        attributes = {role: cells.get(role, "") for role in ATTRIBUTE_ROLES if role in cells}
        builder.add_measures(items, attributes, row.place)
        if table.hidden_merges or row.merged_above:
            _flag_hidden_merges(builder, len(items), attributes, row, table)
        if number_doubt:
            first = len(builder.measures) - len(items)
            for offset in range(len(items)):
                draft = builder.measures[first + offset]
                builder.warnings.append(messages.warning(row.place, "task_number", builder.lang, draft.code, "task",
                                                         index=first + offset, text=fold(number_doubt)))
        if row.doubt:  # e.g. a row after a page break joined to this measure on weak evidence
            first = len(builder.measures) - len(items)
            for offset, (code, _) in enumerate(items):
                builder.warnings.append(messages.warning(row.place, row.doubt, builder.lang, builder._with_prefix(code),
                                                         "text", index=first + offset))


#: Columns whose one value a plan often merges down over several measures, and the plan-json field each fills.
MERGED_DOWN = {"responsible": "responsible", "period": "period.raw", "funding_source": "funding.source"}


def _flag_hidden_merges(builder: Builder, count: int, attributes: dict[str, str], row: Row, table: LaidTable) -> None:
    """In a table without rules, an empty cell under a filled one may be one cell merged down: say so.
    In a ruled one, so may an empty cell at the top of a page (``Row.merged_above``).

    Nothing on the page shows how far an unruled merged cell reaches, so the
    value is not copied (that would be a guess); each such field gets a
    warning naming the value above, for the review to confirm or fill in. A
    run of empty cells under one value may all be that cell: each gets the
    warning, not only the first.
    """
    first = len(builder.measures) - count
    if first == 0:
        return
    above = builder.measures[first - 1]
    if above.place.table != row.place.table or above.place.file != row.place.file:
        return
    above_cells = dict(above.cells)
    key = "hidden_merge" if table.hidden_merges else "page_merge"  # a ruled table: only at a page's top
    for role, field in MERGED_DOWN.items():
        value = (above_cells.get(role) or "").strip() or builder.merged_down.get((first - 1, role), "")
        column = table.column(role)
        if column is None or not value or (not table.hidden_merges and column not in row.merged_above):
            continue
        if (attributes.get(role) or "").strip():
            if not table.hidden_merges:  # a ruled page's top cell that opens mid-sentence
                _flag_cut_cell(builder, first, count, field, row, value)
            continue
        for offset in range(count):
            builder.merged_down[(first + offset, role)] = value
            draft = builder.measures[first + offset]
            builder.warnings.append(messages.warning(row.place, key, builder.lang, draft.code, field,
                                                     index=first + offset, value=" ".join(value.split())[:80]))


def _flag_cut_cell(builder: Builder, first: int, count: int, field: str, row: Row, value: str) -> None:
    """A cell at the top of a ruled page that opens mid-sentence may be the rest of the cell above,
    merged over the page break: both measures' field may be wrong, and only the document can tell."""
    indexes = ([first - 1] if row.page_break_before else []) + list(range(first, first + count))
    for index in indexes:
        builder.warnings.append(messages.warning(row.place, "page_cut", builder.lang, builder.measures[index].code,
                                                 field, index=index, value=" ".join(value.split())[:80]))


def _rest_of_title(builder: Builder, title: str | None, cell: str, row: Row) -> bool:
    """An unnumbered goal or task cell that finishes the title above instead of naming a new one.

    Only in PDF and text dumps, where a page break or a wrapped cell can cut a
    title, and only when the cell opens mid-sentence (a small letter, a comma).
    A DOCX or XLSX cell is a cell: a different text is a new goal or task.
    """
    if not title or builder.format in GRID_FORMATS or fold(cell) == title:
        return False
    return is_fragment(cell)


