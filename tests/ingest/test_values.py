"""Cell text to values: the spec's rules for empty cells, periods, money and statuses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planmonitor.ingest.values import clean, first_money, parse_number, parse_period, parse_status


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1 150 000 лв.", "1150000.00", "BGN"),
        ("535719,00 лв.", "535719.00", "BGN"),
        ("3 931 606,10 лв.", "3931606.10", "BGN"),
        ("€ 4 000", "4000.00", "EUR"),
        ("0,35 млн. евро", "350000.00", "EUR"),
        ("... за 2024 г.- 535719,00 лв.", "535719.00", "BGN"),
        ("ПО „Утвърждаване“ - 500000,00лв.", "500000.00", "BGN"),
        ("1 150 000 лв. и резервен проект 1 050 000 лв.", "1150000.00", "BGN"),
        ("2 500 BGN", "2500.00", "BGN"),
        ("EUR 12 500,50", "12500.50", "EUR"),
        ("1.200.000 лева", "1200000.00", "BGN"),
        ("1,5 млн. лв.", "1500000.00", "BGN"),
        ("20 хил. лв.", "20000.00", "BGN"),
    ],
)
def test_money_is_read_with_its_currency(text, amount, currency):
    money = first_money(text)
    assert money is not None
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize(
    "text",
    ["Не са необходими", "ОПРР 2014-2020", "2017-2020", "0,35", "5 европейски проекта", "", None, "Държавен бюджет"],
)
def test_text_without_a_sum_of_money_has_no_amount(text):
    """A bare number or a year is not money, whatever the column header says."""
    assert first_money(text) is None


def test_the_amount_cell_is_searched_before_the_source_cell():
    assert first_money("ОПРР 2014-2020", "184 081 лв. в т.ч. 10 000 за ВиК").amount == Decimal("184081.00")
    assert first_money("10 лв.", "20 лв.").amount == Decimal("10.00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024 – 2027 г.", {"raw": "2024 – 2027 г.", "start": 2024, "end": 2027}),
        ("2024", {"raw": "2024", "start": 2024, "end": 2024}),
        ("30 април 2025 г.", {"raw": "30 април 2025 г.", "start": 2025, "end": 2025}),
        ("2020 г. - 30 април 2024 г.", {"raw": "2020 г. - 30 април 2024 г.", "start": 2020, "end": 2024}),
        ("постоянен", {"raw": "постоянен", "start": None, "end": None}),
        ("Летни ваканции", {"raw": "Летни ваканции", "start": None, "end": None}),
        ("-", {"raw": None, "start": None, "end": None}),
        ("", {"raw": None, "start": None, "end": None}),
        ("2017-\n2020", {"raw": "2017-2020", "start": 2017, "end": 2020}),
    ],
)
def test_period_gives_first_and_last_year(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), ("-", None), ("–", None), ("  a \n b ", "a b"), ("Не са необходими", "Не са необходими")],
)
def test_empty_cells_and_dashes_are_null(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Текущ", ("текущ", True)),
        ("Изпълнява се", ("изпълнява се", True)),
        ("Предсто ящ", ("предстоящ", True)),
        ("-", (None, True)),
        ("Програма „Спорт“", ("програма „спорт“", False)),
    ],
)
def test_status_is_lower_cased_as_printed(text, expected):
    assert parse_status(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("3 931 606,10", "3931606.10"), ("1.150.000", "1150000"), ("1.5", "1.5")])
def test_numbers_in_bulgarian_notation(text, expected):
    assert parse_number(text) == Decimal(expected)
