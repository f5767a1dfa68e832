"""Scanned PDFs (issue 13, item 2): text recognition, table rules from the image, confidence as warnings.

The corpus part takes a few generated corpus PDFs, scans them (``tests/builders/scan.py``: every
page a 200 dpi grey image, no text layer) and reads them with ``read_plan``: each must reach
F1 >= 0.95 and field accuracy >= 0.90, and every wrong field must carry a warning (0 silent).
Recognition costs seconds a page on a shared machine, so the suite reads a few small documents;
``bench/bench_ocr.py`` reads every corpus PDF and prints the time per page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from planmonitor.ingest import read_plan
from planmonitor.ingest.model import Doubt, Place
from planmonitor.ingest.outline import MeasureDraft
from planmonitor.ingest.readers.ocr_doubts import doubts_to_warnings
from planmonitor.ingest.readers.ocr_rules import find_rules
from planmonitor.ingest.readers.ocr_tesseract import tsv_to_words
from tests.builders import scoring
from tests.builders.corpus.cases import build, suite_cases
from tests.builders.office import soffice
from tests.builders.scan import scan_file

HAVE_TESSERACT = shutil.which("tesseract") is not None
needs_tesseract = pytest.mark.skipif(not HAVE_TESSERACT, reason="tesseract-ocr is not installed (scripts/install)")
MIN_F1, MIN_FIELDS = 0.95, 0.90
SCANNED = ("full_rows-pdf-grid-plain", "database-pdf-grid-goals", "goal_column-pdf-grid-long", "per_goal-pdf-grid-goals",
           "goal_column-pdf-none-plain", "outline-pdf-horizontal-goals")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def test_rules_are_found_and_a_heading_letter_is_not_one():
    """A drawn 3x2 grid gives its 4 horizontal and 3 vertical rules, in points; the tall strokes of a
    large bold heading above it (as tall as a row) meet no rule and are not taken for one."""
    dpi = 200
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    if Path(FONT).exists():
        draw.text((100, 40), "ПРИОРИТЕТ", fill=0, font=ImageFont.truetype(FONT, 80))
    for y in (300, 400, 500, 600):
        draw.line((100, y, 1100, y), fill=0, width=3)
    for x in (100, 600, 1100):
        draw.line((x, 300, x, 600), fill=0, width=3)
    rules = find_rules(image, dpi)
    horizontal = sorted(round(r["top"] * dpi / 72) for r in rules if r["height"] == 0.0)
    vertical = sorted(round(r["x0"] * dpi / 72) for r in rules if r["width"] == 0.0)
    assert horizontal == [300, 400, 500, 600]
    assert vertical == [100, 600, 1100]


def test_tesseract_tsv_becomes_words_with_confidence():
    """Only word rows (level 5) with text are kept, with their box and confidence."""
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n"
           "5\t1\t1\t1\t1\t1\t120\t80\t90\t20\t96.5\tОбщина\n"
           "5\t1\t1\t1\t1\t2\t220\t80\t40\t20\t41.0\t\"ДСП\n"
           "5\t1\t1\t1\t1\t3\t270\t80\t10\t20\t95\t \n")
    words = tsv_to_words(tsv)
    assert [(w.text, w.left, w.top, w.width, w.height, w.conf) for w in words] == [
        ("Община", 120, 80, 90, 20, 96.5), ("\"ДСП", 220, 80, 40, 20, 41.0)]


def _draft(code: str, page: int, **cells: str) -> MeasureDraft:
    return MeasureDraft(code=code, text=cells.pop("measure", "Мярка"), priority="Образование", goal=code.split(".")[0],
                        task=None,
                        cells=tuple(cells.items()), place=Place(file="scan.pdf", page=page, table=1, row=2))


def test_a_low_confidence_word_is_a_warning_at_its_measure_and_field():
    """The doubtful word is found in the cell it was read into: a common word ("и") only where its cell
    is; the same word on another page is not this measure's; one warning per measure and field."""
    drafts = (_draft("1.1", 1, responsible="ДСП и РЗИ", period="2025"),
              _draft("1.2", 1, responsible="Община и ДСП", period="2026"),
              _draft("2.1", 3, responsible="ДСП"))
    doubts = (Doubt(1, "и", "ДСП и РЗИ", 60.0), Doubt(1, "РЗИ", "ДСП и РЗИ", 40.0))
    warnings = doubts_to_warnings(doubts, drafts, "bg")
    assert [(w.code, w.field) for w in warnings] == [("1.1", "responsible")]
    assert warnings[0].message == ("Разпознато от сканирано копие с ниска сигурност (40 %): „РЗИ, и“; сверете "
                                   "стойността със сканираното копие.")


