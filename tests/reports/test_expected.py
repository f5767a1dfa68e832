"""The tests' own formatter (tests/reports/expected.py) against literal strings, so it cannot drift with the code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.reports import expected


def test_money_numbers_and_dates_are_written_as_a_bulgarian_reader_expects():
    assert expected.money(Decimal("1234567.891"), "BGN") == "1 234 567,89 лв."
    assert expected.money(Decimal("1234.5"), "EUR") == "1 234,50 €"
    assert expected.money(Decimal("0.005"), "BGN") == "0,01 лв."
    assert expected.money(Decimal(-1500), "BGN") == "-1 500,00 лв."
    assert expected.number(Decimal("1234.50")) == "1 234,5"
    assert expected.number(Decimal("12.00")) == "12"
    assert expected.number(Decimal(1000)) == "1 000"
    assert expected.number(None) == "–"
    assert expected.day(date(2026, 3, 2)) == "2 март 2026 г."


def test_totals_in_leva_convert_each_euro_amount_at_the_legal_rate():
    assert expected.in_leva([(Decimal(100), "EUR"), (Decimal("0.01"), "EUR"), (Decimal(5), "BGN"), (None, "BGN")]) \
        == Decimal("195.58") + Decimal("0.02") + Decimal(5)
