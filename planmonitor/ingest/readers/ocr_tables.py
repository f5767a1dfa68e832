"""The tables of a scanned page, from the rules found in its image and the recognised words.

Step 4 of ``ocr.py``. A page whose rules cross (vertical and horizontal) is
read by pdfplumber's table finder with the rules as explicit lines, as a PDF
with drawn lines is; a page with rules only between rows under a header is
read with the columns of that header (``ocr_columns``). Each cell gets the
words whose centre lies in it, joined line by line as ``pdf_cells`` joins a
text layer's: a word a narrow column broke at its edge ("изпълн" / "ение",
"2.3." / "1.") is mended, so a scan reads as its PDF would.
"""

from __future__ import annotations

import re

from planmonitor.ingest.layout import role_of
from planmonitor.ingest.model import Doubt
from planmonitor.ingest.readers.ocr_columns import HeaderColumns, tables_between_rules
from planmonitor.ingest.readers.pdf_cells import join_cells, words_to_lines
from planmonitor.ingest.readers.pdf_tables import RULED, Part, filled_rows, header_only, to_part, width


def page_tables(page, rules: list[dict], words: list[dict], number: int, threshold: float,
                header: HeaderColumns) -> tuple[list[Part], list[dict], list[Doubt]]:
    """Ruled tables from the rules found in the image: their parts, the words outside them, and the
    low-confidence words inside them (each with its cell's text). A page with no fully ruled
    table but rules between rows is read with the columns of its header (``ocr_columns``)."""
    vertical = [r for r in rules if r["width"] == 0.0]
    horizontal = [r for r in rules if r["height"] == 0.0]
    found = []
    if len(vertical) >= 2 and len(horizontal) >= 2:
        settings = {**RULED, "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
        found = _read(page.find_tables(settings), words, number, threshold)
    if not any(filled_rows(part.rows) >= 2 for part, _, _ in found):
        found = _read(tables_between_rules(page, horizontal, words, header), words, number, threshold,
                      headers=True) or found
    inside = set().union(*(indices for _, _, indices in found))
    return ([part for part, _, _ in found], [w for i, w in enumerate(words) if i not in inside],
            [d for _, doubts, _ in found for d in doubts])


def _read(tables, words: list[dict], number: int, threshold: float,
          headers: bool = False) -> list[tuple[Part, list[Doubt], set[int]]]:
    """Each table's part, the doubts in its cells and the indices of the words inside it; a table
    that is only a header is dropped unless ``headers`` (a header over rows cut off by a heading)."""
    out = []
    for table in tables:
        if width(table) < 2:
            continue
        boxes = [[(box, [i for i, w in enumerate(words) if centre_in(w, box)]) if box else None
                  for box in row.cells] for row in table.rows]
        texts = iter(cell_texts([(box, [words[i] for i in mine]) for row in boxes for cell in row if cell
                                 for box, mine in [cell]]))
        first = [None if cell is None else _plain([words[i] for i in cell[1]]) for cell in boxes[0]]
        header = header_words(first)
        named = sum(1 for text in header if text and role_of(text)) >= 2
        extracted: list[list[str | None]] = []
        doubts = []
        for r, row in enumerate(boxes):
            extracted.append([])
            for c, cell in enumerate(row):
                text = None if cell is None else next(texts)
                if r == 0 and named:  # a header is read by its roles, each line break as a space or nothing
                    text = first[c]
                    extracted[-1].append(header[c])
                else:
                    extracted[-1].append(text)
                if cell is not None:  # a doubt quotes the cell as read
                    doubts += [Doubt(number, words[i]["text"], text, words[i]["conf"]) for i in cell[1]
                               if words[i]["conf"] < threshold]
        if header_only(extracted) and not headers:
            continue
        out.append((to_part(number, table, extracted), doubts,
                    {i for i, w in enumerate(words) if centre_in(w, table.bbox)}))
    return out


def cell_texts(cells: list[tuple[tuple[float, float, float, float], list[dict]]]) -> list[str]:
    """The texts of a table's cells, each given as (its box, its words): printed lines joined with
    ``\\n``, or with nothing where a narrow column broke a word (``pdf_cells.join_cells``); the right
    edge of a cell's text is its box less the padding its text keeps from the left border (the
    smallest over the table), as ``pdf_cells.table_cells`` takes it."""
    lined = [(box, words_to_lines(words)) for box, words in cells]
    pads = [lines[0].x0 - box[0] for box, lines in lined if lines]
    pad = max(min(pads, default=0.0), 0.0)
    return [opening(text) for text in join_cells([(lines, box[2] - pad) for box, lines in lined])]


def _plain(words: list[dict]) -> str:
    """A cell's printed lines joined with ``\\n``, no word mended (a header's misread piece would be
    glued to the word before it)."""
    return opening("\n".join(line.text for line in words_to_lines(words)))


def header_words(cells: list[str | None]) -> list[str | None]:
    """A table's first row with the header words recognition misread put right: split or glued at a
    space (``rejoin``), then spelled (``ocr_unruled.spell_header``: "Пели" -> "Цели", "Хо" -> "№",
    "стойнос" -> "стойност" where the cell then names a longer phrase); a row that then names no
    column is left as read."""
    from planmonitor.ingest.readers.ocr_unruled import known_header_word_set, spell_header

    known = known_header_word_set()
    fixed = [spell_header(rejoin(cell, known)) if cell else cell for cell in cells]
    return fixed if sum(1 for cell in fixed if cell and role_of(cell)) >= 2 else cells


def rejoin(text: str, known: frozenset[str]) -> str:
    """A header's words that recognition split or glued at a space put right: two pieces that make a
    header word ("От говорна" -> "Отговорна"), or a header word and the short word after it that
    lost the space between them, over a line break ("стойнос" / "тв края" -> "стойност в края")."""
    from planmonitor.ingest.vocabulary import HEADER_BOUNDARY

    parts = re.split(r"(\s+)", text)
    i = 0
    while i + 2 < len(parts):
        a, b = parts[i], parts[i + 2]
        whole = (a + b).lower()
        head = next((whole[: -len(tail)] for tail in HEADER_BOUNDARY if len(tail) <= 3 and whole.endswith(tail)
                     and whole[: -len(tail)] in known), None)
        if a.lower() in known or b.lower() in known:
            pass
        elif whole in known:
            parts[i: i + 3] = [a + b]
            continue
        elif head is not None:
            parts[i: i + 3] = [a + b[: len(head) - len(a)], " ", b[len(head) - len(a):]]
        i += 2
    return "".join(parts)


def centre_in(word: dict, box: tuple[float, float, float, float]) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


OPENERS = ("Цел", "Цели", "Задача", "Мярка", "Приоритет", "Приоритетна област", "Направление", "Стратегическа цел",
           "Специфична цел", "Оперативна цел")
OPENING = re.compile(r"^(?P<head>[^\W\d_](?:[^\d:]{0,28}[^\W\d_])?)(?=\s*(?:\d|[IVX]+\b|:)|\s+[A-ZА-Я]{2,6}-\s*\d)")


def opening(text: str) -> str:
    """A heading opener recognition misread put right: "Пел 3:" -> "Цел 3:" (at 200 dpi the small tail
    of "Ц" is often lost), "П зио зитетна област 3." -> "Приоритетна област 3." (a large heading's
    letters broken apart). Only the words before a number or a colon, where a heading's number stands,
    and only when, spaces aside, they differ from an opener by about one letter in three or fewer."""
    from difflib import SequenceMatcher

    match = OPENING.match(text)
    if match is None:
        return text
    head = match.group("head")
    squeezed = "".join(head.split()).lower()
    if any(squeezed == "".join(o.split()).lower() for o in OPENERS):
        return text
    scored = []
    for opener in OPENERS:
        target = "".join(opener.split()).lower()
        ratio = SequenceMatcher(None, squeezed, target).ratio()
        if abs(len(target) - len(squeezed)) <= 1 and ratio >= (1 - 1.5 / len(target) if len(target) < 6 else 0.78):
            scored.append((ratio, opener))
    if not scored:
        return text
    opener = max(scored)[1]
    return (opener.upper() if head.isupper() and len(head) > 1 else opener) + text[len(head):]
