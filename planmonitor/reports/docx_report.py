"""The yearly report as DOCX, written with python-docx onto the municipality's Word template.

The template (``templates_docx/monitoring_report.docx`` or the file named by
``PLANMONITOR_REPORT_TEMPLATE``) supplies styles, page setup, header and
footer; this module replaces its body. A draft is marked in the header of
every section, so every printed page says so.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from planmonitor.reports import charts, docx_tables, texts
from planmonitor.reports.report_model import MeasureLine, PrioritySection, ReportData

DEFAULT_TEMPLATE = Path(__file__).with_name("templates_docx") / "monitoring_report.docx"


def template_path() -> Path:
    """The Word template in use: the deployment's own if configured, else the shipped one."""
    return Path(os.environ.get("PLANMONITOR_REPORT_TEMPLATE") or DEFAULT_TEMPLATE)


def render_docx(data: ReportData) -> bytes:
    """Write the report to DOCX bytes, in Bulgarian."""
    with translation.override("bg"):
        doc = Document(str(template_path()))
        doc._report_styles = _Styles(doc)
        _clear_body(doc)
        _header_footer(doc, data)
        _title_page(doc, data)
        _contents(doc, data)
        _summary(doc, data)
        for section in data.priorities:
            _priority(doc, data, section)
        _unreported(doc, data)
        _annex(doc, data)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


class _Styles:
    """Style ids of the template, looked up once.

    python-docx resolves a style name on every ``add_paragraph(style=...)``
    by scanning all styles (and again for the default), which made a
    150-measure report take seconds; we look each id up once and set it on
    the paragraph directly. A style the municipality deleted from its
    template falls back to Normal instead of failing.
    """

    def __init__(self, doc: DocxDocument) -> None:
        self.ids: dict[str, str | None] = {}
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption", "List Bullet", "Table Grid", "TOC Heading"):
            try:
                self.ids[name] = doc.styles[name].style_id
            except KeyError:
                self.ids[name] = None


def _para(doc: DocxDocument, text: str = "", style: str | None = None, *, bold_label: str = ""):
    """Append a paragraph with an optional style (by name, resolved once) and a bold label before it."""
    p = doc.element.body.add_p()
    style_id = doc._report_styles.ids.get(style) if style else None
    if style_id:
        p_pr = OxmlElement("w:pPr")
        p_style = OxmlElement("w:pStyle")
        p_style.set(qn("w:val"), style_id)
        p_pr.append(p_style)
        p.append(p_pr)
    for content, bold in ((bold_label, True), (text, False)):
        if content:
            p.append(_run(content, bold=bold))
    return Paragraph(p, doc._body)


def _run(text: str, *, bold: bool = False, size: float | None = None):
    """A ``w:r`` built directly: python-docx's run API costs a tree walk per property."""
    r = OxmlElement("w:r")
    if bold or size:
        r_pr = OxmlElement("w:rPr")
        if bold:
            r_pr.append(OxmlElement("w:b"))
        if size:
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(round(size * 2)))
            r_pr.append(sz)
        r.append(r_pr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def _heading(doc: DocxDocument, text: str, level: int):
    return _para(doc, text, f"Heading {level}")


def _clear_body(doc: DocxDocument) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _header_footer(doc: DocxDocument, data: ReportData) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0] if section.header.paragraphs else section.header.add_paragraph()
    header.text = ""
    if not data.is_final:
        run = header.add_run(texts.draft_marker() + " · ")
        run.bold = True
    header.add_run(texts.running_title(data))
    footer = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    footer.text = ""
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(footer)


