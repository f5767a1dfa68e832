"""Template filters of the monitoring pages."""

from __future__ import annotations

from django import template

from planmonitor.core.money import Total, format_bg

register = template.Library()


@register.filter
def money(value: Total | None) -> str:
    """A money total in Bulgarian format with its currency: ``1 234,50 €``."""
    if value is None:
        return "–"
    return format_bg(value.amount, value.currency)


@register.filter
def money_in(amount, currency: str) -> str:
    """An amount in its own currency, Bulgarian format: ``{{ e.amount|money_in:e.currency }}``."""
    return format_bg(amount, currency)
