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


def test_a_sign_read_together_with_a_figure_keeps_the_figure(monkeypatch):
    """"€ 1 700" first read as "ет 700": the second reading's "€" and "1" over "ет" both replace it
    (not the "€" alone, which lost the "1"); "ЕПК" under "EUR" becomes "EUR"."""
    from PIL import Image

    from planmonitor.ingest.readers import ocr
    from planmonitor.ingest.settings import ReadSettings

    first = [_word("ет", 1000, 500, width=40), _word("700", 1060, 500), _word("ЕПК", 1300, 500),
             _word("4200", 1200, 500, width=80)]
    second = [_word("€", 1000, 500, width=18), _word("1", 1028, 500, width=10), _word("700", 1060, 500),
              _word("EUR", 1300, 500), _word("4200", 1200, 500, width=80)]
    monkeypatch.setattr(ocr, "recognise", lambda *args, **kwargs: second)
    out = ocr._symbols(Image.new("L", (10, 10), 255), first, "tesseract", ReadSettings.resolve(None), "a.pdf", 1)
    assert [w.text for w in out] == ["€ 1", "700", "EUR", "4200"]
