"""Letters recognition never returned become a mark "�" at their place (``readers/ocr_ink.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from planmonitor.ingest.model import Doubt, Place
from planmonitor.ingest.outline import MeasureDraft
from planmonitor.ingest.readers.ocr_doubts import doubts_to_warnings
from planmonitor.ingest.readers.ocr_ink import MARK, unread_marks

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SCALE = 300 / 72  # pixels per point, as the reader renders


def _word(text: str, box: tuple[int, int, int, int]) -> dict:
    """A recognised word at a pixel box, in points as the reader keeps it."""
    x0, top, x1, bottom = (v / SCALE for v in box)
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "conf": 96.0, "fontname": "", "size": 0.0}


@pytest.fixture
def page():
    if not Path(FONT).exists():
        pytest.skip("DejaVu fonts are not installed (fonts-dejavu-core)")
    image = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 38)
    words = []
    for text, xy in (("изпълнен", (100, 100)), ("2453210", (600, 100)), ("лв.", (800, 100))):
        draw.text(xy, text, fill=0, font=font)
        words.append(_word(text, draw.textbbox(xy, text, font=font)))
    draw.text((100, 150), "а", fill=0, font=font)  # the wrapped last letter nobody read
    words[1]["x1"] -= 12 / SCALE  # the box of "2453210" stops short of its last "0", as Tesseract's may
    draw.rectangle((1000, 500, 1002, 502), fill=0)  # a speck of dust
    draw.rectangle((900, 600, 1350, 880), fill=0)  # a stamp
    return image, words


def test_a_letter_no_word_covers_becomes_a_mark_at_its_place(page):
    image, words = page
    marks = unread_marks(image, words, SCALE)
    assert [m["text"] for m in marks] == [MARK]
    mark = marks[0]
    assert mark["conf"] == 0.0
    assert 100 / SCALE - 2 < mark["x0"] < 130 / SCALE and 150 / SCALE < mark["bottom"] < 210 / SCALE


def test_specks_stamps_and_short_word_boxes_are_no_marks(page):
    """With the lost letter read, nothing is left: the speck, the stamp and the end of "2453210" its
    box missed are not letters anybody lost."""
    image, words = page
    words.append(_word("а", (98, 150, 130, 200)))
    assert unread_marks(image, words, SCALE) == []


def test_a_mark_in_a_cell_is_a_warning_at_its_field():
    draft = MeasureDraft(code="2.6", text="Мярка", priority="Заетост", goal="2", task=None,
                         cells=(("status", f"изпълнен {MARK}"), ("responsible", "ЦОП")),
                         place=Place(file="scan.pdf", page=1, table=1, row=3))
    [warning] = doubts_to_warnings((Doubt(1, MARK, f"изпълнен\n{MARK}", 0.0),), (draft,), "bg")
    assert (warning.code, warning.field, warning.index) == ("2.6", "status", 0)
    assert "не е разпозната" in warning.message
