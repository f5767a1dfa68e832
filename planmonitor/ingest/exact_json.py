"""plan-json as text with its amounts exact: JSON numbers read and written as ``Decimal``, never ``float``.

Amounts are ``Decimal`` from the reader to the database and back: :func:`dumps`
writes one as a JSON number with exactly its digits (3931606.10, and
99999999999999.99, which a float would make ...98), and :func:`loads` reads a
JSON number with a fraction as ``Decimal``. The apps' JSON fields that hold
plan-json use the same two rules (:class:`ExactEncoder`, :class:`ExactDecoder`),
so the database keeps the digits too (PostgreSQL's jsonb keeps numbers as
``numeric``; SQLite keeps the text).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import simplejson


def dumps(value: Any, **options: Any) -> str:
    """``value`` as JSON text, each ``Decimal`` written as a number with its own digits.

    ``options`` are :func:`json.dumps`'s (``indent``, ``ensure_ascii``, ``sort_keys``).
    The standard library writes only floats as numbers; simplejson writes a
    ``Decimal`` as ``str(decimal)``, which is what keeps 3931606.10 exact.
    """
    return simplejson.dumps(value, use_decimal=True, **options)


def loads(text: str | bytes) -> Any:
    """JSON text as Python values, every number with a fraction a ``Decimal`` (never a float)."""
    return json.loads(text, parse_float=Decimal)


class ExactEncoder(json.JSONEncoder):
    """:func:`dumps` as a :class:`json.JSONEncoder`, the form a JSON field takes as its ``encoder``."""

    def encode(self, o: Any) -> str:
        return dumps(
            o, ensure_ascii=self.ensure_ascii, sort_keys=self.sort_keys, indent=self.indent,
            separators=(self.item_separator, self.key_separator), default=self.default,
        )

    def iterencode(self, o: Any, _one_shot: bool = False) -> Any:
        yield self.encode(o)


class ExactDecoder(json.JSONDecoder):
    """:func:`loads` as a :class:`json.JSONDecoder`, the form a JSON field takes as its ``decoder``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("parse_float", Decimal)
        super().__init__(*args, **kwargs)

