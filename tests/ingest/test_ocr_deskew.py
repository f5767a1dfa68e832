"""A page scanned askew is turned level before its rules and words are read (``readers/ocr_deskew.py``)."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from planmonitor.ingest.readers.ocr_deskew import deskew, skew_angle
from planmonitor.ingest.readers.ocr_rules import find_rules


def _page() -> Image.Image:
    """A table of 6 rows and 3 columns with a line of "text" (short dashes) in each cell, at 300 dpi."""
    image = Image.new("L", (2480, 1754), 255)
    draw = ImageDraw.Draw(image)
    for y in range(300, 1501, 200):
        draw.line((200, y, 2280, y), fill=0, width=4)
    for x in (200, 900, 1600, 2280):
        draw.line((x, 300, x, 1500), fill=0, width=4)
    for y in range(360, 1500, 200):
        for x in (240, 940, 1640):
            for k in range(0, 560, 40):
                draw.rectangle((x + k, y, x + k + 28, y + 30), fill=0)
    return image


@pytest.mark.parametrize("degrees", [0.6, -1.3, 3.2])
def test_the_angle_a_page_was_turned_by_is_found(degrees):
    turned = _page().rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert skew_angle(turned) == pytest.approx(-degrees, abs=0.15)


def test_a_level_page_and_a_blank_one_are_left_as_they_are():
    page = _page()
    assert deskew(page) is page
    blank = Image.new("L", (1000, 1400), 255)
    assert deskew(blank) is blank


def test_the_rules_of_a_page_turned_back_are_found_again():
    """At 1.5 degrees no rule is a long run of one pixel row: the table would be lost without this."""
    turned = _page().rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert not [r for r in find_rules(turned, 300) if r["height"] == 0.0 and r["width"] > 400]
    level = find_rules(deskew(turned), 300)
    assert len([r for r in level if r["height"] == 0.0]) == 7 and len([r for r in level if r["width"] == 0.0]) == 4
