"""What a report should print, computed here without the code under test.

A test that builds its expected "1 234,50 лв." with ``money_bg`` (or its
total with ``core.money.total``) agrees with the document whatever the two
share: a wrong rate, a lost thousands separator, a sum that rounds each line.
These few lines write Bulgarian numbers and BGN totals another way (Python's
own grouping, the legal rate written out), and ``test_expected`` pins them to
literal strings, so neither side can drift with the other.

Strings come out with plain spaces: compare them with text passed through
``documents.normalise`` (which folds no-break spaces the same way).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

LEV_PER_EURO = Decimal("1.95583")  # the fixed conversion rate of the lev to the euro
SIGNS = {"BGN": "лв.", "EUR": "€"}
MONTHS = "януари февруари март април май юни юли август септември октомври ноември декември".split()


def number(value: Decimal | int | None, places: int | None = None) -> str:
    """``1 234,5``; ``places`` fixes the decimals (2 for money), else trailing zeros go; ``–`` for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    if places is not None:
        text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,.{places}f}"
    else:
        text = f"{value:,f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(",", " ").replace(".", ",")


def money(amount: Decimal | int, currency: str) -> str:
    """``1 234,50 лв.`` / ``1 234,50 €``."""
    return f"{number(amount, 2)} {SIGNS[currency]}"


def in_leva(items: Iterable[tuple[Decimal | None, str | None]]) -> Decimal:
    """The sum in leva of (amount, currency) pairs, each euro amount converted and rounded to the stotinka."""
    result = Decimal(0)
    for amount, currency in items:
        if amount is None:
            continue
        if currency == "EUR":
            amount = (Decimal(amount) * LEV_PER_EURO).quantize(Decimal("0.01"), ROUND_HALF_UP)
        result += Decimal(amount)
    return result


def day(value) -> str:
    """``2 март 2026 г.``"""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year} г."
