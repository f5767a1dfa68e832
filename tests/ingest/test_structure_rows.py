"""The structure stage on rows, goals and codes other plans write (issue 15, points 2-7 and 10).

Each test reads the smallest real document (DOCX, XLSX or PDF from
``tests/builders``, or a text dump where only a text dump can show it) that
the reader got wrong before: a row without a number glued to the measure
above, a register's "№" column taken for the task's number, an unnumbered
goal read as the rest of the one above, prefixed codes, a number quoted in a
sentence, a fragment moved into the period column, a merged responsible cell
given to its first row only.
"""

from __future__ import annotations

import pytest

from planmonitor.ingest import read_plan
from tests.builders.layouts import Grid, Text
from tests.builders.office import convert, soffice
from tests.builders.sheet import xlsx_from_blocks
from tests.builders.word import docx_from_blocks
from tests.ingest.conftest import read_text

needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
HEADER = ["№", "Мярка", "Срок", "Отговорна институция"]


def grid(header: list[str], *rows: list[str], merges=()) -> Grid:
    return Grid([header, *rows], header_rows=1, widths=[1.0] * len(header), merges=list(merges))


def read(blocks: list, fmt: str) -> dict:
    if fmt == "docx":
        return read_plan(docx_from_blocks(blocks, None), "plan.docx").plan
    if fmt == "xlsx":
        return read_plan(xlsx_from_blocks(blocks), "plan.xlsx").plan
    return read_plan(convert(docx_from_blocks(blocks, None), "docx", "pdf"), "plan.pdf").plan


def summary(plan: dict, *fields: str) -> list[tuple]:
    return [tuple(_get(m, f) for f in fields) for m in plan["measures"]]


def _get(measure: dict, dotted: str):
    value = measure
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


UNNUMBERED_ROW = [
    Text("Приоритет 1: Образование"),
    grid(
        HEADER,
        ["1.1.", "Ремонт на училището", "2025", "Община"],
        ["", "Обучение на учители", "2026", "РУО"],
        ["1.2.", "Курсове по грамотност", "2025", "Община"],
    ),
]


# -- 2. a row with its own values is its own measure --------------------------
@pytest.mark.parametrize("fmt", ["docx", "xlsx", pytest.param("pdf", marks=needs_libreoffice)])
def test_an_unnumbered_row_with_its_own_values_is_its_own_measure(fmt):
    plan = read(UNNUMBERED_ROW, fmt)
    assert summary(plan, "code", "text", "period.start", "responsible") == [
        ("1.1", "Ремонт на училището", 2025, "Община"),
        (None, "Обучение на учители", 2026, "РУО"),
        ("1.2", "Курсове по грамотност", 2025, "Община"),
    ]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_unnumbered_rows_above_a_repeated_header_keep_the_layout_above(fmt):
    """A goal written as a full-width row, then two rows without a number, then the header printed
    again: the two rows are two measures of that goal (they were dropped as rows before a header)."""
    header = ["Мярка", "Срок", "Отговорна институция"]
    table = grid(
        header,
        ["1.1. Ремонт на училището", "2025", "Община"],
        ["Цел: Жилищни условия", "", ""],
        ["Узаконяване на жилища", "2026", "Община"],
        ["Канализация в квартала", "2027", "ВиК"],
        header,
        ["Обучение на учители", "2026", "РУО"],
        merges=[(2, 0, 2, 2)],
    )
    plan = read([Text("Приоритет 1: Образование"), Text("Цел 1. Образование"), table], fmt)
    assert summary(plan, "code", "text", "goal", "responsible") == [
        ("1.1", "Ремонт на училището", "1", "Община"),
        (None, "Узаконяване на жилища", "Жилищни условия", "Община"),
        (None, "Канализация в квартала", "Жилищни условия", "ВиК"),
        (None, "Обучение на учители", "Жилищни условия", "РУО"),
    ]


def test_a_page_break_joins_only_a_fragment_and_never_across_a_new_goal():
    """A text dump (the one format here that marks page breaks in a table, "-- | ---"):
    the fragment after the first break is joined; the row after the second break opens a new goal."""
    plan = read_text(
        "Цел | Мярка | Срок",
        "1. Образование | 1.1. Ремонт на | 2025",
        "-- | --- | ---",
        " | училището в квартала | ",
        "1. Образование | 1.2. Курсове | 2025",
        "-- | --- | ---",
        "Здравеопазване | Прегледи на децата | 2026",
    )
    assert summary(plan, "code", "text", "goal") == [
        ("1.1", "Ремонт на училището в квартала", "1"),
        ("1.2", "Курсове", "1"),
        (None, "Прегледи на децата", "Здравеопазване"),
    ]


