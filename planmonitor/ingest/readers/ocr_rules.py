"""Ruling lines of a scanned page: the table's rules, found in the image, as pdfplumber line objects.

A scan has no drawn lines to read, only pixels. A rule is a long thin run of
dark pixels: each pixel row is searched for runs of at least ``min_length``
dark pixels (a regular expression over the row's bytes, so no per-pixel
Python loop and no image library beyond Pillow), runs on neighbouring rows
are joined into one rule, and a "rule" thicker than ``MAX_THICKNESS`` points
(a filled block, a logo) is dropped. Vertical rules are found the same way on
the transposed image. Letters never make runs this long; an underline may,
and is harmless: a rule that meets no other rule makes no cell.

The rules come back as pdfplumber ``line`` objects in PDF points, so
pdfplumber's own table finder (explicit strategy) turns them into cells
exactly as it does for a PDF with drawn lines; they are also painted white
before recognition, because Tesseract reads a rule touching a letter as part
of it ("|" or a lost letter).
"""

from __future__ import annotations

import re

DARK = 140  # grey level below which a pixel is ink
MIN_H_POINTS = 18.0  # a horizontal rule is at least this long (a narrow column's width)
MIN_V_POINTS = 9.0  # a vertical rule at least this tall (a one-line row's height)
MAX_THICKNESS = 3.0  # points: thicker runs are filled shapes, not rules


def find_rules(image, dpi: float) -> list[dict]:
    """Horizontal and vertical rules of a greyscale page image, as pdfplumber line objects in points."""
    from PIL import Image

    scale = 72.0 / dpi
    ink = image.point(lambda v: 0 if v < DARK else 255)
    out = []
    for orientation, picture in (("h", ink), ("v", ink.transpose(Image.Transpose.TRANSPOSE))):
        minimum = (MIN_H_POINTS if orientation == "h" else MIN_V_POINTS) / scale
        for along0, along1, across0, across1 in _runs(picture, int(minimum), MAX_THICKNESS / scale):
            a0, a1, c0, c1 = along0 * scale, along1 * scale, across0 * scale, (across1 + 1) * scale
            middle = (c0 + c1) / 2
            if orientation == "h":
                out.append({"object_type": "line", "x0": a0, "x1": a1, "top": middle, "bottom": middle,
                            "width": a1 - a0, "height": 0.0, "thickness": c1 - c0})
            else:
                out.append({"object_type": "line", "x0": middle, "x1": middle, "top": a0, "bottom": a1,
                            "width": 0.0, "height": a1 - a0, "thickness": c1 - c0})
    horizontal = [r for r in out if r["height"] == 0.0]
    return horizontal + [r for r in out if r["width"] == 0.0 and _meets(r, horizontal)]


def _meets(vertical: dict, horizontal: list[dict], tolerance: float = 3.0) -> bool:
    """A vertical run is a rule only where it meets a horizontal one (at an end or across it):
    the stroke of a large heading letter is as tall as a row, but meets no rule."""
    return any(h["x0"] - tolerance <= vertical["x0"] <= h["x1"] + tolerance
               and vertical["top"] - tolerance <= h["top"] <= vertical["bottom"] + tolerance for h in horizontal)


def _runs(picture, minimum: int, max_thickness: float) -> list[tuple[int, int, int, int]]:
    """Runs of ink at least ``minimum`` pixels long along the rows, joined over neighbouring rows:
    (start, end, first row, last row) of each rule no thicker than ``max_thickness`` pixels."""
    width, height = picture.size
    data = picture.tobytes()
    pattern = re.compile(rb"\x00{%d,}" % max(minimum, 2))
    open_rules: list[list[int]] = []  # [start, end, first row, last row]
    done: list[list[int]] = []
    for y in range(height):
        row = data[y * width:(y + 1) * width]
        if b"\x00" * minimum not in row:
            continue
        still = []
        for match in pattern.finditer(row):
            start, end = match.start(), match.end()
            rule = next((r for r in open_rules if r[3] == y - 1 and min(end, r[1]) - max(start, r[0])
                         > 0.5 * min(end - start, r[1] - r[0])), None)
            if rule is None:
                rule = [start, end, y, y]
            else:
                open_rules.remove(rule)
                rule[0], rule[1], rule[3] = min(start, rule[0]), max(end, rule[1]), y
            still.append(rule)
        done.extend(open_rules)  # rules not continued on this row are finished
        open_rules = still
    done.extend(open_rules)
    return [(r[0], r[1], r[2], r[3]) for r in done if r[3] - r[2] + 1 <= max_thickness]
