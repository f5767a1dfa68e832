"""Stage 4: priorities, goals, tasks and measures from headings and columns."""

from __future__ import annotations

import pytest

from planmonitor.ingest.row_items import sentence_case, split_stacked
from tests.ingest.conftest import read_text

TABLE = ("№ | Мярка | Срок", "1.1. | Ремонт | 2025")


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("1. Приоритет ОБРАЗОВАНИЕ", "Образование"),
        ("ПРИОРИТЕТ „ОБРАЗОВАНИЕ“", "Образование"),
        ("Приоритет 2: Здравеопазване", "Здравеопазване"),
        ("Приоритетна област 3 – ЖИЛИЩНИ УСЛОВИЯ", "Жилищни условия"),
        ("5. Приоритет ВЪРХОВЕНСТВО НА ЗАКОНА И НЕДИСКРИМИНАЦИЯ", "Върховенство на закона и недискриминация"),
        ("6. Приоритет КУЛТУРА и МЕДИИ", "Култура и медии"),
    ],
)
def test_priority_headings(heading, name):
    plan = read_text(heading, *TABLE)
    assert [p["name"] for p in plan["priorities"]] == [name]
    assert plan["measures"][0]["priority"] == name


def test_priority_as_a_full_width_row_inside_a_table():
    plan = read_text("№ | Мярка | Срок", "ПРИОРИТЕТ „ЗАЕТОСТ“ |  | ", "1.1. | Курсове | 2025")
    assert plan["measures"][0]["priority"] == "Заетост"


@pytest.mark.parametrize(
    ("heading", "code", "title"),
    [
        ("Цел 1. Обхват на децата", "1", "Обхват на децата"),
        ("Цел 2: Обхват на децата", "2", "Обхват на децата"),
        ("Цел: 3 Обхват на децата", "3", "Обхват на децата"),
        ("Цел 4 : Обхват на децата", "4", "Обхват на децата"),
        ("Цел 6: : Обхват на децата", "6", "Обхват на децата"),
    ],
)
def test_goal_headings(heading, code, title):
    plan = read_text("Приоритет 1: Образование", heading, *TABLE)
    goal = plan["priorities"][0]["goals"][0]
    assert (goal["code"], goal["title"], goal["parent"]) == (code, title, None)
    assert plan["measures"][0]["goal"] == code


def test_operational_objective_and_goal_without_measures():
    plan = read_text(
        "Приоритет 1: Образование", "Оперативна цел: Равен достъп.", "Цел 1. Първа", *TABLE, "Цел 2. Без мерки",
    )
    priority = plan["priorities"][0]
    assert priority["operational_objective"] == "Равен достъп."
    assert [g["code"] for g in priority["goals"]] == ["1", "2"]


def test_higher_goal_is_parent_of_following_numbered_goals():
    plan = read_text(
        "Приоритет 1: Здравеопазване",
        "Цели | Задачи | Дейности | Срок",
        "Цел I: Майчино здраве |  |  | ",
        "1. Детска смъртност | 1.1. Регистрация | 1.1.1. Издирване | 2025",
        "Цел II: Достъп |  |  | ",
        "2. Достъп до услуги | 2.1. Практики | 2.1.1. Сътрудничество | 2026",
    )
    goals = {g["code"]: g["parent"] for g in plan["priorities"][0]["goals"]}
    assert goals == {"I": None, "1": "I", "II": None, "2": "II"}
    assert [(m["code"], m["goal"], m["task"]) for m in plan["measures"]] == [("1.1.1", "1", "1.1"), ("2.1.1", "2", "2.1")]


def test_several_numbered_activities_in_one_cell_share_the_row():
    plan = read_text(
        "Приоритет 1: Образование",
        "Задачи | Дейности | Отговорна институция | Срок",
        "1.1. Условия | 1.1.1. Първа дейност. 1.1.2. Втора дейност | Община, РУО | 2024-2027",
    )
    assert [(m["code"], m["text"], m["responsible"], m["task"]) for m in plan["measures"]] == [
        ("1.1.1", "Първа дейност.", "Община, РУО", "1.1"),
        ("1.1.2", "Втора дейност", "Община, РУО", "1.1"),
    ]


