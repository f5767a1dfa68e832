"""Scanned tables ruled only between rows (issue 13): columns from the header's words, rows from the rules.

The words and rules are made by hand, as ``ocr.py`` gets them from Tesseract and
``ocr_rules``; the page is a blank one (pdfplumber needs a page to find tables on,
and finds them from the explicit lines alone).
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image

from planmonitor.ingest.readers.ocr_columns import HeaderColumns, crosses, header_starts, tables_between_rules
from planmonitor.ingest.readers.ocr_tables import page_tables, rejoin

LEFT, RIGHT = 37.0, 600.0
STARTS = (42.0, 140.0, 300.0, 420.0)  # Мерки | Срок | Отговорна институция | Бюджет: each cell's text 5 points in


def word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5.0 * len(text), "top": top, "bottom": top + 8.0, "conf": 96.0,
            "fontname": "", "size": 8.0}


def rule(y: float, x0: float = LEFT, x1: float = RIGHT) -> dict:
    return {"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
            "thickness": 0.7}


def header(top: float) -> list[dict]:
    """A header whose cells wrap onto two lines: every line of a cell starts at the cell's start."""
    return [word("Мерки", STARTS[0], top), word("Срок", STARTS[1], top), word("Отговорна", STARTS[2], top),
            word("институция", STARTS[2], top + 10), word("Бюджет", STARTS[3], top)]


@pytest.fixture
def page():
    image = Image.new("L", (842, 595), 255)
    data = io.BytesIO()
    image.save(data, format="PDF", resolution=72.0)
    with pdfplumber.open(io.BytesIO(data.getvalue())) as pdf:
        yield pdf.pages[0]


def test_a_header_band_gives_its_column_starts_and_a_row_of_values_none():
    assert header_starts(header(100.0)) == list(STARTS)
    row = [word("1.1. Обучения", STARTS[0], 150), word("2025", STARTS[1], 150), word("Община", STARTS[2], 150),
           word("500 лв.", STARTS[3], 150)]
    assert header_starts(row) is None


def test_a_line_over_a_column_edge_crosses_it_and_cells_side_by_side_do_not():
    edges = (LEFT, 135.0, 295.0, 415.0, RIGHT)
    heading = [word("ПРИОРИТЕТ", 42.0, 200.0), word("2:", 90.0, 200.0), word("Спорт", 103.0, 200.0),
               word("младежки", 131.0, 200.0)]  # "младежки" runs over the edge at 135
    cells = [word("Община", STARTS[0], 200.0), word("2025", STARTS[1], 200.0)]
    assert crosses(heading, edges)
    assert not crosses(cells, edges)


def test_rows_between_rules_get_the_header_columns_and_a_gap_in_a_rule_merges_cells(page):
    """Header at 100-125, rows at 125-160 and 160-190; the rule between the rows stops short of the
    responsible column (295-415): its cell covers both rows, as in a fully ruled table."""
    rules = [rule(100.0), rule(125.0), rule(160.0, LEFT, 295.0), rule(160.0, 415.0, RIGHT), rule(190.0)]
    words = [*header(102.0),
             word("1.1. Обучения", STARTS[0], 130.0), word("2025", STARTS[1], 130.0),
             word("Община", STARTS[2], 130.0), word("500 лв.", STARTS[3], 130.0),
             word("1.2. Срещи", STARTS[0], 165.0), word("2026", STARTS[1], 165.0), word("700 лв.", STARTS[3], 165.0)]
    memory = HeaderColumns()
    parts, outside, _ = page_tables(page, rules, words, 1, 50.0, memory)
    assert outside == []
    assert len(parts) == 1
    assert parts[0].rows == [["Мерки", "Срок", "Отговорна\nинституция", "Бюджет"],
                             ["1.1. Обучения", "2025", "Община", "500 лв."],
                             ["1.2. Срещи", "2026", "", "700 лв."]]
    assert parts[0].continued == [(), (), (2,)]
    assert memory.edges[0] == LEFT and memory.edges[-1] == RIGHT


def test_a_heading_between_rules_cuts_the_table_and_the_next_page_keeps_the_columns(page):
    rules = [rule(100.0), rule(125.0), rule(160.0), rule(185.0), rule(220.0)]
    words = [*header(102.0),
             word("1.1. Обучения", STARTS[0], 130.0), word("2025", STARTS[1], 130.0),
             word("ПРИОРИТЕТ", 42.0, 165.0), word("2:", 90.0, 165.0), word("Спорт", 103.0, 165.0),
             word("младежки", 131.0, 165.0),
             word("2.1. Турнири", STARTS[0], 190.0), word("2026", STARTS[1], 190.0)]
    memory = HeaderColumns()
    tables = tables_between_rules(page, rules, words, memory)
    assert [len(t.rows) for t in tables] == [2, 1]
    parts, outside, _ = page_tables(page, rules, words, 1, 50.0, memory)
    assert [w["text"] for w in outside] == ["ПРИОРИТЕТ", "2:", "Спорт", "младежки"]
    # The next page goes on without a header: the columns of the last header met.
    following = [rule(50.0), rule(80.0)]
    more = [word("2.2. Лагери", STARTS[0], 55.0), word("2027", STARTS[1], 55.0), word("Община", STARTS[2], 55.0)]
    parts, _, _ = page_tables(page, following, more, 2, 50.0, memory)
    assert parts[0].rows == [["2.2. Лагери", "2027", "Община", ""]]


