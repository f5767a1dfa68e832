"""The HTML reader (``readers/html.py``): spans into the grid, page chrome left out, every declared encoding."""

from __future__ import annotations

import codecs

import pytest

from planmonitor.ingest import read_plan
from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Paragraph, Table
from planmonitor.ingest.readers.html import html_to_document
from planmonitor.ingest.readers.html_encoding import decode_html
from planmonitor.ingest.settings import ReadSettings
from planmonitor.ingest.sniff import sniff
from tests.builders import scoring
from tests.builders.corpus.generate import Features, random_plan
from tests.builders.corpus.render import Style, layout
from tests.builders.corpus.render_html import plan_page
from tests.builders.office import convert, soffice
from tests.builders.word import docx_from_blocks


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>".encode()


def tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_rowspan_and_colspan_fill_the_grid_as_docx_does():
    html = page("""<table>
      <thead><tr><th rowspan="2">Цел</th><th rowspan="2">Мярка</th><th colspan="2">Финансиране</th></tr>
             <tr><th>Средства</th><th>Източник</th></tr></thead>
      <tbody><tr><td colspan="4"><b>Приоритет 1</b></td></tr>
             <tr><td rowspan="2">1. Цел<br>втори ред</td><td>1.1. Първа</td><td>100 лв.</td><td>Общината</td></tr>
             <tr><td>1.2. Втора</td><td rowspan="0">200 лв.</td><td>ЕСФ</td></tr>
             <tr><td>2. Цел</td><td>2.1. Трета</td><td>ЕСФ</td></tr></tbody></table>""")
    (table,) = tables(html_to_document(html, "p.html"))
    cells = [r.cells for r in table.rows]
    assert cells == [
        ("Цел", "Мярка", "Финансиране", ""),
        ("", "", "Средства", "Източник"),
        ("Приоритет 1", "", "", ""),
        ("1. Цел\nвтори ред", "1.1. Първа", "100 лв.", "Общината"),
        ("", "1.2. Втора", "200 лв.", "ЕСФ"),
        ("2. Цел", "2.1. Трета", "", "ЕСФ"),  # rowspan="0": to the end of its row group
    ]
    assert table.rows[1].continued == (0, 1)
    assert table.rows[2].full_width and not table.rows[3].full_width
    assert table.rows[4].continued == (0,) and table.rows[5].continued == (2,)
    assert [r.place.row for r in table.rows] == [1, 2, 3, 4, 5, 6]


def test_hostile_spans_stay_bounded():
    html = page('<table><tr><td colspan="100000">a</td><td rowspan="999999999">b</td></tr><tr><td>c</td></tr></table>')
    (table,) = tables(html_to_document(html, "p.html"))
    assert table.width == 64 and len(table.rows) == 2


def test_page_chrome_is_left_out_and_headings_kept_in_order():
    html = page("""
      <header><a href="/">Община Пример</a><nav><ul><li>Начало</li><li>Контакти</li></ul></nav></header>
      <div role="navigation">Меню по роля</div><ul class="main-menu"><li>Меню по клас</li></ul>
      <div class="breadcrumb">Начало » Планове</div>
      <main><article><header class="entry-header"><h1>План за действие 2024-2027</h1></header>
        <h2>Приоритет 1: Образование</h2><p>Цел 1. Обхват<br>на децата</p>
        <table><caption>Таблица 1</caption><tr><th>№</th><th>Мерки</th></tr><tr><td>1.1.</td><td>Мярка</td></tr>
        </table>
        <div>Текст между <b>таблиците</b> <script>var x = "скрипт";</script></div>
        <div hidden>Скрит</div><div style="display: none">Също скрит</div>
        <p><span class="sr-only">За екранни четци</span></p><div class="overflow-hidden">Видим текст</div>
        <footer>Бележка към статията</footer>
      </article></main>
      <aside><h3>Календар</h3><table><tr><td>1</td><td>2</td></tr></table></aside>
      <div id="footer">© Община Пример</div><footer>Всички права запазени</footer>""")
    doc = html_to_document(html, "p.html")
    assert paragraphs(doc) == ["План за действие 2024-2027", "Приоритет 1: Образование", "Цел 1. Обхват\nна децата",
                               "Таблица 1",
                               "Текст между таблиците", "Видим текст", "Бележка към статията"]
    assert [b.style for b in doc.blocks if isinstance(b, Paragraph)][:2] == ["Heading 1", "Heading 2"]
    (table,) = tables(doc)
    assert table.rows[1].cells == ("1.1.", "Мярка")


