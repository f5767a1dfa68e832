"""The district report as PDF and DOCX, read back: every municipality's figures and the totals match the
database (approved reports only), the title page says who prepared it and when, the municipalities that
have not reported are listed; only that district's coordinator or an administrator gets the files."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from decimal import Decimal

import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from docx import Document

from planmonitor.accounts.models import District, User
from planmonitor.monitoring.models import Expenditure, MeasureStatus, ProgressReport
from planmonitor.plans.models import Funding, Measure
from planmonitor.reports import district, district_texts
from tests.reports import documents, factories
from tests.reports import expected as want

UNAPPROVED_SPENT = Decimal("98765.43")
UNAPPROVED_DONE = "Неодобрено: проведени 77 срещи"
UNIT = "Областна администрация – отдел „Регионално развитие“"
TODAY = date(2026, 3, 2)


@pytest.fixture
def area(db):
    """Two municipalities that reported (one with a submitted and a returned report), one with a plan
    but no period, one with no plan; and a municipality of another district, which never appears."""
    a = factories.full_year(muni=factories.municipality("Алфа", "Окръг"), unreported=1)
    b = factories.full_year(muni=factories.municipality("Бета", "Окръг"), unreported=3)
    # Beta's last two measures have reports that are not approved: a submitted one and a returned one.
    factories.report(b.measures[-1], b.period, status=ProgressReport.Status.SUBMITTED, measure_status="done",
                     done=UNAPPROVED_DONE, spent=UNAPPROVED_SPENT)
    factories.report(b.measures[-2], b.period, status=ProgressReport.Status.RETURNED, measure_status="done",
                     done=UNAPPROVED_DONE, spent=UNAPPROVED_SPENT)
    factories.plan(muni=factories.municipality("Гама", "Окръг"))
    factories.municipality("Делта", "Окръг")
    factories.full_year(muni=factories.municipality("Чужда", "Друга област"))
    return {"district": District.objects.get(name="Окръг"), "built": [a, b]}


def _expected_tables(built: list) -> list[tuple[str, list[list[str]]]]:
    """Each priority's rows (municipality, measures, per status, no report, planned, spent), then the
    totals, computed straight from the ORM: approved reports only. Indicator columns are left out here
    (pace comes from monitoring.progress and is checked through the consolidation)."""
    with translation.override("bg"):
        total_label = gettext("Total")
    statuses = [k for k, _label in MeasureStatus.choices]
    by_priority: dict[str, list[list]] = {}
    for b in sorted(built, key=lambda x: x.plan.municipality.name):
        for priority in b.plan.priorities.order_by("position"):
            measures = Measure.objects.filter(priority=priority)
            approved = ProgressReport.objects.filter(
                measure__in=measures, period=b.period, status=ProgressReport.Status.APPROVED
            )
            counts = [approved.filter(measure_status=s).count() for s in statuses]
            planned = want.in_leva(Funding.objects.filter(measure__in=measures).values_list("amount", "currency"))
            spent = want.in_leva(Expenditure.objects.filter(report__in=approved).values_list("amount", "currency"))
            row = [b.plan.municipality.name, measures.count(), *counts, measures.count() - approved.count(),
                   planned, spent]
            by_priority.setdefault(priority.name, []).append(row)
    tables = []
    for name in sorted(by_priority, key=str.lower):
        rows = by_priority[name]
        sums = [total_label, *(sum(r[i] for r in rows) for i in range(1, len(rows[0])))]
        tables.append((name, [_as_text(r) for r in [*rows, sums]]))
    return tables


def _as_text(row: list) -> list[str]:
    return [str(v) if not isinstance(v, Decimal) else want.money(v, "BGN") for v in row]


def _figures(cells: list[str], n_statuses: int) -> list[str]:
    """The cells the ORM expectation covers: everything but the two indicator columns at the end."""
    return [documents.normalise(c or "") for c in cells[: n_statuses + 5]]


def _pdf_rows(content: bytes) -> list[list[str]]:
    """Every table row of the PDF except the (repeated) header rows."""
    rows = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows += [r for r in table if r and r[0] and documents.normalise(r[0]) != "Община"]
    return rows


def _docx_tables(content: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(content))
    return [[[cell.text for cell in row.cells] for row in table.rows][1:] for table in doc.tables]


def _check_against_database(rows_per_table: list[list[list[str]]], area, c: district.Consolidation) -> None:
    expected = _expected_tables(area["built"])
    n = len(c.statuses)
    assert [[_figures(r, n) for r in rows] for rows in rows_per_table] == [rows for _name, rows in expected]
    # Indicators on track / behind: the consolidation's figures, which come from monitoring.progress.
    for rows, table in zip(rows_per_table, c.tables, strict=True):
        assert [[documents.normalise(x) for x in r[-2:]] for r in rows] == [
            [str(row.on_track), str(row.behind)] for row in [*table.rows, table.totals]
        ]


@pytest.mark.django_db
def test_pdf_states_every_municipalitys_figures_and_totals(area, output_dir):
    c = district.consolidate(area["district"].pk, 2025)
    content = district.render(c, "pdf", unit=UNIT, today=TODAY)
    assert content.startswith(b"%PDF")
    rows = _pdf_rows(content)
    # The PDF's tables, split back per priority at each total row.
    with translation.override("bg"):
        total_label = gettext("Total")
    tables, current = [], []
    for r in rows:
        current.append(r)
        if documents.normalise(r[0]) == total_label:
            tables.append(current)
            current = []
    assert current == []
    _check_against_database(tables, area, c)

    pages = documents.pdf_pages(content)
    title = pages[0]
    for text in ("Окръг", "2025", UNIT, "2 март 2026 г."):
        assert documents.normalise(text) in title
    text = " ".join(pages)
    for name, _rows in _expected_tables(area["built"]):
        assert name in text
    with translation.override("bg"):
        missing_heading = gettext("Municipalities that have not reported")
        notes = district_texts.approved_only_note(c)
    after = text[text.index(missing_heading):]
    assert after.index("Гама") < after.index("Делта") < after.index(notes[0][:30])
    for note in notes:
        assert documents.normalise(note) in text
    assert "Чужда" not in text
    _assert_unapproved_absent(text)

    (output_dir / "reports").mkdir(exist_ok=True)
    saved = output_dir / "reports" / "district-report.pdf"
    saved.write_bytes(content)
    for old in (output_dir / "reports").glob("district-report-page*.png"):
        old.unlink()
    assert len(documents.save_pngs(saved, output_dir / "reports" / "district-report-page", pages=2)) == 2


@pytest.mark.django_db
def test_pdf_embeds_the_dejavu_fonts(area, tmp_path):
    """Cyrillic reads the same on any machine: every font of the PDF is an embedded DejaVu subset."""
    pdf = tmp_path / "district.pdf"
    pdf.write_bytes(district.render(district.consolidate(area["district"].pk, 2025), "pdf"))
    listing = subprocess.run(  # noqa: S603  (fixed arguments, our own file)
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    fonts = listing.splitlines()[2:]
    # DejaVu Sans for the text; DejaVu Serif only for the text's hyphens (typst/common.typ says why).
    assert fonts and all(re.match(r"[A-Z]{6}\+DejaVuS(ans|erif)", line) for line in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column


@pytest.mark.django_db
def test_docx_states_every_municipalitys_figures_and_totals(area):
    c = district.consolidate(area["district"].pk, 2025)
    content = district.render(c, "docx", unit=UNIT, today=TODAY)
    _check_against_database(_docx_tables(content), area, c)
    doc = Document(io.BytesIO(content))
    paragraphs = [documents.normalise(p.text) for p in doc.paragraphs]
    title_page = " ".join(paragraphs[:10])
    for text in ("Окръг", "2025", UNIT, "2 март 2026 г."):
        assert documents.normalise(text) in title_page
    headings = [documents.normalise(p.text) for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [name for name, _rows in _expected_tables(area["built"])] == headings[-len(c.tables):]
    text = documents.docx_text(content)
    with translation.override("bg"):
        missing_heading = gettext("Municipalities that have not reported")
        notes = district_texts.approved_only_note(c)
    after = text[text.index(missing_heading):]
    assert after.index("Гама") < after.index("Делта")
    for note in notes:
        assert documents.normalise(note) in text
    assert "Чужда" not in text
    _assert_unapproved_absent(text)


def _assert_unapproved_absent(text: str) -> None:
    """No trace of the submitted and returned reports: not their money, not a total that includes it."""
    assert "98 765,43 лв." not in text
    assert UNAPPROVED_DONE not in text
    approved = Expenditure.objects.filter(
        report__status=ProgressReport.Status.APPROVED, report__measure__plan__municipality__district__name="Окръг"
    )
    for extra in (UNAPPROVED_SPENT, 2 * UNAPPROVED_SPENT):
        polluted = want.in_leva(approved.values_list("amount", "currency")) + extra
        assert want.money(polluted, "BGN") not in text


@pytest.mark.django_db
def test_approving_a_report_changes_the_figures(area):
    """The same document after the submitted report is approved: Beta's spent money now includes it."""
    beta = area["built"][1]
    before = district.consolidate(area["district"].pk, 2025)
    ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED).update(status=ProgressReport.Status.APPROVED)
    after = district.consolidate(area["district"].pk, 2025)
    text = documents.docx_text(district.render(after, "docx"))
    assert sum(t.totals.spent for t in after.tables) == sum(t.totals.spent for t in before.tables) + UNAPPROVED_SPENT
    assert "98 765,43 лв." in text
    assert beta.plan.municipality.name in text


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_command_line_writes_each_format(area, tmp_path, fmt):
    out = tmp_path / f"district.{fmt}"
    call_command("report", "--district", "Окръг", "--year", "2025", "--format", fmt, "-o", str(out), "--unit", UNIT)
    content = out.read_bytes()
    assert content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")
    if fmt == "pdf":
        assert documents.normalise(UNIT) in documents.pdf_pages(content)[0]
    elif fmt == "docx":
        assert UNIT in documents.docx_text(content)


