"""Write ``monitoring_report.docx``: the Word template the yearly report is built on.

The report writer opens this file, empties its body and fills it with the
report using the template's own styles (Title, Heading 1-2, Normal, List
Bullet, Table Grid, Caption) and its page header and footer. A municipality
restyles its reports by opening the template in Word or LibreOffice,
changing fonts, colours, margins, the header (a coat of arms, say) and
saving it under the same name, or by pointing ``PLANMONITOR_REPORT_TEMPLATE``
at its own copy. Anything in the body is replaced; styles, headers and page
setup are kept.

Regenerate the shipped default with::

    .venv/bin/python -m planmonitor.reports.templates_docx.make_template
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

TEMPLATE = Path(__file__).with_name("monitoring_report.docx")
FONT = "Arial"  # carries Cyrillic on every Word and LibreOffice install


def make_template(path: Path = TEMPLATE) -> Path:
    """Build the default template with python-docx and save it to ``path``."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)

    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
    styles["Caption"].font.name = FONT

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.style.font.size = Pt(9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("")  # the body is replaced by the report
    doc.save(path)
    return path


if __name__ == "__main__":
    sys.stdout.write(f"{make_template()}\n")
