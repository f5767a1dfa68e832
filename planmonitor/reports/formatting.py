"""Bulgarian number and date formats for reports, independent of the request's language.

A council report is a Bulgarian document whatever language the person who
clicked "generate" reads the site in, so numbers and dates are written here
explicitly rather than through the active locale: ``1 234 567,89 лв.`` and
``23 ноември 2026 г.``. Month names come from a table (they are part of the
document's language, not of the interface).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from planmonitor.core.money import NBSP, format_bg

MONTHS_BG = (
    "януари", "февруари", "март", "април", "май", "юни",
    "юли", "август", "септември", "октомври", "ноември", "декември",
)


def date_bg(day: date | datetime | None) -> str:
    """``23 ноември 2026 г.``; an en dash for no date."""
    if day is None:
        return "–"
    return f"{day.day}{NBSP}{MONTHS_BG[day.month - 1]} {day.year}{NBSP}г."


def number_bg(value: Decimal | int | float | None) -> str:
    """A number the Bulgarian way: ``1 234,5``; whole numbers without decimals; ``–`` for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    if value == value.to_integral_value():
        return format_bg(value)[:-3]
    text = format_bg(value)
    return text.rstrip("0") if "," in text else text


def money_bg(amount: Decimal | None, currency: str) -> str:
    """``1 234 567,89 лв.`` or ``1 234,50 €``."""
    return format_bg(amount, currency)


def percent_bg(share: Decimal | float | None) -> str:
    """A share 0..1 as ``45 %``."""
    if share is None:
        return "–"
    return f"{round(Decimal(share) * 100)}{NBSP}%"
