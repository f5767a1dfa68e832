"""Stage 3: header words decide column roles, whatever their order and wording."""

from __future__ import annotations

import pytest

from planmonitor.ingest.headers import role_of
from tests.ingest.conftest import read_text


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Мярка", "measure"), ("Мерки", "measure"), ("Дейност", "measure"), ("Дейности", "measure"),
        ("Срок", "period"), ("Времеви период", "period"), ("Срок за изпълнение", "period"), ("Времев\nи\nпериод", "period"),
        ("Отговорна институция", "responsible"), ("Отговорник", "responsible"), ("Изпълнител", "responsible"),
        ("Отговорни институции", "responsible"),
        ("Финансиране", "funding"), ("Бюджет", "funding"), ("Средства", "funding_amount"),
        ("Източник на финансиране (преки бюджетни разходи, друго – млн. евро)", "funding_source"),
        ("Индикатори", "indicators"), ("Индикатор за изпълнение", "indicators"),
        ("Текуща стойност", "baseline"), ("Базова стойност", "baseline"),
        ("Целева стойност с натрупване 2024-2027 г.", "target"), ("Очаквана стойност", "target"),
        ("Статус", "status"), ("Статус на мярката", "status"), ("Цели", "goal"), ("Задачи", "task"), ("№", "code"),
        ("Бележки", None), ("", None),
    ],
)
def test_header_words_name_roles(header, role):
    assert role_of(header) == role


MEASURES = ("Дейност", "Мярка", "Мерки", "Дейности")
PERIODS = ("Срок", "Времеви период", "Срок за изпълнение")
RESPONSIBLE = ("Отговорна институция", "Отговорник", "Изпълнител", "Отговорни институции")


@pytest.mark.parametrize("measure_word", MEASURES)
@pytest.mark.parametrize("period_word", PERIODS)
@pytest.mark.parametrize("responsible_word", RESPONSIBLE)
def test_columns_in_any_order_and_wording(measure_word, period_word, responsible_word):
    """The same row reads the same under every wording, with the columns reversed."""
    plan = read_text(
        "Приоритет 1: Образование",
        "Цел 1: Обхват",
        f"Индикатор за изпълнение | Очаквана стойност | Базова стойност | {responsible_word} | {period_word} | Статус | {measure_word} | №",
        "Брой деца | 20 | 10 | РУО | 2024 – 2027 г. | Текущ | Безплатен транспорт | 1.1.",
    )
    (measure,) = plan["measures"]
    assert measure["code"] == "1.1"
    assert measure["text"] == "Безплатен транспорт"
    assert measure["responsible"] == "РУО"
    assert measure["period"] == {"raw": "2024 – 2027 г.", "start": 2024, "end": 2027}
    assert measure["status"] == "текущ"
    assert (measure["indicators"], measure["baseline"], measure["target"]) == ("Брой деца", "10", "20")


def test_one_funding_column_goes_to_source():
    """With a single funding column its text is the source and amount_raw is null; the sum is still read."""
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мярка | Финансиране",
        "1.1. | Ремонт | Общински бюджет – 12 000 лв.",
    )
    funding = plan["measures"][0]["funding"]
    assert funding == {"amount_raw": None, "amount": 12000.0, "currency": "BGN", "source": "Общински бюджет – 12 000 лв."}


def test_two_funding_columns_give_amount_and_source():
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мярка | Бюджет | Източник на финансиране",
        "1.1. | Ремонт | 0,35 млн. евро | ОПРР",
    )
    funding = plan["measures"][0]["funding"]
    assert funding == {"amount_raw": "0,35 млн. евро", "amount": 350000.0, "currency": "EUR", "source": "ОПРР"}


def test_two_row_header_is_read_by_column():
    """'Финансиране' over 'Средства | Източник' gives the amount and the source columns."""
    plan = read_text(
        "Приоритет 1: Образование",
        "Дейности | Финансиране |  | Индикатори",
        " | Средства | Източник | ",
        "1.1. Ремонт | 100 лв. | Община | Брой",
    )
    funding = plan["measures"][0]["funding"]
    assert (funding["amount_raw"], funding["source"], funding["amount"]) == ("100 лв.", "Община", 100.0)


