"""Plans written as DOCX, XLSX, PDF and legacy files in several layouts read back faithfully.

Each case builds a real file from a hand-labelled plan-json (``tests/builders``),
imports it with ``read_plan`` and scores the result with the shared scorer
against what that layout can show (``expected_plan``): measure F1 and field
accuracy must both reach 0.95. The reader-level tests below them pin the
common-grid rules of each format reader (merges, body order, page breaks).
"""

from __future__ import annotations

import importlib.util
import io

import docx
import pytest
from docx.oxml import OxmlElement

from planmonitor.ingest import read_plan
from planmonitor.ingest.model import Paragraph, Table
from planmonitor.ingest.readers.office import missing_component
from planmonitor.ingest.sniff import read_document
from tests.builders import build_docx, build_pdf, build_xlsx
from tests.builders.office import convert, soffice
from tests.builders.plans import clean_plan, expected_plan, load_plan

PLANS = {"kaz": "kazanlak-2017-2020", "tva": "tvarditsa-2024-2027"}
LAYOUTS = ("kazanlak", "tvarditsa", "variant")
needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
needs_calc = pytest.mark.skipif(soffice() is None or missing_component(soffice(), "xlsx") is not None,
                                reason="LibreOffice Calc is not installed")


@pytest.fixture(scope="module")
def scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("score_plan", shared_dir / "tools" / "score_plan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def plans(shared_dir) -> dict[str, dict]:
    return {key: clean_plan(load_plan(shared_dir, name)) for key, name in PLANS.items()}


def assert_scores(scorer, plan: dict, layout: str, data: bytes, filename: str) -> dict:
    result = read_plan(data, filename)
    score = scorer.score(result.plan, expected_plan(plan, layout))
    summary = (f"{filename}: F1 {score['measures']['f1']} fields {score['field_accuracy']} "
               f"{score['measures']} {score['fields']}\nmissing {score['missing'][:5]}\nextra {score['extra'][:5]}\n"
               f"wrong {score['wrong'][:8]}")
    assert score["measures"]["f1"] >= 0.95, summary
    assert score["field_accuracy"] >= 0.95, summary
    return score


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("key", PLANS)
def test_docx_layout_scores(scorer, plans, key, layout):
    """A DOCX in each layout (merged goal cells, two-row header, headings between tables) reads back."""
    assert_scores(scorer, plans[key], layout, build_docx(plans[key], layout), f"{key}-{layout}.docx")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("key", PLANS)
def test_xlsx_layout_scores(scorer, plans, key, layout):
    """An XLSX with the whole plan on one sheet reads back."""
    assert_scores(scorer, plans[key], layout, build_xlsx(plans[key], layout), f"{key}-{layout}.xlsx")


@pytest.mark.parametrize("layout", ("kazanlak", "tvarditsa"))
def test_xlsx_sheet_per_priority_scores(scorer, plans, layout):
    """An XLSX with one sheet per priority, named after it and with no heading row, reads back."""
    data = build_xlsx(plans["tva"], layout, sheet_per_priority=True)
    assert_scores(scorer, plans["tva"], layout, data, f"tva-{layout}-sheets.xlsx")


@needs_libreoffice
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("key", PLANS)
def test_pdf_layout_scores(scorer, plans, key, layout):
    """A ruled PDF over many pages (tables continued, header rows repeated, page numbers) reads back."""
    assert_scores(scorer, plans[key], layout, build_pdf(plans[key], layout), f"{key}-{layout}.pdf")


@needs_libreoffice
@pytest.mark.parametrize("layout", LAYOUTS)
def test_unruled_pdf_scores(scorer, plans, layout):
    """A PDF whose tables have no borders is read from the alignment of its text."""
    data = build_pdf(plans["kaz"], layout, ruled=False)
    assert_scores(scorer, plans["kaz"], layout, data, f"kaz-{layout}-unruled.pdf")


@needs_libreoffice
@pytest.mark.parametrize(("target", "layout"), [("doc", "kazanlak"), ("odt", "variant")])
def test_legacy_text_documents_through_libreoffice(scorer, plans, target, layout):
    """A .doc or .odt (made by LibreOffice from a built DOCX) reads back: the .doc converted by LibreOffice,
    the .odt read from its XML (readers/odf.py)."""
    data = convert(build_docx(plans["tva"], layout), "docx", target)
    assert_scores(scorer, plans["tva"], layout, data, f"tva-{layout}.{target}")


@needs_calc
@pytest.mark.parametrize(("target", "layout"), [("xls", "tvarditsa"), ("ods", "kazanlak")])
def test_legacy_spreadsheets_through_libreoffice(scorer, plans, target, layout):
    """An .xls or .ods (made by LibreOffice from a built XLSX) reads back: the .xls converted by LibreOffice,
    the .ods read from its XML (readers/odf.py)."""
    data = convert(build_xlsx(plans["tva"], layout), "xlsx", target)
    assert_scores(scorer, plans["tva"], layout, data, f"tva-{layout}.{target}")


# Reader-level rules of the common grid -------------------------------------------------------


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_docx_merged_cells_put_text_top_left():
    """A cell merged down and across keeps its text in its top-left grid position, "" elsewhere."""
    def build(document):
        table = document.add_table(rows=4, cols=3)
        for r in range(4):
            for c in range(3):
                table.cell(r, c).text = f"{r}{c}"
        table.cell(1, 0).merge(table.cell(3, 0)).text = "goal"
        table.cell(0, 1).merge(table.cell(0, 2)).text = "wide"

    (table,) = _tables(read_document(_docx(build), "m.docx"))
    assert [r.cells for r in table.rows] == [
        ("00", "wide", ""), ("goal", "11", "12"), ("", "21", "22"), ("", "31", "32")]


def test_docx_keeps_body_order_line_breaks_and_flattens_nested_tables():
    """Headings between tables stay between them; a nested table becomes lines of its cell."""
    def build(document):
        document.add_heading("ПРИОРИТЕТ „ОБРАЗОВАНИЕ“", level=1)
        outer = document.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "1.1. Първа\n1.2. Втора"
        inner = outer.cell(0, 1).add_table(rows=2, cols=2)
        for r, c, text in ((0, 0, "МОН"), (0, 1, "РУО"), (1, 0, "Община"), (1, 1, "")):
            inner.cell(r, c).text = text
        document.add_paragraph("Цел 2. Следваща цел")
        document.add_table(rows=1, cols=2).cell(0, 0).text = "2.1."

    blocks = read_document(_docx(build), "n.docx").blocks
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph", "Table"]
    assert blocks[0].style == "Heading 1"
    assert blocks[1].rows[0].cells == ("1.1. Първа\n1.2. Втора", "МОН РУО\nОбщина")
    assert blocks[2].text == "Цел 2. Следваща цел"


def test_docx_repeated_header_row_arrives_once():
    """A header row marked to repeat on every page is stored, and read, once."""
    def build(document):
        table = document.add_table(rows=3, cols=2)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for r, text in enumerate(("Мерки", "1.1.", "1.2.")):
            table.cell(r, 0).text = text
            table.cell(r, 1).text = "x"

    (table,) = _tables(read_document(_docx(build), "h.docx"))
    assert [r.cells[0] for r in table.rows] == ["Мерки", "1.1.", "1.2."]
    assert [r.place.row for r in table.rows] == [1, 2, 3]


def _rendered_break(cell_or_paragraph, at_start: bool = True) -> None:
    """Put Word's "a page began here" mark into a paragraph (or a cell's first paragraph)."""
    paragraph = cell_or_paragraph.paragraphs[0] if hasattr(cell_or_paragraph, "paragraphs") else cell_or_paragraph
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:lastRenderedPageBreak"))
    if at_start:
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, run)
    else:
        paragraph._p.append(run)


