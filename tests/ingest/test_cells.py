"""Stages 1-2 for text dumps: the reader's grid, page furniture dropped, cells split by page breaks joined."""

from __future__ import annotations

from planmonitor.ingest.cells import document_to_cells, join_text
from planmonitor.ingest.model import Paragraph, Table
from planmonitor.ingest.readers.text import bytes_to_document
from tests.ingest.conftest import read_text, text_plan


def test_text_reader_grid_page_numbers_and_breaks():
    """Page numbers and blank lines inside a table mark a page break on the next row; the table goes on."""
    doc = bytes_to_document(text_plan("Увод", "", "a | b", "", "12", "", "c | <p>d</p> <p>e</p>", "След"), "p.txt")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = doc.blocks[1]
    assert [r.cells for r in table.rows] == [("a", "b"), ("c", "d\ne")]
    assert [r.page_break_before for r in table.rows] == [False, True]
    assert table.rows[1].place.row == 7


def test_separator_rows_and_stray_header_fragments_are_dropped():
    doc = bytes_to_document(text_plan("a | b", "-- | ---", "KTC", "c | d"), "p.txt")
    (table,) = doc.blocks
    assert [r.cells for r in table.rows] == [("a", "b"), ("c", "d")]
    assert table.rows[1].page_break_before is True


def test_heading_row_inside_a_table_becomes_a_paragraph():
    doc = bytes_to_document(text_plan("№ | Мярка | Срок", "Цел 2. Втора цел |  | ", "1.1. | А | 2025"), "p.txt")
    blocks = document_to_cells(doc).blocks
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]
    assert isinstance(blocks[1], Paragraph) and blocks[1].text == "Цел 2. Втора цел"
    assert isinstance(blocks[2], Table)


def test_cell_split_by_a_page_break_is_joined():
    """The rest of a row after a page break (no new number) is appended cell by cell, hyphenated years mended."""
    plan = read_text(
        "Приоритет 1: Образование",
        "Задачи | Дейности | Отговорна институция | Срок | Средства | Източник",
        "1.1. Задача | 1.1.1. Осигуряване на | Училища | 2017- | В рамките | Държавен",
        "",
        "15",
        "",
        " | безплатен транспорт | Община | 2020 | на държавния бюджет | бюджет",
    )
    (measure,) = plan["measures"]
    assert measure["text"] == "Осигуряване на безплатен транспорт"
    assert measure["responsible"] == "Училища Община"
    assert measure["period"] == {"raw": "2017-2020", "start": 2017, "end": 2020}
    assert measure["funding"]["amount_raw"] == "В рамките на държавния бюджет"
    assert measure["funding"]["source"] == "Държавен бюджет"


def test_numbered_activity_after_a_page_break_is_a_new_measure():
    plan = read_text(
        "Приоритет 1: Образование",
        "Дейности | Срок",
        "1.1.1. Първа | 2025",
        "",
        "3",
        "",
        "1.1.2. Втора | 2026",
    )
    assert [m["code"] for m in plan["measures"]] == ["1.1.1", "1.1.2"]


def test_join_text_rules():
    assert join_text("Не са", "необходими") == "Не са\nнеобходими"
    assert join_text("2017-", "2020") == "2017-2020"
    assert join_text("помощник-", "възпитатели") == "помощник-възпитатели"
    assert join_text("2017-2020", "2017-2020") == "2017-2020"
    assert join_text("", "x") == "x"


def test_column_numbering_and_total_rows_are_not_measures():
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мярка | Срок | Средства",
        "1 | 2 | 3 | 4",
        "1.1. | Ремонт | 2025 | 100 лв.",
        "Общо |  |  | 100 лв.",
    )
    assert [(m["code"], m["text"], m["funding"]["source"]) for m in plan["measures"]] == [("1.1", "Ремонт", "100 лв.")]
