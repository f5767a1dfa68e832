"""Search that works for Bulgarian words on SQLite and PostgreSQL alike.

Bulgarian inflects: "училище", "училища", "училищата" are one word to a
reader, and plans write names in capitals, in quotes („Заедно“) and joined by
dashes. Neither database's plain ``LIKE`` knows that (SQLite does not even
fold Cyrillic case), so we normalise both sides ourselves:

1. lower-case the text, turn quotes and dashes and other punctuation into spaces;
2. split into words;
3. cut one common ending off each word with a light stemmer (longest ending
   first; the stem keeps at least three letters, so short words stay whole).

Each measure stores its stems in ``Measure.search_text`` as `` stem stem ... ``
(a space on both sides). A query is stemmed the same way, and a measure matches
when every query stem starts a word of its text: ``search_text`` contains
``" " + stem``. That is a plain substring test, which both databases run the
same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Endings cut from a word, tried longest first. Articles (-ът, -ят, -та, -то,
#: -те), plurals (-и, -ове, -ища) and the -ция/-ции family of loan words.
ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {
            "циите", "цията", "ията", "иите", "ите", "ата", "ото", "ята", "ето", "ове", "ция", "ции",
            "ият", "ът", "ят", "та", "то", "те", "ия", "ие", "ии", "и", "а", "я", "о", "е", "у", "ю",
        },
        key=len,
        reverse=True,
    )
)
MIN_STEM = 3
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Lower-case ``text`` and replace quotes, dashes and punctuation with spaces."""
    return _NOT_WORD.sub(" ", (text or "").lower().replace("_", " ")).strip()


def stem(word: str) -> str:
    """Cut the longest known ending off a lower-case word, keeping a stem of three letters or more."""
    if not word.isalpha():
        return word
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def stems(text: str) -> list[str]:
    """The stems of every word of ``text``, in order."""
    return [stem(word) for word in normalise(text).split()]


def search_text(parts: Iterable[str | None]) -> str:
    """The value stored in ``Measure.search_text``: each distinct stem once, spaces around."""
    seen: dict[str, None] = {}
    for part in parts:
        for s in stems(part or ""):
            seen.setdefault(s, None)
    return " " + " ".join(seen) + " " if seen else ""


def query_terms(query: str) -> list[str]:
    """What a measure's ``search_text`` must contain for ``query`` to match it: one term per stem."""
    terms: dict[str, None] = {}
    for s in stems(query):
        terms.setdefault(" " + s, None)
    return list(terms)


def matches(text: str, query: str) -> bool:
    """Does ``text`` match ``query`` by the same rule the database applies (for lists held in memory)?"""
    haystack = search_text([text])
    terms = query_terms(query)
    return bool(terms) and all(term in haystack for term in terms)
