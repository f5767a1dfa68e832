"""PDF words and rows (issue 15): words a narrow column broke without a hyphen, tables ruled only
horizontally, and the rest of an unruled row that a page break pushed onto the next page.

The functions over positioned words are tested with words made here (as pdfplumber or an OCR
engine gives them); the whole reader with small DOCX documents printed to PDF by LibreOffice.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from planmonitor.ingest import read_plan
from planmonitor.ingest.readers.pdf_cells import TextLine, join_cells, words_to_lines
from planmonitor.ingest.readers.pdf_text import Line, mark_furniture
from planmonitor.ingest.readers.pdf_unruled import unruled_tables
from tests.builders.office import convert, soffice
from tests.builders.pages import merged_responsible_docx, narrow_columns_docx

CHAR = 5.0  # points per letter in the made-up words


def word(text: str, x0: float, top: float, bold: bool = False) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + CHAR * len(text), "top": top, "bottom": top + 8.0,
            "fontname": "Bold" if bold else "Regular", "size": 9.0}


def cell(*texts: str, x0: float = 100.0) -> list[TextLine]:
    return words_to_lines([word(t, x0, 10.0 * i) for i, t in enumerate(texts)])


def test_a_word_wider_than_its_column_is_mended_but_two_words_stay_two():
    """"Финансира|щ" fills its line and goes on with a small letter: one word. "Очаквана|стойност" fills
    its line too, but "стойност" is a word the reader knows and "очакванастойност" is none."""
    edge = 100.0 + CHAR * len("Финансира")
    cells = [(cell("Финансира", "щ", "източник"), edge), (cell("Очаквана", "стойност"), 100.0 + CHAR * 8)]
    assert join_cells(cells) == ["Финансиращ\nизточник", "Очаквана\nстойност"]


def test_a_word_broken_twice_is_judged_whole_and_a_short_line_is_no_break():
    """"Целева|стойно|ст": "стойно" is no word, but with "ст" it is "стойност", so "Целева" ends a word.
    A line that ends well short of the edge ("Брой") never goes on into the next."""
    edge = 100.0 + CHAR * 6
    assert join_cells([(cell("Целева", "стойно", "ст"), edge), (cell("Брой", "обучени"), edge)]) == [
        "Целева\nстойност", "Брой\nобучени"]


def test_numbers_and_codes_broken_at_the_edge_are_read_whole():
    """An amount and a code wider than their column: a digit goes on after a digit, a comma or a stop."""
    cells = [(cell("1892561,", "00 лв."), 100.0 + CHAR * 8), (cell("2.3.", "1."), 100.0 + CHAR * 4),
             (cell("2022 –", "2024"), 100.0 + CHAR * 6)]
    assert join_cells(cells) == ["1892561,00 лв.", "2.3.1.", "2022 –\n2024"]


def test_the_rest_of_an_unruled_row_alone_at_the_top_of_a_page_continues_the_table():
    """A page break left two cells' last lines, in two columns only, at the top of the next page;
    they stay in the table (before, a table began only at a line in three columns)."""
    starts = (40.0, 120.0, 300.0, 420.0)
    header = [word(t, x, 60.0, bold=True) for t, x in zip(("№", "Мерки", "Индикатори", "Отговорни"), starts, strict=True)]
    rows = []
    for n in range(1, 4):
        top = 60.0 + 25.0 * n
        rows += [word(f"1.{n}.", starts[0], top), word("Мярка", starts[1], top), word("Брой", starts[2], top),
                 word("Община", starts[3], top), word("лица", starts[2], top + 10.0)]
    tail = [word("сгради", starts[2], 50.0), word("администрация", starts[3], 50.0)]
    pages = unruled_tables([(header + rows, 1, []), (tail, 2, [])])
    (first,), (second,) = pages[0][0], pages[1][0]
    assert second.rows == [["", "", "сгради", "администрация"]]
    assert second.columns == first.columns


def test_a_pages_only_line_is_no_running_header():
    """A line alone on its page is both its first and its last line: it was counted twice and taken
    for a header repeated on two pages, so the rest of a row pushed onto the last page was dropped."""
    def line(page: int, text: str) -> Line:
        return Line(page=page, top=300.0, bottom=308.0, x0=40.0, x1=200.0, text=text, size=9.0, bold=False)

    pages = [[line(1, "Текст на първата страница")], [line(2, "узаконени сгради Областна администрация")]]
    mark_furniture(pages)
    assert [item.furniture for items in pages for item in items] == [None, None]


needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")


@needs_office
def test_narrow_columns_give_whole_header_words_amounts_and_codes():
    """Header words, amounts and codes broken by narrow columns are read whole: every column is known,
    the amounts are not 0, and the codes have their last digits."""
    result = read_plan(convert(narrow_columns_docx(), "docx", "pdf"), "plan.pdf")
    plan = result.plan
    assert [m["code"] for m in plan["measures"]] == ["1.1.11", "1.1.12", "1.1.13"]
    assert [(m["funding"]["amount"], m["funding"]["currency"], m["funding"]["source"]) for m in plan["measures"]] == [
        (Decimal("1892572.11"), "BGN", "Общински бюджет"), (Decimal("1892573.12"), "BGN", "Общински бюджет"),
        (Decimal("1892574.13"), "BGN", "Общински бюджет")]
    assert not [w for w in plan["warnings"] if "колона" in w["message"]]


@needs_office
def test_a_merged_cell_in_a_table_ruled_only_between_rows_belongs_to_every_row_it_spans():
    """Point 9: with no vertical rules, the shaded header's cells give the columns and the rules between
    rows part them; a rule missing over one column is a merged cell, as in a fully ruled table."""
    plan = read_plan(convert(merged_responsible_docx(ruling="horizontal", shade=True), "docx", "pdf"), "plan.pdf").plan
    responsible = {m["code"]: m["responsible"] for m in plan["measures"]}
    assert responsible == {"1.1": "Регионално управление на образованието",
                           "1.2": "Регионално управление на образованието", "1.3": "Община и РУО"}


def _table_words(names: tuple[str, ...], starts: tuple[float, ...], top: float, rows: int) -> list[dict]:
    """A header and ``rows`` rows of three printed lines each (wrapped cells), rows set apart."""
    out = [word(name, x, top, bold=True) for name, x in zip(names, starts, strict=True)]
    for n in range(1, rows + 1):
        line = top + 34.0 * n - 14.0
        out += [word(f"{n}.", starts[0], line)]
        out += [word("текст", x, line + 10.0 * k) for x in starts[1:] for k in range(3)]
    return out


def test_two_unruled_tables_on_one_page_each_have_their_own_columns():
    """Point 9: column starts come from each table's own header and body (they were taken over the
    whole file, and a page had one unruled table at most)."""
    first = _table_words(("№", "Мерки", "Срок", "Отговорна институция"), (40.0, 120.0, 300.0, 420.0), 60.0, 4)
    second = _table_words(("№", "Дейности", "Индикатори", "Статус", "Бюджет"), (40.0, 200.0, 350.0, 500.0, 600.0),
                          250.0, 4)
    ((one, two), _), = unruled_tables([(first + second, 1, [])])
    assert (one.columns, two.columns) == ((40, 120, 300, 420), (40, 200, 350, 500, 600))
    assert one.rows[0] == ["№", "Мерки", "Срок", "Отговорна институция"]
    assert two.rows[0] == ["№", "Дейности", "Индикатори", "Статус", "Бюджет"]
    assert [len(part.rows) for part in (one, two)] == [5, 5]
