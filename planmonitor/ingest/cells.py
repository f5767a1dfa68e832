"""Stage 2: clean the grid every reader returned, before anyone asks what a column means.

Two steps, both free of any knowledge of column roles:

* ``document_to_cells``: drops empty rows, and turns a full-width heading row
  inside a table ("Цел I: ...", "ПРИОРИТЕТ „ЗДРАВЕОПАЗВАНЕ“") into a paragraph
  between two tables, so headings are found the same way wherever they stand.
* ``join_split_rows`` (run after layout, because it must know which column
  numbers a measure): a row that starts nothing new is the rest of the row
  above, cut by a page break or a merged cell; its cells are appended to that
  row's cells. In DOCX and XLSX a table row is a row: only a row without
  measure text continues the one above. In PDF and text dumps a row is joined
  only on evidence that a page break or a wrapped cell split it (its measure
  text is a fragment, it carries no values of its own), never across a new
  goal, task or priority. A value a vertically merged DOCX cell gives several
  rows is copied to each of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from planmonitor.ingest import vocabulary
from planmonitor.ingest.codes import PREFIX, depth, is_bare_code, leading_code
from planmonitor.ingest.model import Block, Document, Paragraph, Row, Table

PAGE_FURNITURE = ("page-header", "page-footer", "header", "footer")
# "Цел ДАЗД-1. Title": a goal whose code carries an institution's abbreviation.
PREFIXED_GOAL_HEADING = re.compile(
    r"^\s*(?:(?:стратегическа|специфична|основна|обща|главна)\s+)?цел\s*[:.]?\s*(?P<code>" + PREFIX
    + r"\d{1,2}(?:\.\d{1,2})*)\.?\s*[:)–-]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
# "Цел: Title": a goal without a number (never "Оперативна цел:", the priority's objective).
UNNUMBERED_GOAL_HEADING = re.compile(
    r"^\s*(?:(?:стратегическа|специфична|основна|обща|главна)\s+)?цел\s*[:–-]\s*(?P<title>[^\W\d_].*)$",
    re.IGNORECASE,
)
# "Задача ДАЗД-1.1. Title": a task whose code carries an institution's abbreviation.
PREFIXED_TASK_HEADING = re.compile(
    r"^\s*(?:задача|мярка)\s*[:.]?\s*(?P<code>" + PREFIX + r"\d{1,2}(?:\.\d{1,2})*)\.?\s*[:)–-]?\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
HEADING_PATTERNS = (
    vocabulary.GOAL_HEADING, vocabulary.PRIORITY_HEADING, vocabulary.OBJECTIVE_HEADING, vocabulary.TASK_HEADING,
    PREFIXED_GOAL_HEADING, UNNUMBERED_GOAL_HEADING, PREFIXED_TASK_HEADING,
)
GRID_FORMATS = ("docx", "xlsx", "odt", "ods", "html")  # formats whose table rows are the author's rows, never cut by a page
TOTAL_ROW = re.compile(r"^(?:общо|всичко|total)\b", re.IGNORECASE)
NUMBER_PREFIX = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})[.)]\s*")
HEADING_STYLE = re.compile(r"heading|заглавие|title|bold", re.IGNORECASE)
LETTER_HYPHEN = re.compile(r"[^\W\d_]-$")
DIGIT_HYPHEN = re.compile(r"\d[-–]$")


def document_to_cells(doc: Document) -> Document:
    """Empty rows, column-numbering rows, total rows and page headers/footers dropped;
    heading rows inside tables lifted out as paragraphs."""
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.style not in PAGE_FURNITURE:
                blocks.append(block)
            continue
        current: list[Row] = []
        for row in block.rows:
            filled = [c.strip() for c in row.cells if c.strip()]
            if not filled or is_column_numbering(filled) or TOTAL_ROW.match(filled[0]):
                continue
            lifted = is_heading(row.cells[0]) or (row.full_width and not leading_code(row.cells[0]))
            if len(filled) == 1 and row.cells[0].strip() and len(row.cells) > 2 and lifted:
                if current:
                    blocks.append(Table(tuple(current), current[0].place, block.hidden_merges))
                    current = []
                blocks.append(Paragraph(" ".join(row.cells[0].split()), row.place, style="table-row"))
                continue
            current.append(row)
        if current:
            blocks.append(Table(tuple(current), current[0].place, block.hidden_merges))
    return replace(doc, blocks=tuple(blocks))


def is_column_numbering(filled: list[str]) -> bool:
    """A row '1 | 2 | 3 | ...' that numbers the columns under the header."""
    numbers = [c.rstrip(".") for c in filled]
    if len(numbers) < 3 or not all(n.isdigit() for n in numbers):
        return False
    values = [int(n) for n in numbers]
    return values == list(range(values[0], values[0] + len(values)))


def is_heading(text: str) -> bool:
    """A goal, priority or objective heading, by its opening words, or a thematic area named alone in capitals."""
    flat = " ".join(text.split())
    if is_area_heading(flat, None):
        return True
    if vocabulary.OBJECTIVE_HEADING.match(flat):
        return len(flat) < 2000
    return len(flat) < 400 and any(p.match(flat) for p in HEADING_PATTERNS)


def is_area_heading(text: str, style: str | None) -> bool:
    """'1. ОБРАЗОВАНИЕ', or 'Здравеопазване' in a heading style: a thematic area named alone (a priority)."""
    name = strip_number(text).strip("„“”\"«» .:")
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or len(name.split()) > 8:
        return False
    emphasised = all(ch.isupper() for ch in letters) or bool(style and HEADING_STYLE.search(style))
    return emphasised and name.lower().startswith(vocabulary.PRIORITY_AREAS)


def goal_heading(text: str) -> tuple[str | None, str] | None:
    """(code, title) of a goal heading: "Цел 2: Title", "Цел ДАЗД-1. Title", "Цел: Title" (code None)."""
    flat = " ".join(text.split())
    for pattern in (vocabulary.GOAL_HEADING, PREFIXED_GOAL_HEADING):
        match = pattern.match(flat)
        if match:
            return match.group("code").rstrip("."), match.group("title")
    match = UNNUMBERED_GOAL_HEADING.match(flat)
    if match and len(flat) < 400:
        return None, match.group("title")
    return None


def task_heading(text: str) -> tuple[str, str] | None:
    """(code, title) of a task heading: "Задача 1.2. Title", "Задача ДАЗД-1.2. Title"."""
    flat = " ".join(text.split())
    for pattern in (vocabulary.TASK_HEADING, PREFIXED_TASK_HEADING):
        match = pattern.match(flat)
        if match:
            return match.group("code").rstrip("."), match.group("title")
    return None


def is_fragment(text: str) -> bool:
    """Text that can only be the rest of a cell: it opens in the middle of a sentence (a small letter, a comma)."""
    first = text.strip()[:1]
    return bool(first) and (first.islower() or first in ",;)–-")


def strip_number(text: str) -> str:
    """'1. Образование' -> 'Образование'."""
    return NUMBER_PREFIX.sub("", " ".join(text.split()))


@dataclass(frozen=True)
class RoleColumns:
    """Which columns of a laid-out table say that a row starts something new, and which hold a measure's values."""

    code: int | None
    measure: int | None
    starters: tuple[int, ...]  # goal and task columns
    values: tuple[int, ...] = ()  # period, responsible, status, funding, indicators...
    priority: int | None = None