def test_rules_without_a_header_make_no_table(page):
    rules = [rule(100.0), rule(130.0), rule(160.0)]
    words = [word("Текст", 42.0, 105.0), word("още", 42.0, 135.0)]
    assert tables_between_rules(page, rules, words, HeaderColumns()) == []


@pytest.mark.parametrize(("text", "fixed"), [
    ("От говорна\nинституция", "Отговорна\nинституция"),
    ("Целева\nстойнос\nтв\nкрая", "Целева\nстойност в\nкрая"),
    ("Източник на\nфинансиране", "Източник на\nфинансиране"),
])
def test_header_words_split_or_glued_by_recognition_are_put_right(text, fixed):
    from planmonitor.ingest.vocabulary import HEADER_PHRASES

    known = frozenset(w for phrase, _ in HEADER_PHRASES for w in phrase.split() if len(w) >= 4)
    assert rejoin(text, known) == fixed


def test_a_header_word_that_lost_its_last_letter_is_completed_only_where_the_cell_then_names_a_column():
    from planmonitor.ingest.readers.ocr_tables import header_words

    assert header_words(["№", "Текуща\nстойнос", "Пелева\nстойнос\nтв\nкрая"]) == [
        "№", "Текуща\nстойност", "Целева\nстойност в\nкрая"]
    assert header_words(["Мерки", "Срок", "Бюджетни\nсредства"])[2] == "Бюджетни\nсредства"


def test_a_centred_header_takes_its_columns_edge_from_the_text_under_it(page):
    """"Статус" is centred over its column (165-260, text from 170): its lines start at different x, and
    the short "Да" under it, 40 points left of the header's start, is still the status."""
    rules = [rule(100.0), rule(125.0), rule(160.0), rule(190.0)]
    words = [word("Мерки", 42.0, 102.0), word("Статус", 197.0, 102.0), word("на мярката", 187.0, 112.0),
             word("Отговорна", STARTS[2], 102.0), word("Бюджет", STARTS[3], 102.0),
             word("1.1. Обучения", 42.0, 130.0), word("Да", 170.0, 130.0), word("Община", STARTS[2], 130.0),
             word("1.2. Срещи", 42.0, 165.0), word("В процес", 170.0, 165.0), word("700 лв.", STARTS[3], 165.0)]
    parts, _, _ = page_tables(page, rules, words, 1, 50.0, HeaderColumns())
    assert parts[0].rows == [["Мерки", "Статус\nна мярката", "Отговорна", "Бюджет"],
                             ["1.1. Обучения", "Да", "Община", ""],
                             ["1.2. Срещи", "В процес", "", "700 лв."]]


@pytest.mark.parametrize("rule_above", [False, True])
def test_a_header_with_no_rule_over_it_starts_where_its_words_do(page, rule_above):
    """The first rule is under the header: the header's lines over it (not the heading over them, a
    line further up) make the table's first row. With a rule over the heading, the same."""
    rules = [rule(125.0), rule(160.0), rule(190.0)] + ([rule(60.0)] if rule_above else [])
    words = [word("Приоритет 1: Образование", 42.0, 70.0), *header(102.0),
             word("1.1. Обучения", STARTS[0], 130.0), word("2025", STARTS[1], 130.0),
             word("1.2. Срещи", STARTS[0], 165.0), word("700 лв.", STARTS[3], 165.0)]
    parts, outside, _ = page_tables(page, rules, words, 1, 50.0, HeaderColumns())
    assert [w["text"] for w in outside] == ["Приоритет 1: Образование"]
    assert parts[0].rows[0] == ["Мерки", "Срок", "Отговорна\nинституция", "Бюджет"]
    assert len(parts[0].rows) == 3


def test_rules_only_around_the_header_and_the_table_leave_its_rows_to_the_alignment_reader(page):
    """Top rule, a rule under the header, a bottom rule and none between rows: the band under the
    header holds several rows (in two columns, text in blocks apart by more than a line), so no
    table is made from the rules and the words stay for ``pdf_unruled``."""
    rules = [rule(100.0), rule(125.0), rule(230.0)]
    words = [*header(102.0),
             word("1.1. Обучения", STARTS[0], 130.0), word("2025", STARTS[1], 130.0),
             word("за деца", STARTS[0], 140.0),
             word("1.2. Срещи", STARTS[0], 165.0), word("2026", STARTS[1], 165.0),
             word("1.3. Лагери", STARTS[0], 200.0), word("2027", STARTS[1], 200.0)]
    parts, outside, _ = page_tables(page, rules, words, 1, 50.0, HeaderColumns())
    assert parts == []
    assert len(outside) == len(words)
