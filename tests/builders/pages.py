"""Small DOCX documents (printed to PDF by LibreOffice) for the PDF reader's page-level cases.

Each builder writes the smallest document that shows one thing a PDF reader
meets on real plans: a title page whose centred title runs over several lines,
bold heading lines that follow each other closely, and a table ruled only
between rows with shaded header cells.
"""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HEADING_SIZE = 14
HEADER = ("№", "Мерки", "Срок", "Отговорна институция", "Индикатори")


def _document():
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    document.styles["Normal"].font.size = Pt(10)
    document.styles["Normal"].paragraph_format.space_after = Pt(0)
    document.styles["Normal"].paragraph_format.space_before = Pt(0)
    return document


def _paragraph(document, text: str, bold: bool = False, size: float | None = None, centred: bool = False):
    """A paragraph; each "\n" in ``text`` is a line break inside it (Shift+Enter), as title pages set titles."""
    paragraph = document.add_paragraph()
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _table(document, rows: list[tuple[str, ...]], ruling: str = "grid", shade: bool = False,
           widths: list | None = None) -> None:
    """A table of ``rows`` (the first is the header). ``ruling``: "grid" or "horizontal" (a rule
    above and below the table and between rows, none between columns)."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    borders = OxmlElement("w:tblBorders")
    sides = {"grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
             "horizontal": ("top", "bottom", "insideH")}[ruling]
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "single" if side in sides else "nil")
        if side in sides:
            element.set(qn("w:sz"), "6")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    if widths:  # LibreOffice follows the grid's column widths, not the cells'
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
    widths = widths or [Cm(1.2), Cm(9.0), Cm(3.0), Cm(5.0), Cm(6.5)][: len(rows[0])]
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            cell = table.rows[r].cells[c]
            cell.width = widths[c]
            cell.paragraphs[0].text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)
                run.bold = r == 0 or None
            if r == 0 and shade:
                _shade(cell)
    document.add_paragraph()


def _shade(cell) -> None:
    """Grey the cell's background, as a shaded header's cells are."""
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), "BFBFBF")
    cell._tc.get_or_add_tcPr().append(fill)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def measure_rows(goal: int, count: int, first: int = 1) -> list[tuple[str, ...]]:
    """Rows of a small plan table: measures "<goal>.<n>." with their own values."""
    return [(f"{goal}.{n}.", f"Осигуряване на по-добър достъп до услуги в квартала, група {goal}-{n}", f"{2024 + n % 3} г.",
             "Община и РУО", f"Брой участници в мярка {goal}.{n}") for n in range(first, first + count)]


def title_page_docx(title: str, table_goal: int = 1) -> bytes:
    """A title page: "ОБЩИНА X", then ``title`` centred in 16 pt bold, its lines broken by hand
    ("\n") so that none reaches the margin; after a page break, a priority, a goal and a table of measures."""
    document = _document()
    _paragraph(document, "ОБЩИНА ПРИМЕРОВО", bold=True, size=12, centred=True)
    for _ in range(4):
        _paragraph(document, "")
    _paragraph(document, title, bold=True, size=16, centred=True)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "Приоритет 1: Образование", bold=True)
    _paragraph(document, f"Цел {table_goal}. Равен достъп до образование", bold=True)
    _table(document, [HEADER, *measure_rows(table_goal, 3)])
    return _save(document)


def bold_headings_docx(priority_title: str, goal_titles: list[str]) -> bytes:
    """A bold priority heading whose text fills its line, then bold goal headings "Цел N: ...", each
    with its own table, the headings set with no space between them."""
    document = _document()
    _paragraph(document, "Общински план за действие на Община Примерово за периода 2024 - 2027 г.")
    _paragraph(document, priority_title, bold=True, size=HEADING_SIZE)
    for number, goal in enumerate(goal_titles, start=1):
        _paragraph(document, goal, bold=True, size=HEADING_SIZE)
        _table(document, [HEADER, *measure_rows(number, 2)])
    return _save(document)


def horizontal_rules_docx(goals: int = 2, per_goal: int = 4, shade: bool = True) -> bytes:
    """Tables ruled only between rows (no vertical rules), header cells shaded grey, one per goal."""
    document = _document()
    _paragraph(document, "Общински план за действие на Община Примерово за периода 2024 - 2027 г.")
    _paragraph(document, "Приоритет 1: Образование", bold=True)
    for goal in range(1, goals + 1):
        _paragraph(document, f"Цел {goal}. Достъп до услуги {goal}", bold=True)
        _table(document, [HEADER, *measure_rows(goal, per_goal)], ruling="horizontal", shade=shade)
    return _save(document)


def merged_responsible_docx(ruling: str = "grid", shade: bool = False) -> bytes:
    """A table (ruled as ``ruling``) where one "Отговорна институция" cell is merged down over two measures."""
    document = _document()
    _paragraph(document, "Общински план за действие на Община Примерово за периода 2024 - 2027 г.")
    _paragraph(document, "Приоритет 1: Образование", bold=True)
    _paragraph(document, "Цел 1. Равен достъп до образование", bold=True)
    rows = [HEADER, *measure_rows(1, 3)]
    rows[1] = (*rows[1][:3], "Регионално управление на образованието", rows[1][4])
    rows[2] = (*rows[2][:3], "", rows[2][4])
    _table(document, rows, ruling=ruling, shade=shade)
    table = document.tables[-1]
    table.cell(1, 3).merge(table.cell(2, 3))
    return _save(document)


def narrow_columns_docx() -> bytes:
    """A ruled table whose narrow columns break words wider than themselves with no hyphen: the
    header "Финансиращ източник", amounts ("1892561,00 лв.") and measure codes ("1.1.12.")."""
    document = _document()
    _paragraph(document, "Общински план за действие на Община Примерово за периода 2024 - 2027 г.")
    _paragraph(document, "Приоритет 1: Образование", bold=True)
    _paragraph(document, "Цел 1. Равен достъп до образование", bold=True)
    header = ("№", "Мерки", "Отговорна институция", "Размер на финансирането", "Финансиращ източник")
    rows = [header] + [(f"1.1.{n}.", f"Осигуряване на по-добър достъп до услуги в квартала, група {n}", "Община",
                        f"{1892561 + n},{n:02d} лв.", "Общински бюджет") for n in (11, 12, 13)]
    _table(document, rows, widths=[Cm(1.1), Cm(9.0), Cm(4.0), Cm(1.4), Cm(1.3)])
    return _save(document)


def goal_rows_docx(goals: int = 2, per_goal: int = 14) -> bytes:
    """A table ruled only between rows, long enough to run over pages: a shaded two-row header whose
    "Финансиране" spans "Размер" and "Източник" (repeated on each page), and each goal as a line
    the table's width ("Цел 1: ...") above its measures."""
    document = _document()
    _paragraph(document, "Общински план за действие на Община Примерово за периода 2024 - 2027 г.")
    _paragraph(document, "Приоритет 1: Образование", bold=True)
    header = [("№", "Мерки", "Финансиране", "", "Отговорна институция"),
              ("", "", "Размер", "Източник", "")]
    rows, full = list(header), []
    for goal in range(1, goals + 1):
        full.append(len(rows))
        rows.append((f"Цел {goal}: Достъп до услуги и равен достъп до образование {goal}", "", "", "", ""))
        rows += [(f"{goal}.{n}.", f"Осигуряване на по-добър достъп до услуги в квартала, група {goal}-{n}",
                  f"{1000 * n} лв.", "Общински бюджет", "Община и РУО") for n in range(1, per_goal + 1)]
    _table(document, rows, ruling="horizontal", shade=True,
           widths=[Cm(1.5), Cm(10.0), Cm(3.0), Cm(4.0), Cm(5.0)])
    table = document.tables[-1]
    for r in (0, 1):  # the header: shaded, bold and centred, repeated on every page
        for cell in table.rows[r].cells:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _shade(cell)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[r]._tr.get_or_add_trPr().append(repeat)
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 2).merge(table.cell(0, 3))
    for r in full:
        table.cell(r, 0).merge(table.cell(r, 4))
    return _save(document)
