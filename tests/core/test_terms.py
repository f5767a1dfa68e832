"""One Bulgarian word for each thing, across the whole catalogue (issue 10.15).

"доклад за мониторинг" is the yearly report, "отчет" an institution's progress
report, "чернова" a draft report, "проект" a draft plan, and a plan is
"внесен" (brought in), never "импортиран".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "planmonitor" / "locale" / "bg" / "LC_MESSAGES" / "django.po"


DUPLICATES: list[tuple[str, str]] = []


def _entries() -> dict[tuple[str, str], str]:
    """(context, msgid) -> msgstr, read from the .po source (no compiled catalogue needed)."""
    entries: dict[tuple[str, str], str] = {}
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if match := re.match(r'^(msgctxt|msgid|msgstr) "(.*)"$', line):
                key = match.group(1)
                fields[key] = match.group(2)
            elif key and line.startswith('"'):
                fields[key] += line[1:-1]
        if fields.get("msgid"):
            if (fields.get("msgctxt", ""), fields["msgid"]) in entries:
                DUPLICATES.append((fields.get("msgctxt", ""), fields["msgid"]))
            entries[(fields.get("msgctxt", ""), fields["msgid"])] = fields.get("msgstr", "")
    return entries


ENTRIES = _entries()


def test_no_message_twice():
    """Branches append entries; a message added twice stops msgfmt, and with it ./scripts/test."""
    assert DUPLICATES == []


@pytest.mark.parametrize("word", ["импорт", "наблюдение", "мониторингов", "преди обяд", "след обяд"])
def test_words_not_used(word):
    assert [msgid for (_c, msgid), text in ENTRIES.items() if word in text.lower()] == []


def test_draft_plan_draft_report():
    assert ENTRIES[("plan status", "draft")] == "проект"
    assert ENTRIES[("", "draft")] == "чернова"
    assert ENTRIES[("", "DRAFT")] == "ЧЕРНОВА"
    assert ENTRIES[("", "Monitoring report")] == "Доклад за мониторинг"


def test_months_in_lower_case():
    for context in ("", "alt. month"):
        assert ENTRIES[(context, "December")] == "декември"
        assert ENTRIES[(context, "March")] == "март"
