"""Stage 3: header words -> column roles, and every row aligned to those roles.

A table's meaning comes from what its header says (``vocabulary.HEADER_PHRASES``),
never from column positions, so columns may come in any order and under any of
the wordings Bulgarian plans use. A header spread over two rows ("Финансиране"
over "Средства | Източник") is read column by column; a header row repeated on
every page is dropped; a table without a header (the rest of a table after a
heading row or a page) takes the layout of the table before it.

Then each data row is checked against the roles: a converter sometimes drops an
empty cell at the left of a row, so every cell sits one column too far left.
The numbering shows it (a task number in the goal column, an activity number in
the task column, prose in the period column); such a row is moved right and a
warning says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from planmonitor.ingest import messages, vocabulary
from planmonitor.ingest.cells import RoleColumns, is_fragment, join_split_rows
from planmonitor.ingest.codes import ANY_CODE, depth, is_bare_code, leading_code
from planmonitor.ingest.model import Document, Paragraph, Place, ReadWarning, Row, Table
from planmonitor.ingest.settings import ReadSettings
from planmonitor.ingest.values import YEAR

CODE_ROLES = ("code", "goal", "task", "measure")
VALUE_ROLES = (
    "status", "period", "responsible", "funding", "funding_amount", "funding_source", "indicators", "baseline", "target",
)
FUNDING_ROLES = ("funding", "funding_amount", "funding_source")
HEADER_SEARCH_ROWS = 3
QUOTED_NAME = re.compile(r"„[^“”\"]*[“”\"]")
PERIOD_FRAGMENT = re.compile(r"^\s*(?:г|год|година|годишно|вкл)\.?\s*$")  # the tail of a period cut by a page break


@dataclass(frozen=True)
class LaidTable:
    """A table's data rows with one role (or None) per column."""

    rows: tuple[Row, ...]
    roles: tuple[str | None, ...]
    header: tuple[str, ...]
    place: Place
    inherited: bool = False

    def column(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None


@dataclass(frozen=True)
class Layout:
    """Stage 3's result: paragraphs and laid-out tables in reading order."""

    source: str
    blocks: tuple[Paragraph | LaidTable, ...]
    warnings: tuple[ReadWarning, ...] = ()
    format: str = "text"  # the Document's format: DOCX and XLSX rows are never cut by a page
    unread: tuple[str, ...] = ()  # the headers (or first rows) of tables that give no measures, for the refusal


def cells_to_layout(doc: Document, settings: ReadSettings) -> Layout:
    """Give every table its column roles and align its rows to them."""
    warnings: list[ReadWarning] = []
    blocks: list[Paragraph | LaidTable] = []
    skipped: list[Table] = []
    last: LaidTable | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append(block)
            continue
        laid = _table_to_laid(block, last, warnings, settings.lang)
        if laid is None:
            skipped.append(block)
            continue
        if blocks and blocks[-1] is last and last is not None and laid.roles == last.roles:
            laid = _continue_table(last, laid)  # the same table carried over a page
            blocks[-1] = laid
        else:
            blocks.append(laid)
        last = laid
    depths = _learn_depths([b for b in blocks if isinstance(b, LaidTable)])
    aligned = [
        _align_table(b, depths, settings, warnings) if isinstance(b, LaidTable) else b for b in blocks
    ]
    unread = tuple(_first_row(t) for t in skipped) + tuple(
        " | ".join(h for h in b.header if h.strip()) for b in blocks if isinstance(b, LaidTable) and "measure" not in b.roles
    )
    return Layout(doc.source, tuple(aligned), tuple(warnings), doc.format, tuple(u for u in unread if u))


def _first_row(table: Table) -> str:
    """A skipped table's first filled row, as a person would name it ("Наименование | Мярка | Цена")."""
    for row in table.rows:
        filled = [" ".join(c.split()) for c in row.cells if c.strip()]
        if filled:
            return " | ".join(filled)[:160]
    return ""


def _continue_table(first: LaidTable, second: LaidTable) -> LaidTable:
    """Two parts of one table with nothing between them: one table, the second part after a page break."""
    rows = list(second.rows)
    if rows:
        rows[0] = replace(rows[0], page_break_before=True)
    return replace(first, rows=first.rows + tuple(rows))


def layout_to_joined_rows(layout: Layout) -> Layout:
    """Rows cut by a page break or a merged cell joined back (see ``cells.join_split_rows``)."""
    blocks = []
    for block in layout.blocks:
        if isinstance(block, LaidTable):
            columns = RoleColumns(
                code=block.column("code"),
                measure=block.column("measure"),
                starters=tuple(i for i, r in enumerate(block.roles) if r in ("goal", "task", "task_code")),
                values=tuple(i for i, r in enumerate(block.roles) if r in VALUE_ROLES),
                priority=block.column("priority"),
            )
            block = replace(block, rows=join_split_rows(block.rows, columns, _numbered(block), layout.format))
        blocks.append(block)
    return replace(layout, blocks=tuple(blocks))


@lru_cache(maxsize=4096)
def role_of(header_text: str) -> str | None:
    """The role a header cell names, or None: the best of ``role_candidates``."""
    candidates = role_candidates(header_text)
    return candidates[0][0] if candidates else None


@lru_cache(maxsize=4096)
def role_candidates(header_text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Every role a header cell may name, best first, each with its score (phrase words, -start).

    The header is read by its head (see ``vocabulary``): a role phrase counts
    when it starts among the first words, before the first preposition; the
    longest phrase wins, then the earliest. A narrow column wraps a header word
    anywhere ("Времев / и / период"), so each line break is tried both as a
    space and as nothing.
    """
    best: dict[str, tuple[int, int]] = {}
    for text in _unwrapped(header_text):
        words = _header_words(text)
        if not words or len(words) > vocabulary.HEADER_MAX_WORDS:
            continue
        head = next((i for i, w in enumerate(words) if w in vocabulary.HEADER_BOUNDARY), len(words))
        for phrase, role in _PHRASES:
            for start in range(min(head, vocabulary.HEADER_HEAD_WORDS)):
                if _phrase_at(words, start, phrase):
                    score = (len(phrase), -start)
                    if score > best.get(role, (0, -99)):
                        best[role] = score
                    break
    return tuple(sorted(best.items(), key=lambda item: item[1], reverse=True))


_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(dict.fromkeys(
    (tuple(word.rstrip(".") for word in phrase.split()), role) for phrase, role in vocabulary.HEADER_PHRASES
))
_BRACKETS = re.compile(r"\([^()]*\)?|\[[^\[\]]*\]?")
_WORD = re.compile(r"№|[^\W_]+(?:-[^\W_]+)*")


def _header_words(text: str) -> list[str]:
    """The header's words outside brackets ("Бюджет (лв.)" is "бюджет"); the bracket alone when that is all."""
    outside = _BRACKETS.sub(" ", text)
    return _WORD.findall(outside) or _WORD.findall(text)


def _phrase_at(words: list[str], start: int, phrase: tuple[str, ...]) -> bool:
    if start + len(phrase) > len(words):
        return False
    for word, wanted in zip(words[start:], phrase, strict=False):
        if wanted.endswith("*"):
            if not word.startswith(wanted[:-1]):
                return False
        elif word != wanted:
            return False
    return True


UNIQUE_ROLES = frozenset(("code", "goal", "task", "status", "period", "indicators", "baseline", "target", "priority"))


def assign_roles(header_cells: list[str]) -> list[str | None]:
    """The best assignment of roles over a header row: each cell its best role, except that a role
    a table has once (a period, a status, the indicators...) claimed by two cells goes to the one
    that names it better, and the other takes its next role when it has one."""
    candidates = [list(role_candidates(cell)) for cell in header_cells]
    roles: list[str | None] = [c[0][0] if c else None for c in candidates]
    for _ in range(len(roles)):
        clash = _first_clash(roles, candidates)
        if clash is None:
            break
        loser, role = clash
        taken = {r for r in roles if r in UNIQUE_ROLES}
        following = [r for r, (_, start) in candidates[loser] if r != role and r not in taken and start == 0]
        if not following:
            break
        roles[loser] = following[0]
    return roles


def _first_clash(roles: list, candidates: list) -> tuple[int, str] | None:
    for role in UNIQUE_ROLES:
        holders = [i for i, r in enumerate(roles) if r == role]
        if len(holders) > 1:
            scores = {i: dict(candidates[i])[role] for i in holders}
            ranked = sorted(holders, key=lambda i: (scores[i], -i), reverse=True)
            for loser in ranked[1:]:
                if any(r != role and start == 0 for r, (_, start) in candidates[loser]):
                    return loser, role
    return None


def _unwrapped(header_text: str) -> list[str]:
    """The header's folded text with its first line breaks read as spaces or as nothing (at most 32 readings)."""
    lines = [line for line in (fold_header(part) for part in header_text.split("\n")) if line]
    if not lines:
        return []
    readings = [lines[0]]
    for index, line in enumerate(lines[1:]):
        if index < 5:
            readings = [f"{r} {line}" for r in readings] + [f"{r}{line}" for r in readings]
        else:
            readings = [f"{r} {line}" for r in readings]
    return readings


def fold_header(text: str) -> str:
    return " ".join(text.replace("„", "").replace("“", "").replace('"', "").lower().split()).strip(" :.")


def _table_to_laid(table: Table, last: LaidTable | None, warnings: list[ReadWarning], lang: str) -> LaidTable | None:
    start = next((i for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]) if _is_header_row(row)), None)
    if start is not None and any(leading_code(c) for row in table.rows[:start] for c in row.cells):
        start = None  # data rows come first: the header row is one repeated after a page break
    if start is None:
        if last is None:
            warnings.append(messages.warning(table.place, "table_without_header", lang, header=_first_row(table)[:80]))
            return None
        width = len(last.roles)
        rows = tuple(replace(r, cells=_fit(r.cells, width)) for r in _without_repeated_headers(table.rows, ()))
        return LaidTable(rows, last.roles, last.header, table.place, inherited=True)
    end = start + 1
    while end < len(table.rows) and (
        _is_header_row(table.rows[end], loose=True)
        or (table.rows[end].page_break_before and not any(leading_code(c) for c in table.rows[end].cells))
    ):
        end += 1
    header_rows = table.rows[start:end]
    width = len(table.rows[0].cells)
    header = tuple(" ".join(r.cells[c] for r in header_rows if r.cells[c].strip()) for c in range(width))
    row_roles = [assign_roles(list(r.cells)) for r in header_rows]
    roles: list[str | None] = []
    for c in range(width):
        mapped = [assigned[c] for assigned in row_roles if c < len(assigned) and assigned[c]]
        roles.append(mapped[-1] if mapped else None)
        if not mapped and header[c].strip():
            warnings.append(messages.warning(replace(table.place, column=header[c][:40]), "unknown_header", lang, header=header[c]))
    data = _without_repeated_headers(table.rows[end:], header_rows)
    roles = _without_unit_columns(roles, header, data, table.place, warnings, lang)
    named = " | ".join(" ".join(h.split()) for h in header if h.strip())
    if _is_price_list(header, roles):
        warnings.append(messages.warning(table.place, "not_a_plan_table", lang, header=named[:120]))
        return None
    roles = _infer_unlabelled(roles, header, data)
    roles = _resolve_roles(roles)
    roles, shifted = _fix_shifted_header(roles, header, data)
    if shifted:
        warnings.append(messages.warning(table.place, "shifted_header", lang))
    if "measure" not in roles:
        warnings.append(messages.warning(table.place, "no_measure_column", lang, header=named[:120]))
    return LaidTable(data, tuple(roles), header, table.place)


