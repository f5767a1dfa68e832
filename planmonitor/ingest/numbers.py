"""Numbers as Bulgarian plans and people write them: one set of rules for every reader.

A plan's funding cell, an indicator's target, a correction typed on the review
page and a value typed in a monitoring form or spreadsheet are all read here,
so "12.000,50" means the same everywhere. Plain Python (no Django), so the
reader uses it and the apps call it. Every number is a ``Decimal`` made from
its digits: no value passes through ``float``. The rules (tested as one table
in ``tests/ingest/test_numbers.py``; ``docs/ingest.md`` repeats them):

* **Groups of thousands** are separated by a space (also a no-break or a
  narrow no-break space) or by a dot: "12 000", "1 150 000", "1.150.000" and
  "1.500" are whole numbers (1500, not one and a half; a dot followed by
  exactly three digits and no comma is a thousands separator, as in Bulgarian).
* **The decimal mark** is a comma ("1,5", "12 000,50", "12.000,50"), or a dot
  where the number has no dot groups ("3931606.10", "1.5", "1 234.5").
* **A typed value** (:func:`parse_typed`) must be one number and nothing else,
  with an optional sign ("-5"); an empty text is ``None`` and anything else
  ("12 деца", "1,2,3") raises ``ValueError``, so a typo is never read as zero.
* **The first number in a text** (:func:`read_number`) is the first one that is
  not a year (four digits from 1990 to 2100 standing alone, as in "до 2027 г.");
  its unit is the word after it ("2284 деца" -> 2284 деца), or "%" for "%",
  "процента" and "на сто" ("10 %" -> 10 %). A range "10-15" gives its first
  number.
* **Money** (:func:`first_money`) is a number next to a currency: "лв", "лв.",
  "лева", "BGN" (-> BGN), "евро", "EUR", "€" (-> EUR), the currency after the
  number or ("€ 4 000", "EUR 12 500,50") before it; "млн"/"милиона" and
  "хил"/"хиляди" multiply ("0,35 млн. евро" -> 350000 EUR). A bare number is
  not money, nor is a year. A range of money ("1000 - 2000 лв.") gives the sum
  the currency stands next to (2000). Amounts are kept to the cent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from planmonitor.ingest import vocabulary

SPACES = "\u00a0\u202f\u2009"
# A number token: space-grouped thousands (decimal comma or dot), dot-grouped thousands (decimal comma),
# or plain digits with an optional decimal mark.
NUMBER = (
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[,.]\d+)?"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"
    r"|\d+(?:[,.]\d+)?)"
)
_TOKEN = re.compile(NUMBER)
_TYPED = re.compile(r"(?P<sign>[+-]?)\s*" + NUMBER)
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_IN_TEXT = re.compile(r"(?<![\w.,])" + NUMBER + r"(?!\d)\s*(?P<percent>%|процента|на сто)?")
MULTIPLIER = r"(?:\s*(?P<mult>млн|милиона|хил|хиляди)\.?)?"
CURRENCY = r"(?P<cur>лв\.?|лева|BGN|евро|EUR|€)(?![А-Яа-яA-Za-z])"
AMOUNT_THEN_CURRENCY = re.compile(NUMBER + MULTIPLIER + r"\s*" + CURRENCY, re.IGNORECASE)
CURRENCY_THEN_AMOUNT = re.compile(r"(?P<cur>€|EUR|BGN)\s*" + NUMBER + MULTIPLIER, re.IGNORECASE)
MONEY_WORD = re.compile(r"(?<![А-Яа-яA-Za-z])(лв|лева|евро|BGN|EUR)(?![А-Яа-яA-Za-z])|€", re.IGNORECASE)
_BEFORE = re.compile(r"(?:^|[^\w.,])\d[\d \n]*$")  # digits just before an amount, not part of it
_AFTER = re.compile(r"^[ \n]*\d")  # digits just after "€ 1 000"
YEAR_LIKE = re.compile(r"(?:19|20)\d{2}")
CENT = Decimal("0.01")
MAX_UNIT = 100


@dataclass(frozen=True)
class Money:
    """A sum of money read from text: the amount to the cent and its ISO currency."""

    amount: Decimal
    currency: str
    irregular: bool = False  # digits right before it that no grouping explains ("1355 873,00 лв."): check it


@dataclass(frozen=True)
class Value:
    """A number read from a cell, with the unit written after it (``%``, ``деца``) when there is one."""

    number: Decimal
    unit: str


def _spaces_folded(text: str) -> str:
    for space in SPACES:
        text = text.replace(space, " ")
    return text


def parse_number(text: str) -> Decimal | None:
    """One number token by the module's rules ('3 931 606,10' -> 3931606.10, '1.150.000' -> 1150000),
    or None when ``text`` is not one."""
    digits = _spaces_folded(text).strip()
    if not _TOKEN.fullmatch(digits):
        return None
    if "," in digits:
        digits = digits.replace(" ", "").replace(".", "").replace(",", ".")
    elif _DOT_GROUPS.fullmatch(digits):
        digits = digits.replace(".", "")
    else:
        digits = digits.replace(" ", "")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the token pattern lets only digits through
        return None


def parse_typed(text: str | None) -> Decimal | None:
    """A value typed in a form or a spreadsheet cell: one number with an optional sign; '' is None.

    Raises ``ValueError`` for anything else, so that a typo is never read as zero.
    """
    flat = _spaces_folded(text or "").strip()
    if not flat:
        return None
    match = _TYPED.fullmatch(flat)
    number = parse_number(match.group("num")) if match else None
    if number is None:
        raise ValueError(text)
    return -number if match.group("sign") == "-" else number


def read_number(text: str | None) -> Value | None:
    """The first number ``text`` states (not a year), with its unit, or None."""
    if not text:
        return None
    for match in _IN_TEXT.finditer(_spaces_folded(text)):
        token, percent = match.group("num"), match.group("percent")
        if percent is None and len(token) == 4 and token.isdigit() and 1990 <= int(token) <= 2100:
            continue
        number = parse_number(token)
        if number is None:  # pragma: no cover - the pattern only matches tokens
            continue
        if percent:
            return Value(number, "%")
        words = text[match.end():].split()
        unit = words[0].strip(".,;:()") if words else ""
        return Value(number, unit[:MAX_UNIT] if unit.isalpha() else "")
    return None


def first_money(*texts: str | None) -> Money | None:
    """The first sum of money stated in the texts, searched in order."""
    for text in texts:
        if not text:
            continue
        found = [m for m in (AMOUNT_THEN_CURRENCY.search(text), CURRENCY_THEN_AMOUNT.search(text)) if m]
        if not found:
            continue
        match = min(found, key=lambda m: m.start())
        amount = parse_number(match.group("num"))
        if amount is None:
            continue
        irregular = _stray_digits(text, match)
        if irregular and match.re is AMOUNT_THEN_CURRENCY:
            # "1355 873,00 лв.": a space lost or added (a scan, a typo). Read as one number, with a doubt.
            lead = text[:match.start("num")]
            digits = lead[len(lead.rstrip("0123456789 \n")):]
            if not YEAR_LIKE.fullmatch(digits.strip()):
                amount = parse_number(re.sub(r"\s", "", digits) + match.group("num").replace(" ", "")) or amount
        amount *= vocabulary.MULTIPLIERS.get((match.group("mult") or "").lower(), 1)
        word = match.group("cur")
        currency = vocabulary.CURRENCIES.get(word if word == "€" else word.lower().rstrip("."))
        if currency is None:
            continue
        return Money(amount.quantize(CENT), currency, irregular=irregular)
    return None


def _stray_digits(text: str, match: re.Match) -> bool:
    """Digits touching an amount that its grouping leaves out ("1355 873,00 лв.", "€ 1 000 50"):
    a lost or extra space, most often in a scan. A year before it ("2024 г.") has its "г."."""
    if match.re is AMOUNT_THEN_CURRENCY:
        before = _BEFORE.search(text[:match.start("num")])
        return before is not None
    return _AFTER.match(text[match.end("num"):]) is not None


def mentions_money(text: str | None) -> bool:
    """Whether a text names a currency next to digits (so an unread sum deserves a warning)."""
    return bool(text) and bool(MONEY_WORD.search(text)) and any(ch.isdigit() for ch in text)
