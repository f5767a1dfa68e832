"""Stage 1 for PDF: bytes with a text layer -> the common grid (see ``docs/formats/pdf.md``).

The algorithm, page by page, then over the whole file:

1. find ruled tables (pdfplumber's "lines" strategy) and read their cells,
   mending words a narrow column broke (``pdf_cells``); a table ruled only
   between rows takes its columns from its shaded header (``pdf_tables``);
   when the file has no ruled table with body rows, find unruled ones from
   the alignment of the words (``pdf_unruled``);
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

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Block, Document, Paragraph, Place, Row, Table
from planmonitor.ingest.readers.pdf_merges import (
    header_words,
    opens_mid_sentence,
    rest_of_merged_cells,
    value_above,
    word_key,
)
from planmonitor.ingest.readers.pdf_tables import (
    RULED,
    Part,
    column_edges,
    filled_rows,
    header_only,
    inside,
    rows_between_rules,
    to_part,
    width,
)
from planmonitor.ingest.readers.pdf_text import Line, mark_furniture, page_lines, paragraphs

COLUMN_TOLERANCE = 3.0  # points two pages' column edges may differ by and still be one table


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
        raise damaged(filename, exc) from exc
    finally:
        _close(pdf)
    if chars == 0:
        from planmonitor.ingest.readers.ocr import scanned_pdf_to_document

        return scanned_pdf_to_document(data, filename, settings, progress)
    mark_furniture(pages)
    return Document(source=filename, format="pdf", blocks=tuple(pages_to_blocks(pages, filename)), pages=page_count)


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
        raise damaged(filename, exc) from exc


def _close(pdf) -> None:
    """Close the file. pdfplumber's ``close()`` walks the page list again, which raises
    once more for a damaged page tree and would hide the clear error already raised."""
    try:
        pdf.close()
    except Exception:  # noqa: S110 - the damage has been reported; only the stream is left
        pdf.stream.close()


def damaged(filename: str, exc: Exception, page: int | None = None) -> IngestError:
    """The error for a file pdfminer or pdfium cannot read (at ``page`` when known); ``ocr.py`` uses it too."""
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
    from planmonitor.ingest.readers.pdf_cells import table_cells
    from planmonitor.ingest.readers.pdf_unruled import page_words, unruled_tables

    pages: list[tuple[list[Part], list[Line]]] = []
    words: list[list[dict]] = []
    chars, ruled = 0, False
    header: tuple[float, ...] = ()  # the column edges of the last shaded header met (see rows_between_rules)
    for number, page in enumerate(pdf.pages, start=1):
        found = [(t, table_cells(t, page.chars)) for t in page.find_tables(RULED) if width(t) >= 2]
        tables = [(t, rows) for t, rows in found if not header_only(rows)]
        header = next((column_edges(t) for t, rows in reversed(found) if header_only(rows)), header)
        if header and not any(filled_rows(rows) >= 2 for _, rows in tables):
            shaded = tuple(t for t, rows in found if header_only(rows))
            tables = [(t, table_cells(t, page.chars)) for t in rows_between_rules(page, header, shaded)] or tables
        # A lone ruled row (a header's last line, a shaded band) proves no ruled table; two rows do.
        ruled = ruled or any(filled_rows(rows) >= 2 for _, rows in tables)
        chars += len(page.chars)
        boxes = [t.bbox for t, _ in tables]
        outside = page.filter(lambda o, boxes=boxes: o.get("object_type") != "char"
                              or not any(inside(o, box) for box in boxes))
        pages.append(([to_part(number, t, rows) for t, rows in tables], page_lines(outside, number)))
        if ruled:
            words.clear()
        else:
            words.append(page_words(page))
        page.close()
    if not pages:
        raise IngestError("PDF файлът няма нито една страница.", "The PDF file has no pages.", Place(file=filename))
    if not ruled and chars:
        mark_furniture([lines for _, lines in pages])  # so no page number is read into a table
        pages = unruled_tables([(page_words, number, lines) for number, (page_words, (_, lines))
                                in enumerate(zip(words, pages, strict=True), start=1)])
    return [sorted([*parts, *lines], key=lambda item: item.top) for parts, lines in pages], chars


def pages_to_blocks(pages: list[list[Line | Part]], filename: str) -> list[Block]:
    """Walk the pages in reading order: stitch tables over page breaks, join lines into paragraphs."""
    blocks: list[Block] = []
    held: list[Paragraph] = []  # furniture met while a table may still continue
    table: dict | None = None  # the open table: rows, columns, last page, number
    lines: list[Line] = []
    count = 0
    words = {word_key(w) for items in pages for item in items if isinstance(item, Part)
             for row in item.rows for cell in row for w in cell.split()}  # the words the tables print whole

    def close_table() -> None:
        nonlocal table
        if table is not None:
            place = Place(file=filename, page=table["first_page"], table=table["number"])
            blocks.append(Table(rows=tuple(table["rows"]), place=place, hidden_merges=table["hidden"]))
            table = None
        blocks.extend(held)
        held.clear()

    def flush_lines() -> None:
        for paragraph in paragraphs(lines, filename):
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
                             "last_page": item.page, "hidden": item.hidden_merges, "words": words}
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
    first_body = next((k for k, (cells, _) in enumerate(pairs) if not header_words(cells)), None)
    if page_break and first_body is not None and table["rows"]:
        if part.hidden_merges:
            pairs[first_body] = rest_of_merged_cells(table, pairs[first_body], table.get("open", ()))
        else:  # ruled: a piece merged down over the next rows, under a list the page cut after a comma
            below = pairs[first_body + 1][1] if first_body + 1 < len(pairs) else ()
            pairs[first_body] = rest_of_merged_cells(table, pairs[first_body], tuple(range(len(pairs[0][0]))),
                                                      merged_down=below)
    first = True
    before = table["rows"][:]
    open_above: set[int] = set()  # ruled: columns at the page's top that may go on from the page before
    for k, (cells, covered) in enumerate(pairs):
        place = Place(file=filename, page=part.page, table=table["number"], row=len(table["rows"]) + 1)
        if page_break and not part.hidden_merges and before and first_body is not None:
            if k == first_body:
                open_above = {i for i, text in enumerate(cells) if i not in covered and value_above(before, i)
                              and (not text.strip() or opens_mid_sentence(text, before[-1].cells[i]))}
            elif k > first_body:
                open_above &= set(covered)  # the page's piece of the merged cell reaches this row too
        table["rows"].append(Row(cells=tuple(cells), place=place, page_break_before=page_break and first,
                                 continued=covered, merged_above=tuple(sorted(open_above))))
        first = False
    table["last_page"] = part.page
    table["open"] = part.open_cells
