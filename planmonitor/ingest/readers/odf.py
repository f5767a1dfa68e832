"""Stage 1 for OpenDocument: ODT and ODS bytes -> the common grid, without LibreOffice (see
``docs/formats/office.md``).

An ODF file is a ZIP whose ``content.xml`` holds the whole document
(``sniff.py`` has already judged the archive safe to unpack). It is parsed
with lxml, as the DOCX reader parses ``word/document.xml``; odfpy was not
used because it has had one release since 2020, builds its own slow object
tree, and would still leave the grid (spans, repeats) to us.

* **Text (ODT).** ``office:text`` is walked in document order: ``text:h``
  (style ``Heading N`` from its ``text:outline-level``), ``text:p`` and list
  items become paragraphs, ``table:table`` a table. Sections and change
  tracking are walked into; tables of contents and other generated indexes
  are skipped, as they repeat the headings. Footnote bodies and annotations are
  not text a person reads in the line (a footnote is left out with its mark). ``text:soft-page-break`` is where the
  program that last saved the file broke the pages; like Word's
  ``lastRenderedPageBreak`` it gives ``Place.page`` only.
* **Sheets (ODS).** Each visible ``table:table`` of ``office:spreadsheet``
  is a sheet, read by the XLSX reader's rule (``xlsx.sheet_blocks``): rows
  before the first row with two filled cells are paragraphs, the rest one
  table; the sheet name comes first when there are several. A cell's text is
  what the sheet shows (its ``text:p``), so money keeps the author's spelling.
* **The grid.** ``table:number-columns-repeated`` and
  ``table:number-rows-repeated`` repeat a cell or row (a sheet's empty tail
  often claims thousands: columns stop at ``MAX_COLUMNS``, empty rows are
  counted, not built); a cell spanning ``table:number-columns-spanned`` x
  ``table:number-rows-spanned`` keeps its text in its top-left position and
  the positions it covers are ``table:covered-table-cell`` elements, which
  give ``""``. The columns a span from an earlier row covers go to
  ``Row.continued``, and a row that is one cell across the table is
  ``Row.full_width``, as in the DOCX reader.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from lxml import etree

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Block, Document, Paragraph, Place, Row, Table

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
MAX_COLUMNS = 64
MAX_ROWS = 100_000  # a sheet's repeated empty tail is counted up to here, never built
MAX_REPEAT_FILLED = 1_000  # a filled row or cell repeated more often than this is cut
SKIPPED = {TEXT + "table-of-content", TEXT + "alphabetical-index", TEXT + "illustration-index",
           TEXT + "table-index", TEXT + "object-index", TEXT + "user-index", TEXT + "bibliography",
           TEXT + "note", TEXT + "note-body", OFFICE + "annotation", TEXT + "tracked-changes", TEXT + "deletion",
           OFFICE + "forms", TABLE + "table-columns", TABLE + "table-column", TABLE + "table-column-group",
           TEXT + "sequence-decls", TEXT + "variable-decls", TEXT + "user-field-decls", OFFICE + "annotation-end"}
ROW_CONTAINERS = {TABLE + "table-header-rows", TABLE + "table-rows", TABLE + "table-row-group"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def odf_to_document(data: bytes, filename: str, kind: str) -> Document:
    """Read an ODT (``kind`` "odt") or ODS ("ods") file; one without any table is refused."""
    root = _content(data, filename)
    body = root.find(f"{OFFICE}body")
    text = body.find(f"{OFFICE}text") if body is not None else None
    sheet = body.find(f"{OFFICE}spreadsheet") if body is not None else None
    if kind == "ods" and sheet is not None:
        blocks = _sheets(root, sheet, filename)
    elif text is not None:
        walker = _TextWalker(filename, _style_parents(root), text)
        walker.walk(text)
        blocks = walker.blocks
    else:
        raise _damaged(filename, "no office:text or office:spreadsheet")
    if not any(isinstance(b, Table) for b in blocks):
        raise IngestError(
            "В документа (ODT/ODS) няма нито една таблица; планът трябва да е в таблица.",
            "The document (ODT/ODS) has no table; the plan's measures must be in a table.",
            Place(file=filename),
        )
    return Document(source=filename, format=kind, blocks=tuple(blocks))


def _damaged(filename: str, why: str) -> IngestError:
    return IngestError(
        "Файлът OpenDocument (ODT/ODS) е повреден и не може да се прочете.",
        f"The OpenDocument file (ODT/ODS) is damaged and cannot be read ({why}).",
        Place(file=filename),
    )


def _content(data: bytes, filename: str) -> etree._Element:
    """The parsed ``content.xml`` (entities never resolved, nothing fetched)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("content.xml")
        return etree.fromstring(xml, PARSER)
    except KeyError:
        raise _damaged(filename, "content.xml is missing") from None
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError, EOFError) as exc:
        raise _damaged(filename, type(exc).__name__) from exc


