"""Stage 1 for a scanned PDF (pages that are only images): recognise the text, then read it as any PDF.

``pdf.py`` hands a PDF with no text layer here. Page by page:

1. render the page to a grey image at ``OCR_DPI`` (pypdfium2, which pdfplumber
   already brings) and turn it level if it was scanned askew (``ocr_deskew``);
2. find the table's ruling lines in the image (``ocr_rules``) and paint them
   white, so they do not stick to the letters;
3. recognise the words with Tesseract (``ocr_tesseract``): text, box and
   confidence; boxes become PDF points, letter-sized ink no word covers becomes
   a word "�" of confidence 0 (``ocr_ink``), and the words of one printed line
   get that line's top and bottom (a word without ascenders otherwise looks lower);
4. give the rules to pdfplumber's own table finder (explicit strategy): the
   cells and merged cells come out as for a PDF with drawn lines, and each
   cell gets the words whose centre lies in it (``ocr_tables``; rules only
   between rows take their columns from the header's words, ``ocr_columns``);
   words outside tables become lines of text;
5. report the page done to ``progress(page, pages)``.

Then, over the whole file, exactly as ``pdf.py`` does: a file without a ruled
table is read from the words' alignment (``pdf_unruled``); page numbers and
running headers are marked; tables are stitched over page breaks. Every word
Tesseract was less sure of than ``ReadSettings.ocr_min_confidence`` is kept as
a ``Doubt`` with its cell, and becomes a warning at its measure and field
(``ocr_doubts``), so the review shows each value to check against the scan.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from statistics import median

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Document, Doubt, Place
from planmonitor.ingest.readers.ocr_columns import HeaderColumns
from planmonitor.ingest.readers.ocr_deskew import deskew
from planmonitor.ingest.readers.ocr_ink import MARK, unread_marks
from planmonitor.ingest.readers.ocr_rules import find_rules
from planmonitor.ingest.readers.ocr_tables import opening as _opening
from planmonitor.ingest.readers.ocr_tables import page_tables
from planmonitor.ingest.readers.ocr_tesseract import (
    SYMBOL_LANGUAGE,
    OcrWord,
    find_tesseract,
    missing_tesseract,
    recognise,
)
from planmonitor.ingest.readers.pdf import damaged, pages_to_blocks
from planmonitor.ingest.readers.pdf_tables import Part, filled_rows
from planmonitor.ingest.readers.pdf_text import WIDE_GAP, Line, mark_furniture
from planmonitor.ingest.settings import ReadSettings

OCR_DPI = 300  # Tesseract reads small table print far better at 300 dpi than at a scan's usual 200
Progress = Callable[[int, int], None]


def scanned_pdf_to_document(data: bytes, filename: str, settings: ReadSettings | None = None,
                            progress: Progress | None = None) -> Document:
    """Read an image-only PDF by recognising its text; ``progress(done, total)`` after each page."""
    import pdfplumber
    import pypdfium2

    settings = ReadSettings.resolve(settings)
    program = find_tesseract(settings.tesseract_path)
    if program is None:
        raise missing_tesseract(filename)
    try:  # pdf.py has opened it already; pdfium may still refuse what pdfminer took
        rendered = pypdfium2.PdfDocument(data)
    except Exception as exc:
        raise damaged(filename, exc) from exc
    plumbed = pdfplumber.open(io.BytesIO(data))
    try:
        total = len(rendered)
        pages: list[tuple[list[Part], list[Line]]] = []
        words: list[list[dict]] = []
        doubts: list[Doubt] = []
        ruled = False
        margins: list[tuple[list[Line], float]] = []
        header = HeaderColumns()  # rows ruled only between them: the columns of the last header met
        for number in range(1, total + 1):
            image, page = _page(rendered, plumbed, number, filename)
            image = deskew(image)
            rules = find_rules(image, OCR_DPI)
            page_words = _words(image, rules, program, settings, filename, number)
            parts, outside, page_doubts = page_tables(page, rules, page_words, number, settings.ocr_min_confidence,
                                                      header)
            ruled = ruled or any(filled_rows(part.rows) >= 2 for part in parts)
            lines = _lines(outside, number)
            margins.append((lines, page.height))
            doubts += page_doubts + [Doubt(number, w["text"], line.text, w["conf"]) for line in lines
                                     for w in outside if w["conf"] < settings.ocr_min_confidence
                                     and _on(w, line)]
            pages.append((parts, lines))
            words.append(outside)
            page.close()
            if progress is not None:
                progress(number, total)
    finally:
        rendered.close()
        plumbed.close()
    if not any(words) and not any(parts for parts, _ in pages):
        raise IngestError("PDF файлът няма текстов слой (сканиран документ) и в страниците му не е разпознат текст.",
                          "The PDF has no text layer (a scanned document) and no text was recognised on its pages.",
                          Place(file=filename))
    _mark_margins(margins)
    if not ruled:
        from planmonitor.ingest.readers.ocr_unruled import SEGMENT_GAP_PER_SIZE, spell_header, unruled_words
        from planmonitor.ingest.readers.pdf_unruled import unruled_tables

        mark_furniture([lines for _, lines in pages])
        # A mark of unread ink alone in its place stays out of tables found from alignment: it would
        # start a row or a column there. One between words of its line ("€ � 700") is kept.
        words = [[w for w in page_words if w["text"] != MARK or _between_words(w, page_words)]
                 for page_words in words]
        pages = unruled_tables([(unruled_words(w, _opening), n, lines)
                                for n, (w, (_, lines)) in enumerate(zip(words, pages, strict=True), start=1)],
                               spelling=spell_header, gap_per_size=SEGMENT_GAP_PER_SIZE)
    items = [sorted([*parts, *lines], key=lambda item: item.top) for parts, lines in pages]
    mark_furniture(items)
    return Document(source=filename, format="pdf", blocks=tuple(pages_to_blocks(items, filename)), pages=len(pages),
                    doubts=tuple(doubts))


def _between_words(mark: dict, words: list[dict]) -> bool:
    """Whether recognised words of the mark's printed line stand close on both sides of it."""
    reach = 2 * (mark["bottom"] - mark["top"])
    line = [w for w in words if w["top"] == mark["top"] and w["text"] != MARK]
    return (any(0 <= mark["x0"] - w["x1"] <= reach for w in line)
            and any(0 <= w["x0"] - mark["x1"] <= reach for w in line))


