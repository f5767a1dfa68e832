"""Cell text -> values: periods to years, money to amount and currency, statuses, empty cells.

The rules are the plan-json spec's (``shared/spec/plan-json.md``):

* a cell that is empty, "-" or "–" is null; other words ("Не са необходими")
  are kept, because they are what the plan says;
* a period gives the first and last year it states ("2024 – 2027 г." -> 2024,
  2027; "30 април 2025 г." -> 2025, 2025); none when it states no year;
* the amount is the first sum of money the funding cells state, in the
  currency stated: "3 931 606,10 лв." -> 3931606.10 BGN, "€ 4 000" -> 4000 EUR,
  "0,35 млн. евро" -> 350000 EUR. A bare number is not money, even under a
  header that says "млн. евро".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from planmonitor.ingest import vocabulary

EMPTY = {"", "-", "–", "—", "--", "---", "n/a"}
WRAPPED_RANGE = re.compile(r"(\d[-–])[ \t]*\n\s*(?=\d)")
YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
NUMBER = r"(?P<num>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)"
MULTIPLIER = r"(?:\s*(?P<mult>млн|милиона|хил|хиляди)\.?)?"
CURRENCY = r"(?P<cur>лв\.?|лева|BGN|евро|EUR|€)(?![А-Яа-яA-Za-z])"
AMOUNT_THEN_CURRENCY = re.compile(NUMBER + MULTIPLIER + r"\s*" + CURRENCY, re.IGNORECASE)
CURRENCY_THEN_AMOUNT = re.compile(r"(?P<cur>€|EUR|BGN)\s*" + NUMBER + MULTIPLIER, re.IGNORECASE)
MONEY_WORD = re.compile(r"(?<![А-Яа-яA-Za-z])(лв|лева|евро|BGN|EUR)(?![А-Яа-яA-Za-z])|€", re.IGNORECASE)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


def clean(text: str | None) -> str | None:
    """Folded cell text, or None for an empty cell or a dash. A year range wrapped at its dash is joined."""
    flat = " ".join(WRAPPED_RANGE.sub(r"\1", text or "").split())
    return None if flat.lower() in EMPTY else flat


def parse_period(text: str | None) -> dict:
    """{"raw", "start", "end"} from a period cell."""
    raw = clean(text)
    years = [int(y) for y in YEAR.findall(raw or "")]
    return {"raw": raw, "start": years[0] if years else None, "end": years[-1] if years else None}


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
        multiplier = (match.group("mult") or "").lower()
        amount *= vocabulary.MULTIPLIERS.get(multiplier, 1)
        currency = vocabulary.CURRENCIES.get(match.group("cur").lower().rstrip(".") if match.group("cur") != "€" else "€")
        if currency is None:
            continue
        return Money(amount.quantize(Decimal("0.01")), currency)
    return None


def mentions_money(text: str | None) -> bool:
    """Whether a text names a currency next to digits (so an unread sum deserves a warning)."""
    return bool(text) and bool(MONEY_WORD.search(text)) and any(ch.isdigit() for ch in text)


def parse_number(text: str) -> Decimal | None:
    """'3 931 606,10' -> 3931606.10; '1.150.000' -> 1150000; '0,35' -> 0.35; '1.5' -> 1.5."""
    digits = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if "," in digits:
        digits = digits.replace(" ", "").replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "")
    else:
        digits = digits.replace(" ", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def parse_status(text: str | None) -> tuple[str | None, bool]:
    """(status lower-cased as printed, whether it reads as a status word)."""
    flat = clean(text)
    if flat is None:
        return None, True
    lowered = flat.lower()
    if lowered in vocabulary.STATUS_WORDS:
        return lowered, True
    squeezed = lowered.replace(" ", "")
    for word in vocabulary.STATUS_WORDS:  # a narrow column wrapped the word: "Предсто / ящ"
        if squeezed == word.replace(" ", ""):
            return word, True
    return lowered, False


def municipality_of(text: str) -> str | None:
    """'... на Община Примерово ...' -> 'Примерово'; 'ОБЩИНА СТАРА ЗАГОРА' -> 'Стара Загора'."""
    for match in vocabulary.MUNICIPALITY.finditer(text or ""):
        name, following = match.group("name"), (match.group("next") or "").strip()
        if not name[:1].isupper():
            continue  # "община на ...", "общината": not a name
        pair = f"{name} {following}".lower()
        for known in vocabulary.MULTIWORD_MUNICIPALITIES:
            if pair == known.lower():
                return known
        return "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))
    return None
