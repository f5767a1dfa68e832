"""Write a plan-json as a real PDF: a DOCX from ``build_docx`` printed by LibreOffice.

``ruled=False`` gives the unruled variant (a table without borders), which
the PDF reader has to find from the text alone.
"""

from __future__ import annotations

from tests.builders.office import convert
from tests.builders.word import build_docx


def build_pdf(plan: dict, layout: str = "kazanlak", ruled: bool = True) -> bytes:
    """The plan as PDF bytes with a text layer."""
    return convert(build_docx(plan, layout, ruled=ruled), "docx", "pdf")
