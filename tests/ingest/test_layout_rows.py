"""Two rows the layout stage misread on corpus PDFs (issue 15): a data row taken for a repeated header,
and a row moved along because a year in a name looked like a period."""

from __future__ import annotations

from tests.ingest.conftest import read_text


def test_a_row_that_mentions_funding_three_times_is_a_measure_not_a_repeated_header():
    """"Финансиране на ...", "Бюджет на РЗИ" and "Общински бюджет" all name the funding role; a header
    names different roles, so the row stays a measure (it was dropped as a header printed again)."""
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мерки | Срок | Статус | Финансов ресурс | Източник на финансиране | Индикатори",
        "1.1. | Ремонт на училище | 2025 | Нова | 5000 лв. | Държавен бюджет | Брой",
        " | Финансиране на информационни кампании | 2026 | Нова | Бюджет на РЗИ | "
        "Общински бюджет | Брой обучени лица",
    )
    assert [m["text"] for m in plan["measures"]] == ["Ремонт на училище", "Финансиране на информационни кампании"]


def test_a_year_in_a_quoted_name_does_not_move_a_row_into_the_period_column():
    """A row with an empty last cell (no period) whose responsible body is "НЧ „Искра – 1903“" stays
    where it is: the year names the body, it is no period."""
    plan = read_text(
        "Приоритет 1: Социални услуги",
        "Цел ДБТ-1: Патронажна грижа",
        "№ | Мерки | Индикатори | Отговорни | Срок",
        "ДБТ-1.1. | Ремонт на училище | Брой | Община | 2025",
        "ДБТ-1.2. | Обучение на родители | Брой участници | Народно читалище „Искра – 1903“ | ",
    )
    second = plan["measures"][1]
    assert (second["code"], second["text"], second["responsible"], second["period"]["raw"]) == (
        "ДБТ-1.2", "Обучение на родители", "Народно читалище „Искра – 1903“", None)
    assert not [w for w in plan["warnings"] if "изместен" in w["message"]]
