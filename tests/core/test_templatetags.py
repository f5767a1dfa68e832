"""Shared template filters."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load planmonitor %}" + source).render(Context(context))


def test_money_filter_formats_bulgarian_style():
    assert render("{{ a|money:c }}", a=Decimal("3931606.1"), c="BGN") == "3\u00a0931\u00a0606,10 лв."
    assert render("{{ a|money:c }}", a=Decimal("4000"), c="EUR") == "4\u00a0000,00 €"
    assert render("{{ a|money:c }}", a=None, c="EUR") == "–"


def test_get_item():
    assert render("{{ d|get_item:k }}", d={"x": 1}, k="x") == "1"
    assert render("{{ d|get_item:k }}", d=None, k="x") == "None"