@pytest.mark.django_db
def test_command_line_refuses_what_it_cannot_write(area, tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="Няма област „Няма“"):
        call_command("report", "--district", "Няма", "--year", "2025", "-o", out)
    plan = area["built"][0].plan
    with pytest.raises(CommandError, match="или план, или --district"):
        call_command("report", str(plan.pk), "--district", "Окръг", "--year", "2025", "-o", out)
    with pytest.raises(CommandError, match="или план, или --district"):
        call_command("report", "--year", "2025", "-o", out)
    with pytest.raises(CommandError, match="записва като docx / pdf"):
        call_command("report", str(plan.pk), "--year", "2025", "--format", "xlsx", "-o", out)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), [
    ("own district coordinator", 200),
    ("administrator", 200),
    ("other district coordinator", 403),
    ("municipal coordinator", 403),
    ("reporter", 403),
])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_who_may_download(client, area, who, status, fmt):
    """Same data and request for everyone; only the person changes."""
    muni = area["built"][0].plan.municipality
    people = {
        "own district coordinator": lambda: factories.user("d1", User.Role.DISTRICT, district=area["district"]),
        "administrator": lambda: factories.user("adm", User.Role.ADMIN),
        "other district coordinator": lambda: factories.user(
            "d2", User.Role.DISTRICT, district=District.objects.get(name="Друга област")),
        "municipal coordinator": lambda: factories.user("c1", User.Role.COORDINATOR, municipality=muni),
        "reporter": lambda: factories.user("r1", User.Role.REPORTER, municipality=muni),
    }
    client.force_login(people[who]())
    response = client.get(reverse("reports:district"), {
        "year": 2025, "district": area["district"].pk, "format": fmt, "unit": UNIT,
    })
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == district.CONTENT_TYPES[fmt]
        assert f'filename="district-{area["district"].pk}-2025.{fmt}"' in response["Content-Disposition"]
        text = documents.pdf_text(response.content) if fmt == "pdf" else documents.docx_text(response.content)
        assert documents.normalise(UNIT) in text and "Делта" in text


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, area):
    response = client.get(reverse("reports:district"), {"year": 2025, "format": "pdf"})
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.django_db
def test_page_links_the_documents_and_reuses_the_consolidation(client, area, django_assert_num_queries):
    """The page offers PDF and DOCX beside XLSX; the files reuse the page's consolidation (few queries)."""
    client.force_login(factories.user("d1", User.Role.DISTRICT, district=area["district"]))
    page = client.get(reverse("reports:district"), {"year": 2025})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="format" value="pdf"' in html and 'name="format" value="docx"' in html and "format=xlsx" in html
    with translation.override("bg"):
        default = district_texts.default_unit(district.consolidate(area["district"].pk, 2025))
    assert f'name="unit" size="40" maxlength="300" placeholder="{default}"' in html
    with django_assert_num_queries(4):  # session, user, plans' revisions, municipalities: no report data
        response = client.get(reverse("reports:district"), {"year": 2025, "format": "docx", "unit": UNIT})
    assert response.status_code == 200 and UNIT in documents.docx_text(response.content)


