"""Words text recognition was unsure of -> warnings at the measure and field they ended up in.

The OCR reader (``ocr.py``) keeps every word Tesseract recognised with a
confidence below ``ReadSettings.ocr_min_confidence`` as a ``Doubt``: the word,
its page and the whole cell (or line) it was read into. After the structure
stage each doubt is found again in the measures built on that page (or the
next, for a row that a page break split): in the field whose text contains
the word, preferring the field whose text is the doubt's cell (a common word
such as "и" is in many cells). A goal or task heading read from a line above
the table is found in the measures that carry it. One warning per measure and
field names the doubtful words and the lowest confidence, so the review shows
each value to check against the scan, where it stands.
"""

from __future__ import annotations

import re

from planmonitor.ingest import messages
from planmonitor.ingest.codes import leading_code
from planmonitor.ingest.model import Doubt, ReadWarning
from planmonitor.ingest.numbers import first_money
from planmonitor.ingest.outline import MeasureDraft
from planmonitor.ingest.readers.ocr_ink import MARK
from planmonitor.ingest.values import clean

# Column role -> the plan-json field (the path the import review edits) its text becomes.
ROLE_FIELDS = {
    "code": "code", "measure": "text", "priority": "priority", "goal": "goal", "task": "task", "task_code": "task",
    "status": "status", "period": "period.raw", "responsible": "responsible", "funding": "funding.amount_raw",
    "funding_amount": "funding.amount_raw", "funding_source": "funding.source", "indicators": "indicators",
    "baseline": "baseline", "target": "target",
}
GROUPED = re.compile(r"(?<![\d.,])\d+(?:[ \u00a0]\d+)+")  # digits in groups: "3 471 333"
CODE = re.compile(r"[\w-]*\d[\d.]*")  # a goal or task given by its number ("2.3", "ДБТ-1")
SECOND_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s+(?!\d{3}$)\d+%?")  # "42 90", "116 116%"; not "1 500"
TOKEN = re.compile(r"\w+(?:[.,]\w+)*")
SHOWN_WORDS = 5


def doubts_to_warnings(doubts: tuple[Doubt, ...], drafts: tuple[MeasureDraft, ...], lang: str) -> list[ReadWarning]:
    """One warning per (measure, field) holding a low-confidence word, in document order; each gives
    its measure's position, which is all that names a measure without a number."""
    found: dict[tuple[int, str], list[Doubt]] = {}
    fields = [_fields(draft) for draft in drafts]
    for doubt in doubts:
        for key in _where(doubt, drafts, fields):
            found.setdefault(key, []).append(doubt)
    checks: dict[tuple[int, str], str] = {}
    for index, draft in enumerate(drafts):
        for field in _misread_money(draft):
            checks[(index, field)] = "ocr_money"
        for field in _numbering_disagrees(draft):
            checks[(index, field)] = "ocr_numbering"
        for field in _misread_unit(draft):
            checks[(index, field)] = "ocr_value"
    for key in checks:
        found.setdefault(key, [])
    out = []
    for (index, field), group in sorted(found.items()):
        if not group:
            draft = drafts[index]
            out.append(messages.warning(draft.place, checks[(index, field)], lang, draft.code, field, index=index))
            continue
        draft = drafts[index]
        if all(d.text == MARK for d in group):
            out.append(messages.warning(draft.place, "ocr_unread", lang, draft.code, field, index=index))
            continue
        words = list(dict.fromkeys(d.text for d in sorted(group, key=lambda d: d.confidence)))
        shown = ", ".join(words[:SHOWN_WORDS]) + (" …" if len(words) > SHOWN_WORDS else "")
        lowest = round(min(d.confidence for d in group))
        out.append(messages.warning(draft.place, "ocr_doubt", lang, draft.code, field, index=index, words=shown,
                                    confidence=max(lowest, 0)))
    return out