def test_docx_places_carry_the_pages_word_last_laid_out():
    """A file saved by Word records where its pages began: rows and paragraphs get those page numbers,
    a row marked in several cells counts once, and a row that breaks mid-cell starts on the earlier page."""
    def build(document):
        document.add_paragraph("ПРИОРИТЕТ „ОБРАЗОВАНИЕ“")
        table = document.add_table(rows=5, cols=2)
        for r in range(5):
            table.cell(r, 0).text = f"1.{r}."
            table.cell(r, 1).text = f"мярка {r}"
        _rendered_break(table.cell(2, 0))
        _rendered_break(table.cell(2, 1))  # Word marks every cell of the row that opens the page
        _rendered_break(table.cell(3, 1).paragraphs[0], at_start=False)  # row 4 runs over onto page 3
        closing = document.add_paragraph("Цел 2. Следваща")
        _rendered_break(closing)

    document = read_document(_docx(build), "w.docx")
    heading, table, closing = document.blocks
    assert heading.place.page == 1
    assert [r.place.page for r in table.rows] == [1, 1, 2, 2, 3]
    assert table.place.page == 1
    assert closing.place.page == 4
    assert table.rows[4].place.describe() == "w.docx, стр. 3, таблица 1, ред 5"


def test_docx_without_rendering_uses_hard_breaks_or_no_pages():
    """A file never laid out by Word: hard page breaks count; with none, no page numbers are made up."""
    def with_break(document):
        document.add_table(rows=1, cols=1).cell(0, 0).text = "1.1."
        document.add_page_break()
        document.add_table(rows=1, cols=1).cell(0, 0).text = "1.2."

    first, second = _tables(read_document(_docx(with_break), "b.docx"))
    assert (first.rows[0].place.page, second.rows[0].place.page) == (1, 2)

    def plain(document):
        document.add_table(rows=1, cols=1).cell(0, 0).text = "1.1."

    (table,) = _tables(read_document(_docx(plain), "p.docx"))
    assert table.rows[0].place.page is None
    assert "стр." not in table.rows[0].place.describe()


