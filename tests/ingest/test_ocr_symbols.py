"""Which recognised words beside a number are read again for a currency or "%" (``ocr._neighbours``)."""

from __future__ import annotations

from planmonitor.ingest.readers.ocr import _neighbours
from planmonitor.ingest.readers.ocr_tesseract import OcrWord


def _word(text: str, left: int, top: int, width: int = 60, height: int = 30) -> OcrWord:
    return OcrWord(text=text, left=left, top=top, width=width, height=height, conf=90.0)


def test_a_currency_wrapped_under_its_number_is_read_again():
    """"3580547,00" / "ЕОК" in a narrow cell: the word under the number is a neighbour, as is the one
    right of it; a word under another column, a number under it and a word two lines down are not."""
    number = _word("3580547,00", 1000, 500, width=200)
    under = _word("ЕОК", 1005, 540)
    right = _word("Проекти", 1250, 502)
    elsewhere = _word("европейски", 1300, 540)
    figures = _word("000", 1010, 545)
    far = _word("програми", 1000, 620)
    found = [number, under, right, elsewhere, figures, far]
    assert set(_neighbours(number, found)) == {under, right}