def test_unnumbered_activity_under_a_new_task_is_a_measure_with_a_warning():
    plan = read_text(
        "Приоритет 1: Образование",
        "Задачи | Дейности | Срок",
        "1.1. Условия | 1.1.1. Първа | 2025",
        "1.2. Дискусии | Провеждане на срещи | 2026",
    )
    assert [(m["code"], m["task"]) for m in plan["measures"]] == [("1.1.1", "1.1"), (None, "1.2")]
    assert any(w["field"] == "code" and "без номер" in w["message"] for w in plan["warnings"])


def test_quoted_goals_repeating_used_numbers_are_dropped():
    """A narrative quoting another document's 'Цел 1' after the plan's own goals adds no goal."""
    plan = read_text(
        "Приоритет 1: Жилищни условия", "Цел 1. Собствена", *TABLE, "Цел 2. Втора собствена",
        "Министерство на регионалното развитие и благоустройството", "Цел 1 „Чужда цел“", "Цел 2. „Друга чужда“",
    )
    assert [(g["code"], g["title"]) for g in plan["priorities"][0]["goals"]] == [("1", "Собствена"), ("2", "Втора собствена")]


def test_sub_table_under_an_institution_heading_gets_a_prefix():
    plan = read_text(
        "Приоритет 1: Заетост",
        "Цели | Задачи | Дейности | Срок",
        "1. Заетост | 1.1. Курсове | 1.1.1. Обучение | 2025",
        "Държавна агенция за закрила на детето",
        "Цели | Задачи | Дейности | Срок",
        "1. Изоставяне | 1.1. Превенция | 1.1.1. Приемна грижа | 2025",
    )
    assert [(m["code"], m["goal"], m["task"]) for m in plan["measures"]] == [
        ("1.1.1", "1", "1.1"), ("ДАЗД-1.1.1", "ДАЗД-1", "ДАЗД-1.1"),
    ]


def test_title_municipality_and_period_come_from_the_title():
    plan = read_text("ОБЩИНА ПРИМЕРНО", "**ПЛАН ЗА ДЕЙСТВИЕ", "НА ОБЩИНА ПРИМЕРНО", "(2024-2027 г.)**", "Приоритет 1: Образование", *TABLE)
    assert plan["title"] == "ПЛАН ЗА ДЕЙСТВИЕ НА ОБЩИНА ПРИМЕРНО (2024-2027 г.)"
    assert (plan["municipality"], plan["period"]) == ("Примерно", {"start": 2024, "end": 2027})


@pytest.mark.parametrize(
    ("text", "count", "parts"),
    [
        ("2017-2020 2017-2020", 2, ["2017-2020", "2017-2020"]),
        ("Брой проведени прегледи А Брой проведени прегледи Б", 2, ["Брой проведени прегледи А", "Брой проведени прегледи Б"]),
        ("Брой деца. Брой мероприятия.", 2, ["Брой деца. Брой мероприятия."] * 2),
        ("Община", 3, ["Община"] * 3),
    ],
)
def test_stacked_cells_are_split_only_when_entries_are_clear(text, count, parts):
    assert split_stacked(text, count) == parts


def test_sentence_case():
    assert sentence_case("„ЖИЛИШНИ УСЛОВИЯ“") == "Жилишни условия"


@pytest.mark.parametrize("heading", ["1. ОБРАЗОВАНИЕ", "ЖИЛИЩНИ УСЛОВИЯ", "Приоритетно направление 1: Образование"])
def test_thematic_area_heading_without_the_word_priority(heading):
    plan = read_text("Увод в плана.", heading, *TABLE)
    assert plan["measures"][0]["priority"] in {"Образование", "Жилищни условия"}


def test_a_mixed_case_list_item_naming_an_area_is_not_a_priority():
    plan = read_text("Приоритет 1: Заетост", "- Образование", *TABLE)
    assert [p["name"] for p in plan["priorities"]] == ["Заетост"]


def test_priority_column_in_one_big_table():
    plan = read_text(
        "Приоритетна област | Цел | Мярка | Срок",
        "Образование | Цел 1. Обхват | 1.1. Транспорт | 2025",
        " |  | 1.2. Закуски | 2025",
        "Здравеопазване | Цел 1. Профилактика | 1.1. Прегледи | 2026",
    )
    assert [(m["priority"], m["goal"], m["code"]) for m in plan["measures"]] == [
        ("Образование", "1", "1.1"), ("Образование", "1", "1.2"), ("Здравеопазване", "1", "1.1"),
    ]


