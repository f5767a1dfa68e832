"""Stage 3: header words -> column roles, and every row aligned to those roles.

A table's meaning comes from what its header says (``headers``, over
``vocabulary.HEADER_PHRASES``), never from column positions, so columns may come
in any order and under any of the wordings Bulgarian plans use. A header spread
over two rows ("Финансиране" over "Средства | Източник") is read column by
column; a header row repeated on every page is dropped; a table without a header
(the rest of a table after a heading row or a page) takes the layout of the
table before it. A price list, or a "Мярка" column of units, is no plan table.

Then each data row is checked against the roles (``alignment``): a row that lost
an empty cell at its left is moved back where its numbering fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from planmonitor.ingest import messages, vocabulary
from planmonitor.ingest.alignment import align_table, learn_depths
from planmonitor.ingest.cells import RoleColumns, join_split_rows
from planmonitor.ingest.codes import is_bare_code, leading_code
from planmonitor.ingest.headers import assign_roles, fold_header, header_words, is_header_row
from planmonitor.ingest.headers import role_of as role_of  # the PDF readers import it from here
from planmonitor.ingest.model import Document, Paragraph, Place, ReadWarning, Row, Table
from planmonitor.ingest.settings import ReadSettings

VALUE_ROLES = (
    "status", "period", "responsible", "funding", "funding_amount", "funding_source", "indicators", "baseline", "target",
)
FUNDING_ROLES = ("funding", "funding_amount", "funding_source")
HEADER_SEARCH_ROWS = 3


@dataclass(frozen=True)
class LaidTable:
    """A table's data rows with one role (or None) per column."""

    rows: tuple[Row, ...]
    roles: tuple[str | None, ...]
    header: tuple[str, ...]
    place: Place
    inherited: bool = False
    hidden_merges: bool = False  # ``Table.hidden_merges``: an empty cell may be the value merged down from above

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
        for table in _split_before_header(block, last):
            laid = _table_to_laid(table, last, warnings, settings.lang)
            if laid is None:
                skipped.append(table)
                continue
            if blocks and blocks[-1] is last and last is not None and laid.roles == last.roles:
                laid = _continue_table(last, laid)  # the same table carried over a page
                blocks[-1] = laid
            else:
                blocks.append(laid)
            last = laid
    depths = learn_depths([b for b in blocks if isinstance(b, LaidTable)])
    aligned = [
        align_table(b, depths, settings, warnings) if isinstance(b, LaidTable) else b for b in blocks
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


def _header_start(table: Table) -> int | None:
    return next((i for i, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]) if is_header_row(row)), None)


def _split_before_header(table: Table, last: LaidTable | None) -> tuple[Table, ...]:
    """Rows above a header printed again that carry values of their own (two different filled cells)
    are the rest of the table above, numbered or not: a heading row lifted out of the table, or a
    page break, cut it there. They keep the layout above; the header opens the next part."""
    start = _header_start(table)
    if last is None or not start:
        return (table,)
    before = table.rows[:start]
    if any(len(r.cells) != len(last.roles) for r in before):
        return (table,)
    if not any(len({" ".join(c.split()) for c in r.cells if c.strip()}) >= 2 for r in before):
        return (table,)
    return replace(table, rows=before), replace(table, rows=table.rows[start:])


def _table_to_laid(table: Table, last: LaidTable | None, warnings: list[ReadWarning], lang: str) -> LaidTable | None:
    start = _header_start(table)
    if start is not None and any(leading_code(c) for row in table.rows[:start] for c in row.cells):
        start = None  # data rows come first: the header row is one repeated after a page break
    if start is None:
        if last is None:
            warnings.append(messages.warning(table.place, "table_without_header", lang, header=_first_row(table)[:80]))
            return None
        width = len(last.roles)
        rows = tuple(replace(r, cells=_fit(r.cells, width)) for r in _without_repeated_headers(table.rows, ()))
        return LaidTable(rows, last.roles, last.header, table.place, inherited=True, hidden_merges=table.hidden_merges)
    end = start + 1
    while end < len(table.rows) and (
        is_header_row(table.rows[end], loose=True)
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
    return LaidTable(data, tuple(roles), header, table.place, hidden_merges=table.hidden_merges)


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
    words = {w for h in header for w in header_words(fold_header(h))}
    if not words & vocabulary.PRICE_LIST_WORDS:
        return False
    return not set(roles) & PLAN_EVIDENCE


PLAN_EVIDENCE = frozenset(("goal", "task", "status", "period", "responsible", "indicators", "baseline", "target",
                           "funding_source"))


def _without_repeated_headers(rows: tuple[Row, ...], header_rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """Rows minus header rows printed again on a new page; the page break passes to the row after."""
    out: list[Row] = []
    carry = False
    for row in rows:
        if any(row.cells == h.cells for h in header_rows) or is_header_row(row):
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


def _numbered(table: LaidTable) -> bool:
    column = table.column("code") if table.column("code") is not None else table.column("measure")
    if column is None:
        return False
    values = [r.cells[column] for r in table.rows if r.cells[column].strip()]
    return bool(values) and sum(bool(leading_code(v)) for v in values) * 2 >= len(values)
