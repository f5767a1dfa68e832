"""Reading what people type in forms and spreadsheets: numbers as Bulgarians write them, statuses by name.

Plain functions, no database: the forms, the spreadsheet upload and the services use them.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from planmonitor.monitoring.models import (
    MeasureStatus,
)

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_number(text: str) -> Decimal | None:
    """Read a number as people type it in Bulgarian: ``1 234,5``, ``1234.5``, ``12``; '' is None.

    Raises ``ValueError`` for anything else, so that a typo is never read as zero.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None



def measure_status_from_text(text: str) -> str | None:
    """Match a status typed in a spreadsheet to a ``MeasureStatus``: its code or any label."""
    wanted = (text or "").strip().casefold()
    if not wanted:
        return ""
    for choice in MeasureStatus:
        if wanted in (choice.value.casefold(), str(choice.label).casefold()):
            return choice.value
    return BULGARIAN_STATUS_WORDS.get(wanted)


#: The statuses as the plans write them, so that a spreadsheet filled in Bulgarian is read
#: whatever the interface language of the person who uploads it.
BULGARIAN_STATUS_WORDS: dict[str, str] = {
    "изпълнена": MeasureStatus.DONE,
    "в изпълнение": MeasureStatus.IN_PROGRESS,
    "частично изпълнена": MeasureStatus.PARTLY_DONE,
    "неизпълнена": MeasureStatus.NOT_DONE,
    "отложена": MeasureStatus.POSTPONED,
    "отпаднала": MeasureStatus.DROPPED,
}
