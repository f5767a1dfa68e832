"""The district consolidation as DOCX, written with python-docx onto the same Word template as the yearly report.

The template (``docx_report.template_path()``: the shipped one or the file
named by ``PLANMONITOR_REPORT_TEMPLATE``) supplies styles, margins, header
and footer; this module replaces its body, turns the page to landscape (a
priority's table has a column per measure status) and writes the report's
running title in the header and the page number in the footer.
"""

from __future__ import annotations

import io
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import BaseStyle

from planmonitor.reports import district_texts
from planmonitor.reports.district import Consolidation
from planmonitor.reports.docx_report import page_field, template_path

TABLE_FONT = Pt(8)
HEADER_FONT = Pt(7)  # status names are long single words


def render_docx(c: Consolidation, *, unit: str = "", today: date | None = None) -> bytes:
    """Write the district report to DOCX bytes, in Bulgarian."""
    with translation.override("bg"):
        doc = Document(str(template_path()))
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        _landscape(doc)
        _header_footer(doc, c)
        _title_page(doc, c, unit=unit, today=today or timezone.localdate())
        _heading(doc, _("Municipalities that have not reported"), 1)
        lines = district_texts.not_reported_lines(c)
        for line in lines:
            _paragraph(doc, line, "List Bullet")
        if not lines:
            doc.add_paragraph(_("Every municipality has reported."))
        _heading(doc, _("What the figures include"), 1)
        for note in district_texts.approved_only_note(c):
            doc.add_paragraph(note)
        header = district_texts.header(c)
        money_at = len(c.statuses) + 3
        for n, (name, rows, totals) in enumerate(district_texts.tables(c)):
            heading = _heading(doc, name, 1)
            if n == 0:
                heading.paragraph_format.page_break_before = True
            _table(doc, header, rows, totals, money_at)
        if not c.tables:
            doc.add_paragraph(_("No municipality of the district has a plan with a reporting period for the year."))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def _style(doc: DocxDocument, name: str) -> BaseStyle | None:
    """The template's style of that name, or None if the municipality's template deleted it."""
    try:
        return doc.styles[name]
    except KeyError:
        return None


def _paragraph(doc: DocxDocument, text: str, style: str | None = None):
    return doc.add_paragraph(text, style=_style(doc, style) if style else None)


def _heading(doc: DocxDocument, text: str, level: int):
    return _paragraph(doc, text, f"Heading {level}")


def _landscape(doc: DocxDocument) -> None:
    section = doc.sections[0]
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width


def _header_footer(doc: DocxDocument, c: Consolidation) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
    header.text = district_texts.running_title(c)
    footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    footer.text = ""
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(footer)


def _title_page(doc: DocxDocument, c: Consolidation, *, unit: str, today: date) -> None:
    doc.add_paragraph(district_texts.place_line(c)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, district_texts.report_title(c), "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in district_texts.title_lines(c):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, value in district_texts.title_facts(c, unit=unit, today=today):
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _column_widths(doc: DocxDocument, header: list[str], money_at: int) -> list[int]:
    """Widths (EMU) filling the text width: the municipality 13 %, each money column 11.5 %, counts share the rest.

    Without them Word and LibreOffice give every column the same width, which
    wraps names and amounts while the count columns stay half empty.
    """
    section = doc.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    counts = len(header) - 3
    shares = [0.13] + [(1 - 0.13 - 2 * 0.115) / counts] * (len(header) - 1)
    shares[money_at] = shares[money_at + 1] = 0.115
    return [int(width * share) for share in shares]


def _table(doc: DocxDocument, header: list[str], rows: list[list[str]], totals: list[str], money_at: int) -> None:
    """A priority's table: header row repeated on every page, a row per municipality, bold totals."""
    table = doc.add_table(rows=0, cols=len(header))
    style = _style(doc, "Table Grid")
    if style is not None:
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _column_widths(doc, header, money_at)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for n, values in enumerate([header, *rows, totals]):
        bold = n == 0 or n == len(rows) + 1
        row = table.add_row()
        if n == 0:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(repeat)
        for col, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[col]
            paragraph = cell.paragraphs[0]
            if n == 0 and col:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif n and col:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = HEADER_FONT if n == 0 else TABLE_FONT
    doc.add_paragraph()