@pytest.mark.django_db
def test_bad_format_or_unit_is_refused(client, area):
    client.force_login(factories.user("d1", User.Role.DISTRICT, district=area["district"]))
    assert client.get(reverse("reports:district"), {"year": 2025, "format": "odt"}).status_code == 400
    too_long = client.get(reverse("reports:district"), {"year": 2025, "format": "pdf", "unit": "х" * 301})
    assert too_long.status_code == 400


@pytest.mark.django_db
def test_amounts_converted_between_leva_and_euro_are_marked(area):
    """A 2025 report (leva) that spent euro: the row and the totals carry ``*`` and the note says the rate."""
    alpha = area["built"][0]
    Expenditure.objects.filter(report=alpha.reports[0]).update(currency="EUR", amount=Decimal("100.00"))
    c = district.consolidate(area["district"].pk, 2025)
    with translation.override("bg"):
        rate_note = gettext("* Includes amounts converted at the fixed rate of 1.95583 BGN per EUR.")
        table = district_texts.tables(c)[0]
        notes = district_texts.approved_only_note(c)
    alpha_row, beta_row, totals = table[1][0], table[1][1], table[2]
    money_at = len(c.statuses) + 3
    assert alpha_row[money_at + 1].endswith(" *") and totals[money_at + 1].endswith(" *")
    assert not beta_row[money_at + 1].endswith("*")
    # 100 € is 195,58 лв. at the legal rate: the row states the sum worked out here, not with core.money.
    spent = want.in_leva(Expenditure.objects.filter(
        report__in=alpha.reports, report__status=ProgressReport.Status.APPROVED,
        report__measure__priority__position=1).values_list("amount", "currency"))
    assert documents.normalise(alpha_row[money_at + 1]) == want.money(spent, "BGN") + " *"
    assert rate_note in notes
    assert documents.normalise(rate_note) in documents.pdf_text(district.render(c, "pdf"))
