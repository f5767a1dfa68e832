"""The OpenDocument reader (``readers/odf.py``): ODT and ODS read from their XML, LibreOffice never started."""

from __future__ import annotations

import io
import zipfile

import pytest

from planmonitor.ingest import read_plan
from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Paragraph, Table
from planmonitor.ingest.readers import office
from planmonitor.ingest.sniff import read_document

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')


def odf(body: str, kind: str = "text", styles: str = "") -> bytes:
    """A minimal ODF package: the ``mimetype`` entry first and a ``content.xml`` with ``body``."""
    mimetype = {"text": "application/vnd.oasis.opendocument.text",
                "spreadsheet": "application/vnd.oasis.opendocument.spreadsheet"}[kind]
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
               f"<office:automatic-styles>{styles}</office:automatic-styles>"
               f"<office:body><office:{kind}>{body}</office:{kind}></office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
    return out.getvalue()


def cell(text: str = "", **attrs: str) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    paras = "".join(f"<text:p>{line}</text:p>" for line in text.split("\n")) if text else ""
    return f"<table:table-cell{extra}>{paras}</table:table-cell>"


COVERED = "<table:covered-table-cell/>"


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    """Any attempt to start LibreOffice fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("LibreOffice was started for an OpenDocument file")

    monkeypatch.setattr(office, "convert", refuse)


def test_odt_headings_paragraphs_and_spans_in_the_grid():
    rows = [
        cell("Цел", number_rows_spanned="2") + cell("Мерки", number_rows_spanned="2")
        + cell("Финансиране", number_columns_spanned="2") + COVERED,
        COVERED + COVERED + cell("Средства") + cell("Източник"),
        cell("Приоритет 1", number_columns_spanned="4") + COVERED * 3,
        cell("1. Цел", number_rows_spanned="2") + cell("1.1. Първа") + cell("100 лв.") + cell("Общината"),
        COVERED + cell("1.2. Втора\nвтори ред") + cell("", number_columns_repeated="2"),
    ]
    body = ('<text:table-of-content><text:index-body><text:p>Съдържание 1</text:p></text:index-body>'
            "</text:table-of-content>"
            '<text:h text:outline-level="2">Приоритет <text:span>1</text:span>:<text:s text:c="2"/>Образование</text:h>'
            "<text:p>Цел 1. Обхват<text:line-break/>на децата<text:note><text:note-citation>1</text:note-citation>"
            "<text:note-body><text:p>бележка</text:p></text:note-body></text:note></text:p>"
            "<table:table><table:table-column table:number-columns-repeated=\"4\"/>"
            "<table:table-header-rows>" + "".join(f"<table:table-row>{r}</table:table-row>" for r in rows[:2])
            + "</table:table-header-rows>" + "".join(f"<table:table-row>{r}</table:table-row>" for r in rows[2:3])
            + "<text:soft-page-break/>" + "".join(f"<table:table-row>{r}</table:table-row>" for r in rows[3:])
            + "</table:table><text:list><text:list-item><text:p>След таблицата</text:p></text:list-item></text:list>")
    doc = read_document(odf(body), "plan.odt")
    assert doc.format == "odt"
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert [p.text for p in paras] == ["Приоритет 1:  Образование", "Цел 1. Обхват\nна децата", "След таблицата"]
    assert paras[0].style == "Heading 2"
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [r.cells for r in table.rows] == [
        ("Цел", "Мерки", "Финансиране", ""),
        ("", "", "Средства", "Източник"),
        ("Приоритет 1", "", "", ""),
        ("1. Цел", "1.1. Първа", "100 лв.", "Общината"),
        ("", "1.2. Втора\nвтори ред", "", ""),
    ]
    assert table.rows[1].continued == (0, 1) and table.rows[4].continued == (0,)
    assert table.rows[2].full_width and not table.rows[3].full_width
    assert [r.place.page for r in table.rows] == [1, 1, 1, 2, 2]


def test_ods_sheets_repeats_and_hidden_sheets():
    styles = ('<style:style style:name="ta2" style:family="table">'
              '<style:table-properties table:display="false"/></style:style>')
    header = cell("№") + cell("Мерки") + cell("Срок") + cell("", number_columns_repeated="16000")
    rows = (f"<table:table-row>{cell('План за действие')}</table:table-row>"
            f"<table:table-row>{header}</table:table-row>"
            f'<table:table-row table:number-rows-repeated="2">{cell("", number_columns_repeated="1024")}</table:table-row>'
            f"<table:table-row>{cell('1.1.')}{cell('Мярка, вписана от общината')}{cell('2025')}</table:table-row>"
            f'<table:table-row table:number-rows-repeated="1048000">{cell("", number_columns_repeated="1024")}'
            "</table:table-row>")
    body = (f'<table:table table:name="Образование">{rows}</table:table>'
            f'<table:table table:name="Скрит" table:style-name="ta2"><table:table-row>{cell("a")}{cell("b")}'
            "</table:table-row></table:table>")
    doc = read_document(odf(body, "spreadsheet", styles), "plan.ods")
    assert doc.format == "ods"
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["План за действие"]
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [r.cells for r in table.rows] == [("№", "Мерки", "Срок"), ("1.1.", "Мярка, вписана от общината", "2025")]
    assert [r.place.row for r in table.rows] == [2, 5]  # sheet row numbers, the repeated empty rows counted
    assert table.place.sheet == "Образование"


def test_an_odt_plan_reads_whole_without_libreoffice():
    header = "".join(cell(h) for h in ("№", "Мерки", "Отговорна институция", "Срок"))
    rows = "".join(f"<table:table-row>{cell(f'1.{i}.')}{cell(f'Мярка номер {i} за образованието на децата')}"
                   f"{cell('Община')}{cell('2025-2027')}</table:table-row>" for i in range(1, 6))
    body = ("<text:p>План за действие на община Пример 2025-2027</text:p>"
            '<text:h text:outline-level="1">Приоритет 1: Образование</text:h><text:p>Цел 1. Обхват</text:p>'
            f"<table:table><table:table-row>{header}</table:table-row>{rows}</table:table>")
    plan = read_plan(odf(body), "plan.odt").plan
    assert [m["code"] for m in plan["measures"]] == [f"1.{i}" for i in range(1, 6)]
    assert plan["measures"][0]["period"]["start"] == 2025


def test_a_damaged_odt_is_one_clear_error():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content")
    with pytest.raises(IngestError, match="damaged"):
        read_document(out.getvalue(), "plan.odt")
    with pytest.raises(IngestError, match="no table"):
        read_document(odf("<text:p>само текст</text:p>"), "plan.odt")


def test_entities_in_content_xml_are_not_expanded():
    """A billion-laughs DOCTYPE is not expanded (entities are never resolved)."""
    out = io.BytesIO()
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            f"<office:document-content {NS}><office:body><office:text><text:p>&c;</text:p>"
            "</office:text></office:body></office:document-content>")
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", bomb)
    with pytest.raises(IngestError):
        read_document(out.getvalue(), "plan.odt")
