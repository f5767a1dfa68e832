"""Write a plan-json as a real DOCX file with python-docx, in one of the layouts.

Tables are landscape A4, header rows marked to repeat on every page
(``w:tblHeader``), merges made with python-docx's ``merge`` (the same
``w:gridSpan``/``w:vMerge`` markup Word writes). ``ruled=False`` leaves the
table without borders, for the unruled PDF variant.
"""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tests.builders.layouts import Grid, Heading, Text, layout_blocks


def build_docx(plan: dict, layout: str = "kazanlak", ruled: bool = True) -> bytes:
    """The plan as DOCX bytes."""
    return docx_from_blocks(layout_blocks(plan, layout), plan.get("municipality"), "grid" if ruled else "none")


def docx_from_blocks(blocks: list, municipality: str | None, ruling: str = "grid",
                     running_header: str | None = None) -> bytes:
    """Blocks (``layouts.Heading``/``Text``/``Grid``) as DOCX bytes; ``ruling`` is "grid" (every
    border), "horizontal" (lines between rows only) or "none"."""
    return _blocks_docx(blocks, ruling, f"Община {municipality or ''} – действия по плана"
                        if running_header is None else running_header)


def blocks_to_docx(blocks: list, ruled: bool = True, running_header: str = "") -> bytes:
    """Headings, paragraphs and grids as DOCX bytes: the smallest documents of the reader's tests start here."""
    return _blocks_docx(blocks, "grid" if ruled else "none", running_header)


def _blocks_docx(blocks: list, ruling: str, running_header: str) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(10)
    section.header.paragraphs[0].text = running_header
    _page_number_footer(section.footer.paragraphs[0])
    usable = 29.7 - 3.0
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Text):
            document.add_paragraph(block.text)
        else:
            _add_grid(document, block, usable, ruling)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_number_footer(paragraph) -> None:
    """"Стр. N от M" with Word's PAGE and NUMPAGES fields, as municipal documents print it."""
    paragraph.add_run("Стр. ")
    for name, tail in (("PAGE", " от "), ("NUMPAGES", "")):
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), name)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
        if tail:
            paragraph.add_run(tail)


def _horizontal_borders(table) -> None:
    """Lines above, below and between rows; none at the sides or between columns."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single" if side in ("top", "bottom", "insideH") else "nil")
        if side in ("top", "bottom", "insideH"):
            edge.set(qn("w:sz"), "6")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


def _shade(cell, fill: str = "D9D9D9") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _add_grid(document, grid: Grid, usable_cm: float, ruling: str) -> None:
    table = document.add_table(rows=len(grid.rows), cols=len(grid.rows[0]))
    if ruling == "grid":
        table.style = document.styles["Table Grid"]
    elif ruling == "horizontal":
        _horizontal_borders(table)
    total = sum(grid.widths)
    widths = [Cm(usable_cm * w / total) for w in grid.widths]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, values in enumerate(grid.rows):
        row = table.rows[r]
        if r < grid.header_rows and grid.repeat_header:
            header = OxmlElement("w:tblHeader")
            row._tr.get_or_add_trPr().append(header)
        for c, text in enumerate(values):
            cell = row.cells[c]
            cell.width = widths[c]
            if r < grid.header_rows and grid.shade_header:
                _shade(cell)
            if not text:
                continue
            lines = text.split("\n")
            paragraph = cell.paragraphs[0]
            paragraph.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8)
                    run.bold = r < grid.header_rows or None
    full_rows = {r0 for r0, c0, r1, c1 in grid.merges if r0 == r1 and c0 == 0 and c1 == len(grid.rows[0]) - 1}
    for r in full_rows:  # priority and goal rows across the table are headings: bold
        for run in table.rows[r].cells[0].paragraphs[0].runs:
            run.bold = True
    for r0, c0, r1, c1 in grid.merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    # Let rows break across pages, as long plans do.
    for row in table.rows:
        cant_split = row._tr.get_or_add_trPr().find(qn("w:cantSplit"))
        if cant_split is not None:
            row._tr.trPr.remove(cant_split)
    document.add_paragraph()
