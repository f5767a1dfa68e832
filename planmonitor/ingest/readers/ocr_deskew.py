"""A scanned page straightened before anything is read from it: paper is seldom fed perfectly square.

A page turned by a degree moves a line's end by several points over the width
of a table: the rules are no longer long runs of one pixel row (``ocr_rules``
finds none, and the table falls apart into text), and a printed line's words no
longer share a top. The angle is found from the page itself: printed lines
and rules are horizontal, so the page turned back by the right angle has the
sharpest profile of ink per pixel row (rows of ink and rows of white, instead
of every row a little grey). Each candidate is a rotation of a quarter-size
copy and one ``resize`` to a single column (Pillow averages each row in C), so
a page costs a few hundredths of a second; then the full page is turned once.
"""

from __future__ import annotations

from PIL import Image

from planmonitor.ingest.readers.ocr_rules import DARK

MAX_DEGREES = 5.0  # a page fed more crookedly than this is rescanned, not read
COARSE, FINE = 0.5, 0.1  # degrees between candidates in the two passes
SHRINK = 4  # the quarter-size copy the angle is measured on
MIN_DEGREES = 0.1  # below this the page is left as it is (turning blurs it a little)


def deskew(image: Image.Image) -> Image.Image:
    """``image`` (grey) turned so that its printed lines are level; the same image when it already is."""
    angle = skew_angle(image)
    if abs(angle) < MIN_DEGREES:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def skew_angle(image: Image.Image) -> float:
    """The angle (degrees, counter-clockwise as ``Image.rotate`` takes it) that levels the page's lines."""
    ink = image.reduce(SHRINK).point(lambda v: 255 if v < DARK else 0)
    if ink.getbbox() is None:
        return 0.0  # a blank page
    best = max(_candidates(0.0, MAX_DEGREES, COARSE), key=lambda a: _sharpness(ink, a))
    return max(_candidates(best, COARSE, FINE), key=lambda a: (_sharpness(ink, a), -abs(a)))


def _candidates(centre: float, reach: float, step: float) -> list[float]:
    count = round(reach / step)
    return [round(centre + i * step, 3) for i in range(-count, count + 1)]


def _sharpness(ink: Image.Image, angle: float) -> float:
    """How much the ink per pixel row varies with the page turned by ``angle``: highest when level."""
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0) if angle else ink
    rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    return float(sum(value * value for value in rows))
