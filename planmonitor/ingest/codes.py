"""Numbering as plans print it: "1.", "1.1.", "2.1.2", "3.4.1.Текст", "I." — found, split and compared.

Shared by the cells, layout and structure stages, because the numbering is the
strongest evidence a table gives: it says which column a cell belongs to, where
a new measure starts, and which goal and task it sits under.
"""

from __future__ import annotations

import re

# A leading code. Depth one needs its dot ("1." not "1 150 000 лв."); deeper codes
# may drop the final dot ("2.1.2 Текст", "3.3"). Parts have one or two digits, so
# years ("2017-2020") and sums never read as codes.
LEADING_CODE = re.compile(
    r"^\s*(?P<code>\d{1,2}(?:\.\d{1,2})+|\d{1,2}(?=[.)])|[IVX]{1,5}(?=[.)]))[.)]?(?=\s|$|[^\d\s.,%)])\s*"
)
REFERENCE_WORDS = {
    "т.", "точка", "точки", "мярка", "мерки", "дейност", "дейности", "задача", "цел", "съгласно", "по", "чл.", "ал.",
    "виж", "вж.", "№", "и", "към", "от", "в", "на", "с",
}
BARE_CODE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5})[.)]?\s*$")
ANY_CODE = re.compile(r"(?:(?<=\s)|^)(?P<code>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|[^\d\s.,%)\-–])")


def leading_code(text: str) -> tuple[str, str] | None:
    """(code, rest) when the text starts with a code, else None."""
    match = LEADING_CODE.match(text)
    if not match:
        return None
    return match.group("code"), text[match.end():].strip()


def depth(code: str) -> int:
    return code.count(".") + 1


def is_bare_code(text: str) -> bool:
    return bool(BARE_CODE.match(text)) and any(ch.isalnum() for ch in text)


def split_numbered(text: str) -> list[tuple[str | None, str]]:
    """Split a cell holding several numbered items ("1.1.1. A 1.1.2. B") into (code, text) pairs.

    Only codes of the first code's depth and parent split the cell, so a date,
    a law's article or a sub-point ("1)", "чл. 52") stays inside its item.
    A cell without a leading code is one unnumbered item.
    """
    first = leading_code(text)
    if first is None:
        return [(None, text.strip())]
    code, _ = first
    parent = code.rsplit(".", 1)[0] if "." in code else None
    starts: list[tuple[int, int, str]] = []
    for match in ANY_CODE.finditer(text):
        found = match.group("code")
        if depth(found) != depth(code):
            continue
        if parent is not None and found.rsplit(".", 1)[0] != parent:
            continue
        before = text[:match.start()].split()
        if before and before[-1].lower().strip("(,") in REFERENCE_WORDS:
            continue  # "съгласно т. 1.1.2": a reference to another item, not a new one
        starts.append((match.start(), match.end(), found))
    if not starts or starts[0][0] > len(text) - len(text.lstrip()):
        starts.insert(0, (0, LEADING_CODE.match(text).end(), code))
    items: list[tuple[str | None, str]] = []
    for index, (_, end, found) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        body = text[end:stop].strip()
        items.append((found, body.lstrip(".) ").strip()))
    return items