def join_split_rows(rows: tuple[Row, ...], columns: RoleColumns, numbered: bool, format: str = "text") -> tuple[Row, ...]:
    """Append each continuation row to the row above it (see the module docstring).

    ``numbered`` (the table numbers its measures) is no longer evidence on its
    own; it is kept for callers. A merged DOCX cell's value (``Row.continued``)
    is copied down to every row it spans, in the value columns.
    """
    grid = format in GRID_FORMATS
    out: list[Row] = []
    for row in rows:
        if out and _continues(row, out[-1], columns, grid):
            sure = grid or _sure_continuation(row, columns)
            cells = [join_text(a, b) for a, b in zip(out[-1].cells, row.cells, strict=True)]
            cut = _code_cut(row, out[-1], columns)
            if cut is not None:
                cells[cut] = re.sub(r"\s+", "", out[-1].cells[cut] + row.cells[cut])
            out[-1] = replace(out[-1], cells=tuple(cells), doubt=out[-1].doubt if sure else "joined_row")
            continue
        if out and row.continued:
            cells = list(row.cells)
            for index in row.continued:
                if index in columns.values and index < len(cells) and not cells[index].strip():
                    cells[index] = out[-1].cells[index]
            row = replace(row, cells=tuple(cells))
        out.append(row)
    return tuple(out)


def _sure_continuation(row: Row, columns: RoleColumns) -> bool:
    """A join needs no second look when the measure text is empty or plainly the rest of a sentence."""
    measure = row.cells[columns.measure].strip() if columns.measure is not None else ""
    return not measure or is_fragment(measure)


