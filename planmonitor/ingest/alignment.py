"""Data rows put back under the columns they belong to.

A converter sometimes drops an empty cell at the left of a row, so every cell
sits one column too far left. The numbering shows it (a task number in the goal
column, an activity number in the task column, prose in the period column):
each row is scored against the column roles with the document's usual code
depths, and moved right only when that fits strictly better; a warning says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from planmonitor.ingest import messages, vocabulary
from planmonitor.ingest.cells import is_fragment
from planmonitor.ingest.codes import ANY_CODE, depth, is_bare_code, leading_code
from planmonitor.ingest.model import ReadWarning, Row
from planmonitor.ingest.settings import ReadSettings
from planmonitor.ingest.values import YEAR

if TYPE_CHECKING:
    from planmonitor.ingest.layout import LaidTable

CODE_ROLES = ("code", "goal", "task", "measure")
# Text that names money: the funding column's words, never an institution's.
MONEY = re.compile(r"^\s*(?:средства|в рамките на)\b|\bбюджет", re.IGNORECASE)
QUOTED = re.compile(r"[„\"«][^„“”\"«»]*[“”\"»]")
PERIOD_FRAGMENT = re.compile(r"^\s*(?:г|год|година|годишно|вкл)\.?\s*$")  # the tail of a period cut by a page break


def learn_depths(tables: list[LaidTable]) -> dict[str, int]:
    """How deep each numbering column's codes usually are in this document ("1.1.1" is three)."""
    counts: dict[str, Counter] = {role: Counter() for role in CODE_ROLES}
    for table in tables:
        for c, role in enumerate(table.roles):
            if role in CODE_ROLES:
                for row in table.rows:
                    found = leading_code(row.cells[c])
                    if found:
                        counts[role][depth(found[0])] += 1
    return {role: counter.most_common(1)[0][0] for role, counter in counts.items() if counter}


def align_table(table: LaidTable, depths: dict[str, int], settings: ReadSettings, warnings: list[ReadWarning]) -> LaidTable:
    """Each row put back where its cells fit the roles best; a row is only moved when that fits strictly better."""
    rows = []
    for row in table.rows:
        # The rest of a row above: a year-like number in it ("НЧ „Светлина 1903“") is no evidence
        # of a period, so only prose where a period should be can move it.
        fragment = _is_continuation_fragment(row, table)
        above = rows[-1].cells if fragment and rows else None
        best, best_score = row.cells, _row_fit(row.cells, table.roles, depths, fragment, above)
        moved_by = 0
        for shift in range(1, settings.max_row_shift + 1):
            if any(c.strip() for c in row.cells[len(row.cells) - shift:]):
                break
            kept = row.cells[: len(row.cells) - shift]
            for position in range(len(kept)):
                candidate = kept[:position] + ("",) * shift + kept[position:]
                score = _row_fit(candidate, table.roles, depths, fragment, above)
                if score > best_score:
                    best, best_score, moved_by = candidate, score, shift
        if moved_by:
            row = replace(row, cells=best)
            warnings.append(messages.warning(row.place, "shifted_row", settings.lang, _row_code(table, best), shift=moved_by))
        rows.append(row)
    return replace(table, rows=tuple(rows))


def _is_continuation_fragment(row: Row, table: LaidTable) -> bool:
    """A row that opens nothing: no code anywhere, and no measure text or only the rest of one.

    Such a row is the rest of the row above (a page break or a wrapped cell cut
    it); a year in it is no evidence that it belongs in the period column.
    """
    filled = [c for c in row.cells if c.strip()]
    if not filled or any(leading_code(c) for c in filled):
        return False
    column = table.column("measure")
    measure = row.cells[column].strip() if column is not None else ""
    if not measure:
        return row.page_break_before or all(is_fragment(c) for c in filled)
    others = [c for i, c in enumerate(row.cells) if i != column and c.strip()]
    # After a page break, every other cell going on mid-sentence ("ресурси“ 2021-2027", "и" of
    # "ваканци|и") says the row is the rest of the one above, whatever its measure text opens with.
    return is_fragment(measure) or (row.page_break_before and bool(others) and all(is_fragment(c) for c in others))


def _row_code(table: LaidTable, cells: tuple[str, ...]) -> str | None:
    """The measure code a row carries (code column, else the measure cell's number), for warnings."""
    column = table.column("code")
    if column is not None and is_bare_code(cells[column]):
        return cells[column].strip().rstrip(".)")
    column = table.column("measure")
    found = leading_code(cells[column]) if column is not None else None
    return found[0] if found else None


def _row_fit(cells: tuple[str, ...], roles: tuple[str | None, ...], depths: dict[str, int], fragment: bool = False,
             above: tuple[str, ...] | None = None) -> int:
    """The sum of the cells' fits; for the rest of the row above (``above``), each piece of text also
    fits where the row above has text to continue (+1) and misfits under an empty cell (-1)."""
    fit = sum(
        _cell_fit(role, cell.strip(), depths, fragment) for role, cell in zip(roles, cells, strict=False) if cell.strip()
    )
    if above is not None:
        fit += sum(1 if i < len(above) and above[i].strip() else -1 for i, cell in enumerate(cells) if cell.strip())
    return fit


def _cell_fit(role: str | None, cell: str, depths: dict[str, int], fragment: bool = False) -> int:
    """How well a cell's text fits a column role: numbering at the right depth, a year in a period."""
    found = leading_code(cell)
    inner = [depth(m.group("code")) for m in ANY_CODE.finditer(cell)]
    if role in CODE_ROLES:
        if found:
            return 2 if depth(found[0]) == depths.get(role) else -2
        return 1 if role == "measure" and depths.get(role, 0) >= 2 and depths.get(role) in inner else 0
    if found and depth(found[0]) >= 2:
        return -2
    if depths.get("measure", 0) >= 2 and depths.get("measure") in inner:
        return -1
    if role == "period":
        return (0 if fragment else 1) if looks_like_period(cell) else -1
    if role == "status":
        return 1 if cell.lower() in vocabulary.STATUS_WORDS else 0
    if role == "responsible" and MONEY.search(cell):
        return -1  # money ("Средства от оперативни програми") is no institution
    return 0


def looks_like_period(text: str) -> bool:
    """A year, or a few words naming a time ("постоянен", "Летни ваканции"). A year inside quotation
    marks is part of a name (Народно читалище „Искра – 1903“), no time."""
    lowered = text.lower()
    if YEAR.search(QUOTED.sub(" ", text)) or PERIOD_FRAGMENT.match(lowered):
        return True
    return len(text.split()) <= 6 and any(word in lowered for word in vocabulary.PERIOD_WORDS)

