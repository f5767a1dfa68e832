"""The yearly report, read back from DOCX and PDF, says what the database says: approved data only."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext
from docx.oxml.ns import qn

from planmonitor.monitoring.models import Expenditure, IndicatorValue, MeasureStatus, ProgressReport
from planmonitor.plans.models import Funding
from tests.reports import documents, factories
from tests.reports import expected as want


def _generate(tmp_path, plan, year, fmt) -> bytes:
    out = tmp_path / f"report.{fmt}"
    call_command("report", str(plan.pk), "--year", str(year), "--format", fmt, "-o", str(out))
    return out.read_bytes()


def _expected_strings(built) -> list[str]:
    """Every measure, approved value and total the report must state, computed from the ORM."""
    expected = []
    with translation.override("bg"):
        labels = {k: str(v) for k, v in MeasureStatus.choices}
    approved = ProgressReport.objects.filter(period=built.period, status=ProgressReport.Status.APPROVED)
    for m in built.measures:
        expected.append(documents.normalise(f"{m.code} {m.text}"))
    for r in approved:
        expected.append(labels[r.measure_status])
        expected.append(r.done_text)
    for v in IndicatorValue.objects.filter(report__in=approved):
        expected.append(want.number(v.value))
    for e in Expenditure.objects.filter(report__in=approved):
        expected.append(want.money(e.amount, e.currency))
    planned = want.in_leva(Funding.objects.filter(measure__plan=built.plan).values_list("amount", "currency"))
    spent = want.in_leva(Expenditure.objects.filter(report__in=approved).values_list("amount", "currency"))
    expected.append(want.money(planned, "BGN"))
    expected.append(want.money(spent, "BGN"))
    return expected


@pytest.mark.django_db
def test_full_year_report_states_every_measure_value_and_total(tmp_path, output_dir):
    """A closed year with approved reports: both formats carry every measure, value and total, no draft mark."""
    built = factories.full_year(priorities=3, measures_per_priority=4, unreported=2)
    docx = documents.docx_text(_generate(tmp_path, built.plan, 2025, "docx"))
    pdf_bytes = _generate(tmp_path, built.plan, 2025, "pdf")
    pdf = documents.pdf_text(pdf_bytes)
    expected = _expected_strings(built)
    for text in expected:
        assert text in docx, f"DOCX lacks {text!r}"
        assert text in pdf, f"PDF lacks {text!r}"
    with translation.override("bg"):
        draft = gettext("DRAFT")
    assert draft not in docx and draft not in pdf
    assert "Да се ускори изпълнението на мярката" in docx and "Да се ускори изпълнението на мярката" in pdf
    # The unreported measures are listed (by name) after the priorities.
    with translation.override("bg"):
        heading = gettext("Measures with no report")
    tail = pdf[pdf.rindex(heading):]
    for m in built.measures[-2:]:
        assert documents.normalise(f"{m.code} {m.text}") in tail
    (output_dir / "reports").mkdir(exist_ok=True)
    saved = output_dir / "reports" / "yearly-report.pdf"
    saved.write_bytes(pdf_bytes)
    pngs = documents.save_pngs(saved, output_dir / "reports" / "yearly-report-page")
    assert len(pngs) == 3


@pytest.mark.django_db
def test_open_period_is_marked_draft_on_every_page(tmp_path):
    """While the period is open, every PDF page and every DOCX section header says DRAFT."""
    built = factories.full_year()
    built.period.status = built.period.Status.OPEN
    built.period.save(update_fields=["status"])
    with translation.override("bg"):
        draft = gettext("DRAFT")
    pages = documents.pdf_pages(_generate(tmp_path, built.plan, 2025, "pdf"))
    assert len(pages) > 3
    assert all(draft in page for page in pages)
    headers = documents.docx_headers(_generate(tmp_path, built.plan, 2025, "docx"))
    assert len(headers) == 2  # the portrait body and the landscape annex
    assert all(draft in h for h in headers)


@pytest.mark.django_db
def test_every_table_fits_its_page(tmp_path):
    """The annex (landscape) and the indicator tables stay inside the page: no column is cut off."""
    built = factories.full_year(priorities=2, measures_per_priority=3)
    pdf_bytes = _generate(tmp_path, built.plan, 2025, "pdf")
    assert documents.pdf_chars_off_page(pdf_bytes) == []




@pytest.mark.django_db
def test_no_word_of_any_table_crosses_its_cell_border(tmp_path, output_dir):
    """Narrow columns (value, reached, progress, pace) with long words and headers: every word
    wraps or hyphenates inside its own cell, in every table of the report."""
    from planmonitor.plans.models import Indicator

    built = factories.full_year(priorities=2, measures_per_priority=6)
    # The words that ran over borders in council reports: long indicator names, a text target,
    # "(с натрупване)" under a cumulative target, long institution and source names.
    Indicator.objects.filter(measure__plan=built.plan, position=1).update(
        name="Брой деца и ученици от уязвими групи, включени в допълнителни занимания по български език",
    )
    Indicator.objects.filter(measure__plan=built.plan, position=2).update(
        target_raw="Неприложимо", target=None, baseline_raw="Неприложимо", baseline=None,
    )
    pdf_bytes = _generate(tmp_path, built.plan, 2025, "pdf")
    (output_dir / "report-narrow-columns.pdf").write_bytes(pdf_bytes)
    assert documents.pdf_words_crossing_cells(pdf_bytes) == []
    text = " ".join(documents.pdf_pages(pdf_bytes))
    assert "НеприложимоНеприложимо" not in text


def _priority_headings(built) -> list[str]:
    """The headings the report must give its priorities, written out here (not with reports.texts)."""
    return [f"Приоритет {p.position}: {p.name}" for p in built.plan.priorities.order_by("position")]


@pytest.mark.django_db
def test_pdf_has_a_table_of_contents_and_bookmarks(tmp_path):
    """A council report of 60+ pages needs a contents page and PDF bookmarks to each priority."""
    built = factories.full_year(priorities=3, measures_per_priority=2)
    pdf_bytes = _generate(tmp_path, built.plan, 2025, "pdf")
    headings = _priority_headings(built)
    with translation.override("bg"):
        contents = translation.gettext("Contents")
    contents_page = documents.pdf_pages(pdf_bytes)[1]
    assert contents in contents_page.split()[:12]  # after the running header
    assert all(heading in contents_page for heading in headings)
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        bookmarks = [title for _level, title, *_rest in pdf.doc.get_outlines()]
    assert all(heading in bookmarks for heading in headings)


@pytest.mark.django_db
def test_docx_tables_have_widths_that_libreoffice_keeps_words_whole(tmp_path, output_dir):
    """Every table has a fixed layout, a grid and cell widths; converted by LibreOffice, no word
    of any table is broken inside (it was "Приори/тет" and 86 pages instead of 61)."""
    from docx import Document

    from tests.builders import office

    if office.soffice() is None:
        pytest.skip("LibreOffice is not installed (scripts/install installs it)")
    built = factories.full_year(priorities=3, measures_per_priority=4)
    content = _generate(tmp_path, built.plan, 2025, "docx")
    doc = Document(io.BytesIO(content))
    for table in doc.tables:
        tbl_pr = table._tbl.tblPr
        layout = tbl_pr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        assert tbl_pr.find(qn("w:tblW")).get(qn("w:type")) == "dxa"
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert grid and all(width > 0 for width in grid)
        for tc in table._tbl.iter(qn("w:tc")):
            assert tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:type")) == "dxa"
    pdf = office.convert(content, "docx", "pdf")
    (output_dir / "report-libreoffice.pdf").write_bytes(pdf)
    broken = documents.pdf_table_words_not_in(pdf, documents.docx_table_words(content))
    assert broken == []


@pytest.mark.django_db
def test_docx_has_a_table_of_contents_that_word_updates(tmp_path):
    from docx import Document

    built = factories.full_year(priorities=3, measures_per_priority=2)
    content = _generate(tmp_path, built.plan, 2025, "docx")
    doc = Document(io.BytesIO(content))
    body = doc.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC ") for i in instructions)
    assert doc.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    headings = _priority_headings(built)
    toc = next(p.text for p in doc.paragraphs if any(i.strip().startswith("TOC ") for i in
                                                    (t.text for t in p._p.iter(qn("w:instrText")))))
    assert all(heading in toc for heading in headings)


@pytest.mark.django_db
def test_hyphens_of_the_text_come_out_of_the_pdf_as_hyphens(tmp_path):
    """"2024-2027" or "Приоритет-1" copied or searched in the PDF has U+002D, also where cells hyphenate words.

    Typst draws the hyphen it adds when it hyphenates a word in a table cell
    with the font's hyphen glyph and maps that glyph to U+00AD; a text hyphen
    of the same font and weight then came out as a soft hyphen too (here the
    bold "Приоритет-1" after bold header cells had been hyphenated).
    """
    from planmonitor.plans.models import Indicator

    built = factories.full_year(priorities=1, measures_per_priority=2, title="План за интегриране 2024-2027")
    Indicator.objects.filter(measure__plan=built.plan).update(  # long words in narrow cells: hyphenated
        name="Брой деца и ученици от уязвими групи, включени в допълнителни занимания по български език",
    )
    with pdfplumber.open(io.BytesIO(_generate(tmp_path, built.plan, 2025, "pdf"))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "\u00ad" in text  # the cells were hyphenated: the case that broke
    assert "2024-2027" in text and "Приоритет-1" in text
    assert "Приоритет\u00ad1" not in text and "2024\u00ad2027" not in text