def page_field(paragraph) -> None:
    """A PAGE field so Word and LibreOffice number the pages themselves."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _title_page(doc: DocxDocument, data: ReportData) -> None:
    if not data.is_final:
        p = doc.add_paragraph()
        run = p.add_run(texts.draft_marker())
        run.bold = True
        run.font.size = Pt(16)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in texts.title_lines(data):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, texts.report_title(data), "Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(data.plan_title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(texts.period_line(data)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, value in texts.title_facts(data):
        _para(doc, value, bold_label=f"{label}: ")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(doc: DocxDocument, data: ReportData) -> None:
    """A table of contents: a Word TOC field over the chapters (level 1 headings), filled with their titles.

    Word recomputes the field (with page numbers) when the file opens, because
    ``w:updateFields`` is set; LibreOffice and viewers that do not update fields
    show the titles written here, so the list is never empty.
    """
    # Not a Heading 1: the contents would list itself.
    if doc._report_styles.ids.get("TOC Heading"):
        _para(doc, _("Contents"), "TOC Heading")
    else:
        _para(doc, bold_label=_("Contents"))
    chapters = [_("Summary"), *(texts.priority_heading(s) for s in data.priorities), _("Measures with no report"),
                _("Annex: the plan and its status")]
    p = doc.add_paragraph()
    _field_char(p, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-1" \\h \\z \\u'
    p.add_run()._r.append(instr)
    _field_char(p, "separate")
    for n, title in enumerate(chapters):
        if n:
            p.add_run().add_break()
        p.add_run(title)
    _field_char(p, "end")
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _cell(text: str, width: int, *, bold: bool = False, size: float | None = None, span: int = 1):
    """A ``w:tc`` of ``width`` twips with one paragraph a line, built directly (python-docx cell access is slow)."""
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    tc_pr.append(docx_tables.cell_width(width))
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        tc_pr.append(grid_span)
    tc.append(tc_pr)
    for line in text.split("\n"):
        p = OxmlElement("w:p")
        p.append(_run(line, bold=bold, size=size))
        tc.append(p)
    return tc


def _table(
    doc: DocxDocument, header: list[str], rows: list[list[str]], *, size: float = 9, group_rows: bool = False
):
    """A table with a bold header row that repeats on every page, in the template's Table Grid style.

    Column widths and the font size come from the text (``docx_tables.fit_columns``), so that
    no word breaks inside in Word or LibreOffice. With ``group_rows``, a row with text only
    in its first cell (a priority in the annex) spans the table and takes no part in the widths.
    """
    table = doc.add_table(rows=0, cols=len(header))
    style_id = doc._report_styles.ids.get("Table Grid")
    if style_id:
        table._tbl.tblPr.style = style_id
    tbl = table._tbl

    def is_group(row: list[str]) -> bool:
        return group_rows and not any(row[1:])

    widths_pt, size = docx_tables.fit_columns(
        header, [row for row in rows if not is_group(row)], docx_tables.text_width_of(doc.sections[-1]), size
    )
    widths = docx_tables.twips(widths_pt)
    docx_tables.set_table_widths(tbl, widths)
    for n, row in enumerate([header, *rows]):
        tr = OxmlElement("w:tr")
        if n == 0:
            tr_pr = OxmlElement("w:trPr")
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
            tr.append(tr_pr)
        if n and is_group(row):
            tr.append(_cell(row[0], sum(widths), bold=True, size=size, span=len(header)))
        else:
            for text, width in zip(row, widths, strict=True):
                tr.append(_cell(text or "", width, bold=n == 0, size=size))
        tbl.append(tr)
    doc.add_paragraph()
    return table


def _summary(doc: DocxDocument, data: ReportData) -> None:
    _heading(doc, _("Summary"), level=1)
    _heading(doc, _("Measures by status"), level=2)
    header, rows = texts.status_table(data)
    _table(doc, header, rows)
    _heading(doc, _("Money planned and spent by source"), level=2)
    header, rows = texts.money_table(data)
    _table(doc, header, rows)
    notes = texts.money_notes(data)
    for note in notes:
        _para(doc, note, "Caption")
    _heading(doc, _("Indicators"), level=2)
    for line in texts.indicator_summary(data):
        _para(doc, line, "List Bullet")


def _priority(doc: DocxDocument, data: ReportData, section: PrioritySection) -> None:
    _heading(doc, texts.priority_heading(section), level=1)
    if section.operational_objective:
        doc.add_paragraph(section.operational_objective)
    title = texts.chart_title(section)
    png = charts.bars_png(texts.chart_bars(data, section), title)
    doc.add_picture(io.BytesIO(png), width=Cm(15))
    _para(doc, title, "Caption")
    for measure in section.measures:
        _measure(doc, data, measure)


def _measure(doc: DocxDocument, data: ReportData, m: MeasureLine) -> None:
    _heading(doc, texts.measure_heading(m), level=2)
    for label, value in texts.measure_facts(data, m):
        _para(doc, value, bold_label=f"{label}: ")
    if m.indicators:
        header, rows = texts.indicator_table(m)
        _table(doc, header, rows)
    if m.recommendations:
        _para(doc, bold_label=_("Recommendations of the monitoring unit") + ":")
        for text in m.recommendations:
            _para(doc, text, "List Bullet")


def _unreported(doc: DocxDocument, data: ReportData) -> None:
    _heading(doc, _("Measures with no report"), level=1)
    missing = data.unreported
    if not missing:
        doc.add_paragraph(_("Every measure has an approved report for the period."))
        return
    for m in missing:
        _para(doc, texts.measure_heading(m) + (f" ({m.responsible})" if m.responsible else ""), "List Bullet")


def _annex(doc: DocxDocument, data: ReportData) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = doc.sections[0].page_height, doc.sections[0].page_width
    _heading(doc, _("Annex: the plan and its status"), level=1)
    header, rows = texts.annex_table(data)
    _table(doc, header, rows, size=8, group_rows=True)