def test_unnumbered_goal_column_opens_a_goal_per_cell():
    plan = read_text(
        "Приоритет 1: Образование",
        "Цели | Мерки | Срок",
        "Обхват на децата | 1.1. Транспорт | 2025",
        " | 1.2. Закуски | 2025",
        "Качество на обучението | 2.1. Квалификация | 2026",
    )
    assert [m["goal"] for m in plan["measures"]] == ["Обхват на децата", "Обхват на децата", "Качество на обучението"]
    assert [g["title"] for g in plan["priorities"][0]["goals"]] == ["Обхват на децата", "Качество на обучението"]


def test_task_heading_above_a_table_of_activities():
    plan = read_text(
        "Приоритет 1: Образование",
        "Специфична цел 1: Обхват",
        "Задача 1.1. Осигуряване на транспорт",
        "Дейност | Срок",
        "1.1.1. Закупуване на автобус | 2025",
        "1.1.2. Маршрути | 2026",
    )
    assert [(m["code"], m["goal"], m["task"]) for m in plan["measures"]] == [("1.1.1", "1", "1.1"), ("1.1.2", "1", "1.1")]
    assert plan["priorities"][0]["goals"][0]["tasks"] == [{"code": "1.1", "title": "Осигуряване на транспорт"}]


def test_bare_headings_take_their_name_from_the_next_line():
    plan = read_text("ПРИОРИТЕТ 2", "ЗДРАВЕОПАЗВАНЕ", "Цел 1.", "Профилактика на заболяванията", *TABLE)
    priority = plan["priorities"][0]
    assert priority["name"] == "Здравеопазване"
    assert [(g["code"], g["title"]) for g in priority["goals"]] == [("1", "Профилактика на заболяванията")]
    assert plan["measures"][0]["priority"] == "Здравеопазване"


def test_a_reference_to_another_item_does_not_split_a_cell():
    from planmonitor.ingest.codes import split_numbered

    assert split_numbered("1.1.1. Първа съгласно т. 1.1.2 от плана. 1.1.2. Втора") == [
        ("1.1.1", "Първа съгласно т. 1.1.2 от плана."), ("1.1.2", "Втора"),
    ]
    assert split_numbered("1.1. Първа 1.2. Друга 2.1. Чужда") == [("1.1", "Първа"), ("1.2", "Друга 2.1. Чужда")]


def test_table_of_contents_entries_do_not_duplicate_priorities():
    plan = read_text(
        "Съдържание", "Приоритет 1: Образование ........ 5", "Приоритет 2: Заетост ........ 9",
        "Приоритет 1: Образование", *TABLE, "Приоритет 2: Заетост", "№ | Мярка | Срок", "1.1. | Курсове | 2026",
    )
    assert [p["name"] for p in plan["priorities"]] == ["Образование", "Заетост"]
    assert [m["priority"] for m in plan["measures"]] == ["Образование", "Заетост"]


def test_specific_goals_hang_under_their_strategic_goal_and_item_words_are_dropped():
    plan = read_text(
        "Приоритет 1: Образование",
        "Стратегическа цел 1: Достъп",
        "Специфична цел 1.1: Обхват",
        "Мярка | Срок",
        "Мярка 1.1.1. Транспорт | 2025",
    )
    goals = [(g["code"], g["parent"]) for g in plan["priorities"][0]["goals"]]
    assert goals == [("1", None), ("1.1", "1")]
    assert [(m["code"], m["text"], m["goal"]) for m in plan["measures"]] == [("1.1.1", "Транспорт", "1.1")]


def test_item_words_before_numbers_in_goal_task_and_activity_cells():
    plan = read_text(
        "Приоритет 1: Образование",
        "Цели | Задачи | Дейности | Срок",
        "Цел 1. Обхват | Задача 1.1. Транспорт | Дейност 1.1.1. Автобус | 2025",
    )
    assert [(m["code"], m["goal"], m["task"], m["text"]) for m in plan["measures"]] == [("1.1.1", "1", "1.1", "Автобус")]
