"""A laid-out row's text by role: its measure items, the values they share, names folded.

Each numbered item in a measure cell is a measure sharing its row's other cells;
when a shared cell stacks exactly one entry per measure, each gets its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from planmonitor.ingest import vocabulary
from planmonitor.ingest.cells import strip_number
from planmonitor.ingest.codes import depth, is_bare_code, leading_code, split_numbered
from planmonitor.ingest.layout import LaidTable
from planmonitor.ingest.model import Row

ATTRIBUTE_ROLES = (
    "status", "period", "responsible", "funding_amount", "funding_source", "indicators", "baseline", "target",
)
QUOTES = "„“”\"«»'"
ITEM_WORD = re.compile(r"^\s*(?:мярка|дейност)\s*(?=\d)", re.IGNORECASE)  # "Мярка 1.1. ..." in a measure cell
DOT_LEADER = re.compile(r"\s*[.…·_]{3,}\s*\d*\s*$")


def measure_code_column(table: LaidTable) -> LaidTable:
    """A "№" column read as the task's number that holds deeper codes than the task column's
    own numbers ("1.1.1." beside "1.1. Title") numbers the measures: it is the code column."""
    if "task_code" not in table.roles or "code" in table.roles or "task" not in table.roles:
        return table
    numbers, tasks = table.column("task_code"), table.column("task")
    number_depths = Counter(depth(f[0]) for r in table.rows if (f := leading_code(r.cells[numbers])))
    task_depths = Counter(depth(f[0]) for r in table.rows if (f := leading_code(r.cells[tasks])))
    if number_depths and task_depths and number_depths.most_common(1)[0][0] > task_depths.most_common(1)[0][0]:
        roles = tuple("code" if r == "task_code" else r for r in table.roles)
        return replace(table, roles=roles)
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


def priority_name(cell: str) -> str:
    """'Приоритет 1: Образование' or '1. Образование' in a priority column -> 'Образование'."""
    text = fold(cell)
    match = vocabulary.PRIORITY_HEADING.match(text)
    return strip_number(match.group("name") if match else text)


_PART = r"[0-9A-Za-zА-Яа-я]+(?:-[0-9A-Za-zА-Яа-я]+)*"
CODE_SHAPE = re.compile(rf"^{_PART}(?:\.{_PART})*$")  # "1", "I", "2.1", "А.1", "ДАЗД-1.1": a code as printed
ROMAN = re.compile(r"^[IVXLC]{1,6}$")


def code_of_cell(cell: str) -> tuple[str, str]:
    """(code, other words) of a number column's cell: "2.3.\n1" -> ("2.3.1", ""), "АСП-\n1.3.1" ->
    ("АСП-1.3.1", ""), "1.\n|" -> ("1", "|"), "Задачи 1.“а" -> ("", "Задачи 1.“а").

    Words there are not a code; they stay with the item's text, where the review sees them (a measure
    without a code gets the "no number" warning), so nothing typed is lost."""
    code = re.sub(r"-\s+", "-", _unwrapped_code(cell).strip().rstrip(".),;:").strip())  # "АСП-\n1.3.1"
    if not code or (CODE_SHAPE.match(code) and (any(ch.isdigit() for ch in code) or len(code) <= 2
                                                 or ROMAN.match(code))):
        return code, ""  # a code has a figure, or is a Roman numeral or a letter ("А"), never a word
    found = leading_code(code)
    if found:  # "АСП-\n1.3.1" wrapped in a narrow column is one code; "1. Обучение" a code and words
        return found[0], fold(found[1])
    return "", fold(code)


def measure_items(cells: dict[str, str], inline: bool = True) -> list[tuple[str | None, str]]:
    text = ITEM_WORD.sub("", without_note(cells.get("measure", "")))
    code_cell, words = code_of_cell(cells.get("code", ""))
    if words:
        text = fold(f"{words} {text}")
    if code_cell:
        found = leading_code(text)
        return [(code_cell, found[1] if found and found[0] == code_cell else text)]
    if not text:
        return []
    return [(code, body) for code, body in split_numbered(text, inline) if body or code]


# A note on the table ("Забележка: сроковете са ориентировъчни"), typed into its last row or its last cell.
NOTE = re.compile(r"^\s*\**\s*(?:забележк[аи]|бележк[аи]|легенда|пояснени[ея])\s*[:.]", re.IGNORECASE)


def without_note(text: str) -> str:
    """A measure cell without the note a person typed after its text on a line of its own (the prose
    paragraph after the table, typed inside the last cell)."""
    lines = text.split("\n")
    cut = next((i for i, line in enumerate(lines) if i and NOTE.match(line)), None)
    return "\n".join(lines[:cut]) if cut is not None else text


WRAPPED_TAIL = re.compile(r"^\d{1,3}\.?$")


def _unwrapped_code(cell: str) -> str:
    """"2.3.\n1" (a code wrapped in a narrow "№" column) -> "2.3.1"; a second full code ("1.1.\n1.2.")
    is another measure's and stays on its line."""
    lines = [line.strip() for line in cell.strip().split("\n") if line.strip()]
    if len(lines) < 2 or not lines[0].endswith(".") or not all(WRAPPED_TAIL.match(line) for line in lines[1:]):
        return cell
    joined = "".join(lines)
    return joined if is_bare_code(joined) else cell


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


def fold_lines(text: str | None) -> str:
    """White space folded within each line; line breaks kept, empty lines dropped."""
    return "\n".join(line for line in (fold(part) for part in (text or "").split("\n")) if line)


def sentence_case(name: str) -> str:
    """'ВЪРХОВЕНСТВО НА ЗАКОНА' -> 'Върховенство на закона'; quotes, dot leaders and trailing marks dropped."""
    flat = DOT_LEADER.sub("", fold(name)).strip(QUOTES + " .:;–-")
    flat = flat.replace("„", "").replace("“", "").replace("”", "")
    return flat[:1].upper() + flat[1:].lower() if flat else flat


def looks_like_name(name: str) -> bool:
    words = fold(name).strip(QUOTES).split()
    return 0 < len(words) <= 12
