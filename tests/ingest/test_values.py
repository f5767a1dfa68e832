"""Cell text to values: the spec's rules for empty cells, periods and statuses (money: test_numbers.py)."""

from __future__ import annotations

import pytest

from planmonitor.ingest.values import clean, parse_period, parse_status


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
