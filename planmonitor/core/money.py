"""Money in leva and euro: Bulgaria adopted the euro on 2026-01-01 at a fixed rate.

Amounts keep their own currency everywhere; only a total that mixes the two
converts, at the legal rate of 1.95583 BGN per EUR, and says that it did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

BGN_PER_EUR = Decimal("1.95583")
EURO_ADOPTION = date(2026, 1, 1)
CENT = Decimal("0.01")
NBSP = "\u00a0"
#: How amounts are written after the number, and how a column header names the currency.
CURRENCY_SIGNS = {"BGN": "лв.", "EUR": "€"}


def currency_on(day: date) -> str:
    """The legal currency on a day: BGN before 2026-01-01, EUR from then on."""
    return "EUR" if day >= EURO_ADOPTION else "BGN"


def convert(amount: Decimal, currency: str, to: str) -> Decimal:
    """Convert between BGN and EUR at the fixed rate, rounded to the cent."""
    if currency == to:
        return amount
    if currency == "BGN" and to == "EUR":
        return (amount / BGN_PER_EUR).quantize(CENT, ROUND_HALF_UP)
    if currency == "EUR" and to == "BGN":
        return (amount * BGN_PER_EUR).quantize(CENT, ROUND_HALF_UP)
    raise ValueError(f"unknown currency pair {currency}->{to}")


@dataclass(frozen=True)
class Total:
    """A sum in one currency, with a flag saying whether any part was converted."""

    amount: Decimal
    currency: str
    converted: bool


def total(items: Iterable[tuple[Decimal | None, str | None]], to: str = "EUR") -> Total:
    """Sum (amount, currency) pairs into ``to``; None amounts are skipped."""
    amount = Decimal("0")
    converted = False
    for value, currency in items:
        if value is None:
            continue
        currency = currency or to
        if currency != to:
            converted = True
        amount += convert(Decimal(value), currency, to)
    return Total(amount.quantize(CENT), to, converted)


def format_bg(amount: Decimal | float | int | None, currency: str | None = None) -> str:
    """Bulgarian number format: ``1 234 567,89 лв.`` or ``1 234,50 €``."""
    if amount is None:
        return "–"
    value = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, frac = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + NBSP.join(groups) + "," + frac
    if currency == "BGN":
        return f"{text} лв."
    if currency == "EUR":
        return f"{text} €"
    return text