def _style_parents(root: etree._Element) -> dict[str, str]:
    """Automatic paragraph style -> the named style it derives from ("P3" -> "Heading_20_1")."""
    out = {}
    for style in root.iter(f"{STYLE}style"):
        parent = style.get(f"{STYLE}parent-style-name")
        if parent:
            out[style.get(f"{STYLE}name", "")] = parent
    return out


def _style_name(name: str | None, parents: dict[str, str]) -> str | None:
    """The person-facing style name: automatic styles resolved, ``_20_`` (an encoded space) decoded."""
    if not name:
        return None
    return parents.get(name, name).replace("_20_", " ")


def _count(value: str | None, cap: int) -> int:
    """A repeat or span count from the XML, kept within bounds against hostile files."""
    try:
        return max(1, min(int(value or 1), cap))
    except ValueError:
        return 1


# --- text documents -------------------------------------------------------------------------------------------


class _TextWalker:
    """Walks ``office:text`` in order (see the module docstring), counting soft page breaks."""

    def __init__(self, filename: str, parents: dict[str, str], text: etree._Element) -> None:
        self.filename = filename
        self.parents = parents
        self.blocks: list[Block] = []
        self.tables = 0
        self.page: int | None = 1 if next(text.iter(f"{TEXT}soft-page-break"), None) is not None else None

    def _breaks(self, element: etree._Element) -> int:
        return 0 if self.page is None else sum(1 for _ in element.iter(f"{TEXT}soft-page-break"))

    def walk(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            if tag in (TEXT + "p", TEXT + "h"):
                page = self.page
                text = paragraph_text(child)
                if self.page is not None:
                    self.page += self._breaks(child)
                if text.strip():
                    style = (f"Heading {child.get(TEXT + 'outline-level', '1')}" if tag == TEXT + "h"
                             else _style_name(child.get(TEXT + "style-name"), self.parents))
                    self.blocks.append(Paragraph(text=text, place=Place(file=self.filename, page=page), style=style))
            elif tag == TABLE + "table":
                self.tables += 1
                table = self._table(child)
                if table.rows:
                    self.blocks.append(table)
            elif tag == TEXT + "soft-page-break":
                if self.page is not None:
                    self.page += 1
            else:  # lists, list items, sections, inserted changes: their content is the document's
                self.walk(child)

    def _table(self, element: etree._Element) -> Table:
        place = Place(file=self.filename, table=self.tables)
        rows = []
        for number, cells, covered, full, page in table_grid(element, self):
            if any(c.strip() for c in cells):
                rows.append(Row(cells=cells, place=replace(place, page=page, row=number), continued=covered,
                                full_width=full))
        first_page = rows[0].place.page if rows else self.page
        return Table(rows=tuple(rows), place=replace(place, page=first_page))


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's visible text: ``text:s`` spaces, tabs and line breaks kept; notes' bodies left out."""
    parts: list[str] = [p.text or ""]
    for child in p:
        tag = child.tag
        if isinstance(tag, str) and tag not in SKIPPED:
            if tag == TEXT + "s":
                parts.append(" " * _count(child.get(TEXT + "c"), 100))
            elif tag == TEXT + "tab":
                parts.append("\t")
            elif tag == TEXT + "line-break":
                parts.append("\n")
            else:
                parts.append(paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs joined by ``\\n``; a nested table gives one line per row."""
    lines: list[str] = []
    for item in _cell_items(cell):
        if item.tag == TABLE + "table":
            for _number, cells, _covered, _full, _page in table_grid(item, None):
                line = " ".join(c.replace("\n", " ").strip() for c in cells if c.strip())
                if line:
                    lines.append(line)
        else:
            lines.append(paragraph_text(item))
    return "\n".join(lines).strip()


def _cell_items(container: etree._Element):
    for child in container:
        if child.tag in (TEXT + "p", TEXT + "h", TABLE + "table"):
            yield child
        elif isinstance(child.tag, str) and child.tag not in SKIPPED:
            yield from _cell_items(child)


def _row_elements(table: etree._Element):
    """The table's own rows in order, looking inside header-row and row-group containers; soft page
    breaks between rows are yielded too, for the page counter."""
    for child in table:
        if child.tag == TABLE + "table-row" or child.tag == TEXT + "soft-page-break":
            yield child
        elif child.tag in ROW_CONTAINERS:
            yield from _row_elements(child)


def table_grid(table: etree._Element, pages: _TextWalker | None):
    """(row number, cells, continued columns, full width, page) per grid row with text, as the module
    docstring says. Repeated empty rows are counted, so row numbers stay those of the sheet, not built."""
    spans: dict[int, set[int]] = {}  # grid row (0-based) -> columns a span from an earlier row covers
    raw: list[tuple[int, list[str], int, int | None]] = []  # row index, cells, widest span, page
    r = 0
    for tr in _row_elements(table):
        if tr.tag == TEXT + "soft-page-break":
            if pages is not None and pages.page is not None:
                pages.page += 1
            continue
        page = pages.page if pages is not None else None
        if pages is not None and pages.page is not None:
            pages.page += pages._breaks(tr)
        cells, widest = _row_cells(tr, r, spans)
        repeat = _count(tr.get(TABLE + "number-rows-repeated"), MAX_ROWS)
        if not any(cells):
            r += repeat
        else:
            for _ in range(min(repeat, MAX_REPEAT_FILLED)):
                raw.append((r, cells, widest, page))
                r += 1
        if r >= MAX_ROWS:
            break
    width = max((len(cells) for _r, cells, _w, _p in raw), default=0)
    for index, cells, widest, page in raw:
        padded = tuple(cells + [""] * (width - len(cells)))
        covered = tuple(sorted(c for c in spans.get(index, ()) if c < width))
        yield index + 1, padded, covered, width > 2 and widest == width, page


def _row_cells(tr: etree._Element, r: int, spans: dict[int, set[int]]) -> tuple[list[str], int]:
    """One row's cell texts (trailing empties cut) and its widest column span; records row spans."""
    cells: list[str] = []
    widest = 0
    for cell in tr:
        if cell.tag not in (TABLE + "table-cell", TABLE + "covered-table-cell"):
            continue
        repeat = _count(cell.get(TABLE + "number-columns-repeated"), MAX_COLUMNS)
        if cell.tag == TABLE + "covered-table-cell":
            cells.extend([""] * repeat)
        else:
            text = cell_text(cell)
            colspan = _count(cell.get(TABLE + "number-columns-spanned"), MAX_COLUMNS)
            rowspan = _count(cell.get(TABLE + "number-rows-spanned"), MAX_ROWS)
            for _ in range(repeat if text else min(repeat, MAX_COLUMNS)):
                if rowspan > 1:
                    for below in range(r + 1, r + rowspan):
                        spans.setdefault(below, set()).update(range(len(cells), len(cells) + colspan))
                widest = max(widest, colspan)
                cells.append(text)
                if len(cells) >= MAX_COLUMNS:
                    break
        if len(cells) >= MAX_COLUMNS:
            del cells[MAX_COLUMNS:]
            break
    while cells and not cells[-1]:
        cells.pop()
    return cells, widest


# --- spreadsheets ---------------------------------------------------------------------------------------------


def _hidden_table_styles(root: etree._Element) -> set[str]:
    """Names of table styles that hide their sheet (``table:display="false"``)."""
    hidden = set()
    for style in root.iter(f"{STYLE}style"):
        props = style.find(f"{STYLE}table-properties")
        if props is not None and props.get(TABLE + "display") == "false":
            hidden.add(style.get(f"{STYLE}name"))
    return hidden


def _sheets(root: etree._Element, spreadsheet: etree._Element, filename: str) -> list[Block]:
    from planmonitor.ingest.readers.xlsx import sheet_blocks  # the XLSX reader's rule for one sheet

    hidden = _hidden_table_styles(root)
    sheets = []
    for table in spreadsheet.iter(TABLE + "table"):
        if table.get(TABLE + "style-name") in hidden or table.getparent() is not spreadsheet:
            continue
        title = table.get(TABLE + "name") or f"{len(sheets) + 1}"
        rows: list[tuple[int, list[str]]] = []
        merged: dict[int, tuple[int, ...]] = {}
        for number, cells, covered, full, _page in table_grid(table, None):
            filled = list(cells)
            while filled and not filled[-1]:
                filled.pop()
            if filled:
                rows.append((number, filled))
            if covered or full:
                merged[number] = (*covered, *((-len(cells),) if full else ()))
        if rows:
            sheets.append((title, rows, merged))
    blocks: list[Block] = []
    for number, (title, rows, merged) in enumerate(sheets, start=1):
        if len(sheets) > 1:
            blocks.append(Paragraph(text=title, place=Place(file=filename, sheet=title), style="sheet"))
        blocks.extend(sheet_blocks(title, rows, filename, number, merged))
    return blocks
