"""Reading what people type in forms and spreadsheets: numbers as Bulgarians write them, statuses by name.

Plain functions, no database: the forms, the spreadsheet upload and the services use them.
Both rules are the plan reader's, kept once in ``planmonitor.ingest``: numbers by
:mod:`planmonitor.ingest.numbers` ("1 234,5", "12.000,50", "1234.5"), status words by
``planmonitor.ingest.vocabulary.STATUSES``, so a word a plan prints ("изпълнен",
"текущ") is read the same in a report.
"""

from __future__ import annotations

from decimal import Decimal

from planmonitor.ingest import vocabulary
from planmonitor.ingest.numbers import parse_typed
from planmonitor.monitoring.models import MeasureStatus


def parse_number(text: str) -> Decimal | None:
    """Read a number as people type it in Bulgarian: ``1 234,5``, ``1234.5``, ``12``; '' is None.

    Raises ``ValueError`` for anything else, so that a typo is never read as zero.
    """
    return parse_typed(text)


def measure_status_from_text(text: str) -> str | None:
    """Match a status typed in a spreadsheet to a ``MeasureStatus``: its code, any label, or a status word.

    '' for an empty text; None for a word that names no reported outcome ("предстоящ") or no status.
    """
    wanted = " ".join((text or "").split()).casefold()
    if not wanted:
        return ""
    for choice in MeasureStatus:
        if wanted in (choice.value.casefold(), str(choice.label).casefold()):
            return choice.value
    code = vocabulary.STATUSES.get(wanted)
    return MeasureStatus(code) if code else None


#: The one word per status a spreadsheet offers (``vocabulary.STATUS_LABELS``), so that a spreadsheet
#: filled in Bulgarian is read whatever the interface language of the person who uploads it.
BULGARIAN_STATUS_WORDS: dict[str, str] = {
    word: MeasureStatus(code) for code, word in vocabulary.STATUS_LABELS.items()
}
