"""Cells merged down over several rows of a PDF table without rules (issue 13, long plans): where the
page shows how far such a cell reaches, its value belongs to every row it reaches; where it does not,
each empty cell under it is flagged (see ``test_hidden_merges``).

Made-up words stand where pdfplumber's would: 9-point lines 10 points apart inside a cell, rows set
further apart.
"""

from __future__ import annotations

from planmonitor.ingest import document_to_plan
from planmonitor.ingest.model import Document
from planmonitor.ingest.readers.pdf import pages_to_blocks
from planmonitor.ingest.readers.pdf_unruled import unruled_tables

STARTS = (40.0, 120.0, 300.0, 420.0)
HEADER = ("№", "Мерки", "Срок", "Отговорни институции")


def word(text: str, x0: float, top: float, bold: bool = False) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5.0 * len(text), "top": top, "bottom": top + 8.0,
            "fontname": "Bold" if bold else "Regular", "size": 9.0}


def row(code: str, top: float, responsible: tuple[str, ...] = (), measure: tuple[str, ...] = ("Курсове по езика",)) -> list[dict]:
    """One table row: its number, measure lines, a period, and responsible lines from ``top`` on."""
    out = [word(code, STARTS[0], top), word("2025", STARTS[2], top)]
    out += [word(t, STARTS[1], top + 10.0 * k) for k, t in enumerate(measure)]
    return out + [word(t, STARTS[3], top + 10.0 * k) for k, t in enumerate(responsible)]


def header(top: float) -> list[dict]:
    return [word(t, x, top, bold=True) for t, x in zip(HEADER, STARTS, strict=True)]


def plan_of(pages: list[list[dict]]) -> dict:
    read = unruled_tables([(words, n, []) for n, words in enumerate(pages, start=1)])
    items = [sorted([*parts, *lines], key=lambda item: item.top) for parts, lines in read]
    doc = Document(source="plan.pdf", format="pdf", blocks=tuple(pages_to_blocks(items, "plan.pdf")), pages=len(pages))
    return document_to_plan(doc).plan


def test_a_merged_cell_whose_text_runs_into_the_next_rows_belongs_to_each_of_them():
    """1.1's responsible cell is taller than its row: its lines go on, at the cell's own spacing, beside
    1.2 and 1.3 (the reader gave them to those rows: one value cut in three, and no warning)."""
    words = header(60.0) + row("1.1.", 85.0, ("Община,", "РУО,", "РЗИ,", "МОН,", "ОДМВР"), ("Мярка", "две"))
    words += row("1.2.", 105.0) + row("1.3.", 125.0, (), ("Мярка", "две")) + row("1.4.", 155.0, ("ДАЗД",))
    plan = plan_of([words])
    whole = "Община, РУО, РЗИ, МОН, ОДМВР"
    assert [" ".join((m["responsible"] or "").split()) for m in plan["measures"]] == [whole, whole, whole, "ДАЗД"]
    assert not [w for w in plan["warnings"] if w.get("field") == "responsible"]


def test_the_rest_of_a_merged_cell_at_the_top_of_the_next_page_is_joined_to_it():
    """1.2's responsible cell ran to the foot of its page and goes on beside 1.3, at the top of the
    next page, mid-sentence ("администрация"): the value is 1.2's and 1.3's, whole."""
    first = header(60.0) + row("1.1.", 85.0, ("РУО",), ("Мярка", "с", "три", "реда")) + row(
        "1.2.", 135.0, ("Регионална", "областна"))
    second = header(60.0) + row("1.3.", 85.0, ("администрация",), ("Мярка", "две")) + row("1.4.", 105.0, ("ДАЗД",))
    plan = plan_of([first, second])
    whole = "Регионална областна администрация"
    assert [" ".join(m["responsible"].split()) for m in plan["measures"]] == ["РУО", whole, whole, "ДАЗД"]


def test_a_row_that_ended_above_the_foot_of_its_page_keeps_the_next_pages_cell_apart():
    """The same small letter at the top of a page after a page whose table ended higher up than the
    others' (nothing was cut there) is the next row's own value."""
    first = header(60.0) + row("1.1.", 85.0, ("РУО", "Областна"))
    second = header(60.0) + row("1.2.", 85.0, ("администрация",), ("Мярка", "две")) + row("1.3.", 115.0, ("РУО",), (
        "Мярка", "с", "много", "редове", "до", "долу"))
    plan = plan_of([first, second])
    assert [" ".join(m["responsible"].split()) for m in plan["measures"]] == ["РУО Областна", "администрация", "РУО"]


def ruled_plan(first: list[tuple], second: list[tuple], covered: dict[int, tuple[int, ...]] | None = None) -> dict:
    """Two pages of a ruled table, each under its repeated header; ``covered``: per row of the second
    page (0 = its first body row), the columns pdfplumber saw merged from the row above."""
    from planmonitor.ingest.readers.pdf_tables import Part

    covered = covered or {}
    pages = []
    for number, rows in ((1, first), (2, second)):
        grid = [list(HEADER)] + [list(r) for r in rows]
        continued = [()] + [covered.get(k, ()) if number == 2 else () for k in range(len(rows))]
        pages.append([Part(page=number, top=50.0, bottom=540.0, columns=(40, 120, 300, 420, 560), rows=grid,
                           continued=continued)])
    doc = Document(source="plan.pdf", format="pdf", blocks=tuple(pages_to_blocks(pages, "plan.pdf")), pages=2)
    return document_to_plan(doc).plan


