"""Template filters shared by every page: money in the Bulgarian format, plan-json helpers."""

from __future__ import annotations

from decimal import Decimal

from django import template

from planmonitor.core.money import format_bg

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str | None = None) -> str:
    """``{{ funding.amount|money:funding.currency }}`` gives ``1 234,50 лв.``; no amount gives a dash."""
    return format_bg(amount, currency or None)


@register.filter
def get_item(mapping: dict | None, key: object) -> object:
    """``{{ mapping|get_item:key }}``: a dict lookup with a key from a variable."""
    if not mapping:
        return None
    return mapping.get(key)