UNIT = re.compile(r"^(?:бр|броя|брой|кг|гр?|л|мл|м|м2|м3|кв\.?\s?м|км|т|ч|час|часа|дни|к-т|компл|комплект|опак|пакет|"
                  r"pcs|kg|m2|m3)\.?$", re.IGNORECASE)


def _without_unit_columns(roles: list, header: tuple[str, ...], rows: tuple[Row, ...], place: Place,
                          warnings: list[ReadWarning], lang: str) -> list:
    """A "Мярка" column whose cells are units ("бр.", "кг", "м2") is a unit of measure, not the plan's measures."""
    for c, role in enumerate(roles):
        if role != "measure":
            continue
        values = [" ".join(r.cells[c].split()) for r in rows if r.cells[c].strip()]
        if values and sum(bool(UNIT.match(v)) for v in values) * 5 >= len(values) * 4:
            roles[c] = None
            warnings.append(messages.warning(replace(place, column=header[c][:40]), "unit_column", lang,
                                             header=" ".join(header[c].split())))
    return roles


def _is_price_list(header: tuple[str, ...], roles: list) -> bool:
    """A table priced by quantity and unit price, with nothing a plan states (period, responsible, indicators...)."""
    words = {w for h in header for w in _header_words(fold_header(h))}
    if not words & vocabulary.PRICE_LIST_WORDS:
        return False
    return not set(roles) & PLAN_EVIDENCE


