"""Cells merged down over a page break in a PDF table: what the page walk (``pdf.py``) can tell.

A cell merged over two rows that a page break parts is printed in two pieces:
the text that fitted at the foot of one page, and the rest (or nothing) beside
the next row at the top of the next. Nothing on either page joins them. The
evidence used, and where it fails, a warning instead of a guess:

- in a table without rules, the column alone ran to the page's foot and the
  text at the top opens mid-sentence (``pdf_unruled`` finds the open columns);
- in a ruled table, a word broken in two ("сътрудничест" / "во"), a list cut
  after a comma, or a piece merged down under a cell that ends with a semicolon;
- a piece that is empty, or that opens mid-sentence with none of that
  evidence, marks its rows (``Row.merged_above``) for a warning at the field.
"""

from __future__ import annotations

from dataclasses import replace

from planmonitor.ingest.cells import join_text
from planmonitor.ingest.model import Place, Row
from planmonitor.ingest.readers.pdf_tables import Part


def brokenword_key(table: dict, above: str, text: str) -> bool:
    """Whether the page broke a word between ``above`` and ``text`` ("сътрудничест" / "во"): the two
    pieces together make a word the file's tables print whole elsewhere."""
    if not text[:1].islower() or not above.rstrip()[-1:].isalpha():
        return False
    return word_key(above.split()[-1] + text.split()[0]) in table["words"]


def word_key(token: str) -> str:
    return token.strip(".,;:()„“\"").lower()


def opens_mid_sentence(text: str, above: str) -> bool:
    """A cell at a page's top that may be the rest of the one above: it opens with a small letter or
    a comma, and the cell above ends with no full stop."""
    text, above = text.strip(), above.strip()
    return bool(text) and (text[0].islower() or text[0] in ",;") and (above[-1:].isalpha() or above[-1:] in ",;")


def value_above(rows: list[Row], column: int) -> bool:
    """Whether the cell of ``column`` in the last row holds a value (its own or a merged cell's above it)."""
    for row in reversed(rows):
        if column >= len(row.cells):
            return False
        if row.cells[column].strip() or column in row.merged_above:
            return True
        if column not in row.continued:
            return False
    return False


def header_words(cells: list[str]) -> bool:
    """A row of column names (a header the page repeats, even if its words wrap differently), or a
    header's second row (every filled cell names a column)."""
    from planmonitor.ingest.headers import is_header_row

    row = Row(cells=tuple(cells), place=Place(file=""))
    return is_header_row(row) or is_header_row(row, loose=True)


def rest_of_merged_cells(table: dict, pair: tuple[list[str], tuple[int, ...]], open_cells: tuple[int, ...],
                          merged_down: tuple[int, ...] | None = None) -> tuple[list[str], tuple[int, ...]]:
    """The first row after a page break in a table without rules, with the rest of a merged cell
    given back to the cell it belongs to.

    A cell merged down over two rows whose text ran to the foot of the page goes on at the top of
    the next page, beside the next row's first line; nothing parts the two. When the previous
    page's text in that column reached the table's foot and the text here opens mid-sentence (a
    small letter, a comma), it is the rest of that cell: it is joined to it, and this row is
    covered by the merged cell (its value copied down as for any merged cell).

    A ruled table draws each page's piece of the merged cell apart (``merged_down``: the columns
    whose piece here reaches the next row too), so the evidence there is stronger: a word the page
    broke in two ("сътрудничест" / "во", printed whole elsewhere in the file's tables), a cell the
    page cut in the middle of a list (it ends with a comma), or a piece merged down under a cell
    that ends with a semicolon (a list's separator, though also a list of indicators' last mark).
    """
    cells, covered = list(pair[0]), set(pair[1])
    rows: list[Row] = table["rows"]
    for i in open_cells:
        text = cells[i].strip() if i < len(cells) else ""
        if not text or i in covered:
            continue
        owner = len(rows) - 1
        while owner > 0 and i in rows[owner].continued and not rows[owner].cells[i].strip():
            owner -= 1
        above = list(rows[owner].cells)
        if not above[i].strip():
            continue
        broken = brokenword_key(table, above[i], text)
        if merged_down is None:
            if not (text[0].islower() or text[0] in ",;"):
                continue
        elif not (above[i].rstrip()[-1:] == "," or (i in merged_down and above[i].rstrip()[-1:] == ";") or broken):
            continue
        above[i] = above[i].rstrip() + text if broken else join_text(above[i], text)
        rows[owner] = replace(rows[owner], cells=tuple(above))
        cells[i] = ""
        covered.add(i)
    return cells, tuple(sorted(covered))


def cut_by_page(out: list[tuple[list[Part], list]], sizes: list[float]) -> list[tuple[list[Part], list]]:
    """Keep a part's ``open_cells`` only where the page's text was plainly cut by the page break:
    its foot is as low as any page's table goes (within a line and a half). A row that merely
    ended higher up says nothing about a merged cell going on."""
    bottoms = [part.bottom for parts, _ in out for part in parts]
    if not bottoms or not sizes:
        return out
    slack = 1.5 * sorted(sizes)[len(sizes) // 2]
    deepest = max(bottoms)
    return [([part if part.bottom >= deepest - slack else replace(part, open_cells=())
              for part in parts], lines) for parts, lines in out]