def test_unknown_header_is_named_in_a_warning_and_the_rest_imports():
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мярка | Бележки | Срок",
        "1.1. | Ремонт | нещо | 2025",
    )
    assert plan["measures"][0]["period"]["start"] == 2025
    messages = [w["message"] for w in plan["warnings"]]
    assert any("Бележки" in m for m in messages), messages


def test_header_repeated_on_a_new_page_is_not_a_measure():
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мярка | Срок",
        "1.1. | Ремонт | 2025",
        "",
        "7",
        "",
        "№ | Мярка | Срок",
        "1.2. | Обучение | 2026",
    )
    assert [m["code"] for m in plan["measures"]] == ["1.1", "1.2"]


def test_row_missing_its_first_cell_is_moved_back_with_a_warning():
    """A dump that dropped the empty goal cell puts the activity number in the task column; it is moved."""
    plan = read_text(
        "Приоритет 1: Образование",
        "Цели | Задачи | Дейности | Срок | Индикатори",
        "1. Цел | 1.1. Задача | 1.1.1. Първа | 2025 | Брой",
        " | 1.1.2. Втора | 2026 | Брой 2",
    )
    second = plan["measures"][1]
    assert (second["code"], second["task"], second["period"]["start"], second["indicators"]) == ("1.1.2", "1.1", 2026, "Брой 2")
    shifted = [w for w in plan["warnings"] if "изместен" in w["message"]]
    assert shifted and shifted[0]["place"].endswith("ред 4")


def test_markdown_pipe_tables_are_tables():
    plan = read_plan_md()
    assert [(m["code"], m["text"], m["period"]["start"]) for m in plan["measures"]] == [("1.1", "Ремонт", 2025)]


def read_plan_md() -> dict:
    from planmonitor.ingest import read_plan

    text = "Приоритет 1: Образование\n\n| № | Мярка | Срок |\n|---|---|---|\n| 1.1. | Ремонт | 2025 |\n"
    return read_plan(text.encode(), "plan.md").plan


def test_number_column_before_measures_and_activities_numbers_the_measure_group():
    """'№ | Мерки | Дейности': the number and the Мерки cell are the task; each activity row is a measure."""
    plan = read_text(
        "Приоритет 1: Образование",
        "Цел 1. Обхват",
        "№ | Мерки | Дейности | Срок",
        "1.1. | Обхват на децата | Обходи на домовете | 2022-2027",
        " |  | Работа с родителите | ежегодно",
        "1.2. | Транспорт | Закупуване на автобус | 2023",
    )
    assert [(m["code"], m["task"], m["text"]) for m in plan["measures"]] == [
        (None, "1.1", "Обходи на домовете"), (None, "1.1", "Работа с родителите"), (None, "1.2", "Закупуване на автобус"),
    ]


def test_a_continuation_row_opening_with_header_words_is_not_a_repeated_header():
    """'дейностите на ...' and 'бюджет ...' begin like header words but are the rest of a row."""
    plan = read_text(
        "Приоритет 1: Заетост",
        "Дейност | Отговорник | Срок | Бюджет",
        "1.3.1. Активно включване в | АЗ | 2025 | В рамките на държавния",
        "",
        "12",
        "",
        "дейностите на центъра | Общината |  | бюджет",
    )
    measure = plan["measures"][0]
    assert measure["text"] == "Активно включване в дейностите на центъра"
    assert measure["funding"]["source"] == "В рамките на държавния бюджет"


def test_the_rest_of_a_row_that_lost_its_first_cell_continues_the_cells_above():
    """A text dump drops the empty first cell of a row holding the rest of the row above: its pieces
    belong under the cells above that have text ("сградите" under the activity, "програми" under the
    funding), not under the empty goal cell and the responsible body."""
    plan = read_text(
        "Приоритет 1: Образование",
        "Цели\tЗадачи\tДейности\tСрок\tОтговорна институция\tСредства",
        "\t1.1. Достъп до училище\t1.1.1. Ремонт на\t2025\tОбщина\tСредства по оперативни",
        "и детски градини\tсградите\t\t\tпрограми\t",
    )
    (measure,) = plan["measures"]
    assert (measure["text"], measure["responsible"], measure["funding"]["source"]) == (
        "Ремонт на сградите", "Община", "Средства по оперативни програми")
