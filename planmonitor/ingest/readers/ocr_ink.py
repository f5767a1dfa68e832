"""Ink that recognition left unread: a mark "�" where a letter or figure stands but no word was read.

Tesseract's sparse-text mode drops a lone short piece of text: the "а" that a
narrow column wrapped onto its own line ("изпълнен" / "а"), the "1" before
"355 873,00", a "%" standing apart. Its confidence cannot warn of a word it
never returned, so the value comes out shorter and looks right. Here the page
image is searched for what is left once the rules and every recognised word
are painted white: a blob of ink the size of a letter becomes a word "�"
(Unicode's replacement character) with confidence 0 at its place. It then
flows like any word: into its cell or line, so the value reads "изпълнен �"
and the review's warning names that field (``ocr_doubts``), and a status or a
sum with "�" in it is also no longer taken for a clean one.

Small specks (a scan's dust, the stub of a rule crossing) and large shapes (a
stamp, a signature, a logo) are not letters and are left alone. Pillow only:
the image is thresholded and shrunk by ``CELL`` so the search for blobs walks
a few thousand dark cells in Python, not millions of pixels.
"""

from __future__ import annotations

from PIL import ImageDraw

from planmonitor.ingest.readers.ocr_rules import DARK

MARK = "\ufffd"
CELL = 6  # pixels per cell of the shrunk image (at 300 dpi half a point)
WORD_PAD = 3  # pixels around a recognised word's box that belong to it (anti-aliased edges)
MIN_HEIGHT = 3.0  # points: a comma or a speck is lower; a small letter is not
MAX_HEIGHT_LINES = 2.5  # times the usual line height: taller is a stamp or a drawing
MAX_WIDTH = 120.0  # points: a lost word is narrower than this; a signature or a logo is not
MIN_CELLS = 4  # shrunk cells: fewer is a speck


def unread_marks(clean, words: list[dict], scale: float) -> list[dict]:
    """Words "�" for letter-sized ink no recognised word covers on ``clean`` (rules already painted white).

    ``words`` are in points (``scale`` pixels per point); so are the marks,
    which carry ``conf`` 0 and the usual word keys.
    """
    if not words:
        return []
    page = clean.copy()
    draw = ImageDraw.Draw(page)
    for word in words:
        draw.rectangle((word["x0"] * scale - WORD_PAD, word["top"] * scale - WORD_PAD,
                        word["x1"] * scale + WORD_PAD, word["bottom"] * scale + WORD_PAD), fill=255)
    small = page.point(lambda v: 0 if v < DARK else 255).reduce(CELL)
    heights = sorted(w["bottom"] - w["top"] for w in words)
    usual = heights[len(heights) // 2]
    step = CELL / scale
    out = []
    for x0, top, x1, bottom, cells in _blobs(small):
        box = (x0 * step, top * step, x1 * step, bottom * step)
        height, width = box[3] - box[1], box[2] - box[0]
        if cells < MIN_CELLS or height < MIN_HEIGHT or height > MAX_HEIGHT_LINES * usual or width > MAX_WIDTH:
            continue
        if any(_box_short_of(word, box) for word in words):
            continue
        out.append({"text": MARK, "x0": box[0], "x1": box[2], "top": box[1], "bottom": box[3], "conf": 0.0,
                    "fontname": "", "size": 0.0})
    return out


def _box_short_of(word: dict, box: tuple[float, float, float, float]) -> bool:
    """Whether the ink is the end (or start) of a recognised word whose box came out short: on its line
    and closer to it than half a letter of that word. Tesseract's box of "2453210" may stop before the
    last "0" it read; a letter lost after a space stands a space away."""
    overlap = min(word["bottom"], box[3]) - max(word["top"], box[1])
    if overlap < 0.5 * (box[3] - box[1]):
        return False
    letter = (word["x1"] - word["x0"]) / max(1, len(word["text"]))
    gap = max(box[0] - word["x1"], word["x0"] - box[2])
    return gap < 0.5 * letter


def _blobs(small) -> list[tuple[int, int, int, int, int]]:
    """Groups of touching dark cells (eight neighbours): their box (in cells) and their size."""
    width, height = small.size
    data = small.tobytes()
    dark = {i for i, value in enumerate(data) if value < 200}
    out = []
    while dark:
        seed = dark.pop()
        stack, xs, ys = [seed], [], []
        while stack:
            i = stack.pop()
            y, x = divmod(i, width)
            xs.append(x)
            ys.append(y)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    nx, ny = x + dx, y + dy
                    j = ny * width + nx
                    if 0 <= nx < width and 0 <= ny < height and j in dark:
                        dark.remove(j)
                        stack.append(j)
        out.append((min(xs), min(ys), max(xs) + 1, max(ys) + 1, len(xs)))
    return out
