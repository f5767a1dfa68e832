"""Recognised words made fit for ``pdf_unruled``, the reader of tables with no rules at all.

With no rules, rows and columns come only from the words' boxes and text, and
Tesseract's boxes differ from a text layer's in three ways that matter there:

* a box is the ink, not the font's line box: a printed line of small letters
  only ("а", "не", "индика") is two points lower at its top than a line with
  capitals, so the white space above it looks like the space between two rows
  (a header "Стойност към / момент / а" splits into two rows) and its height
  looks like another font. ``unruled_words`` gives each line the box its font
  would have: the top raised by the capitals' height over small letters when
  it has no tall letter, the bottom lowered by the descent when it has no
  letter below the line, both measured on the page itself;
* the white space between two words is a little wider, the more so in a large
  heading ("Цел 1: Повишаване ..." would fall into many segments that look
  like columns): ``SEGMENT_GAP_PER_SIZE`` makes the gap that parts two cells
  grow with the line's size;
* header words come out misspelt ("Пелева" for "Целева", "Хо" for "№",
  "Очакван" without its last letter, "Пелевастойностна" run together):
  ``spell_header`` puts them right for the header's recognition only (and
  ``ocr._header_words`` with it, for the first row of a ruled table).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from statistics import median

from planmonitor.ingest.readers.pdf_text import WIDE_GAP
from planmonitor.ingest.vocabulary import HEADER_BOUNDARY

SEGMENT_GAP_PER_SIZE = 0.8  # OCR: a line of size 12 is cut at gaps over 9.6 points (words stand ~7 apart)
TALL = set("бйёфѝbdfhiklt0123456789„“”\"'()[]/%№€$!?|")  # small letters and signs that reach a capital's height
DEEP = set("дрруфцщДЦЩgjpqy()[]„")  # letters and signs that reach below the line
DEFAULT_RISE = DEFAULT_DESCENT = 0.21  # shares of a line's full height: capital over small letter, descent


def unruled_words(words: list[dict], opening: Callable[[str], str] | None = None) -> list[dict]:
    """Copies of a page's words (``ocr._level`` gave those of a printed line one top) with each
    line's box as its font would give it, its size from that box, and a heading opener at a
    segment's start put right by ``opening`` ("Пел 1." -> "Цел 1.")."""
    lines: dict[float, list[dict]] = {}
    for word in words:
        lines.setdefault(word["top"], []).append(dict(word))
    kinds = {top: _kind(" ".join(w["text"] for w in line)) for top, line in lines.items()}
    rise, descent, usual_full = _shares([(kinds[top], line[0]["bottom"] - top) for top, line in lines.items()])
    boxes = {}
    for top, line in lines.items():
        tall, deep = kinds[top]
        bottom = line[0]["bottom"]
        seen = 1.0 - (0.0 if tall else rise) - (0.0 if deep else descent)
        if bottom - top > usual_full * (1.0 + seen) / 2:  # as tall as a full line already (a speck, a sign)
            tall = deep = True
            seen = 1.0
        full = (bottom - top) / seen
        boxes[top] = (top - (0.0 if tall else rise * full), bottom + (0.0 if deep else descent * full))
    heights = [b - t for t, b in boxes.values()]
    usual = median(heights) if heights else 0.0
    out = []
    for top, line in lines.items():
        new_top, new_bottom = boxes[top]
        height = new_bottom - new_top
        size = float(round(usual if 0.75 * usual <= height <= 1.3 * usual else height))
        line.sort(key=lambda w: w["x0"])
        for i, word in enumerate(line):
            word.update(top=new_top, bottom=new_bottom, size=size)
            if opening is not None and i + 1 < len(line) and (i == 0 or word["x0"] - line[i - 1]["x1"] > WIDE_GAP):
                fixed = opening(word["text"] + " " + line[i + 1]["text"])
                if fixed.endswith(" " + line[i + 1]["text"]):
                    word["text"] = fixed[: -len(line[i + 1]["text"]) - 1]
        out += line
    return sorted(out, key=lambda w: (round(w["top"]), w["x0"]))


def _kind(text: str) -> tuple[bool, bool]:
    """Whether a line's ink reaches a capital's height, and below the line."""
    return (any(ch.isupper() or ch in TALL for ch in text), any(ch in DEEP for ch in text))


