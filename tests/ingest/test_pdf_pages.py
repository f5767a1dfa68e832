"""Issue 15, points 8, 9 and 11: what a PDF's pages do to headings, titles and tables ruled only between rows.

Each fixture is a small DOCX (``tests/builders/pages.py``) printed to PDF by
LibreOffice, so the reader meets real PDF text positions, fonts and rules.
"""

from __future__ import annotations

import pytest

from planmonitor.ingest import read_plan
from tests.builders.office import convert, soffice
from tests.builders.pages import (
    bold_headings_docx,
    goal_rows_docx,
    horizontal_rules_docx,
    merged_responsible_docx,
    title_page_docx,
)

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


def pdf_plan(docx_bytes: bytes) -> dict:
    return read_plan(convert(docx_bytes, "docx", "pdf"), "plan.pdf").plan


def test_a_heading_line_after_a_bold_line_that_fills_the_line_starts_a_new_paragraph():
    """Point 8: "Приоритет ... училищно" fills its line; "Цел 1: ..." under it is its own heading."""
    plan = pdf_plan(bold_headings_docx(
        "Приоритет 1: Образование и равен достъп до качествено предучилищно и училищно",
        ["Цел 1: Обхват на децата в задължителна предучилищна възраст", "Цел 2: Намаляване на отпадането"],
    ))
    (priority,) = plan["priorities"]
    assert priority["name"] == "Образование и равен достъп до качествено предучилищно и училищно"
    assert [(g["code"], g["title"]) for g in priority["goals"]] == [
        ("1", "Обхват на децата в задължителна предучилищна възраст"), ("2", "Намаляване на отпадането"),
    ]
    assert [(m["code"], m["goal"]) for m in plan["measures"]] == [("1.1", "1"), ("1.2", "1"), ("2.1", "2"), ("2.2", "2")]


def test_a_centred_title_over_several_lines_is_read_whole_with_the_plans_own_period():
    """Point 11: a title set in short centred lines is one title; of the strategy's span (2021 - 2030)
    and the plan's period, the plan's is the one after "за периода"."""
    plan = pdf_plan(title_page_docx(
        "ПЛАН ЗА ДЕЙСТВИЕ\nНА ОБЩИНА ПРИМЕРОВО ЗА ИНТЕГРИРАНЕ НА РОМИТЕ\n"
        "В ИЗПЪЛНЕНИЕ НА ОБЛАСТНАТА СТРАТЕГИЯ (2021 - 2030)\nЗА ПЕРИОДА 2026 - 2027 Г."
    ))
    assert plan["title"] == ("ПЛАН ЗА ДЕЙСТВИЕ НА ОБЩИНА ПРИМЕРОВО ЗА ИНТЕГРИРАНЕ НА РОМИТЕ В ИЗПЪЛНЕНИЕ НА "
                             "ОБЛАСТНАТА СТРАТЕГИЯ (2021 - 2030) ЗА ПЕРИОДА 2026 - 2027 Г.")
    assert plan["municipality"] == "Примерово"
    assert plan["period"] == {"start": 2026, "end": 2027}
    assert len(plan["measures"]) == 3


def test_tables_ruled_only_between_rows_with_shaded_headers_give_their_measures():
    """Point 9: the shaded header cells make header-only "ruled" tables; the rows under them are still read."""
    plan = pdf_plan(horizontal_rules_docx(goals=2, per_goal=4))
    assert [(m["code"], m["goal"]) for m in plan["measures"]] == [
        (f"{g}.{n}", str(g)) for g in (1, 2) for n in range(1, 5)
    ]
    first = plan["measures"][0]
    assert first["text"] == "Осигуряване на по-добър достъп до услуги в квартала, група 1-1"
    assert (first["period"]["start"], first["responsible"], first["indicators"]) == (
        2025, "Община и РУО", "Брой участници в мярка 1.1")


def test_a_vertically_merged_cell_in_a_ruled_pdf_belongs_to_every_row_it_spans():
    """One responsible body merged over two measures: both measures have it (it was the first's only)."""
    plan = pdf_plan(merged_responsible_docx())
    responsible = {m["code"]: m["responsible"] for m in plan["measures"]}
    assert responsible == {"1.1": "Регионално управление на образованието",
                           "1.2": "Регионално управление на образованието", "1.3": "Община и РУО"}


def test_a_two_row_shaded_header_and_goal_lines_between_rules_stay_one_table():
    """A table ruled only between rows: "Финансиране" spanning two header columns and each goal's
    line the table's width are rows of the table; neither cuts it off its header (it was refused:
    no measure column under "Размер | Източник")."""
    from planmonitor.ingest.model import Table
    from planmonitor.ingest.readers.pdf import pdf_to_document

    data = convert(goal_rows_docx(goals=2, per_goal=14), "docx", "pdf")
    tables = [b for b in pdf_to_document(data, "plan.pdf").blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [r.cells[:3] for r in tables[0].rows[:2]] == [("№", "Мерки", "Финансиране"), ("", "", "Размер")]
    assert tables[0].rows[2].cells[0].startswith("Цел 1: Достъп до услуги")
    plan = read_plan(data, "plan.pdf").plan
    assert [(m["code"], m["goal"]) for m in plan["measures"]] == [
        (f"{g}.{n}", str(g)) for g in (1, 2) for n in range(1, 15)]
    assert {m["funding"]["source"] for m in plan["measures"]} == {"Общински бюджет"}
