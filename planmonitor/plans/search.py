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
from collections import Counter
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


# --- forgiving a misspelling: "did you mean" ----------------------------------------------------
#
# When a query finds nothing, each of its words that matches no word of the
# searched texts is replaced by the most similar word that does, by trigram
# similarity computed exactly as PostgreSQL's pg_trgm does it (each word padded
# with two spaces before and one after, similarity = shared trigrams / all
# trigrams), so the result is the same whichever database holds the texts. A
# query in Latin letters is read as Bulgarian transliterated first
# ("obrazovanie" -> "образование").

#: pg_trgm's default ``similarity_threshold``.
SIMILARITY_THRESHOLD = 0.3
MIN_SUGGESTED_WORD = 4

#: The Bulgarian official transliteration read backwards (longest first), plus the usual informal spellings.
_LATIN = sorted({
    "sht": "щ", "zh": "ж", "ts": "ц", "ch": "ч", "sh": "ш", "yu": "ю", "ya": "я", "ia": "я", "iu": "ю",
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "y": "й", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф",
    "h": "х", "c": "ц", "w": "в", "q": "я", "x": "кс", "j": "й",
}.items(), key=lambda kv: -len(kv[0]))


def trigrams(word: str) -> set[str]:
    """The trigrams of one word as pg_trgm makes them: lower case, "  word " cut into threes."""
    padded = "  " + word.lower() + " "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity(a, b)`` for single words: shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def from_latin(text: str) -> str:
    """Read Latin letters as transliterated Bulgarian ("mediatori" -> "медиатори"); Cyrillic stays."""
    out, i, lower = [], 0, text.lower()
    while i < len(lower):
        for latin, cyrillic in _LATIN:
            if lower.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(lower[i])
            i += 1
    return "".join(out)


def vocabulary(texts: Iterable[str | None]) -> Counter[str]:
    """Every word of ``texts`` (normalised) with how often it occurs: what a query word can be corrected to."""
    words: Counter[str] = Counter()
    for text in texts:
        words.update(w for w in normalise(text or "").split() if len(w) >= MIN_SUGGESTED_WORD and w.isalpha())
    return words


def did_you_mean(query: str, words: Counter[str]) -> str | None:
    """The query with each unknown word replaced by the closest known word; None if nothing changes.

    A word is known when its stem starts a stem of ``words`` (the search's own rule).
    The closest word has the highest similarity at or above ``SIMILARITY_THRESHOLD``;
    ties go to the more frequent word, then alphabetical order, so the answer is stable.
    """
    stems_known = {stem(w) for w in words}
    changed = False
    corrected = []
    for word in normalise(query).split():
        candidate = from_latin(word) if re.search(r"[a-z]", word) else word
        if _known(candidate, stems_known):
            corrected.append(candidate)
            changed = changed or candidate != word
            continue
        best = max(
            ((similarity(candidate, w), words[w], w) for w in words),
            key=lambda item: (item[0], item[1], [-ord(c) for c in item[2]]),
            default=None,
        )
        if best is not None and best[0] >= SIMILARITY_THRESHOLD:
            corrected.append(best[2])
            changed = True
        else:
            corrected.append(candidate)
            changed = changed or candidate != word
    return " ".join(corrected) if changed else None


def _known(word: str, stems_known: set[str]) -> bool:
    wanted = stem(word)
    return any(s.startswith(wanted) for s in stems_known)
