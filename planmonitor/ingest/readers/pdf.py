"""Stage 1 for PDF: bytes with a text layer -> the common grid (see ``docs/formats/pdf.md``).

The algorithm, page by page, then over the whole file:

1. find ruled tables (pdfplumber's "lines" strategy) and read their cells;
   when the file has no ruled table at all, find unruled ones from the
   alignment of the words (``pdf_unruled``);
2. read the text outside tables as lines, with their font size;
3. mark page furniture: a first or last line of a page that is a page number
   or that repeats on other pages at the same height (a running header);
4. walk the pages in order: a table that starts a page, continuing a table
   that ended the previous page with the same columns, is stitched onto it:
   the header rows repeated at the top of the page are dropped and the first
   row after them is marked ``page_break_before``; lines become paragraphs,
   furniture becomes paragraphs of style ``page-header``/``page-footer`` placed
   after the table it interrupted.

pdfplumber gives a merged cell once, at its top-left position, and ``None``
elsewhere; that is already the common grid's rule (``None`` becomes ``""``).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Block, Document, Paragraph, Place, Row, Table
from planmonitor.ingest.vocabulary import HEADING_OPENER

RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
         "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}
PAGE_NUMBER = re.compile(r"^[\W_]*((стр\.?|страница|page)\s*)?\d{1,4}(\s*(от|/|of)\s*\d{1,4})?[\W_]*$", re.I)
WIDE_GAP = 6.0  # points of white space inside a line that part two cells, not two words
CENTRE_TOLERANCE = 3.0  # points two centred lines' axes may differ by
COLUMN_TOLERANCE = 3.0  # points two pages' column edges may differ by and still be one table


@dataclass
class Line:
    """A line of text outside tables."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    gaps: int = 0  # wide gaps between characters: a line of an unruled table has several
    furniture: str | None = None  # "page-header" or "page-footer"


@dataclass
class Part:
    """A table, or the piece of one, found on one page."""

    page: int
    top: float
    bottom: float
    columns: tuple[float, ...]
    rows: list[list[str]] = field(default_factory=list)
    continued: list[tuple[int, ...]] = field(default_factory=list)  # per row: columns a merged cell above covers


def pdf_to_document(data: bytes, filename: str, settings=None, progress=None) -> Document:
    """Read a PDF with a text layer; refuse encrypted and damaged files. A scanned (image-only) PDF
    is read by text recognition (``ocr.py``), with ``progress(done, total)`` after each page."""
    pdf = _open(data, filename)
    try:
        pages, chars = _read_pages(pdf, filename)
        page_count = len(pdf.pages)
    except IngestError:
        raise
    except Exception as exc:  # pdfminer raises many kinds for a damaged content stream
        raise _damaged(filename, exc) from exc
    finally:
        _close(pdf)
    if chars == 0:
        from planmonitor.ingest.readers.ocr import scanned_pdf_to_document

        return scanned_pdf_to_document(data, filename, settings, progress)
    _mark_furniture(pages)
    return Document(source=filename, format="pdf", blocks=tuple(_blocks(pages, filename)), pages=page_count)


def _open(data: bytes, filename: str):
    import pdfplumber  # imported here: only PDF reading needs it
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestError(
                "PDF файлът е защитен с парола (шифрован); запазете го без парола и опитайте отново.",
                "The PDF is password-protected (encrypted); save it without a password and try again.",
                Place(file=filename),
            ) from exc
        raise _damaged(filename, exc) from exc


def _close(pdf) -> None:
    """Close the file. pdfplumber's ``close()`` walks the page list again, which raises
    once more for a damaged page tree and would hide the clear error already raised."""
    try:
        pdf.close()
    except Exception:  # noqa: S110 - the damage has been reported; only the stream is left
        pdf.stream.close()


def _damaged(filename: str, exc: Exception, page: int | None = None) -> IngestError:
    return IngestError(
        "PDF файлът е повреден и не може да се прочете.",
        f"The PDF file is damaged and cannot be read ({type(exc).__name__}).",
        Place(file=filename, page=page),
    )