# -- 3. a register with a "№" column and a "Задача" column --------------------
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_register_with_code_and_task_columns_keeps_both(fmt):
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(
            ["№", "Цел", "Задача", "Мярка", "Срок"],
            ["1.1.1.", "1. Образование за всички", "1.1. Обхват в детските градини", "Безплатни детски градини", "2025"],
            ["1.1.2.", "1. Образование за всички", "1.1. Обхват в детските градини", "Транспорт до училище", "2025"],
            ["1.2.1.", "1. Образование за всички", "1.2. Задържане в училище", "Занимания по интереси", "2026"],
        ),
    ]
    plan = read(blocks, fmt)
    assert summary(plan, "code", "task", "goal") == [("1.1.1", "1.1", "1"), ("1.1.2", "1.1", "1"), ("1.2.1", "1.2", "1")]
    goal = plan["priorities"][0]["goals"]
    assert [(g["code"], [t["code"] for t in g["tasks"]]) for g in goal] == [("1", ["1.1", "1.2"])]
    assert goal[0]["tasks"][0]["title"] == "Обхват в детските градини"


# -- 4. goals without a number ------------------------------------------------
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_an_unnumbered_goal_cell_with_a_new_text_is_a_new_goal(fmt):
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(
            ["Цел", "Мярка", "Срок"],
            ["1. Достъп до образование", "Ремонт на училище", "2025"],
            ["2. Здравна грижа", "Прегледи", "2025"],
            ["Жилищни условия", "Узаконяване", "2026"],
            ["Жилищни условия", "Канализация", "2027"],
        ),
    ]
    plan = read(blocks, fmt)
    assert [m["goal"] for m in plan["measures"]] == ["1", "2", "Жилищни условия", "Жилищни условия"]
    goals = plan["priorities"][0]["goals"]
    assert [(g["code"], g["title"]) for g in goals] == [
        ("1", "Достъп до образование"), ("2", "Здравна грижа"), (None, "Жилищни условия"),
    ]


def test_a_goal_heading_without_a_number():
    blocks = [
        Text("Приоритет 1: Образование"),
        Text("Цел: Равен достъп до образование"),
        grid(["№", "Мярка", "Срок"], ["1.", "Ремонт", "2025"]),
        Text("Цел – Здраве за всички"),
        grid(["№", "Мярка", "Срок"], ["2.", "Прегледи", "2025"]),
    ]
    plan = read(blocks, "docx")
    goals = plan["priorities"][0]["goals"]
    assert [(g["code"], g["title"]) for g in goals] == [(None, "Равен достъп до образование"), (None, "Здраве за всички")]
    assert [m["goal"] for m in plan["measures"]] == ["Равен достъп до образование", "Здраве за всички"]


# -- 5. codes with a letter prefix ----------------------------------------------
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_prefixed_codes_in_headings_code_columns_and_measure_cells(fmt):
    blocks = [
        Text("Приоритет 1: Образование"),
        Text("Цел ДАЗД-1. Закрила на децата"),
        grid(["№", "Мярка", "Срок"], ["ДАЗД-1.1.", "Кампания", "2025"], ["ДАЗД-1.2.", "Обучение", "2026"]),
        Text("Цел ДАЗД-2: Приемни семейства"),
        grid(["Мярка", "Срок"], ["ДАЗД-2.1. Информиране\nДАЗД-2.2. Подкрепа", "2025"]),
    ]
    plan = read(blocks, fmt)
    assert summary(plan, "code", "text", "goal") == [
        ("ДАЗД-1.1", "Кампания", "ДАЗД-1"), ("ДАЗД-1.2", "Обучение", "ДАЗД-1"),
        ("ДАЗД-2.1", "Информиране", "ДАЗД-2"), ("ДАЗД-2.2", "Подкрепа", "ДАЗД-2"),
    ]
    goals = plan["priorities"][0]["goals"]
    assert [(g["code"], g["title"], g["parent"]) for g in goals] == [
        ("ДАЗД-1", "Закрила на децата", None), ("ДАЗД-2", "Приемни семейства", None),
    ]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_section_heading_that_restarts_numbering_prefixes_a_flat_register(fmt):
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(["№", "Мярка", "Срок"], ["1.1.", "Ремонт", "2025"], ["1.2.", "Курсове", "2025"]),
        Text("Държавна агенция за закрила на детето"),
        grid(["№", "Мярка", "Срок"], ["1.1.", "Кампания", "2026"]),
    ]
    plan = read(blocks, fmt)
    assert [m["code"] for m in plan["measures"]] == ["1.1", "1.2", "ДАЗД-1.1"]
    assert any("ДАЗД" in w["message"] for w in plan["warnings"])


