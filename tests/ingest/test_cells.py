"""Stages 1-2 for text dumps: the reader's grid, page furniture dropped, cells split by page breaks joined."""

from __future__ import annotations

import pytest

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


def _rows(*cells: tuple[str, ...], broken: int | None = None):
    from planmonitor.ingest.model import Place, Row

    return tuple(Row(cells=c, place=Place(file="plan.pdf", row=i + 1), page_break_before=i == broken)
                 for i, c in enumerate(cells))


@pytest.mark.parametrize(("head", "tail", "code"), [
    ("3.2.", "3.", "3.2.3."), ("2.59", ".", "2.59."), ("АС\nП-", "1.22", "АСП-1.22"), ("ДБТ\n-", "1.14\n.", "ДБТ-1.14."),
    ("2.2", "3", "2.23"), ("1.1.1", "4.", "1.1.14."),
])
def test_a_number_a_page_break_cut_in_its_narrow_column_is_joined_back(head, tail, code):
    """ "3.2." at the foot of a page, "3." on the next, the measure text going on mid-sentence: one row, "3.2.3."."""
    from planmonitor.ingest.cells import RoleColumns, join_split_rows

    rows = _rows((head, "Подобряване на кампании за", "2 724", "Общински"),
                 (tail, "доброволно кръводаряване", "434,33 евро", "съвет"),
                 ("3.2.4.", "Разработване на програма", "8700 лв.", "РЗИ"), broken=1)
    joined = join_split_rows(rows, RoleColumns(code=0, measure=1, starters=(), values=(2, 3)), True, "pdf")
    assert [r.cells[0] for r in joined] == [code, "3.2.4."]
    assert joined[0].cells[1] == "Подобряване на кампании за\nдоброволно кръводаряване"


def test_a_new_number_after_a_page_break_is_no_cut():
    """A row of its own after the break (its measure text opens a sentence), or numbers that make no
    deeper number ("1.1" then "1.2"), stay two rows."""
    from planmonitor.ingest.cells import RoleColumns, join_split_rows

    columns = RoleColumns(code=0, measure=1, starters=(), values=(2,))
    for head, tail, text in (("3.2.", "3.", "Доброволно кръводаряване"), ("1.1", "1.2", "доброволно кръводаряване")):
        rows = _rows((head, "Подобряване на кампании за", "2 724"), (tail, text, "434,33 евро"), broken=1)
        assert len(join_split_rows(rows, columns, True, "pdf")) == 2


def test_after_a_page_break_a_goal_title_under_its_lone_number_goes_on():
    """ "АСП-1." alone at the foot of a page, its title at the top of the next: the rest of the goal cell."""
    from planmonitor.ingest.cells import RoleColumns, join_split_rows

    rows = _rows(("АСП-1.", "АС", "Разширяване на"), ("Съхраняване и популяризиране", "П-1.22", "допълнителни занимания"),
                 broken=1)
    joined = join_split_rows(rows, RoleColumns(code=1, measure=2, starters=(0,), values=()), True, "pdf")
    assert [r.cells[:2] for r in joined] == [("АСП-1.\nСъхраняване и популяризиране", "АСП-1.22")]


def test_after_a_page_break_a_value_whose_cell_above_stops_on_a_comma_is_no_value_of_its_own():
    """The rest of "МЗ, Училища, Здравни медиатори," under a page break carries no new measure, even when
    the measure text under the break opens a sentence."""
    from planmonitor.ingest.cells import RoleColumns, join_split_rows

    rows = _rows(("6.1.54. Провеждане на занимания.", "МЗ, Училища, Здравни медиатори,"),
                 ("Дейността е продължение на мерките.", "Община Хасково, ДАЗД"),
                 ("6.1.56. Изграждане на курсове", "АСП"), broken=1)
    joined = join_split_rows(rows, RoleColumns(code=None, measure=0, starters=(), values=(1,)), True, "pdf")
    assert len(joined) == 2
    assert joined[0].cells[1] == "МЗ, Училища, Здравни медиатори,\nОбщина Хасково, ДАЗД"
    alone = _rows(("6.1.54. Провеждане на занимания.", "МЗ, Училища"),
                  ("Дейността е нова мярка.", "Община Хасково"), broken=1)
    assert len(join_split_rows(alone, RoleColumns(code=None, measure=0, starters=(), values=(1,)), True, "pdf")) == 2


def test_after_a_page_break_a_row_whose_other_cells_go_on_mid_sentence_is_the_rest_of_the_row_above():
    """Its measure text may open a sentence ("Включва ..."); "ресурси“ 2021-2027" and the "и" of
    "ваканци|и" say it is no row of its own, so it is not shifted to fit the columns."""
    from planmonitor.ingest.alignment import _is_continuation_fragment

    class Laid:
        roles = ("task", "measure", "funding_source", "period")

        def column(self, role):
            return self.roles.index(role) if role in self.roles else None

    (row,) = _rows(("успешна интеграция", "Включва изготвяне на планове.", "ресурси“ 2021-2027", "и"), broken=0)
    assert _is_continuation_fragment(row, Laid())
    (own,) = _rows(("успешна интеграция", "Включва изготвяне на планове.", "Общински бюджет", "и"), broken=0)
    assert not _is_continuation_fragment(own, Laid())


def test_after_a_page_break_one_word_of_measure_text_is_the_end_of_the_row_above():
    """ "... в с. Горно" | "Сахране": one word alone is no measure, even with values under the break."""
    from planmonitor.ingest.cells import RoleColumns, join_split_rows

    rows = _rows(("Наемане на социални жилища в с. Горно", "263 000,00", "м. септември"),
                 ("Сахране", "EUR", "2027 г."), broken=1)
    joined = join_split_rows(rows, RoleColumns(code=None, measure=0, starters=(), values=(1, 2)), False, "pdf")
    assert [r.cells[0] for r in joined] == ["Наемане на социални жилища в с. Горно\nСахране"]
    assert joined[0].doubt == "joined_row"


def test_after_a_page_break_numbered_activities_that_share_the_rows_values_go_on():
    """ "3.2.12." with its values at the foot of a page, "3.2.13." under the break with only the rest
    of a value ("срещи"): the activities listed in one cell, sharing one row's values."""
    from planmonitor.ingest.cells import RoleColumns, join_split_rows

    columns = RoleColumns(code=None, measure=0, starters=(), values=(1, 2))
    rows = _rows(("3.2.12. Осигуряване на програми", "€ 1 500,46", "Брой проведени"),
                 ("3.2.13. Наемане на групи", "", "срещи"), broken=1)
    joined = join_split_rows(rows, columns, True, "pdf")
    assert [r.cells for r in joined] == [("3.2.12. Осигуряване на програми\n3.2.13. Наемане на групи",
                                          "€ 1 500,46", "Брой проведени\nсрещи")]
    own = _rows(("3.2.12. Осигуряване на програми", "€ 1 500,46", "Брой проведени"),
                ("3.2.13. Наемане на групи", "2 000 лв.", "срещи"), broken=1)
    assert len(join_split_rows(own, columns, True, "pdf")) == 2