def _read_pages(pdf, filename: str) -> tuple[list[list[Line | Part]], int]:
    """Per page, its tables and outside lines sorted top to bottom; and the file's character count.

    Each page's parsed objects are dropped (``page.close()``) as soon as it is
    read: a long plan would otherwise keep every page's characters in memory.
    Until a ruled table is met, each page's words are kept too, so that a file
    without one is read as unruled without parsing its pages a second time.
    """
    from planmonitor.ingest.readers.pdf_unruled import page_words, unruled_tables

    pages: list[tuple[list[Part], list[Line]]] = []
    words: list[list[dict]] = []
    chars, ruled = 0, False
    for number, page in enumerate(pdf.pages, start=1):
        found = [(t, t.extract()) for t in page.find_tables(RULED) if _width(t) >= 2]
        tables = [(t, rows) for t, rows in found if not _header_only(rows)]
        # A lone ruled row (a header's last line, a shaded band) proves no ruled table; two rows do.
        ruled = ruled or any(_filled_rows(rows) >= 2 for _, rows in tables)
        chars += len(page.chars)
        boxes = [t.bbox for t, _ in tables]
        outside = page.filter(lambda o, boxes=boxes: o.get("object_type") != "char"
                              or not any(_inside(o, box) for box in boxes))
        pages.append(([_part(number, t, rows) for t, rows in tables], _lines(outside, number)))
        if ruled:
            words.clear()
        else:
            words.append(page_words(page))
        page.close()
    if not pages:
        raise IngestError("PDF файлът няма нито една страница.", "The PDF file has no pages.", Place(file=filename))
    if not ruled and chars:
        _mark_furniture([lines for _, lines in pages])  # so no page number is read into a table
        pages = unruled_tables([(page_words, number, lines) for number, (page_words, (_, lines))
                                in enumerate(zip(words, pages, strict=True), start=1)])
    return [sorted([*parts, *lines], key=lambda item: item.top) for parts, lines in pages], chars


def _filled_rows(extracted: list[list[str | None]]) -> int:
    return sum(1 for row in extracted if any((cell or "").strip() for cell in row))


def _header_only(extracted: list[list[str | None]]) -> bool:
    """A "table" that is only a header (one or two rows of header words): shaded header cells over
    rows ruled only between them (no vertical rules) give pdfplumber boxes for the header alone.
    It is no ruled table; the rows under it are read from the alignment of their words
    (``pdf_unruled``)."""
    from planmonitor.ingest.codes import leading_code
    from planmonitor.ingest.layout import role_of

    rows = [[c for c in row if c and c.strip()] for row in extracted]
    rows = [row for row in rows if row]
    if not rows or len(rows) > 3 or sum(1 for c in rows[0] if role_of(c)) < 2:
        return False
    return all(not any(leading_code(c) for c in row) and sum(1 for c in row if role_of(c)) * 2 > len(row)
               for row in rows)


def _width(table) -> int:
    return max((len(row.cells) for row in table.rows), default=0)


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _part(page: int, table, extracted: list[list[str | None]]) -> Part:
    edges = sorted({round(c[0]) for c in table.cells} | {round(c[2]) for c in table.cells})
    rows = [[(cell or "").strip() for cell in row] for row in extracted]
    return Part(page=page, top=table.bbox[1], bottom=table.bbox[3], columns=tuple(edges), rows=rows,
                continued=_covered_from_above(table))


def _covered_from_above(table) -> list[tuple[int, ...]]:
    """Per row, the columns a vertically merged cell of a row above covers (pdfplumber gives ``None``
    there, as it does right of a horizontally merged cell; the cell to the left tells them apart)."""
    boxes = [list(row.cells) for row in table.rows]
    width = max((len(r) for r in boxes), default=0)
    starts = [min((r[c][0] for r in boxes if c < len(r) and r[c] is not None), default=None) for c in range(width)]
    out = []
    for r, row in enumerate(boxes):
        covered = []
        for c, box in enumerate(row):
            if box is not None or r == 0 or starts[c] is None:
                continue
            left = next((row[k] for k in range(c - 1, -1, -1) if row[k] is not None), None)
            if left is None or left[2] <= starts[c] + 1:  # nothing from the left reaches it: the merge is from above
                covered.append(c)
        out.append(tuple(covered))
    return out


def _lines(page, number: int) -> list[Line]:
    out = []
    for line in page.extract_text_lines(strip=True):
        text = line["text"]
        if not text:
            continue
        chars = line.get("chars") or [{}]
        sizes = Counter(round(c.get("size", 0), 1) for c in chars)
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) > len(chars) / 2
        xs = sorted((c["x0"], c["x1"]) for c in chars if "x0" in c)
        gaps = sum(1 for a, b in zip(xs, xs[1:], strict=False) if b[0] - a[1] > WIDE_GAP)
        out.append(Line(page=number, top=line["top"], bottom=line["bottom"], x0=line["x0"], x1=line["x1"],
                        text=text, size=sizes.most_common(1)[0][0], bold=bold, gaps=gaps))
    return out


