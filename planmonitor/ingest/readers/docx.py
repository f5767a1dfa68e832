"""Stage 1 for Word files: DOCX bytes -> the common grid (see ``docs/formats/docx.md``).

The body is walked in document order, so the headings and paragraphs that
stand between tables (a priority, "Цел 1. ...") come out where a reader sees
them. python-docx opens the package and names the styles; the table grid is
walked directly on the XML, because python-docx's ``Table._cells`` assumes
every row fills the whole grid (it repeats ``cells[-col_count]`` for a
vertical merge), which rows with ``w:gridBefore`` or missing cells break.
The rule is the same as python-docx's: a ``w:tc`` spanning ``gridSpan``
columns, or continued downward by ``<w:vMerge/>``, is one cell; its text goes
to its top-left grid position and ``""`` to the rest.

Header rows marked "repeat on every page" (``w:tblHeader``) are stored once
in the file, so they arrive once; page breaks are decided by Word when it
lays the page out and are not in the file, so no row gets
``page_break_before``. Tables nested in a cell are flattened into the cell's
text, one line per nested row, because plans use them for lists inside a
cell, not for more rows of the plan.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

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
    blocks: list[Block] = []
    table_count = 0
    for element in _body_items(body):
        if element.tag == W + "p":
            text = _paragraph_text(element)
            if text.strip():
                blocks.append(Paragraph(text=text, place=Place(file=filename),
                                        style=_style_name(element, style_names)))
        else:
            table_count += 1
            table = _table(element, Place(file=filename, table=table_count))
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


def _grid(tbl: etree._Element) -> list[list[str]]:
    """The table as a rectangular list of rows, merged cells as in the module docstring."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(W + "tr"):
        row: list[str] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            row.extend([""] * _count(before.get(W + "val"), minimum=0))
        for tc in _row_cells(tr):
            span_element = tc.find(f"{W}tcPr/{W}gridSpan")
            span = 1 if span_element is None else _count(span_element.get(W + "val"), minimum=1)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continued = merge is not None and merge.get(W + "val", "continue") == "continue"
            row.append("" if continued else _cell_text(tc))
            row.extend([""] * (span - 1))
        rows.append(row)
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


def _table(tbl: etree._Element, place: Place) -> Table:
    rows = []
    for number, cells in enumerate(_grid(tbl), start=1):
        if any(c.strip() for c in cells):
            rows.append(Row(cells=tuple(cells), place=Place(file=place.file, table=place.table, row=number)))
    return Table(rows=tuple(rows), place=place)
