"""Write a plan-json as a real XLSX workbook with openpyxl, in one of the layouts.

Headings and paragraphs become rows with the text in column A merged across
the table's width; grids keep their merged cells. ``sheet_per_priority``
puts each priority on its own sheet named after it, without a heading row:
the sheet name is then the only place the priority's name is written.
"""

from __future__ import annotations

import io
import re

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from tests.builders.layouts import Grid, Heading, Text, layout_blocks


def build_xlsx(plan: dict, layout: str = "kazanlak", sheet_per_priority: bool = False) -> bytes:
    """The plan as XLSX bytes."""
    workbook = openpyxl.Workbook()
    blocks = layout_blocks(plan, layout)
    width = max((len(b.rows[0]) for b in blocks if isinstance(b, Grid)), default=1)
    if not sheet_per_priority:
        _write(workbook.active, blocks, width)
        workbook.active.title = "План"
    else:
        if layout == "variant":
            raise ValueError("the variant layout keeps every priority in one table")
        sheets: list[tuple[str, list]] = [("", [])]
        for block in blocks:
            if isinstance(block, Heading):
                sheets.append((_priority_of(block, plan), []))
            else:
                sheets[-1][1].append(block)
        title_blocks = sheets.pop(0)[1]
        sheets[0][1][:0] = title_blocks
        workbook.remove(workbook.active)
        for name, sheet_blocks in sheets:
            _write(workbook.create_sheet(_sheet_name(name)), sheet_blocks, width)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_from_blocks(blocks: list, sheet_per_priority: bool = False, ruling: str = "none",
                     keep_headings: bool = False) -> bytes:
    """Blocks as XLSX bytes. With ``sheet_per_priority`` the blocks go to one sheet per priority (by
    each block's ``priority``), named after it, and the priority's own level-1 heading is left out
    unless ``keep_headings``. ``ruling``: "grid" (thin borders round every cell), "horizontal"
    (a line under each row) or "none"."""
    workbook = openpyxl.Workbook()
    width = max((len(b.rows[0]) for b in blocks if isinstance(b, Grid)), default=1)
    if not sheet_per_priority:
        _write(workbook.active, blocks, width, ruling)
        workbook.active.title = "План"
    else:
        sheets: dict[str, list] = {}
        loose: list = []
        for block in blocks:
            if block.priority is None:
                (loose if not sheets else sheets[next(reversed(sheets))]).append(block)
                continue
            sheet = sheets.setdefault(block.priority, [])
            if not sheet and loose:
                sheet.extend(loose)
                loose = []
            if isinstance(block, Heading) and block.level == 1 and not keep_headings:
                continue
            sheet.append(block)
        workbook.remove(workbook.active)
        for name, sheet_blocks in sheets.items():
            _write(workbook.create_sheet(_sheet_name(name)), sheet_blocks, width, ruling)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def blocks_to_xlsx(blocks: list) -> bytes:
    """Headings, paragraphs and grids on one sheet as XLSX bytes (the smallest workbooks of the reader's tests)."""
    return xlsx_from_blocks(blocks)


def _priority_of(heading: Heading, plan: dict) -> str:
    for priority in sorted(plan["priorities"], key=lambda p: -len(p["name"])):
        if priority["name"].upper() in heading.text:
            return priority["name"]
    raise ValueError(heading.text)


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31]


def _write(ws, blocks: list, width: int, ruling: str = "none") -> None:
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin")
    border = {"grid": Border(left=thin, right=thin, top=thin, bottom=thin), "horizontal": Border(bottom=thin),
              "none": None}[ruling]
    grey = PatternFill("solid", fgColor="D9D9D9")
    row = 1
    for block in blocks:
        if isinstance(block, Heading | Text):
            ws.cell(row=row, column=1, value=block.text).font = Font(bold=isinstance(block, Heading))
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
            continue
        assert isinstance(block, Grid)
        for r, values in enumerate(block.rows):
            for c, text in enumerate(values):
                cell = ws.cell(row=row + r, column=c + 1)
                if border is not None:
                    cell.border = border
                if r < block.header_rows and block.shade_header:
                    cell.fill = grey
                if text:
                    cell.value = text
                    cell.alignment = wrap
                    cell.font = Font(bold=r < block.header_rows)
        for r0, c0, r1, c1 in block.merges:
            ws.merge_cells(start_row=row + r0, start_column=c0 + 1, end_row=row + r1, end_column=c1 + 1)
        row += len(block.rows) + 1
