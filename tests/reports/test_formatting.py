"""Bulgarian numbers and dates in reports, whatever the interface language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import translation

from planmonitor.reports.formatting import date_bg, money_bg, number_bg, percent_bg

NB = "\u00a0"


def test_money_and_numbers():
    assert money_bg(Decimal("1234567.891"), "BGN") == f"1{NB}234{NB}567,89 лв."
    assert money_bg(Decimal("1234.5"), "EUR") == f"1{NB}234,50 €"
    assert number_bg(Decimal("1234.50")) == f"1{NB}234,5"
    assert number_bg(Decimal("12.00")) == "12"
    assert number_bg(None) == "–"
    assert percent_bg(Decimal("0.456")) == f"46{NB}%"


def test_dates_are_bulgarian_even_in_english():
    with translation.override("en"):
        assert date_bg(date(2025, 12, 31)) == f"31{NB}декември 2025{NB}г."
    assert date_bg(date(2026, 1, 1)) == f"1{NB}януари 2026{NB}г."