# -- 6. a number quoted inside a sentence ----------------------------------------
def test_a_number_inside_a_sentence_never_splits_a_measure():
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(
            ["Мярка", "Срок"],
            ["1.1. Обновяване на програмата по раздел 1.2. от Плана", "2025"],
            ["1.2. Продължаване на дейностите 1.3. и 1.4. от предходния план", "2025"],
            ["1.3. Първа дейност\n1.4. Втора дейност", "2026"],
        ),
    ]
    plan = read(blocks, "docx")
    assert [m["code"] for m in plan["measures"]] == ["1.1", "1.2", "1.3", "1.4"]
    assert plan["measures"][0]["text"] == "Обновяване на програмата по раздел 1.2. от Плана"


def test_reference_words_keep_a_quoted_number_in_a_text_dump():
    """A text dump has lost its line breaks, so there the word before the number decides."""
    plan = read_text("№ | Мярка | Срок", " | 2.1. Дейности съгласно глава 2.3. от стратегията 2.2. Нова дейност | 2025")
    assert [(m["code"], m["text"]) for m in plan["measures"]] == [
        ("2.1", "Дейности съгласно глава 2.3. от стратегията"), ("2.2", "Нова дейност"),
    ]


# -- 7. a continuation fragment with a year-like number keeps its column ---------
def test_a_fragment_with_a_year_like_number_keeps_its_column():
    plan = read_text(
        "№ | Мярка | Отговорна институция | Срок | Статус",
        "1.1. | Ремонт на читалището | НЧ „Светлина | 2025 | текущ",
        "-- | --- | --- | --- | ---",
        " |  | 1903“ |  | ",
    )
    assert summary(plan, "code", "responsible", "period.raw") == [("1.1", "НЧ „Светлина 1903“", "2025")]


# -- 10. DOCX vertically merged cells --------------------------------------------
def test_a_merged_responsible_cell_belongs_to_every_row_it_spans():
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(
            HEADER,
            ["1.1.", "Ремонт", "2025", "Община Сливен"],
            ["1.2.", "Курсове", "2026", ""],
            ["1.3.", "Прегледи", "2026", "РЗИ"],
            merges=[(1, 3, 2, 3)],
        ),
    ]
    plan = read(blocks, "docx")
    assert summary(plan, "code", "responsible") == [("1.1", "Община Сливен"), ("1.2", "Община Сливен"), ("1.3", "РЗИ")]


def test_a_join_on_weak_evidence_is_flagged_at_the_measure():
    """After a page break, a row that opens with a capital but carries nothing of its own is
    joined to the measure above, and the review is told to check that measure's text."""
    plan = read_text(
        "№ | Мярка | Срок", "1.1. | Ремонт на читалище | 2025", "-- | --- | ---", " | Искра в квартала | ",
    )
    assert summary(plan, "code", "text") == [("1.1", "Ремонт на читалище Искра в квартала")]
    assert [(w["measure"], w["field"]) for w in plan["warnings"]] == [("1.1", "text")]


