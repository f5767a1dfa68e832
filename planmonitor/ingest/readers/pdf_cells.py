"""A table cell's printed lines -> its text, mending words a narrow column broke without a hyphen.

A word wider than its column (a long header word, an amount such as
"1892561,00", a code such as "2.3.1.") is broken where the line ends, with no
hyphen: "Финансира" / "щ", "1892561," / "00 лв.", "2.3." / "1". Read as two
lines they become two words ("Финансира щ"), an unknown header, an amount
of 0 or a wrong code. The evidence that a break is such a break and not a
wrap between words: the line above holds one word alone that fills the column
up to its right edge (less than the width of the next line's first character
is left), and the next line goes on with a small letter, or with a digit after
a digit or a number's separator. Every other line break stays ``\\n``.

The functions work over words with ``x0``/``x1``/``top``/``bottom``/``text``
(pdfplumber's words, or an OCR engine's), so any reader of positioned words
can use them; ``table_cells`` reads a pdfplumber table with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE_TOLERANCE = 3.0  # points two words' tops may differ by on one printed line (pdfplumber's y_tolerance)
_GOES_ON = re.compile(r"^[a-zа-яѝ]")
_NUMBER_END = re.compile(r"\d[.,]?$")


@dataclass(frozen=True)
class TextLine:
    """One printed line of a cell: its text, where it ends, and the width of its first character."""

    x0: float
    x1: float
    text: str
    first_width: float


def words_to_lines(words: list[dict]) -> list[TextLine]:
    """Group positioned words into printed lines, top to bottom, each read left to right."""
    groups: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if groups and abs(word["top"] - groups[-1][0]["top"]) <= LINE_TOLERANCE:
            groups[-1].append(word)
        else:
            groups.append([word])
    return [line_of(sorted(group, key=lambda w: w["x0"])) for group in groups]


def line_of(words: list[dict]) -> TextLine:
    """One printed line (its words in reading order) as a ``TextLine``."""
    first = words[0]
    if first.get("chars"):  # pdfplumber's words with ``return_chars``: the first letter's own width
        width = first["chars"][0]["x1"] - first["chars"][0]["x0"]
    else:  # its letters' mean width; a stop or comma counts half a letter ("1." is 1.5)
        units = sum(1.0 if ch.isalnum() else 0.5 for ch in first["text"])
        width = (first["x1"] - first["x0"]) / max(units, 1.0)
    return TextLine(first["x0"], words[-1]["x1"], " ".join(w["text"] for w in words), width)


def join_cells(cells: list[tuple[list[TextLine], float]]) -> list[str]:
    """The texts of a table's cells, each given as (its printed lines, its right edge): lines joined
    with ``\\n``, or with nothing where a word was broken at the edge (see the module docstring).

    Where the line after a lone word that fills its line starts with a word the table prints whole
    elsewhere ("Очаквана" / "стойност"), and the two together are no word the table prints, the
    break is between two words; the table's own words are the only dictionary at hand."""
    known = _whole_words(cells)
    out = []
    for lines, edge in cells:
        text = lines[-1].text if lines else ""
        for prev, line in zip(reversed(lines[:-1]), reversed(lines[1:]), strict=True):  # from the end: a
            # line that is itself the start of a broken word is judged by the whole word ("стойно" + "ст")
            text = prev.text + ("" if broken_word(prev, line, edge, known, text) else "\n") + text
        out.append(text)
    return out


def broken_word(prev: TextLine, line: TextLine, edge: float, known: frozenset[str] = frozenset(),
                rest: str | None = None) -> bool:
    """Whether ``line`` goes on with the word that ended ``prev`` (a break with no hyphen); ``rest``
    is the cell's text from ``line`` on, its own broken words already mended."""
    if not _fills(prev, line, edge):
        return False
    if _NUMBER_END.search(prev.text):
        return line.text[:1].isdigit()
    if not (_GOES_ON.match(line.text) and prev.text[-1:].isalpha()):
        return False
    head = _word((rest or line.text).split(None, 1)[0])
    return len(head) < 2 or head not in known or _word(prev.text) + head in known


def _fills(prev: TextLine, line: TextLine, edge: float) -> bool:
    """One word alone on its line, ending less than the next line's first character short of the edge."""
    return " " not in prev.text and edge - prev.x1 <= line.first_width + 0.5


def _word(token: str) -> str:
    return token.strip(".,;:!?()„“\"'").lower()


def _vocabulary() -> frozenset[str]:
    """The reader's own words (header phrases, statuses, period and priority words): a broken
    header word is matched against these when the table prints no word to tell."""
    from planmonitor.ingest import vocabulary as v

    phrases = [p for p, _ in v.HEADER_PHRASES] + [*v.STATUS_WORDS, *v.PRIORITY_AREAS, *v.PERIOD_WORDS]
    return frozenset(w for p in phrases for w in p.split() if w.isalpha())


def _whole_words(cells: list[tuple[list[TextLine], float]]) -> frozenset[str]:
    """Words printed whole (every word but one that fills its line alone and the first word after
    it), and the reader's vocabulary."""
    words = set(_VOCABULARY)
    for lines, edge in cells:
        for i, line in enumerate(lines):
            tokens = line.text.split(" ")
            if i + 1 < len(lines) and _fills(line, lines[i + 1], edge):
                continue
            if i > 0 and _fills(lines[i - 1], line, edge):
                tokens = tokens[1:]
            words.update(_word(t) for t in tokens)
    return frozenset(words)


def table_cells(table, chars: list[dict]) -> list[list[str | None]]:
    """A pdfplumber table's cells as text, as ``Table.extract()`` gives them (``None`` where a merged
    cell stands), with broken words mended: each cell's right edge is its box less the padding
    its text keeps from the left border (the smallest over the table)."""
    from pdfplumber.utils import extract_words

    found: list[list[tuple[tuple, list[TextLine]] | None]] = []
    for row in table.rows:
        top, bottom = row.bbox[1], row.bbox[3]
        row_chars = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 < bottom]
        cells: list[tuple[tuple, list[TextLine]] | None] = []
        for box in row.cells:
            if box is None:
                cells.append(None)
                continue
            inside = [c for c in row_chars if box[0] <= (c["x0"] + c["x1"]) / 2 < box[2]
                      and box[1] <= (c["top"] + c["bottom"]) / 2 < box[3]]
            cells.append((box, words_to_lines(extract_words(inside, return_chars=True)) if inside else []))
        found.append(cells)
    pads = [lines[0].x0 - box[0] for row in found for cell in row if cell for box, lines in [cell] if lines]
    pad = max(min(pads, default=0.0), 0.0)
    texts = iter(join_cells([(lines, box[2] - pad) for row in found for cell in row if cell for box, lines in [cell]]))
    return [[None if cell is None else next(texts) for cell in row] for row in found]


_VOCABULARY = _vocabulary()
