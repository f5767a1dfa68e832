"""Numbers and indicators read from what a plan writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planmonitor.plans.values import indicators_from_cells, read_number, reads_as_level, split_list


@pytest.mark.parametrize(
    "text, number, unit",
    [
        ("2284 деца и ученици", Decimal("2284"), "деца"),
        ("10 %", Decimal("10"), "%"),
        ("15%", Decimal("15"), "%"),
        ("1 234,5 лв.", Decimal("1234.5"), "лв"),
        ("до 2027 г. – 40 семейства", Decimal("40"), "семейства"),
        ("0,35", Decimal("0.35"), ""),
    ],
)
def test_read_number(text, number, unit):
    value = read_number(text)
    assert (value.number, value.unit) == (number, unit)


@pytest.mark.parametrize("text", [None, "", "Гостуване на роми в медиите", "2027 г."])
def test_no_number(text):
    assert read_number(text) is None


def test_levels_and_counts():
    assert reads_as_level("Дял на назначените медиатори") is True
    assert reads_as_level("Процент обхванати деца") is True
    assert reads_as_level("Брой обучени родители") is False
    assert reads_as_level("Брой назначени медиатори с натрупване") is False


def test_split_list():
    assert split_list("Брой деца; Брой мероприятия;") == ["Брой деца", "Брой мероприятия"]
    assert split_list("Брой деца. Брой мероприятия.") == ["Брой деца.", "Брой мероприятия."]
    assert split_list(None) == []


def test_indicators_split_only_when_values_line_up():
    """Several indicators become several rows only when the values can be paired without guessing."""
    two = indicators_from_cells("Брой деца; Брой мероприятия", "10; 2", "20; 4")
    assert [(i.name, i.baseline, i.target) for i in two] == [
        ("Брой деца", Decimal("10"), Decimal("20")), ("Брой мероприятия", Decimal("2"), Decimal("4"))
    ]
    one = indicators_from_cells("Брой деца; Брой мероприятия", None, "2500 деца и ученици")
    assert len(one) == 1 and one[0].name == "Брой деца; Брой мероприятия" and one[0].target == Decimal("2500")
    only_target = indicators_from_cells(None, None, "Гостуване на роми в медиите")
    assert only_target[0].name == "Гостуване на роми в медиите" and only_target[0].target is None
    assert indicators_from_cells(None, None, None) == []
