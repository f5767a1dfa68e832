"""Recognised words for tables with no rules (``ocr_unruled``): font-like line boxes, header words
spelled right, headings not cut into columns. Plain word dicts as ``ocr._level`` gives them (the
words of a printed line share its top and bottom), no Tesseract needed."""

from __future__ import annotations

from planmonitor.ingest.headers import role_of
from planmonitor.ingest.readers.ocr_unruled import SEGMENT_GAP_PER_SIZE, spell_header, unruled_words
from planmonitor.ingest.readers.pdf_unruled import _bands, unruled_tables

CHAR = 4.5  # points a letter of 8-point print takes


def _line(top: float, bottom: float, *pieces: tuple[float, str], gap: float = 3.0, size: float = 8.0) -> list[dict]:
    """The words of one printed line: each piece (x, text) split at spaces, the words ``gap`` apart."""
    words = []
    for x, text in pieces:
        for word in text.split():
            words.append({"text": word, "x0": x, "x1": x + CHAR * len(word), "top": top, "bottom": bottom,
                          "conf": 95.0, "fontname": "", "size": size})
            x += CHAR * len(word) + gap
    return words


def _full(top: float, *pieces: tuple[float, str]) -> list[dict]:
    """A line with capitals and letters below the line: the ink is a full line, 8 points."""
    return _line(top, top + 8.0, *pieces)


def test_misread_header_words_are_spelled_right():
    """One letter misread ("Пелева"), "№" read as "Хо", a last letter lost ("Очакван"), and words
    run together ("Пелевастойностна": the space in "т на" lost) all name their column again."""
    assert spell_header("Пелева\nстойност") == "Целева\nстойност"
    assert role_of(spell_header("Хо\nпо\nред")) == "code"
    assert spell_header("Очакван\nстойност") == "Очаквана\nстойност"
    assert role_of(spell_header("Очакван\nстойност")) == "target"
    assert role_of(spell_header("Пелевастойностна\nиндикатора")) == "target"


def test_a_header_word_broken_at_the_column_edge_stays_as_it_is():
    """A piece of a broken header word ("стойнос" / "т на") is not "put right" into a whole word,
    and right words are left alone."""
    assert spell_header("стойнос") == "стойнос"
    assert spell_header("Времев\nи\nпериод") == "Времев\nи\nпериод"
    assert spell_header("Отговорна институция") == "Отговорна институция"
    assert spell_header("Брой обхванати деца") == "Брой обхванати деца"


def test_a_line_of_small_letters_gets_a_full_line_box():
    """Ink of small letters only ("а", "не") starts lower than a capital's; after ``unruled_words``
    every line is as tall as a full one and the white space between the lines is the same."""
    words = []
    for k in range(6):  # full lines at a pitch of 10.8
        words += _full(100 + 10.8 * k, (40, "Брой проведени"), (200, "Дирекция"))
    words += _line(100 + 10.8 * 6 + 2.0, 100 + 10.8 * 6 + 6.4, (40, "а"), (200, "не"))  # x-height only
    words += _line(100 + 10.8 * 7, 100 + 10.8 * 7 + 6.2, (40, "Нова"), (200, "Текст"))  # no descender
    words += _line(100 + 10.8 * 8 + 2.0, 100 + 10.8 * 8 + 8.0, (40, "ред"), (200, "партньори"))  # no capital
    out = unruled_words(words)
    boxes = sorted({(w["top"], w["bottom"]) for w in out})
    heights = [bottom - top for top, bottom in boxes]
    gaps = [b[0] - a[1] for a, b in zip(boxes, boxes[1:], strict=False)]
    assert max(heights) - min(heights) < 0.6
    assert max(gaps) - min(gaps) < 0.6
    assert {w["size"] for w in out} == {8.0}


def test_a_misread_heading_opener_is_put_right_at_a_segment_start():
    """"Пел 1." at the start of a line reads as "Цел 1." when given ``ocr._opening``; elsewhere a
    word stays as read."""
    from planmonitor.ingest.readers.ocr import _opening

    words = _full(100, (40, "Пел 1. Разширяване на достъпа")) + _full(120, (40, "Брой"), (200, "Пел 2."))
    out = unruled_words(words, _opening)
    assert [w["text"] for w in out][:2] == ["Цел", "1."]
    assert [w["text"] for w in out if w["top"] > 110] == ["Брой", "Цел", "2."]


def test_a_large_heading_is_one_segment_with_ocr_gaps():
    """Recognised words of a 12-point heading stand ~7 points apart (ink boxes): with the gap grown
    with the line's size the heading is one segment, not columns; 8-point cells still part."""
    heading = _line(100, 112, (40, "Цел 1: Повишаване на здравните знания"), gap=7.0, size=12.0)
    row = _line(120, 128, (40, "Популяризиране на"), (160, "МКБППМН"))
    assert len(_bands(heading)[0]) > 1  # as the text layer's reading would cut it
    bands = _bands(heading + row, SEGMENT_GAP_PER_SIZE)
    assert [len(band) for band in bands] == [1, 2]


def test_an_unruled_scan_table_keeps_its_header_in_one_row():
    """A header whose words recognition misspelt, with a last line of small letters, is one header
    row naming its columns; the rows under it are rows of their own."""
    words = []
    header = [(40, "Дейности"), (160, "Хо"), (220, "Стойно"), (300, "Пелева"), (380, "Отговорна")]
    words += _full(100, *header)
    words += _full(110.8, (220, "ст към"), (300, "стойност"), (380, "институция"))
    words += _full(121.6, (220, "момент"))
    words += _line(134.4, 138.8, (220, "а"), size=4.0)  # small letters only: ink two points lower, "size" 4
    for k, (activity, code, value) in enumerate((("Организиране на срещи", "1.1", "72 лица"),
                                                 ("Провеждане на кампании", "1.2", "85 деца"),
                                                 ("Подкрепа за родители", "1.3", "40 деца"))):
        top = 160 + 32.4 * k
        words += _full(top, (40, activity), (160, code), (220, value), (300, "100 лица"), (380, "Община"))
        words += _full(top + 10.8, (40, "в кварталите"), (380, "Ихтиман"))
    pages = [(unruled_words(words), 1, [])]
    parts, _ = unruled_tables(pages, spelling=spell_header, gap_per_size=SEGMENT_GAP_PER_SIZE)[0]
    rows = parts[0].rows
    assert [role_of(cell) for cell in rows[0]] == ["measure", "code", "baseline", "target", "responsible"]
    assert [row[1] for row in rows[1:]] == ["1.1", "1.2", "1.3"]
