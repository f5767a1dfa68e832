"""Column widths for DOCX tables that Word and LibreOffice both honour, so no word breaks inside.

Without widths (``tblW auto``, equal grid columns) LibreOffice gives every
column the same share and breaks long words mid-word ("Приори/тет"), and a
report grows by a third. Here every table is fixed-layout with a grid, a
table width and a width on every cell (the three places Word and LibreOffice
read), computed from the text itself:

1. each column needs at least its longest word (bold in the header), measured
   with the DejaVu metrics (wider than Arial or Liberation Sans, so a word
   that fits here fits there), plus the cell margins;
2. the rest of the page width goes to the columns in proportion to how much
   text they hold beyond that minimum;
3. when even the minimums do not fit the page, the table's font shrinks by
   half a point (down to 6 pt) until they do.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import ImageFont

from planmonitor.reports.charts import FONT_DIR

#: Word's default left and right cell margins (108 twips each) and a little slack, in points.
CELL_PADDING_PT = 2 * 5.4 + 1.5
SMALLEST_FONT_PT = 6.0
_MEASURE_SIZE = 100  # fonts are measured at 100 pt and scaled: one font object per weight


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), _MEASURE_SIZE)


@lru_cache(maxsize=20000)
def _width_at_100(text: str, bold: bool) -> float:
    return _font(bold).getlength(text)


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` on one line, in points."""
    return _width_at_100(text, bold) * size_pt / _MEASURE_SIZE


def _longest_word(text: str, size_pt: float, bold: bool) -> float:
    return max((text_width(word, size_pt, bold=bold) for word in text.split()), default=0.0)


def fit_columns(
    header: Sequence[str], rows: Sequence[Sequence[str]], total_pt: float, size_pt: float
) -> tuple[list[float], float]:
    """Column widths in points that fill ``total_pt`` with no word broken, and the font size that allows it."""
    size = size_pt
    while True:
        minimum, natural = [], []
        for col, title in enumerate(header):
            cells = [row[col] for row in rows if col < len(row) and row[col]]
            words = max([_longest_word(title, size, True), *(_longest_word(c, size, False) for c in cells)])
            minimum.append(words + CELL_PADDING_PT)
            lines = [text_width(title, size, bold=True), *(text_width(c, size) for c in cells)]
            # What a column would like: its typical cell on one line, not its longest outlier.
            lines.sort()
            natural.append(max(minimum[-1], lines[int(len(lines) * 0.9)] + CELL_PADDING_PT))
        if sum(minimum) <= total_pt or size <= SMALLEST_FONT_PT:
            break
        size -= 0.5
    if sum(natural) <= total_pt:
        scale = total_pt / sum(natural)
        return [w * scale for w in natural], size
    spare = max(total_pt - sum(minimum), 0.0)
    wants = [n - m for n, m in zip(natural, minimum, strict=True)]
    share = sum(wants) or 1.0
    return [m + spare * w / share for m, w in zip(minimum, wants, strict=True)], size


def twips(widths_pt: Sequence[float]) -> list[int]:
    """Widths in points as whole twips (what WordprocessingML measures in)."""
    return [round(w * 20) for w in widths_pt]


def cell_width(width_twips: int):
    """A ``w:tcW`` of a fixed width, for a cell's ``w:tcPr``."""
    tc_w = OxmlElement("w:tcW")
    tc_w.set(qn("w:w"), str(width_twips))
    tc_w.set(qn("w:type"), "dxa")
    return tc_w


def set_table_widths(tbl, widths_twips: Sequence[int]) -> None:
    """Fixed layout, the table's width and its grid, in a ``w:tbl`` (cells carry their own ``w:tcW``)."""
    tbl_pr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(sum(widths_twips)))
    tbl_w.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(tbl_w)
    tbl_pr.append(layout)
    grid = tbl.tblGrid
    for old in list(grid):
        grid.remove(old)
    for w in widths_twips:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(w))
        grid.append(col)


def text_width_of(section) -> float:
    """The width between a section's margins, in points."""
    return (section.page_width - section.left_margin - section.right_margin) / 12700