def _misread_money(draft: MeasureDraft) -> list[str]:
    """An amount cell with figures that give no sum, or figures grouped unlike thousands ("3471 333"):
    recognition most likely lost a space or misread the currency sign, however sure it was."""
    cells = dict(draft.cells)
    source = cells.get("funding_source") or ""
    amount = " ".join(cells.get(role) or "" for role in ("funding", "funding_amount"))
    if source.strip()[:1].isdigit():  # a source cell that opens with figures holds the sum
        amount = f"{amount} {source}"
    if not any(ch.isdigit() for ch in amount):
        return []
    if first_money(clean(amount)) is None or any(_irregular(m.group()) for m in GROUPED.finditer(amount)):
        return ["funding.amount_raw"]
    return []


def _numbering_disagrees(draft: MeasureDraft) -> list[str]:
    """The goal or task whose number the measure's number does not continue ("1.1.1" under task "11.11"),
    or that its own column's cell numbers otherwise (task "113" or none beside the task cell "1.1. Title"):
    recognition lost or added a dot, or a misread "№" column was taken for the task's number, with no
    doubt about any single word."""
    out = []
    code = (draft.code or "").rstrip(".")
    cells = dict(draft.cells)
    for field, value in (("goal", draft.goal), ("task", draft.task)):
        parent = (value or "").rstrip(".")
        printed = leading_code(cells.get(field) or "")
        if (code and CODE.fullmatch(parent) and not code.startswith(parent + ".")) or (
                printed and printed[0] != parent and CODE.fullmatch(printed[0])):
            out.append(field)
    return out


def _misread_unit(draft: MeasureDraft) -> list[str]:
    """A baseline or target that is a number and then another one that is no group of thousands
    ("42 90", "116 116%"): recognition most likely read the "%" or the unit as figures."""
    cells = dict(draft.cells)
    return [ROLE_FIELDS[role] for role in ("baseline", "target") if SECOND_NUMBER.fullmatch((cells.get(role) or "").strip())]


def _irregular(number: str) -> bool:
    groups = number.split()
    return len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])


def _fields(draft: MeasureDraft) -> list[tuple[str, str, set[str]]]:
    """The draft's texts that came from the page: (field, text, its tokens)."""
    texts = [(ROLE_FIELDS[role], text) for role, text in draft.cells if role in ROLE_FIELDS and text]
    texts += [(name, value) for name, value in (("text", draft.text), ("code", draft.code), ("goal", draft.goal),
                                                 ("task", draft.task)) if value]
    return [(field, text, _tokens(text)) for field, text in texts]


def _tokens(text: str) -> set[str]:
    """The words of a text, lower-cased, and the mark of unread ink ("�") as a word of its own."""
    return {t.lower() for t in TOKEN.findall(text)} | ({MARK} if MARK in text else set())


def _where(doubt: Doubt, drafts: tuple[MeasureDraft, ...],
           fields: list[list[tuple[str, str, set[str]]]]) -> set[tuple[int, str]]:
    """The (measure index, field) pairs the doubt's word went into."""
    word = _tokens(doubt.text)
    if not word:
        return set()
    cell = _tokens(doubt.cell)
    near, strong = set(), set()
    for index, draft in enumerate(drafts):
        page = draft.place.page
        for field, text, tokens in fields[index]:
            heading = field in ("goal", "task", "priority")
            if page is not None and not (doubt.page - 1 <= page <= doubt.page or (heading and page >= doubt.page)):
                continue
            if not (word <= tokens or _inside(doubt.text, text)):
                continue
            overlap = len(cell & tokens) / max(1, min(len(cell), len(tokens)))
            (strong if overlap >= 0.8 else near).add((index, field))
    if strong:
        return strong
    return {key for key in near if drafts[key[0]].place.page in (doubt.page, None)}


def _inside(word: str, text: str) -> bool:
    """A long word inside the text (a word hyphenated at a line end is joined in the cell)."""
    core = word.strip(".,;:!?()„“\"'-–").lower()
    return len(core) >= 4 and core in text.lower()