def _page(rendered, plumbed, number: int, filename: str):
    """Page ``number``'s grey image at ``OCR_DPI`` and its pdfplumber page. Only these two reads can
    meet a damaged file (pdfium and pdfminer raise many kinds); an error in the reading after them is
    the reader's own and is not passed off as a damaged file."""
    try:
        image = rendered[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil().convert("L")
        return image, plumbed.pages[number - 1]
    except Exception as exc:
        raise damaged(filename, exc, number) from exc


def _words(image, rules: list[dict], program: str, settings: ReadSettings, filename: str, page: int) -> list[dict]:
    """The page's words as pdfplumber-like word dicts in points, each with Tesseract's confidence."""
    from PIL import ImageDraw

    clean = image.copy()
    draw = ImageDraw.Draw(clean)
    k = OCR_DPI / 72
    for rule in rules:
        pad = rule["thickness"] / 2 + 1.0  # a point beyond the ink: a scan's grey edge read as "|" or "“"
        draw.rectangle(((rule["x0"] - pad) * k, (rule["top"] - pad) * k, (rule["x1"] + pad) * k,
                        (rule["bottom"] + pad) * k), fill=255)
    png = io.BytesIO()
    clean.save(png, format="PNG")
    found = recognise(png.getvalue(), program, settings.ocr_timeout, filename, page)
    found = _symbols(clean, found, program, settings, filename, page)
    words = [{"text": w.text, "x0": w.left / k, "x1": (w.left + w.width) / k, "top": w.top / k,
              "bottom": (w.top + w.height) / k, "conf": w.conf, "fontname": "", "size": 0.0} for w in found]
    return _level(words + unread_marks(clean, words, k))


SYMBOL = re.compile(r"[€%№$]|^(?:EUR|BGN|USD)\W*$")


def _symbols(image, found: list[OcrWord], program: str, settings: ReadSettings, filename: str,
             page: int) -> list[OcrWord]:
    """Read "€", "%" and "EUR" beside numbers with a model that knows them.

    The Bulgarian model cannot write them, so "34 000 €" comes out "34 000 6" and "EUR" "ЕПК";
    with English added, short Bulgarian words come out Latin ("ДСП" as "TCI"). So a page with
    numbers is read a second time with English alone (with both languages the Bulgarian letters
    still won: "€" came out "6" or "Е"), and a word next to a number is replaced only when a second
    reading's word over it holds such a symbol (by all the words over it: "€ 1" first read as one
    word; by the sign alone where the number itself is under it too: "174" "90" read for "174%"). (Reading only the pieces
    beside numbers, stacked into one strip, was tried: out of their line Tesseract read "€" as "°".)
    """
    pieces = {id(word): word for number in found if any(ch.isdigit() for ch in number.text)
              for word in _neighbours(number, found)}
    if not pieces:
        return found
    png = io.BytesIO()
    image.save(png, format="PNG")
    read = recognise(png.getvalue(), program, settings.ocr_timeout, filename, page, SYMBOL_LANGUAGE)
    replaced = {}
    for word in (w for w in read if SYMBOL.search(w.text)):
        over = sorted((w for w in pieces.values() if _overlap(w, word) > 0.5), key=lambda w: -_overlap(w, word))
        digits = _digits(word.text)
        number = next((w for w in over if digits and _digits(w.text) == digits), None)  # "174" of "174%"
        target = next((w for w in over if w is not number), number)
        if target is None:
            continue
        if digits and target is not number:  # "111%" over the "96" beside "111": only "%"
            replaced[id(target)] = replace(target, text=re.sub(r"[\d\s.,]+", "", word.text), conf=word.conf)
            continue
        # "€ 1" read first as one word "ет": all the second reading's words over it, not the sign alone
        inside = sorted((w for w in read if _overlap(w, target) > 0.5
                         and target.left <= w.left + w.width / 2 <= target.left + target.width), key=lambda w: w.left)
        inside = inside if word in inside else [word]
        replaced[id(target)] = replace(target, text=" ".join(w.text for w in inside),
                                       conf=min(w.conf for w in inside))
    return [replaced.get(id(w), w) for w in found]


def _digits(text: str) -> str:
    """The figures of a word alone ("174%" -> "174")."""
    return re.sub(r"\D", "", text)


def _overlap(a: OcrWord, b: OcrWord) -> float:
    """The share of the smaller box that the two boxes have in common."""
    width = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    height = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    return width * height / max(1, min(a.width * a.height, b.width * b.height))


def _neighbours(number: OcrWord, found: list[OcrWord]) -> list[OcrWord]:
    """The nearest word left and right of a number on its line, and the word under it on the next line
    (where a currency or "%" stands)."""
    middle = number.top + number.height / 2
    same = [w for w in found if w is not number and abs(w.top + w.height / 2 - middle) < number.height / 2]
    # A box may reach into its neighbour's ("8400" over the left of the "€" read as "6" beside it).
    right = [w for w in same if w.left > number.left and -number.height <= w.left - (number.left + number.width)
             < 3 * number.height]
    left = [w for w in same if w.left < number.left and -number.height <= number.left - (w.left + w.width)
            < 3 * number.height]
    out = []
    if right:
        out.append(min(right, key=lambda w: w.left))
    if left:
        out.append(max(left, key=lambda w: w.left + w.width))
    bottom = number.top + number.height  # a currency a narrow cell wrapped to the line below ("3580547,00" / "EUR")
    below = [w for w in found if 0 <= w.top - bottom < number.height and w.left < number.left + number.width
             and w.left + w.width > number.left and not any(ch.isdigit() for ch in w.text)]
    if below:
        out.append(min(below, key=lambda w: (w.top, w.left)))
    return out


def _level(words: list[dict]) -> list[dict]:
    """Group words into printed lines and give each word its line's top, bottom and size.

    The size is the line's height, set to the page's usual height when close
    to it, so that lines of one font compare equal as they do in a PDF with text."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        middle = (word["top"] + word["bottom"]) / 2
        line = next((ln for ln in reversed(lines[-8:]) if ln[0]["top"] <= middle <= ln[0]["bottom"]), None)
        if line is None:
            lines.append([word])
        else:
            line.append(word)
    heights = [max(w["bottom"] for w in ln) - min(w["top"] for w in ln) for ln in lines]
    usual = median(heights) if heights else 0.0
    for line, height in zip(lines, heights, strict=True):
        top, bottom = min(w["top"] for w in line), max(w["bottom"] for w in line)
        size = round(usual if 0.75 * usual <= height <= 1.3 * usual else height)
        for word in line:
            word.update(top=top, bottom=bottom, size=float(size))
    return sorted(words, key=lambda w: (round(w["top"]), w["x0"]))


def _lines(words: list[dict], number: int) -> list[Line]:
    """Words outside tables as printed lines (words of one line share its top after ``_level``)."""
    rows: dict[float, list[dict]] = {}
    for word in words:
        rows.setdefault(word["top"], []).append(word)
    out = []
    for _, row in sorted(rows.items()):
        row.sort(key=lambda w: w["x0"])
        gaps = sum(1 for a, b in zip(row, row[1:], strict=False) if b["x0"] - a["x1"] > WIDE_GAP)
        out.append(Line(page=number, top=row[0]["top"], bottom=row[0]["bottom"], x0=row[0]["x0"],
                        x1=max(w["x1"] for w in row), text=_opening(" ".join(w["text"] for w in row)),
                        size=row[0]["size"],
                        bold=False, gaps=gaps))
    return out


def _mark_margins(pages: list[tuple[list[Line], float]]) -> None:
    """Running headers and footers that recognition spelled differently on each page ("Стр. 3 от 5",
    "Стр. Зот 5"): a short line in the top or bottom tenth of the page whose first word starts such a
    line on another page at the same height. ``pdf._mark_furniture`` then finds the rest."""
    def key(line: Line) -> tuple[str, int]:
        return line.text.split()[0].lower().strip(".:-"), round(line.top / 12)

    margin = [(line, "page-header" if line.bottom < 0.1 * height else "page-footer")
              for lines, height in pages for line in lines
              if len(line.text.split()) <= 6 and (line.bottom < 0.1 * height or line.top > 0.9 * height)]
    counts = Counter(key(line) for line, _ in margin)
    for line, kind in margin:
        if counts[key(line)] >= 2 and line.furniture is None:
            line.furniture = kind


def _on(word: dict, line: Line) -> bool:
    return word["top"] == line.top and line.x0 <= word["x0"] <= line.x1