def _mark_furniture(pages: list[list[Line | Part]]) -> None:
    """Flag running headers, footers and page numbers (see the module docstring, step 3)."""
    def key(line: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 6)

    ends: list[tuple[Line, str]] = []
    for items in pages:
        lines = [i for i in items if isinstance(i, Line)]
        for line in lines[:2]:
            if not any(isinstance(i, Part) and i.top < line.top for i in items):
                ends.append((line, "page-header"))
        for line in lines[-2:]:
            if not any(isinstance(i, Part) and i.bottom > line.bottom for i in items):
                ends.append((line, "page-footer"))
    counts = Counter(key(line) for line, _ in ends)
    for line, kind in ends:
        if line.gaps >= 2:  # the header row of an unruled table, repeated on each page, is no furniture
            continue
        if PAGE_NUMBER.match(line.text) or (len(pages) > 1 and counts[key(line)] >= 2):
            line.furniture = kind


def _blocks(pages: list[list[Line | Part]], filename: str) -> list[Block]:
    """Walk the pages in reading order: stitch tables over page breaks, join lines into paragraphs."""
    blocks: list[Block] = []
    held: list[Paragraph] = []  # furniture met while a table may still continue
    table: dict | None = None  # the open table: rows, columns, last page, number
    lines: list[Line] = []
    count = 0

    def close_table() -> None:
        nonlocal table
        if table is not None:
            place = Place(file=filename, page=table["first_page"], table=table["number"])
            blocks.append(Table(rows=tuple(table["rows"]), place=place))
            table = None
        blocks.extend(held)
        held.clear()

    def flush_lines() -> None:
        for paragraph in _paragraphs(lines, filename):
            blocks.append(paragraph)
        lines.clear()

    for items in pages:
        first_content = True
        for item in items:
            if isinstance(item, Line) and item.furniture:
                paragraph = Paragraph(text=item.text, place=Place(file=filename, page=item.page),
                                      style=item.furniture)
                (held if table is not None else blocks).append(paragraph)
                continue
            if isinstance(item, Line):
                close_table()
                lines.append(item)
            else:
                flush_lines()
                continues = (table is not None and first_content and item.page == table["last_page"] + 1
                             and _same_columns(item.columns, table["columns"]))
                if not continues:
                    close_table()
                    count += 1
                    table = {"rows": [], "columns": item.columns, "first_page": item.page, "number": count,
                             "last_page": item.page}
                _append_rows(table, item, filename, page_break=continues)
            first_content = False
    flush_lines()
    close_table()
    return blocks


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a, b, strict=True))


def _append_rows(table: dict, part: Part, filename: str, page_break: bool) -> None:
    """Add a page's rows to the open table. On a continued page the header rows that the
    document repeats there are dropped, so the grid is the same as a DOCX reader gives,
    and ``page_break_before`` lands on the first row that goes on from the previous page."""
    continued = part.continued or [()] * len(part.rows)
    pairs = [(cells, covered) for cells, covered in zip(part.rows, continued, strict=False) if any(cells)]
    rows = [cells for cells, _ in pairs]
    if page_break:
        header = [list(r.cells) for r in table["rows"][: len(rows)]]
        repeated = 0
        while repeated < min(len(rows) - 1, len(header)) and rows[repeated] == header[repeated]:
            repeated += 1
        pairs = pairs[repeated:]
    first = True
    for cells, covered in pairs:
        place = Place(file=filename, page=part.page, table=table["number"], row=len(table["rows"]) + 1)
        table["rows"].append(Row(cells=tuple(cells), place=place, page_break_before=page_break and first,
                                 continued=covered))
        first = False
    table["last_page"] = part.page


def _centred_together(a: Line, b: Line, left: float) -> bool:
    """Two lines of different widths centred on one axis, both indented from the left margin."""
    return (abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= 2 * CENTRE_TOLERANCE and abs(a.x0 - b.x0) > CENTRE_TOLERANCE
            and min(a.x0, b.x0) > left + CENTRE_TOLERANCE)


def _paragraphs(lines: list[Line], filename: str) -> list[Paragraph]:
    """Join wrapped lines into paragraphs.

    A line continues the previous one when it follows closely below, in the
    same font size and weight, and the previous line reached the right edge
    (a short line ends its paragraph, so a heading never swallows the text
    under it), or both are centred on the same axis (a title set over several
    lines on a title page). A line that opens a heading ("Цел 5:",
    "Приоритет", "Задача") always starts a new paragraph, even under a bold
    line that fills its line.
    """
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not HEADING_OPENER.match(line.text):
            prev = groups[-1][-1]
            height = max(prev.bottom - prev.top, 1.0)
            if (line.page == prev.page and 0 <= line.top - prev.bottom <= 0.6 * height
                    and abs(line.size - prev.size) < 0.6 and line.bold == prev.bold
                    and (prev.x1 >= right - 0.2 * (right - left) or _centred_together(prev, line, left))):
                groups[-1].append(line)
                continue
        groups.append([line])
    return [Paragraph(text=" ".join(line.text for line in group), place=Place(file=filename, page=group[0].page),
                      style="bold" if group[0].bold else None) for group in groups]
