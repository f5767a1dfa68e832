"""The yearly report, read back from DOCX and PDF, says what the database says: approved data only."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from planmonitor.core.money import total
from planmonitor.monitoring.models import Expenditure, IndicatorValue, MeasureStatus, ProgressReport
from planmonitor.plans.models import Funding
from planmonitor.reports.formatting import money_bg, number_bg
from tests.reports import documents, factories


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
        expected.append(documents.normalise(number_bg(v.value)))
    for e in Expenditure.objects.filter(report__in=approved):
        expected.append(documents.normalise(money_bg(e.amount, e.currency)))
    planned = total(Funding.objects.filter(measure__plan=built.plan).values_list("amount", "currency"), to="BGN")
    spent = total(Expenditure.objects.filter(report__in=approved).values_list("amount", "currency"), to="BGN")
    expected.append(documents.normalise(money_bg(planned.amount, "BGN")))
    expected.append(documents.normalise(money_bg(spent.amount, "BGN")))
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
def test_trimmed_user_agent_stylesheet_is_used_and_changes_nothing_printed():
    """The speed path (see pdf_report.report_html_class) is active on the installed WeasyPrint,
    and a report printed through it reads exactly like one printed on WeasyPrint's stock stylesheet."""
    from weasyprint import HTML

    from planmonitor.reports import data
    from planmonitor.reports.pdf_report import BASE_URL, render_html, report_html_class

    cls = report_html_class()
    assert cls is not HTML and issubclass(cls, HTML), "WeasyPrint changed: the report PDF lost its speed path"
    built = factories.full_year(priorities=2, measures_per_priority=3)
    with translation.override("bg"):
        html = render_html(data.gather(built.plan, built.period))
    fast = cls(string=html, base_url=BASE_URL).write_pdf()
    stock = HTML(string=html, base_url=BASE_URL).write_pdf()
    assert documents.pdf_pages(fast) == documents.pdf_pages(stock)
