"""Stage 1 for Word files: DOCX bytes -> the common grid (see ``docs/formats/docx.md``).

The body is walked in document order, so the headings and paragraphs that
stand between tables (a priority, "Цел 1. ...") come out where a reader sees
them. python-docx opens the package and names the styles; the table grid is
walked directly on the XML, because python-docx's ``Table._cells`` assumes
every row fills the whole grid (it repeats ``cells[-col_count]`` for a
vertical merge), which rows with ``w:gridBefore`` or missing cells break.
The rule is the same as python-docx's: a ``w:tc`` spanning ``gridSpan``
columns, or continued downward by ``<w:vMerge/>``, is one cell; its text goes
to its top-left grid position and ``""`` to the rest. The columns a vertical
merge covers are named in ``Row.continued``, so that the cells stage can give
a merged value (one responsible body for two measures) to every row.

Header rows marked "repeat on every page" (``w:tblHeader``) are stored once
in the file, so they arrive once. Pages are decided by Word when it lays the
page out, but Word records where each page began when it last saved the file
(``w:lastRenderedPageBreak``): paragraphs and rows get that page number in
their ``Place``, so a warning can say "стр. 12, таблица 1, ред 40" as the
person saw it. A file never laid out by Word (python-docx, some converters)
falls back to the hard page breaks it has, and with neither has no page
numbers. Because the recorded pages go stale when a file is edited elsewhere,
they name places only; no row gets ``page_break_before`` from them. Tables nested in a cell are flattened into the cell's
text, one line per nested row, because plans use them for lists inside a
cell, not for more rows of the plan.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Block, Document, Paragraph, Place, Row, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Elements whose text a person never sees: deleted revisions, field codes, the
# fallback copy of a text box (its AlternateContent "Choice" already holds it).
SKIPPED = {W + "del", W + "delText", W + "instrText", W + "rPr", W + "pPr", MC_FALLBACK}


def docx_to_document(data: bytes, filename: str) -> Document:
    """Read a DOCX file into the common grid; a DOCX without any table is refused."""
    body, style_names = _open(data, filename)
    pages = _Pages(body)
    blocks: list[Block] = []
    table_count = 0
    for element in _body_items(body):
        if element.tag == W + "p":
            page = pages.enter(element)
            text = _paragraph_text(element)
            if text.strip():
                blocks.append(Paragraph(text=text, place=Place(file=filename, page=page),
                                        style=_style_name(element, style_names)))
        else:
            table_count += 1
            table = _table(element, Place(file=filename, table=table_count), pages)
            if table.rows:
                blocks.append(table)
    if not any(isinstance(b, Table) for b in blocks):
        raise IngestError(
            "Във файла Word няма нито една таблица; планът трябва да е в таблица.",
            "The Word file has no table; the plan's measures must be in a table.",
            Place(file=filename),
        )
    return Document(source=filename, format="docx", blocks=tuple(blocks))


def _open(data: bytes, filename: str) -> tuple[etree._Element, dict[str, str]]:
    """The body element and a style-id -> style-name map, or a clear error for a broken file."""
    import docx  # imported here: only DOCX reading needs python-docx

    try:
        document = docx.Document(io.BytesIO(data))
        names = {style.style_id: style.name for style in document.styles if style.style_id}
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise IngestError(
            "Файлът Word е повреден и не може да се прочете.",
            f"The Word file is damaged and cannot be read ({type(exc).__name__}).",
            Place(file=filename),
        ) from exc
    return document.element.body, names


def _body_items(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of the body in order, looking inside content controls."""
    for child in container:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
            yield from _body_items(child)


def _style_name(p: etree._Element, style_names: dict[str, str]) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    if style is None:
        return None
    style_id = style.get(W + "val")
    return style_names.get(style_id, style_id)


def _paragraph_text(p: etree._Element) -> str:
    """The visible text of one paragraph; soft line breaks become ``\\n``."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "p":  # a paragraph inside a text box
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            _collect(child, parts)
        else:
            _collect(child, parts)


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs joined by ``\\n``; a nested table gives one line per row."""
    lines: list[str] = []
    for item in _body_items(tc):
        if item.tag == W + "p":
            lines.append(_paragraph_text(item))
        else:
            for row in _grid(item):
                line = " ".join(cell.replace("\n", " ").strip() for cell in row if cell.strip())
                if line:
                    lines.append(line)
    return "\n".join(lines).strip()