@needs_libreoffice
def test_pdf_table_continued_over_pages_is_one_table(plans):
    """A table that runs over pages is stitched: the first row of each new page says so,
    and page numbers and running headers come out as page furniture."""
    doc = read_document(build_pdf(plans["kaz"], "variant"), "long.pdf")
    (table,) = _tables(doc)
    breaks = [r for r in table.rows if r.page_break_before]
    assert doc.pages > 5
    assert len(breaks) == doc.pages - 1
    assert [r.place.page for r in breaks] == list(range(2, doc.pages + 1))
    furniture = [b for b in doc.blocks if isinstance(b, Paragraph) and b.style in ("page-header", "page-footer")]
    assert {b.text for b in furniture if b.style == "page-footer"} == {
        f"Стр. {n} от {doc.pages}" for n in range(1, doc.pages + 1)}


@needs_libreoffice
def test_pdf_merged_goal_cell_is_top_left_only(plans):
    """pdfplumber's merged cell (a goal spanning its activities) keeps the grid rule."""
    doc = read_document(build_pdf(plans["kaz"], "kazanlak"), "merged.pdf")
    rows = _tables(doc)[0].rows
    assert rows[0].cells[:3] == ("Цели", "Задачи", "Дейности")
    assert rows[1].cells[5:7] == ("Средства", "Източник")
    first_goal = next(i for i, r in enumerate(rows) if r.cells[0].startswith("1."))
    assert rows[first_goal + 1].cells[0] == ""
    assert rows[first_goal + 1].cells[2].startswith("1.1.2.")


def test_xlsx_rows_know_their_sheet_and_number(plans):
    """Spreadsheet rows carry their sheet name and sheet row number; the sheet name of a
    workbook with a sheet per priority comes first as a paragraph."""
    doc = read_document(build_xlsx(plans["tva"], "tvarditsa", sheet_per_priority=True), "s.xlsx")
    names = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "sheet"]
    assert names == [p["name"][:31] for p in plans["tva"]["priorities"]]  # Excel's limit for a sheet name
    first = _tables(doc)[0]
    assert first.rows[0].place.sheet == names[0]
    assert first.rows[1].cells[0] == "1.1."
    assert first.rows[1].place.row == first.rows[0].place.row + 1


def test_format_is_read_from_content_not_name(plans):
    """An XLSX saved under a .docx name is still read as a spreadsheet."""
    doc = read_document(build_xlsx(plans["tva"], "variant"), "misnamed.docx")
    assert doc.format == "xlsx"


def test_utf16_text_dump_is_read_as_text():
    """A text dump saved as "Unicode" (UTF-16 with a byte-order mark) is text, not binary."""
    text = "ПРИОРИТЕТ „ОБРАЗОВАНИЕ“\n№\tМерки\tСрок\n1.1.\tПърва мярка\t2024\n"
    doc = read_document(text.encode("utf-16"), "dump.txt")
    assert doc.format == "text"
    assert any(isinstance(b, Table) and b.rows[-1].cells[1] == "Първа мярка" for b in doc.blocks)


def test_docx_merge_down_across_a_page_word_laid_out_and_prose_after_the_table():
    """A responsible cell merged down over three rows, a page beginning at the second (Word's mark in the
    merged-over row), and a note paragraph right after the table: every row has the responsible body,
    each row is its own measure, and the note stays a paragraph (not the last measure's text)."""
    def build(document):
        document.add_paragraph("Приоритет 1: Образование")
        table = document.add_table(rows=4, cols=3)
        for c, text in enumerate(("Мярка", "Срок", "Отговорна институция")):
            table.cell(0, c).text = text
        for r, (measure, year) in enumerate((("1.1. Ремонт", "2025"), ("1.2. Курсове", "2026"),
                                             ("Прегледи на децата", "2027")), start=1):
            table.cell(r, 0).text, table.cell(r, 1).text = measure, year
        table.cell(1, 2).merge(table.cell(3, 2)).text = "Община"
        _rendered_break(table.cell(2, 0))
        _rendered_break(table.cell(2, 1))
        document.add_paragraph("Забележка: сроковете са ориентировъчни.")

    plan = read_plan(_docx(build), "m.docx").plan
    assert [(m["code"], m["text"], m["responsible"]) for m in plan["measures"]] == [
        ("1.1", "Ремонт", "Община"), ("1.2", "Курсове", "Община"), (None, "Прегледи на децата", "Община")]
