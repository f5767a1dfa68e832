"""Stage 5a: what a person should check, each doubt with its place, measure code and field.

Layout already reported unknown headers and shifted rows; here the finished
measures are checked: a measure with no number, a code used twice in one
priority, a sum of money that could not be read (or was read across a stray space), a status column holding
something that is not a status, and a document where no measure was found.
"""

from __future__ import annotations

import re
from collections import Counter

from planmonitor.ingest import messages
from planmonitor.ingest.alignment import looks_like_period
from planmonitor.ingest.model import Place, ReadWarning
from planmonitor.ingest.numbers import AMOUNT_THEN_CURRENCY, first_money, mentions_money
from planmonitor.ingest.outline import MeasureDraft
from planmonitor.ingest.values import clean, is_blank, parse_status
from planmonitor.ingest.vocabulary import STATUS_WORDS


def measures_to_warnings(drafts: tuple[MeasureDraft, ...], source: str, lang: str) -> list[ReadWarning]:
    """Warnings about the measures, in document order."""
    warnings: list[ReadWarning] = []
    if not drafts:
        return [messages.warning(Place(source), "no_measures", lang)]
    counts = Counter((d.priority, d.code) for d in drafts if d.code)
    reported: set = set()
    stacked = _stacked_rows(drafts)
    for index, draft in enumerate(drafts):
        cells = dict(draft.cells)
        if draft.place in stacked:
            warnings.append(messages.warning(draft.place, "stacked_cells", lang, draft.code, None,
                                             count=stacked[draft.place], index=index))
        if is_blank(draft.text):
            warnings.append(messages.warning(draft.place, "empty_text", lang, draft.code, "text", index=index))
        if draft.code is None:
            warnings.append(messages.warning(draft.place, "no_number", lang, None, "code", index=index))
        elif counts[(draft.priority, draft.code)] > 1 and (draft.priority, draft.code) not in reported:
            reported.add((draft.priority, draft.code))
            warnings.append(messages.warning(draft.place, "duplicate_code", lang, draft.code, "code", code=draft.code, index=index))
        for role, field in (("funding_amount", "funding.amount"), ("funding_source", "funding.amount")):
            text = clean(cells.get(role))
            money = first_money(text)
            if mentions_money(text) and money is None:
                warnings.append(messages.warning(draft.place, "unreadable_number", lang, draft.code, field, text=text, index=index))
            elif money is not None and money.irregular:
                warnings.append(messages.warning(draft.place, "irregular_number", lang, draft.code, field, text=text,
                                                 amount=f"{money.amount} {money.currency}", index=index))
        period = clean(cells.get("period"))
        if period and not looks_like_period(period):
            warnings.append(messages.warning(draft.place, "not_a_period", lang, draft.code, "period", text=period, index=index))
        elif period and FUNDING_WORDS.search(period):  # a funding fragment landed in the period: the row is shifted
            warnings.append(messages.warning(draft.place, "not_a_period", lang, draft.code, None, text=period, index=index))
        responsible = clean(cells.get("responsible"))
        if responsible and _looks_misplaced(responsible):
            warnings.append(messages.warning(draft.place, "not_a_body", lang, draft.code, "responsible",
                                             text=responsible, index=index))
        status = clean(cells.get("status"))
        if status and not parse_status(status)[1]:
            warnings.append(messages.warning(draft.place, "not_a_status", lang, draft.code, "status", text=status, index=index))
    return warnings


FUNDING_WORDS = re.compile(r"\b(?:средства|бюджет\w*|финансиране|програм\w*|лв|лева|евро)\b", re.IGNORECASE)
PERIOD_ENTRY = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:\s*г\.?)?(?:\s*[-–—]\s*(?:19|20)\d{2})?(?!\d)")


def _stacked_rows(drafts: tuple[MeasureDraft, ...]) -> dict:
    """Rows that gave several measures sharing cells which look like one entry per measure.

    A shared cell is what the spec says when a row lists several activities
    under one period or one budget; but a cell holding as many periods, sums
    or statuses as the row has measures was most likely one entry each that
    the reader could not split. Each such measure gets a warning, so the
    review shows it (place -> number of measures in the row).
    """
    rows: dict = {}
    for draft in drafts:
        rows.setdefault(draft.place, []).append(draft)
    out = {}
    for place, group in rows.items():
        if len(group) < 2:
            continue
        cells = dict(group[0].cells)
        if any(dict(d.cells) != cells for d in group[1:]):
            continue  # each measure got its own entries
        period = clean(cells.get("period")) or ""
        funding = " ".join(filter(None, (clean(cells.get("funding_amount")), clean(cells.get("funding_source")))))
        status = clean(cells.get("status")) or ""
        evidence = (
            len(PERIOD_ENTRY.findall(period)) >= len(group)
            or len(AMOUNT_THEN_CURRENCY.findall(funding)) >= len(group)
            or (status and not parse_status(status)[1]
                and sum(word in status.lower().split() for word in STATUS_WORDS) >= 2)
        )
        if evidence:
            out[place] = len(group)
    return out


def _looks_misplaced(text: str) -> bool:
    """A responsible cell that holds a status word or only a period: a cell from another column."""
    lowered = text.lower()
    if lowered in STATUS_WORDS:
        return True
    return len(text.split()) <= 4 and bool(PERIOD_ENTRY.search(text)) and not any(ch.isupper() for ch in text[1:])