PLAN_EVIDENCE = frozenset(("goal", "task", "status", "period", "responsible", "indicators", "baseline", "target",
                           "funding_source"))


def _is_header_row(row: Row, loose: bool = False) -> bool:
    filled = [c for c in row.cells if c.strip()]
    if not filled or any(leading_code(c) or ANY_CODE.search(c) or _is_numbered_heading(c) for c in filled):
        return False  # numbering belongs to data rows, never to a header
    roles = [role_of(c) for c in filled]
    mapped = sum(1 for r in roles if r)
    if loose:
        return mapped == len(filled)
    # Distinct roles: a data row whose cells mention funding three times ("Финансиране на ...",
    # "Съгласно утвърдения бюджет", "Общински бюджет") is no header.
    distinct = len({r for r in roles if r})
    return distinct >= 3 or (distinct == 2 and mapped * 2 >= len(filled))


def _is_numbered_heading(text: str) -> bool:
    flat = " ".join(text.split())
    return bool(vocabulary.GOAL_HEADING.match(flat) or vocabulary.TASK_HEADING.match(flat))


def _without_repeated_headers(rows: tuple[Row, ...], header_rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """Rows minus header rows printed again on a new page; the page break passes to the row after."""
    out: list[Row] = []
    carry = False
    for row in rows:
        if any(row.cells == h.cells for h in header_rows) or _is_header_row(row):
            carry = carry or row.page_break_before or bool(out)
            continue
        out.append(replace(row, page_break_before=True) if carry else row)
        carry = False
    return tuple(out)


def _fit(cells: tuple[str, ...], width: int) -> tuple[str, ...]:
    if len(cells) >= width:
        extra = [c for c in cells[width:] if c.strip()]
        return cells[:width - 1] + ("\n".join([cells[width - 1], *extra]).strip(),) if extra else cells[:width]
    return cells + ("",) * (width - len(cells))


def _infer_unlabelled(roles: list, header: tuple[str, ...], rows: tuple[Row, ...]) -> list:
    """A column without a header word whose cells are bare numbers is the code column."""
    for c, role in enumerate(roles):
        if role is None and not header[c].strip() and "code" not in roles:
            values = [r.cells[c] for r in rows if r.cells[c].strip()]
            if values and sum(is_bare_code(v) for v in values) * 5 >= len(values) * 3:
                roles[c] = "code"
    return roles


def _resolve_roles(roles: list) -> list:
    """Two measure columns: the left one groups (task). Funding columns: amount and source."""
    measures = [i for i, r in enumerate(roles) if r == "measure"]
    if len(measures) > 1 and "task" not in roles:
        roles[measures[0]] = "task"
    if "code" in roles and "task" in roles and roles.index("code") < roles.index("task"):
        if "measure" not in roles or roles.index("task") < roles.index("measure"):
            roles[roles.index("code")] = "task_code"  # "№ | Мерки | Дейности": the number is the task's
    funding = [i for i, r in enumerate(roles) if r in FUNDING_ROLES]
    if len(funding) == 1:
        roles[funding[0]] = "funding_source"
    elif len(funding) >= 2:
        kinds = [roles[i] for i in funding]
        if "funding_source" in kinds:
            source = funding[kinds.index("funding_source")]
            amount = next(i for i in funding if i != source)
        else:
            amount, source = funding[0], funding[1]
        for i in funding:
            roles[i] = "funding_amount" if i == amount else "funding_source" if i == source else None
    return roles


def _fix_shifted_header(roles: list, header: tuple[str, ...], rows: tuple[Row, ...]) -> tuple[list, bool]:
    """A header one cell too far left: its last cell is empty and its first column holds bare codes."""
    if not rows or roles[0] not in ("measure", "goal", "task") or header[-1].strip() or "code" in roles:
        return roles, False
    firsts = [r.cells[0] for r in rows if r.cells[0].strip()]
    if firsts and sum(is_bare_code(v) for v in firsts) * 5 >= len(firsts) * 3:
        return ["code", *roles[:-1]], True
    return roles, False


def _learn_depths(tables: list[LaidTable]) -> dict[str, int]:
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


def _align_table(table: LaidTable, depths: dict[str, int], settings: ReadSettings, warnings: list[ReadWarning]) -> LaidTable:
    """Each row put back where its cells fit the roles best; a row is only moved when that fits strictly better."""
    rows = []
    for row in table.rows:
        # The rest of a row above: a year-like number in it ("НЧ „Светлина 1903“") is no evidence
        # of a period, so only prose where a period should be can move it.
        fragment = _is_continuation_fragment(row, table)
        best, best_score = row.cells, _row_fit(row.cells, table.roles, depths, fragment)
        moved_by = 0
        for shift in range(1, settings.max_row_shift + 1):
            if any(c.strip() for c in row.cells[len(row.cells) - shift:]):
                break
            kept = row.cells[: len(row.cells) - shift]
            for position in range(len(kept)):
                candidate = kept[:position] + ("",) * shift + kept[position:]
                score = _row_fit(candidate, table.roles, depths, fragment)
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
    return is_fragment(measure)


def _row_code(table: LaidTable, cells: tuple[str, ...]) -> str | None:
    """The measure code a row carries (code column, else the measure cell's number), for warnings."""
    column = table.column("code")
    if column is not None and is_bare_code(cells[column]):
        return cells[column].strip().rstrip(".)")
    column = table.column("measure")
    found = leading_code(cells[column]) if column is not None else None
    return found[0] if found else None


def _row_fit(cells: tuple[str, ...], roles: tuple[str | None, ...], depths: dict[str, int], fragment: bool = False) -> int:
    return sum(
        _cell_fit(role, cell.strip(), depths, fragment) for role, cell in zip(roles, cells, strict=False) if cell.strip()
    )


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
    return 0


def looks_like_period(text: str) -> bool:
    """A year, or a few words naming a time ("постоянен", "Летни ваканции")."""
    lowered = text.lower()
    unquoted = QUOTED_NAME.sub("", text)  # a name's year (НЧ „Искра – 1903“) is no period
    if YEAR.search(unquoted) or PERIOD_FRAGMENT.match(lowered):
        return True
    return len(text.split()) <= 6 and any(word in lowered for word in vocabulary.PERIOD_WORDS)


def _numbered(table: LaidTable) -> bool:
    column = table.column("code") if table.column("code") is not None else table.column("measure")
    if column is None:
        return False
    values = [r.cells[column] for r in table.rows if r.cells[column].strip()]
    return bool(values) and sum(bool(leading_code(v)) for v in values) * 2 >= len(values)