def _shares(lines: list[tuple[tuple[bool, bool], float]]) -> tuple[float, float, float]:
    """The page's rise (capital over small letter) and descent as shares of a full line's height,
    from the lines of the usual size (those with both against those with only one), and that
    full height (0 when the page has too few lines to tell)."""
    full = [h for kind, h in lines if kind == (True, True)]
    if len(full) < 3:
        return DEFAULT_RISE, DEFAULT_DESCENT, 0.0
    usual = median(full)

    def share(kind: tuple[bool, bool], default: float) -> float:
        heights = [h for k, h in lines if k == kind and 0.5 * usual <= h <= usual]
        if len(heights) < 3:
            return default
        return min(max(1.0 - median(heights) / usual, 0.1), 0.35)

    return share((False, True), DEFAULT_RISE), share((True, False), DEFAULT_DESCENT), usual


NUMBER_SIGN = re.compile(r"^(?:[XХNМИH][oо0eе2]|N[oо]\.?)(?=\s|$)")  # how Tesseract reads "№" at a header's start


def spell_header(text: str) -> str:
    """A header cell's words that recognition missed by a letter put right ("Пелева" -> "Целева"), and
    the "№" it reads as "Хо" or "No". A word one letter short or long is put right only when that
    makes the cell name a longer phrase ("Очакван стойност" -> "Очаквана стойност", not "стойност"
    alone): a narrow column's header breaks words anywhere ("стойнос / т на"), and such a piece
    must stay as it is."""
    if not text:
        return text
    text = NUMBER_SIGN.sub("№", text)
    parts = re.split(r"(\s+)", text)
    for i, word in enumerate(parts):
        close = [] if word.lower() in known_header_word_set() else _close(word)
        if close and len(close[0]) == len(word):
            parts[i] = _cased(close[0], word)
    best, score = parts, max(2, _phrase_words("".join(parts)) + 1)
    for i, word in enumerate(parts):
        for close in _close(word):
            if len(word) >= 6 and abs(len(close) - len(word)) == 1:
                tried = [*parts[:i], _cased(close, word), *parts[i + 1:]]
                if _phrase_words("".join(tried)) >= score:
                    best, score = tried, _phrase_words("".join(tried)) + 1
    if score > 2:
        return "".join(best)
    apart = [" ".join(_apart(word.lower()) or [word]) if word.strip() else word for word in best]
    apart = [_cased(new, old) if new != old else old for new, old in zip(apart, best, strict=True)]
    return "".join(apart) if _phrase_words("".join(apart)) >= score else "".join(best)


@lru_cache(maxsize=1024)
def _apart(word: str) -> tuple[str, ...] | None:
    """A word that is header words run together ("пелевастойностна": recognition lost the space in
    "т на", and the break after "Пелева" was then taken for a word broken at the column's edge) as
    those words, each put right by a letter if need be: ("целева", "стойност", "на"); else None."""
    if len(word) < 6 or word in known_header_word_set():
        return None
    for cut in range(len(word) - 2, 3, -1):
        head, rest = word[:cut], word[cut:]
        if head not in known_header_word_set():
            head = next((w for w in _close(head) if len(w) == len(head)), "")
        if not head:
            continue
        if rest in known_header_word_set() or rest in HEADER_BOUNDARY:
            return (head, rest)
        tail = _apart(rest)
        if tail:
            return (head, *tail)
    return None


def _close(word: str) -> list[str]:
    """Header words a word of four letters or more may be misread from, best first (a header word
    itself too: "Очакван" is one, and "Очаквана" with its last letter lost)."""
    from difflib import get_close_matches

    if len(word) < 4:
        return []
    return [w for w in get_close_matches(word.lower(), known_header_words(), n=4, cutoff=0.75) if w != word.lower()]


def _cased(known: str, word: str) -> str:
    return known.capitalize() if word[0].isupper() else known


def _phrase_words(text: str) -> int:
    """How many words the longest column phrase the text names has (0: none)."""
    from planmonitor.ingest.headers import role_candidates

    return max((score[0] for _, score in role_candidates(text)), default=0)


@cache
def known_header_words() -> tuple[str, ...]:
    """The header vocabulary's words of four letters or more, sorted (for close matches)."""
    from planmonitor.ingest.vocabulary import HEADER_PHRASES

    return tuple(sorted({word for phrase, _ in HEADER_PHRASES for word in phrase.split() if len(word) >= 4}))


@cache
def known_header_word_set() -> frozenset[str]:
    """``known_header_words`` as a set, for membership."""
    return frozenset(known_header_words())