def _grid(tbl: etree._Element, merged: list[tuple[int, ...]] | None = None,
          spans: list[int] | None = None) -> list[list[str]]:
    """The table as a rectangular list of rows, merged cells as in the module docstring.

    ``merged``, when given, receives per row the grid columns that a vertical
    merge from the row above covers; ``spans`` the widest horizontal span of the row.
    """
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(W + "tr"):
        row: list[str] = []
        covered: list[int] = []
        widest = 0
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            row.extend([""] * _count(before.get(W + "val"), minimum=0))
        for tc in _row_cells(tr):
            span_element = tc.find(f"{W}tcPr/{W}gridSpan")
            span = 1 if span_element is None else _count(span_element.get(W + "val"), minimum=1)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continued = merge is not None and merge.get(W + "val", "continue") == "continue"
            if continued:
                covered.extend(range(len(row), len(row) + span))
            widest = max(widest, span)
            row.append("" if continued else _cell_text(tc))
            row.extend([""] * (span - 1))
        rows.append(row)
        if merged is not None:
            merged.append(tuple(covered))
        if spans is not None:
            spans.append(widest)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins"):
            yield from _row_cells(child)


def _count(value: str | None, minimum: int) -> int:
    """A span or skip count from the XML, kept within sane bounds against hostile files."""
    try:
        return max(minimum, min(int(value or minimum), 64))
    except ValueError:
        return minimum


def _table(tbl: etree._Element, place: Place, pages: _Pages) -> Table:
    rows = []
    trs = list(tbl.iterchildren(W + "tr"))
    merged: list[tuple[int, ...]] = []
    spans: list[int] = []
    grid = _grid(tbl, merged, spans)
    width = max((len(r) for r in grid), default=0)
    for number, cells in enumerate(grid, start=1):
        page = pages.enter(trs[number - 1], cells=True) if number <= len(trs) else pages.page
        if any(c.strip() for c in cells):
            rows.append(Row(cells=tuple(cells), place=Place(file=place.file, page=page, table=place.table, row=number),
                            continued=merged[number - 1], full_width=width > 2 and spans[number - 1] == width))
    first_page = rows[0].place.page if rows else pages.page
    return Table(rows=tuple(rows), place=replace(place, page=first_page))


_RENDERED = W + "lastRenderedPageBreak"


def _is_hard_break(node: etree._Element) -> bool:
    """A page break the author typed (Ctrl+Enter) or set on a paragraph ("page break before")."""
    if node.tag == W + "br":
        return node.get(W + "type") == "page"
    return node.tag == W + "pageBreakBefore" and node.get(W + "val", "true") not in ("0", "false", "off")


class _Pages:
    """The page counter while the body is walked in order (see the module docstring)."""

    def __init__(self, body: etree._Element) -> None:
        self.rendered = next(body.iter(_RENDERED), None) is not None
        has_hard_breaks = any(_is_hard_break(n) for n in body.iter(W + "br", W + "pageBreakBefore"))
        self.page: int | None = 1 if self.rendered or has_hard_breaks else None

    def _is_break(self, node: etree._Element) -> bool:
        return node.tag == _RENDERED if self.rendered else _is_hard_break(node)

    def _breaks(self, element: etree._Element) -> tuple[int, int]:
        """(page breaks before the element's first text, page breaks after it)."""
        before = after = 0
        seen_text = False
        for node in element.iter(W + "t", _RENDERED, W + "br", W + "pageBreakBefore"):
            if node.tag == W + "t":
                seen_text = seen_text or bool((node.text or "").strip())
            elif self._is_break(node):
                if seen_text:
                    after += 1
                else:
                    before += 1
        return before, after

    def enter(self, element: etree._Element, cells: bool = False) -> int | None:
        """The page ``element`` (a paragraph, or a table row) starts on; moves the counter past it.

        Word marks a row that starts a new page in each of its cells, so a row counts
        the most breaks any one cell has, not their sum.
        """
        if self.page is None:
            return None
        if cells:
            counts = [self._breaks(tc) for tc in _row_cells(element)] or [(0, 0)]
            before, after = max(c[0] for c in counts), max(c[1] for c in counts)
        else:
            before, after = self._breaks(element)
        self.page += before
        page = self.page
        self.page += after
        return page