def test_a_page_laid_out_by_a_table_is_walked_into():
    plan_table = "<table><tr><th>№</th><th>Мерки</th><th>Срок</th></tr>" + "".join(
        f"<tr><td>1.{i}.</td><td>Мярка номер {i} с достатъчно дълъг текст</td><td>2025</td></tr>" for i in range(8)
    ) + "</table>"
    html = page(f"""<table width="100%"><tr><td class="leftcol"><ul class="left-menu"><li>Начало</li></ul></td>
      <td><h2>Приоритет: Образование</h2>{plan_table}</td></tr></table>""")
    doc = html_to_document(html, "p.html")
    (table,) = tables(doc)
    assert table.rows[0].cells == ("№", "Мерки", "Срок") and len(table.rows) == 9
    assert paragraphs(doc) == ["Приоритет: Образование"]


def test_a_small_table_inside_a_data_cell_is_its_lines():
    html = page("<table><tr><th>Мерки</th><th>Индикатори</th></tr><tr><td>Мярка</td>"
                "<td><table><tr><td>деца</td><td>120</td></tr><tr><td>родители</td><td>40</td></tr></table></td>"
                "</tr></table>")
    (table,) = tables(html_to_document(html, "p.html"))
    assert table.rows[1].cells == ("Мярка", "деца 120\nродители 40")


HEADING = "Приоритет 1: Образование и грижа за децата"


