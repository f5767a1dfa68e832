"""Stage 5a: what a person should check, each doubt with its place, measure code and field.

Layout already reported unknown headers and shifted rows; here the finished
measures are checked: a measure with no number, a code used twice in one
priority, a sum of money that could not be read, a status column holding
something that is not a status, and a document where no measure was found.
"""

from __future__ import annotations

from collections import Counter

from planmonitor.ingest import messages
from planmonitor.ingest.model import Place, ReadWarning
from planmonitor.ingest.structure import MeasureDraft
from planmonitor.ingest.values import clean, first_money, mentions_money, parse_status


def measures_to_warnings(drafts: tuple[MeasureDraft, ...], source: str, lang: str) -> list[ReadWarning]:
    """Warnings about the measures, in document order."""
    warnings: list[ReadWarning] = []
    if not drafts:
        return [messages.warning(Place(source), "no_measures", lang)]
    counts = Counter((d.priority, d.code) for d in drafts if d.code)
    reported: set = set()
    for draft in drafts:
        cells = dict(draft.cells)
        if not draft.text.strip():
            warnings.append(messages.warning(draft.place, "empty_text", lang, draft.code, "text"))
        if draft.code is None:
            warnings.append(messages.warning(draft.place, "no_number", lang, None, "code"))
        elif counts[(draft.priority, draft.code)] > 1 and (draft.priority, draft.code) not in reported:
            reported.add((draft.priority, draft.code))
            warnings.append(messages.warning(draft.place, "duplicate_code", lang, draft.code, "code", code=draft.code))
        for role, field in (("funding_amount", "funding.amount"), ("funding_source", "funding.amount")):
            text = clean(cells.get(role))
            if mentions_money(text) and first_money(text) is None:
                warnings.append(messages.warning(draft.place, "unreadable_number", lang, draft.code, field, text=text))
        status = clean(cells.get("status"))
        if status and not parse_status(status)[1]:
            warnings.append(messages.warning(draft.place, "not_a_status", lang, draft.code, "status", text=status))
    return warnings