def test_a_merged_responsible_cell_in_xlsx_belongs_to_every_row_it_spans():
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(HEADER, ["1.1.", "Ремонт", "2025", "Община Сливен"], ["1.2.", "Курсове", "2026", ""], merges=[(1, 3, 2, 3)]),
    ]
    plan = read(blocks, "xlsx")
    assert summary(plan, "code", "responsible") == [("1.1", "Община Сливен"), ("1.2", "Община Сливен")]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_goal_named_alone_on_a_full_width_row_is_a_goal_with_a_warning(fmt):
    """A goal without "Цел" or a number, written across the table: a goal, flagged at its measures."""
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(
            ["№", "Мярка", "Срок"],
            ["Равен достъп до образование", "", ""],
            ["1.1.", "Ремонт", "2025"],
            ["Задача ДАЗД-1.2. Закрила на децата", "", ""],
            ["ДАЗД-1.2.1.", "Кампания", "2026"],
            merges=[(1, 0, 1, 2), (3, 0, 3, 2)],
        ),
    ]
    plan = read(blocks, fmt)
    assert summary(plan, "code", "goal", "task") == [
        ("1.1", "Равен достъп до образование", None), ("ДАЗД-1.2.1", "Равен достъп до образование", "ДАЗД-1.2"),
    ]
    assert ("1.1", "goal") in {(w["measure"], w["field"]) for w in plan["warnings"]}


# -- a code wrapped in a narrow "№" column ------------------------------------
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_code_wrapped_in_a_narrow_number_column_is_one_code(fmt):
    """"2.3.⏎1" is the code 2.3.1 cut by the column's width; "1.1.⏎1.2." stays two codes' text."""
    blocks = [
        Text("Приоритет 1: Образование"),
        grid(HEADER, ["2.3.\n1", "Ремонт на училището", "2025", "Община"],
             ["2.3.\n2.", "Обучение на учители", "2026", "РУО"]),
    ]
    assert summary(read(blocks, fmt), "code", "text") == [("2.3.1", "Ремонт на училището"),
                                                          ("2.3.2", "Обучение на учители")]


# -- a note after the table, typed into it --------------------------------------
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("where", ["own-row", "last-cell"])
def test_a_note_typed_into_the_table_is_no_measure_and_no_measure_text(fmt, where):
    note = "Забележка: сроковете са ориентировъчни и се уточняват ежегодно."
    rows = [["1.1. Ремонт на училището", "2025", "Община"], ["Прегледи на децата", "2026", "РЗИ"]]
    if where == "own-row":
        rows.append([note, "", ""])
    else:
        rows[-1][0] += "\n" + note
    plan = read([Text("Приоритет 1: Образование"), grid(["Мярка", "Срок", "Отговорна институция"], *rows)], fmt)
    assert summary(plan, "code", "text") == [("1.1", "Ремонт на училището"), (None, "Прегледи на децата")]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_line_breaks_in_a_grid_cell_are_kept_in_the_measure_text(fmt):
    """The author's line breaks stay (the review splits a glued measure at one); spaces are folded."""
    table = grid(["Мярка", "Срок"], ["Прегледи на децата\nВаксинации  в  квартала", "2026"])
    plan = read([Text("Приоритет 1: Образование"), table], fmt)
    assert summary(plan, "text") == [("Прегледи на децата\nВаксинации в квартала",)]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_year_in_a_quoted_name_does_not_move_a_row_into_the_period(fmt):
    """Period and target empty: the responsible cell "Народно читалище „Искра – 1903“" stays where it is
    (the year belongs to the name), and the measure has no period."""
    table = grid(["№", "Мярка", "Отговорна институция", "Срок", "Целева стойност"],
                 ["1.1.", "Ремонт", "Народно читалище „Искра – 1903“; РЗИ", "", ""],
                 ["1.2.", "Курсове", "Община", "2026", "20 лица"])
    plan = read([Text("Приоритет 1: Образование"), table], fmt)
    assert summary(plan, "code", "responsible", "period.raw") == [
        ("1.1", "Народно читалище „Искра – 1903“; РЗИ", None), ("1.2", "Община", "2026")]


def test_a_task_number_the_task_cell_contradicts_is_a_warning_at_the_task():
    """"№ | Задачи | Мерки": the number is the task's. A number cell that is no number keeps the task
    cell's own number; one that differs from it ("113" beside "1.1.") is kept as read; both warn at the
    task field of their measures, so the review sees which column is right."""
    plan = read_text("Приоритет 1: Образование", "№ | Задачи | Мерки", "113 | 1.1. Обучение | Курсове",
                     "11 x | 1.2. Кампании | Срещи", "1.3 | 1.3. Медиатори | Наемане")
    assert [m["task"] for m in plan["measures"]] == ["113", "1.2", "1.3"]
    flagged = [(w.get("index"), w["field"]) for w in plan["warnings"] if "113" in w["message"] or "11 x" in w["message"]]
    assert flagged == [(0, "task"), (1, "task")]