def _code_cut(row: Row, above: Row, columns: RoleColumns) -> int | None:
    """The number column where a page break cut a number in its narrow column ("3.2." at the foot of
    a page and "3." at the top of the next; "2.59" and its closing "."; "АС" and "П-1.22"; "2.2" and
    "3"): the row's measure text goes on mid-sentence (or it has none) and the two pieces make one
    number of the depth the first piece has, or one the first piece, ending on a stop, announces.
    None when there is no such cut."""
    measure = row.cells[columns.measure].strip() if columns.measure is not None else "-"
    if not row.page_break_before or (measure and not is_fragment(measure)):
        return None
    for index in (columns.code, *columns.starters):
        if index is None:
            continue
        head, tail = (re.sub(r"\s+", "", cell) for cell in (above.cells[index], row.cells[index]))
        if head and tail and is_bare_code(head + tail) and (
                head.endswith(".") or not is_bare_code(head) or not is_bare_code(tail)
                or depth((head + tail).rstrip(".")) == depth(head.rstrip("."))):
            return index
    return None


def _shares_cut_values(row: Row, above: Row, columns: RoleColumns) -> bool:
    """Numbered activities listed in one measure cell that share the row's values, the list cut by a
    page break: under the break every value the row has can only end the value cell above
    ("Брой проведени" | "срещи"). Such a join is marked ``joined_row`` (a warning at its text)."""
    values = [(row.cells[i].strip(), above.cells[i].strip()) for i in columns.values]
    filled = [(text, over) for text, over in values if text]
    return bool(filled) and all(_goes_on(text, over) for text, over in filled)


def _goes_on(text: str, over: str) -> bool:
    """Words that can only end the cell above: small letters, no number, no period or status word of
    their own ("м. септември 2026 г.", "до 2000 лв.", "ежегодно" open values), under a cell that
    stops mid-sentence."""
    lowered = text.lower()
    return (text[:1].islower() and not any(ch.isdigit() for ch in text) and bool(over)
            and not over.endswith((".", "“", "\"")) and lowered not in vocabulary.STATUS_WORDS
            and not any(word in lowered for word in vocabulary.PERIOD_WORDS))


def _cut_value(text: str, above: str) -> bool:
    """A value cell that is the rest of the one above: it opens mid-sentence, or the cell above
    stops on a comma, semicolon or dash (a list of bodies or a period a page break cut)."""
    return is_fragment(text) or above.rstrip()[-1:] in (",", ";", "-", "–")


def _continues(row: Row, above: Row, columns: RoleColumns, grid: bool) -> bool:
    cut = _code_cut(row, above, columns)
    cells = row.cells if cut is None else (*row.cells[:cut], "", *row.cells[cut + 1:])
    if columns.code is not None and cells[columns.code].strip():
        return False
    measure = cells[columns.measure].strip() if columns.measure is not None else ""
    if measure and leading_code(measure) and not (row.page_break_before and _shares_cut_values(row, above, columns)):
        return False
    for index in columns.starters:
        text = cells[index].strip()
        if text and (leading_code(text) or goal_heading(text)):
            return False
        if text and not is_fragment(text) and text != above.cells[index].strip() and not (
                row.page_break_before and is_bare_code(above.cells[index])):
            return False  # a new goal or task, numbered or not (not the title of a number the page left alone)
    if columns.priority is not None:
        text = cells[columns.priority].strip()
        if text and not is_fragment(text) and text != above.cells[columns.priority].strip():
            return False
    if not measure:
        return True  # the rest of a merged or split row: a measure needs its text
    if grid:
        return False  # a DOCX or XLSX row with its own measure text is its own measure
    own_values = any(cells[i].strip() and not _cut_value(cells[i], above.cells[i]) for i in columns.values)
    if row.page_break_before:  # a row a page cut: its measure text goes on, or it has nothing of its own
        # (one word alone is no measure: the end of a name the break cut, "с. Горно" | "Сахране")
        return is_fragment(measure) or not own_values or len(measure.split()) == 1
    return is_fragment(measure) and not own_values


def join_text(first: str, second: str) -> str:
    """Join two pieces of one cell; a word or a year range cut at its hyphen is joined back without a space."""
    first, second = first.rstrip(), second.strip()
    if not second:
        return first
    if not first:
        return second
    if first == second:
        return first  # the same value repeated under a merged cell
    if (LETTER_HYPHEN.search(first) and second[:1].islower()) or (DIGIT_HYPHEN.search(first) and second[:1].isdigit()):
        return first + second
    return f"{first}\n{second}"