@pytest.mark.parametrize(
    ("data", "how"),
    [
        (page(f"<h2>{HEADING}</h2>", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
         .decode().encode("cp1251"), "meta http-equiv windows-1251"),
        (page(f"<h2>{HEADING}</h2>", '<meta charset="windows-1251">').decode().encode("cp1251"), "meta charset"),
        (page(f"<h2>{HEADING}</h2>", '<meta charset="koi8-r">').decode().encode("koi8-r"), "meta charset KOI8-R"),
        (page(f"<h2>{HEADING}</h2>", "").decode().encode("cp1251"), "no declaration, Windows-1251 bytes"),
        (page(f"<h2>{HEADING}</h2>", ""), "no declaration, UTF-8 bytes"),
        (codecs.BOM_UTF8 + page(f"<h2>{HEADING}</h2>", '<meta charset="windows-1251">'), "BOM outranks meta"),
        (codecs.BOM_UTF16_LE + page(f"<h2>{HEADING}</h2>", "").decode().encode("utf-16-le"), "UTF-16 with BOM"),
        (page(f"<h2>{HEADING}</h2>", '<meta charset="utf-16">'), "an ASCII-readable meta claiming UTF-16"),
        (b'<?xml version="1.0" encoding="windows-1251"?>\n' + page(f"<h2>{HEADING}</h2>",
         '<meta charset="windows-1251">').decode().encode("cp1251"), "XHTML with an XML declaration"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_declared_encoding_reads(data, how):
    table = "<table><tr><th>№</th><th>Мерки</th></tr><tr><td>1.1.</td><td>Мярка</td></tr></table>"
    text = decode_html(data)
    assert HEADING in text, how
    with_table = _with_table(data, table)
    doc = html_to_document(with_table, "p.html")
    assert sniff(with_table, "p.html", ReadSettings()) == "html"
    assert paragraphs(doc) == [HEADING], how


def _with_table(data: bytes, table: str) -> bytes:
    """``data`` with ``table`` after the heading, in the page's own encoding."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return codecs.BOM_UTF16_LE + data[2:].decode("utf-16-le").replace("</h2>", "</h2>" + table).encode("utf-16-le")
    text = decode_html(data)
    encoding = next(e for e in ("utf-8", "cp1251", "koi8-r") if HEADING.encode(e) in data)
    out = text.replace("</h2>", "</h2>" + table).encode(encoding, "xmlcharrefreplace")
    return codecs.BOM_UTF8 + out if data.startswith(codecs.BOM_UTF8) else out


def test_sniff_tells_a_page_from_a_text_dump():
    settings = ReadSettings()
    assert sniff(b"<!-- saved from url=(0042) -->\n<!DOCTYPE html><html></html>", "x", settings) == "html"
    assert sniff(b"  <HTML><BODY><TABLE></TABLE></BODY></HTML>", "x.txt", settings) == "html"
    assert sniff(b"<table><tr><td>1</td></tr></table>", "x", settings) == "html"
    # A text dump whose cells are wrapped in <p> stays a text dump.
    assert sniff("<p>Мерки</p>\t<p>Срок</p>\n<p>1.1.</p>\t<p>2025</p>\n".encode(), "x.txt", settings) == "text"
    assert sniff("Цели\tЗадачи\n1\t2\n".encode(), "x.txt", settings) == "text"


def test_a_page_without_a_table_is_refused_in_one_line():
    with pytest.raises(IngestError) as refused:
        read_plan(page("<nav>Меню</nav><h1>Новини</h1><p>Кметът откри парк.</p>"), "https://example.org/news")
    assert "няма нито една таблица" in refused.value.message("bg")
    assert refused.value.message("bg").startswith("https://example.org/news: ")
    assert "\n" not in refused.value.message("bg")


def test_a_page_whose_tables_are_not_a_plan_is_refused():
    html = page("<table><tr><th>Ден</th><th>Час</th></tr><tr><td>Понеделник</td><td>9:00</td></tr></table>")
    with pytest.raises(IngestError) as refused:
        read_plan(html, "page.html")
    assert "таблица с мерки" in refused.value.message("bg")


@pytest.mark.parametrize("seed", [3, 4, 5])  # one page per site style: semantic (UTF-8), divs, frame (Windows-1251)
def test_a_plan_page_in_each_site_style_reads_whole(seed):
    plan = random_plan(seed, Features(measures=14, uncoded=0.1, unnumbered_goals=True))
    blocks, truth = layout(plan, "per_goal", Style(seed=seed, merge_same=True))
    data = plan_page(blocks, plan["municipality"], seed)
    assert (b'charset="utf-8"' in data) == (seed % 3 == 0)
    result = scoring.score(read_plan(data, "plan.html").plan, truth)
    assert result["measures"]["f1"] == 1.0 and result["field_accuracy"] >= 0.99


def test_line_breaks_in_the_source_are_white_space():
    """A page's source wraps long lines; only ``<br>`` and block boundaries break a cell's text."""
    html = page("<table><tr><th>№</th><th>Мерки</th></tr>\n<tr><td>1.1.</td><td>Първа\n  мярка,\r\nпренесена"
                "<br>втори ред<p>абзац</p></td></tr></table>")
    (table,) = tables(html_to_document(html, "p.html"))
    assert table.rows[1].cells[1] == "Първа мярка, пренесена\nвтори ред\nабзац"


WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=windows-1251">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]--></head>
<body lang=BG><div class=WordSection1>
<p class=MsoNormal align=center><b>ПЛАН ЗА ДЕЙСТВИЕ НА ОБЩИНА ПРИМЕРНА 2025-2027<o:p></o:p></b></p>
<h2>1. Приоритет ОБРАЗОВАНИЕ</h2>
<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Цел 1.
Обхват на децата</p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr><td><p class=MsoNormal><b>№<o:p></o:p></b></p></td><td><p class=MsoNormal><b>Мерки<o:p></o:p></b></p></td>
  <td><p class=MsoNormal><b>Срок</b></p></td><td><p class=MsoNormal><b>Отговорна институция</b></p></td></tr>
 <tr><td><p class=MsoNormal>1.1.</p></td><td><p class=MsoNormal>Записване на децата в детска градина</p></td>
  <td><p class=MsoNormal>2025-2027</p></td><td rowspan=2><p class=MsoNormal>Община Примерна<o:p></o:p></p></td></tr>
 <tr><td><p class=MsoNormal>1.2.</p></td><td><p class=MsoNormal>Занимания по български език</p></td>
  <td><p class=MsoNormal>2025</p></td></tr>
</table><p class=MsoNormal><o:p>&nbsp;</o:p></p></div></body></html>"""


def test_a_page_word_saved_as_html_reads():
    """Word's "Save as web page": Office namespaces, conditional comments, and the list number Word writes
    into the text (``mso-list:Ignore``), which its DOCX does not hold, left out so "Цел 1." is a goal."""
    plan = read_plan(WORD_PAGE.encode("cp1251"), "plan.htm").plan
    assert [(m["code"], m["goal"], m["responsible"]) for m in plan["measures"]] == [
        ("1.1", "1", "Община Примерна"), ("1.2", "1", "Община Примерна")]
    assert plan["priorities"][0]["name"] == "Образование"


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_a_page_libreoffice_writer_saved_reads_as_its_docx():
    """Writer's HTML export (another producer of municipal pages: wrapped source lines, running header and
    footer as divs, <font> in every cell) reads as its DOCX does."""
    from tests.builders.corpus.cases import bench_cases

    case = next(c for c in bench_cases() if c.id == "outline-odt-grid-long")  # long cells: many wrapped lines
    plan = case.plan()
    blocks, truth = layout(plan, case.layout, case.style)
    data = convert(docx_from_blocks(blocks, plan["municipality"], case.style.ruling), "docx", "html:HTML (StarWriter)")
    result = scoring.score(read_plan(data, "plan.html").plan, truth)
    assert result["measures"]["f1"] == 1.0 and result["field_accuracy"] >= 0.99, result["wrong"][:5]
