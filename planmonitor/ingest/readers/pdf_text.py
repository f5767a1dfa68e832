"""PDF text outside tables: printed lines with their font, page furniture, paragraphs.

Steps 2 and 3 of ``pdf.py``: the text outside tables is read as lines with
their size and weight; a first or last line of a page that is a page number or
repeats on other pages at the same height (a running header) is furniture;
the other lines are joined into paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from planmonitor.ingest.model import Paragraph, Place
from planmonitor.ingest.readers.pdf_tables import Part
from planmonitor.ingest.vocabulary import HEADING_OPENER

PAGE_NUMBER = re.compile(r"^[\W_]*((стр\.?|страница|page)\s*)?\d{1,4}(\s*(от|/|of)\s*\d{1,4})?[\W_]*$", re.I)
WIDE_GAP = 6.0  # points of white space inside a line that part two cells, not two words
CENTRE_TOLERANCE = 3.0  # points two centred lines' axes may differ by


@dataclass
class Line:
    """A line of text outside tables."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    size: float
    bold: bool
    gaps: int = 0  # wide gaps between characters: a line of an unruled table has several
    furniture: str | None = None  # "page-header" or "page-footer"


def page_lines(page, number: int) -> list[Line]:
    out = []
    for line in page.extract_text_lines(strip=True):
        text = line["text"]
        if not text:
            continue
        chars = line.get("chars") or [{}]
        sizes = Counter(round(c.get("size", 0), 1) for c in chars)
        bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) > len(chars) / 2
        xs = sorted((c["x0"], c["x1"]) for c in chars if "x0" in c)
        gaps = sum(1 for a, b in zip(xs, xs[1:], strict=False) if b[0] - a[1] > WIDE_GAP)
        out.append(Line(page=number, top=line["top"], bottom=line["bottom"], x0=line["x0"], x1=line["x1"],
                        text=text, size=sizes.most_common(1)[0][0], bold=bold, gaps=gaps))
    return out


def mark_furniture(pages: list[list[Line | Part]]) -> None:
    """Flag running headers, footers and page numbers (see the module docstring, step 3)."""
    def key(line: Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 6)

    ends: list[tuple[Line, str]] = []
    for items in pages:
        lines = [i for i in items if isinstance(i, Line)]
        for line in lines[:2]:
            if not any(isinstance(i, Part) and i.top < line.top for i in items):
                ends.append((line, "page-header"))
        for line in lines[-2:]:
            if not any(isinstance(i, Part) and i.bottom > line.bottom for i in items):
                ends.append((line, "page-footer"))
    counts = Counter(key(line) for line in {id(line): line for line, _ in ends}.values())  # a page's only line once
    for line, kind in ends:
        if line.gaps >= 2:  # the header row of an unruled table, repeated on each page, is no furniture
            continue
        if PAGE_NUMBER.match(line.text) or (len(pages) > 1 and counts[key(line)] >= 2):
            line.furniture = kind


def _centred_together(a: Line, b: Line, left: float) -> bool:
    """Two lines of different widths centred on one axis, both indented from the left margin."""
    return (abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= 2 * CENTRE_TOLERANCE and abs(a.x0 - b.x0) > CENTRE_TOLERANCE
            and min(a.x0, b.x0) > left + CENTRE_TOLERANCE)


def paragraphs(lines: list[Line], filename: str) -> list[Paragraph]:
    """Join wrapped lines into paragraphs.

    A line continues the previous one when it follows closely below, in the
    same font size and weight, and the previous line reached the right edge
    (a short line ends its paragraph, so a heading never swallows the text
    under it), or both are centred on the same axis (a title set over several
    lines on a title page). A line that opens a heading ("Цел 5:",
    "Приоритет", "Задача") always starts a new paragraph, even under a bold
    line that fills its line.
    """
    if not lines:
        return []
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not HEADING_OPENER.match(line.text):
            prev = groups[-1][-1]
            height = max(prev.bottom - prev.top, 1.0)
            if (line.page == prev.page and 0 <= line.top - prev.bottom <= 0.6 * height
                    and abs(line.size - prev.size) < 0.6 and line.bold == prev.bold
                    and (prev.x1 >= right - 0.2 * (right - left) or _centred_together(prev, line, left))):
                groups[-1].append(line)
                continue
        groups.append([line])
    return [Paragraph(text=" ".join(line.text for line in group), place=Place(file=filename, page=group[0].page),
                      style="bold" if group[0].bold else None) for group in groups]
