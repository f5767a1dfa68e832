"""Cell text -> values: periods to years, money to amount and currency, statuses, empty cells.

The rules are the plan-json spec's (``shared/spec/plan-json.md``):

* a cell that is empty, "-" or "–" is null; other words ("Не са необходими")
  are kept, because they are what the plan says;
* a period gives the first and last year it states ("2024 – 2027 г." -> 2024,
  2027; "30 април 2025 г." -> 2025, 2025); none when it states no year;
* the amount is the first sum of money the funding cells state, in the
  currency stated, read by the one set of number rules in
  :mod:`planmonitor.ingest.numbers` ("3 931 606,10 лв." -> 3931606.10 BGN).
"""

from __future__ import annotations

import re

from planmonitor.ingest import vocabulary

EMPTY = {"", "-", "–", "—", "--", "---", "n/a"}
WRAPPED_RANGE = re.compile(r"(\d[-–])[ \t]*\n\s*(?=\d)")
YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")


def clean(text: str | None) -> str | None:
    """Folded cell text, or None for an empty cell or a dash. A year range wrapped at its dash is joined."""
    flat = " ".join(WRAPPED_RANGE.sub(r"\1", text or "").split())
    return None if flat.lower() in EMPTY else flat


def is_blank(text: str | None) -> bool:
    """Nothing written: an empty cell, white space, or a dash standing for "nothing" ("-", "–", "n/a")."""
    return clean(text) is None


def parse_period(text: str | None) -> dict:
    """{"raw", "start", "end"} from a period cell."""
    raw = clean(text)
    years = [int(y) for y in YEAR.findall(raw or "")]
    return {"raw": raw, "start": years[0] if years else None, "end": years[-1] if years else None}


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