def test_a_sum_recognition_broke_is_a_warning_however_sure_it_was():
    """An amount with figures that give no sum ("4200 ЕПК" for "4 200 EUR") or grouped unlike thousands
    ("3471 333") is flagged even with no low-confidence word; a sum that reads is not."""
    drafts = (_draft("1.1", 1, funding_amount="4200 ЕПК"), _draft("1.2", 1, funding_amount="3471 333 лв."),
              _draft("1.3", 1, funding_amount="3 471 333 лв."), _draft("1.4", 1, funding_amount="Не са необходими"))
    assert [(w.code, w.field) for w in doubts_to_warnings((), drafts, "en")] == [
        ("1.1", "funding.amount_raw"), ("1.2", "funding.amount_raw")]


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> dict:
    """The chosen corpus PDFs, built with one LibreOffice run, and their scans: id -> (scan, truth)."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed: no corpus PDFs")
    cases = [c for c in suite_cases() if c.id in SCANNED]
    built = build(cases, tmp_path_factory.mktemp("scans"))
    return {case_id: (scan_file(path), truth) for case_id, (path, truth) in built.items()}


@needs_tesseract
@pytest.mark.parametrize("case_id", SCANNED)
def test_scanned_corpus_document(scans, case_id):
    """The scan reads back with F1 >= 0.95, fields >= 0.90 and no wrong field without a warning; the
    progress callback hears of every page, in order."""
    path, truth = scans[case_id]
    pages: list[tuple[int, int]] = []
    plan = read_plan(path.read_bytes(), path.name, progress=lambda done, total: pages.append((done, total))).plan
    result = scoring.score(plan, truth)
    total = pages[-1][1]
    assert pages == [(i, total) for i in range(1, total + 1)]
    summary = f"{case_id}: {result['measures']} fields {result['field_accuracy']}; wrong: {result['wrong'][:8]}"
    assert result["measures"]["f1"] >= MIN_F1, summary
    assert result["field_accuracy"] >= MIN_FIELDS, summary
    assert result["silent_wrong"] == 0, summary


@needs_tesseract
def test_command_line_prints_each_page(scans, tmp_path):
    """``planmonitor import FILE --json`` on a scan prints "стр. i/n" on standard error for every page."""
    path, _truth = scans[SCANNED[0]]
    done = subprocess.run([sys.executable, "-m", "planmonitor.ingest", str(path), "--json"],  # noqa: S603
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    pages = [line for line in done.stderr.splitlines() if line.startswith("стр. ")]
    total = int(pages[-1].split("/")[1])
    assert pages == [f"стр. {i}/{total}" for i in range(1, total + 1)]


def test_a_measure_number_its_task_does_not_start_is_a_warning():
    """"1.1.1" under task "11.11" (a dot lost): the task is flagged; "1.1.2" under "1.1" and a goal given
    by its title are not."""
    drafts = (MeasureDraft(code="1.1.1", text="А", priority="П", goal="1", task="11.11", cells=(),
                           place=Place(page=1)),
              MeasureDraft(code="1.1.2", text="Б", priority="П", goal="Достъп до образование", task="1.1", cells=(),
                           place=Place(page=1)))
    assert [(w.code, w.field) for w in doubts_to_warnings((), drafts, "bg")] == [("1.1.1", "task")]


@pytest.mark.parametrize(("read", "meant"), [
    ("Пел 3: Достъп", "Цел 3: Достъп"),
    ("Пели 1", "Цели 1"),
    ("ПЕЛ 2", "ЦЕЛ 2"),
    ("П зио зитетна област 3. Социални услуги", "Приоритетна област 3. Социални услуги"),
    ("Задяча 1.1", "Задача 1.1"),
    ("Проект 2. Ремонт", "Проект 2. Ремонт"),  # a word of its own, not a misread opener
    ("Организиране 2 срещи", "Организиране 2 срещи"),
    ("Брой 5", "Брой 5"),
])
def test_a_misread_heading_opener_is_put_right_before_its_number(read, meant):
    from planmonitor.ingest.readers.ocr import _opening

    assert _opening(read) == meant


@needs_tesseract
def test_a_fault_in_the_reading_is_not_passed_off_as_a_damaged_file(monkeypatch):
    """Only rendering a page can meet a damaged file; an error after it is the reader's own and must
    surface as what it is (and be logged by the import job), not tell the user the file is damaged."""
    import io

    from planmonitor.ingest.readers import ocr

    image = Image.new("L", (850, 1100), 255)
    ImageDraw.Draw(image).rectangle((100, 100, 300, 140), fill=0)
    scan = io.BytesIO()
    image.save(scan, format="PDF", resolution=100.0)

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(ocr, "find_rules", broken)
    with pytest.raises(RuntimeError, match="a bug in the reader"):
        read_plan(scan.getvalue(), "scan.pdf")
