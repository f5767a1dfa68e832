"""Stage 1 for spreadsheets: XLSX bytes -> the common grid (see ``docs/formats/xlsx.md``).

openpyxl reads the workbook in read-only mode (rows streamed, formulas as
their last computed values). A merged range keeps its value in its top-left
cell and leaves the others empty, which is already the common grid's rule,
so a merge needs no work except one: the rows under the first row of a
vertical merge name the columns it covers in ``Row.continued`` (read from the
sheet's ``mergeCell`` list, which read-only mode does not parse), so that one
"responsible" cell over two measures can be given to both. Per visible sheet with content:

* when the workbook has several such sheets, the sheet name comes first as a
  paragraph of style ``sheet`` (a plan kept as one sheet per priority names
  each sheet after its priority);
* rows before the first row with two or more filled cells (a title, a
  heading) are paragraphs;
* the rest is one table, as wide as its widest row; rows keep their sheet row
  number in ``Place.row``.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Block, Document, Paragraph, Place, Row, Table

MAX_COLUMNS = 64  # plans are narrow; a sheet claiming thousands of columns is cut here
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def xlsx_to_document(data: bytes, filename: str) -> Document:
    """Read every visible sheet; refuse a workbook with no table."""
    workbook = _open(data, filename)
    try:
        sheets = [(ws.title, _sheet_rows(ws)) for ws in workbook.worksheets
                  if getattr(ws, "sheet_state", "visible") == "visible"]
        merges = _vertical_merges(data, [ws for ws in workbook.worksheets
                                         if getattr(ws, "sheet_state", "visible") == "visible"])
    except IngestError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged sheet
        raise _damaged(filename, exc) from exc
    finally:
        workbook.close()
    sheets = [(title, rows) for title, rows in sheets if rows]
    blocks: list[Block] = []
    for number, (title, rows) in enumerate(sheets, start=1):
        if len(sheets) > 1:
            blocks.append(Paragraph(text=title, place=Place(file=filename, sheet=title), style="sheet"))
        blocks.extend(sheet_blocks(title, rows, filename, number, merges.get(title, {})))
    if not any(isinstance(b, Table) for b in blocks):
        raise IngestError(
            "В таблицата Excel няма нито една таблица с поне две попълнени колони.",
            "The Excel workbook has no table with at least two filled columns.",
            Place(file=filename),
        )
    return Document(source=filename, format="xlsx", blocks=tuple(blocks))


def _open(data: bytes, filename: str):
    import openpyxl  # imported here: only spreadsheet reading needs it

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise _damaged(filename, exc) from exc


def _damaged(filename: str, exc: Exception) -> IngestError:
    return IngestError(
        "Файлът Excel е повреден и не може да се прочете.",
        f"The Excel file is damaged and cannot be read ({type(exc).__name__}).",
        Place(file=filename),
    )


def _sheet_rows(ws) -> list[tuple[int, list[str]]]:
    """(sheet row number, cell texts) for every row with some text, trailing empties cut."""
    rows = []
    for number, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        cells = [cell_text(v) for v in values]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append((number, cells))
    return rows


def cell_text(value: object) -> str:
    """A cell value as the text a person reads: whole numbers without ".0", decimals
    with a comma (Bulgarian usage), dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "не"
    if isinstance(value, float | Decimal):
        if value == int(value):
            return str(int(value))
        return format(value, "f").rstrip("0").replace(".", ",")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).replace("\r\n", "\n").replace("_x000D_", "").strip()


def _vertical_merges(data: bytes, worksheets: list) -> dict[str, dict[int, tuple[int, ...]]]:
    """Per sheet title: sheet row number -> the columns (0-based) a merge from a row above covers;
    a row whose first cell is merged across it has ``-1`` among them."""
    out: dict[str, dict[int, tuple[int, ...]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for ws in worksheets:
            path = getattr(ws, "_worksheet_path", None)
            if not path or path not in archive.namelist():
                continue
            covered: dict[int, set[int]] = {}
            with archive.open(path) as handle:
                xml = handle.read()
            for first_col, first_row, last_col, last_row in MERGE_CELL.findall(xml):
                top, bottom = int(first_row), min(int(last_row), int(first_row) + 10_000)
                columns = range(_column_index(first_col), min(_column_index(last_col) + 1, MAX_COLUMNS))
                if columns.start == 0 and top == bottom and len(columns) > 2:
                    covered.setdefault(top, set()).add(-(len(columns)))  # a full-width candidate: its span
                for row in range(top + 1, bottom + 1):
                    covered.setdefault(row, set()).update(columns)
            out[ws.title] = {row: tuple(sorted(columns)) for row, columns in covered.items()}
    return out


def _column_index(letters: bytes) -> int:
    """b"A" -> 0, b"AB" -> 27."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def sheet_blocks(title: str, rows: list[tuple[int, list[str]]], filename: str, number: int,
                  merged: dict[int, tuple[int, ...]] | None = None) -> list[Block]:
    blocks: list[Block] = []
    start = next((i for i, (_, cells) in enumerate(rows) if sum(1 for c in cells if c) >= 2), None)
    lead = rows if start is None else rows[:start]
    for row_number, cells in lead:
        text = " ".join(c for c in cells if c)
        blocks.append(Paragraph(text=text, place=Place(file=filename, sheet=title, row=row_number)))
    if start is None:
        return blocks
    body = rows[start:]
    width = max(len(cells) for _, cells in body)
    merged = merged or {}
    table_rows = tuple(
        Row(cells=tuple(cells + [""] * (width - len(cells))),
            place=Place(file=filename, sheet=title, table=number, row=row_number),
            continued=tuple(c for c in merged.get(row_number, ()) if 0 <= c < width),
            full_width=any(c < 0 and -c >= width for c in merged.get(row_number, ())))
        for row_number, cells in body
    )
    blocks.append(Table(rows=table_rows, place=Place(file=filename, sheet=title, table=number)))
    return blocks