def test_an_empty_cell_at_the_top_of_a_ruled_page_under_a_value_is_flagged_at_each_row_it_spans():
    """A ruled PDF draws a merged cell's piece on each page; the piece after the break is empty when the
    text stayed above. The reader cannot see the merge over the break: it flags 1.3 and 1.4 (their piece)."""
    plan = ruled_plan([("1.1.", "Мярка", "2025", "РУО"), ("1.2.", "Мярка", "2025", "Община")],
                      [("1.3.", "Мярка", "2025", ""), ("1.4.", "Мярка", "2025", ""), ("1.5.", "Мярка", "2025", "")],
                      {1: (3,)})
    assert [m["responsible"] for m in plan["measures"]] == ["РУО", "Община", None, None, None]
    flagged = {(w["index"], w["field"]) for w in plan["warnings"] if "началото на страница" in w["message"]}
    assert flagged == {(2, "responsible"), (3, "responsible")}


def test_a_list_the_page_cut_after_a_comma_goes_on_in_the_piece_merged_down_on_the_next_page():
    """1.1's responsible ends with a comma at the foot of the page; the next page's piece, merged down
    over 1.2 and 1.3, holds the rest: one value for the three. Without the comma the pieces stay apart."""
    whole = "РУО, ОДМВР, МОН, ДСП"
    plan = ruled_plan([("1.1.", "Мярка", "2025", "РУО, ОДМВР,")],
                      [("1.2.", "Мярка", "2025", "МОН, ДСП"), ("1.3.", "Мярка", "2025", "")], {1: (3,)})
    assert [" ".join(m["responsible"].split()) for m in plan["measures"]] == [whole, whole, whole]
    plan = ruled_plan([("1.1.", "Мярка", "2025", "РУО, ОДМВР")],
                      [("1.2.", "Мярка", "2025", "МОН, ДСП"), ("1.3.", "Мярка", "2025", "")], {1: (3,)})
    assert [m["responsible"] for m in plan["measures"]] == ["РУО, ОДМВР", "МОН, ДСП", "МОН, ДСП"]


def test_a_word_the_page_broke_in_a_ruled_merged_cell_is_joined_back():
    """"сътрудничест" at the foot of the page, "во" in the piece on the next: together a word the plan
    prints whole elsewhere, so the piece is the rest of the cell above (a small letter alone is not enough:
    "ежегодно" may well be the next row's own value)."""
    whole = "Общински съвет за сътрудничество"
    plan = ruled_plan([("1.1.", "Мярка", "2025", "Общински съвет за сътрудничест")],
                      [("1.2.", "Мярка", "2025", "во"), ("1.3.", "Мярка", "2025", whole)])
    assert [" ".join(m["responsible"].split()) for m in plan["measures"]] == [whole, whole, whole]
    plan = ruled_plan([("1.1.", "Мярка", "Летни ваканции", "РУО")], [("1.2.", "Мярка", "ежегодно", "РУО")])
    assert [m["period"]["raw"] for m in plan["measures"]] == ["Летни ваканции", "ежегодно"]


def test_a_list_the_page_cut_after_a_comma_goes_on_in_the_next_pages_piece_of_one_row():
    """The piece after the break covers one row only: the comma that ends the cell above still says
    the list goes on there."""
    whole = "АСП, ЦОП, Областна администрация"
    plan = ruled_plan([("1.1.", "Мярка", "2025", "АСП, ЦОП,")],
                      [("1.2.", "Мярка", "2025", "Областна администрация"), ("1.3.", "Мярка", "2025", "РУО")])
    assert [" ".join(m["responsible"].split()) for m in plan["measures"]] == [whole, whole, "РУО"]


def test_a_ruled_pages_top_cell_that_opens_mid_sentence_is_flagged_with_the_cell_above():
    """"Общински съвет за" / "сътрудничество, МЗ": no comma, no broken word, yet the piece opens with a
    small letter under a cell with no full stop. The reader cannot tell a merged cell's rest from the
    row's own value: it flags that field at the measures on both sides of the break."""
    plan = ruled_plan([("1.1.", "Мярка", "2025", "РУО"), ("1.2.", "Мярка", "2025", "ОДМВР, Общински съвет за")],
                      [("1.3.", "Мярка", "2025", "сътрудничество, МЗ"), ("1.4.", "Мярка", "2025", "")], {1: (3,)})
    flagged = {(w["index"], w["field"]) for w in plan["warnings"] if "по средата на изречение" in w["message"]}
    assert flagged == {(1, "responsible"), (2, "responsible"), (3, "responsible")}
