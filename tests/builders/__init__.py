"""Fixture writers: real DOCX, XLSX and PDF files made from a plan-json, in several layouts.

``build_docx(plan, layout=...)``, ``build_xlsx(plan, layout=..., sheet_per_priority=...)``,
``build_pdf(plan, layout=..., ruled=...)``; layouts are described in ``layouts.py``,
and ``plans.expected_plan`` says what a faithful import of each layout gives back.
"""

from tests.builders.pdf import build_pdf
from tests.builders.sheet import build_xlsx
from tests.builders.word import build_docx

__all__ = ["build_docx", "build_pdf", "build_xlsx"]
