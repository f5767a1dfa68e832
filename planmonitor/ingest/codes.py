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
# An abbreviation in front of a code ("ДАЗД-1.1.1.", "Цел ДАЗД-1."): plans that join the
# measures of several institutions keep their codes apart this way. Capitals only, so a
# word cut at a hyphen never reads as one.
PREFIX = r"(?:[A-ZА-Я]{2,6}-[ \t]*\n?[ \t]*)"  # a narrow PDF column may wrap after the hyphen
LEADING_CODE = re.compile(
    r"^\s*(?P<code>" + PREFIX + r"?(?:\d{1,2}(?:\.\d{1,2})+|\d{1,2}(?=[.)]))|[IVX]{1,5}(?=[.)]))"
    r"[.)]?(?=\s|$|[^\d\s.,%)])\s*"
)
# Words after which a number quotes another part of a document ("по раздел 2.3. от Плана",
# "съгласно т. 1.1.2") instead of opening a new item.
REFERENCE_WORDS = {
    "т.", "т", "точка", "точки", "точката", "мярка", "мерки", "мярката", "дейност", "дейности", "дейността",
    "задача", "задачи", "задачата", "цел", "цели", "целта", "съгласно", "по", "чл.", "ал.", "виж", "вж.", "№", "и",
    "към", "от", "в", "на", "с", "раздел", "раздели", "раздела", "разделите", "глава", "главата", "гл.",
    "приложение", "приложения", "приложението", "прил.", "пункт", "пункта", "параграф", "§", "етап", "подточка",
    "програма", "позиция", "поз.", "стр.", "страница", "таблица", "табл.", "съобразно", "според", "или", "до",
}
# The reference words that cannot end a line of their own: after them a number at the
# start of the next line is still quoted ("по раздел\n2.3. от Плана" in a wrapped PDF cell),
# while "... дейност\n1.4. Нова" starts a new item.
LINK_WORDS = {
    "т.", "т", "точка", "раздел", "глава", "гл.", "приложение", "прил.", "чл.", "ал.", "съгласно", "по", "№",
    "вж.", "виж", "към", "от", "в", "на", "с", "и", "или", "до", "§", "пункт", "параграф", "според", "съобразно",
}
BARE_CODE = re.compile(r"^\s*(?:" + PREFIX + r"?\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5})[.)]?\s*$")
ANY_CODE = re.compile(r"(?:(?<=\s)|^)(?P<code>" + PREFIX + r"?\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|[^\d\s.,%)\-–])")
ROMAN = re.compile(r"^[IVX]{1,5}$")


def leading_code(text: str) -> tuple[str, str] | None:
    """(code, rest) when the text starts with a code, else None."""
    match = LEADING_CODE.match(text)
    if not match:
        return None
    return "".join(match.group("code").split()), text[match.end():].strip()


def depth(code: str) -> int:
    return code.count(".") + 1


def is_bare_code(text: str) -> bool:
    return bool(BARE_CODE.match(text)) and any(ch.isalnum() for ch in text)


def split_numbered(text: str, inline: bool = True) -> list[tuple[str | None, str]]:
    """Split a cell holding several numbered items ("1.1.1. A\n1.1.2. B") into (code, text) pairs.

    Only codes of the first code's depth and parent split the cell, so a date,
    a law's article or a sub-point ("1)", "чл. 52") stays inside its item, and
    never a number after a word that introduces a reference ("по раздел 2.3.").
    ``inline=False`` (formats that keep a cell's line breaks: DOCX, XLSX, PDF)
    splits only at the start of a line; a text dump has lost them, so there an
    item may start inside a line. A cell without a leading code is one unnumbered item.
    """
    first = leading_code(text)
    if first is None:
        return [(None, text.strip())]
    code, _ = first
    parent = code.rsplit(".", 1)[0] if "." in code else None
    starts: list[tuple[int, int, str]] = []
    for match in ANY_CODE.finditer(text):
        found = "".join(match.group("code").split())
        if depth(found) != depth(code):
            continue
        if parent is not None and found.rsplit(".", 1)[0] != parent:
            continue
        head = text[:match.start()].rstrip(" \t")
        line_start = not head or head.endswith("\n")
        if not inline and not line_start:
            continue  # inside a line: a number the sentence quotes
        before = head.split()
        word = before[-1].lower().strip("(,") if before else ""
        if word in (LINK_WORDS if line_start else REFERENCE_WORDS):
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
