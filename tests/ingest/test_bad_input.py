"""Files the reader refuses: one clear IngestError in Bulgarian and English, never a crash.

Each refused file is built the way such a file really comes about
(``tests/builders/bad_files.py``). Allowed and refused cases share their
setup where it matters: the bomb and the over-size file are refused under
limits that a normal file of the same kind passes. The refusal times are
printed by ``bench/bench_formats.py``.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from planmonitor.ingest import document_to_plan, read_plan
from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.settings import ReadSettings
from planmonitor.ingest.sniff import read_document, sniff
from tests.builders import build_docx
from tests.builders.bad_files import (
    docx_without_tables,
    encrypted_docx,
    encrypted_pdf,
    png_bytes,
    scanned_pdf,
    write_zip_bomb,
)
from tests.builders.office import soffice
from tests.builders.plans import clean_plan, load_plan
from tests.ingest.planshape import PRINTED_CODE, assert_document, assert_plan_json

needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
BOMB_SIZE = 64 * 1024 * 1024  # inflates 1000:1; the limit is a ratio of 100


@pytest.fixture(scope="module")
def small_plan(shared_dir) -> dict:
    return clean_plan(load_plan(shared_dir, "tvarditsa-2024-2027"), priorities=1, per_priority=4)


def refusal(data: bytes, filename: str = "plan.bin", settings: ReadSettings | None = None) -> IngestError:
    """The IngestError that reading ``data`` raises, checked to speak both languages."""
    with pytest.raises(IngestError) as caught:
        read_plan(data, filename, settings)
    error = caught.value
    assert error.message_bg and error.message_en and error.message_bg != error.message_en
    assert filename in error.message("bg") and filename in error.message("en")
    assert "\n" not in error.message("bg") + error.message("en")
    return error


def test_empty_file():
    """Zero bytes, or only white space, is an empty file."""
    assert refusal(b"").message_en == "The file is empty."
    assert refusal(b" \n\t ").message_bg == "Файлът е празен."


def test_png_is_the_wrong_type():
    """An image uploaded by mistake is named as such."""
    error = refusal(png_bytes(), "plan.docx")
    assert error.message_en.startswith("Unsupported file type (this is PNG)")
    assert error.message_bg.startswith("Неподдържан вид файл (това е PNG)")


def test_random_binary_is_the_wrong_type():
    """Bytes that are no known format and not text are refused, not read as a text dump."""
    data = random.Random(7).randbytes(20_000)
    assert refusal(data).message_en.startswith("Unsupported file type;")


def test_unknown_zip_is_the_wrong_type(tmp_path):
    """A ZIP that is neither DOCX, XLSX nor ODF is refused as such."""
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    assert refusal(path.read_bytes()).message_en.startswith("Unsupported file type (this is ZIP)")


def test_docx_without_tables():
    """A Word file whose plan is prose only cannot be read as a plan."""
    error = refusal(docx_without_tables(), "prose.docx")
    assert error.message("en") == "prose.docx: The Word file has no table; the plan's measures must be in a table."


def test_corrupt_pdf(tmp_path):
    """A PDF header followed by junk, and a PDF cut short, are damaged files."""
    junk = b"%PDF-1.7\n" + random.Random(3).randbytes(5000)
    assert "The PDF file is damaged" in refusal(junk, "junk.pdf").message_en
    assert "PDF файлът е повреден" in refusal(junk, "junk.pdf").message_bg


def test_damaged_page_tree_is_reported_as_damage():
    """Regression (found by the PDF fuzz test): a page whose content dictionary is broken made
    pdfplumber's ``close()`` raise again and hide the reader's error behind a PdfminerException."""
    data = scanned_pdf()
    start = data.rindex(b"<< /Length ")
    end = data.index(b" >>", start)
    broken = data[:start] + b"<< /Lengt" + data[start + 10:end] + b" />>" + data[end + 3:]
    assert len(broken) == len(data)  # the cross-reference table still points right
    assert "The PDF file is damaged" in refusal(broken, "tree.pdf").message_en


def test_corrupt_docx():
    """A DOCX whose archive is cut in half cannot be opened."""
    data = build_docx({"title": "x", "municipality": "x", "priorities": [], "measures": []}, "variant")
    assert "damaged" in refusal(data[: len(data) // 2], "cut.docx").message_en


@needs_libreoffice
def test_encrypted_pdf(small_plan):
    """A PDF with an open password is refused, saying so."""
    error = refusal(encrypted_pdf(build_docx(small_plan, "tvarditsa")), "secret.pdf")
    assert "password-protected" in error.message_en
    assert "защитен с парола" in error.message_bg


def test_encrypted_docx():
    """A DOCX saved with a password is an OLE2 container, refused before any reading."""
    error = refusal(encrypted_docx(), "secret.docx")
    assert "password-protected" in error.message_en


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")
def test_scanned_pdf_without_text_layer():
    """A PDF that is only a picture of a page (a grey gradient) is recognised, and has no text to read."""
    error = refusal(scanned_pdf(), "scan.pdf")
    assert "no text layer" in error.message_en and "no text was recognised" in error.message_en
    assert "няма текстов слой" in error.message_bg


def test_scanned_pdf_without_tesseract():
    """Without the text recognition program, a scan is refused with the command that installs it."""
    with pytest.raises(IngestError) as caught:
        read_plan(scanned_pdf(), "scan.pdf", ReadSettings(tesseract_path="/nonexistent/tesseract"))
    assert caught.value.message_bg == (
        "PDF файлът няма текстов слой (сканиран документ), а програмата за разпознаване на текст Tesseract не е "
        "инсталирана. Инсталирайте я с „sudo apt-get install tesseract-ocr tesseract-ocr-bul“ или качете PDF с "
        "текст или файл Word.")


def test_zip_bomb_refused_from_central_directory(tmp_path):
    """A DOCX-looking ZIP inflating 1000:1 is refused from the sizes its directory declares.

    The entry's compressed data is spoiled: had the reader inflated it, it
    would have failed as a damaged file, not as a bomb.
    """
    path = write_zip_bomb(tmp_path / "bomb.docx", BOMB_SIZE, spoil=True)
    data = path.read_bytes()
    assert len(data) < BOMB_SIZE // 100
    error = refusal(data, "bomb.docx")
    assert "ZIP bomb" in error.message_en and "ZIP бомба" in error.message_bg


def test_zip_total_size_limit(tmp_path):
    """The same archive passes the sniffing stage under a larger limit, so the refusal above is the limit's."""
    path = write_zip_bomb(tmp_path / "bomb.docx", 8 * 1024 * 1024)
    data = path.read_bytes()
    generous = ReadSettings(max_zip_ratio=10_000, max_uncompressed_bytes=16 * 1024 * 1024)
    assert sniff(data, "bomb.docx", generous) == "docx"
    strict = ReadSettings(max_zip_ratio=10_000, max_uncompressed_bytes=4 * 1024 * 1024)
    assert "ZIP bomb" in refusal(data, "bomb.docx", strict).message_en


def test_over_size_file(small_plan):
    """A file over ``max_file_bytes`` is refused by its size alone; under the limit it reads."""
    data = build_docx(small_plan, "tvarditsa")
    assert read_document(data, "plan.docx", ReadSettings(max_file_bytes=len(data))).format == "docx"
    error = refusal(data, "plan.docx", ReadSettings(max_file_bytes=len(data) - 1))
    assert error.message("en").startswith("plan.docx: The file is too large (")


@needs_libreoffice
def test_missing_libreoffice_is_explained(tmp_path, small_plan):
    """A legacy .doc with no LibreOffice to convert it gets a clear message, not a crash."""
    from tests.builders.office import convert

    data = convert(build_docx(small_plan, "tvarditsa"), "docx", "doc")
    error = refusal(data, "old.doc", ReadSettings(libreoffice_path=str(tmp_path / "no-soffice")))
    assert "LibreOffice, which is not installed" in error.message_en
    assert "LibreOffice, който не е инсталиран" in error.message_bg


@pytest.mark.parametrize("maker", [lambda tmp: b"", lambda tmp: png_bytes(), lambda tmp: scanned_pdf(),
                                   lambda tmp: write_zip_bomb(tmp / "b.docx", BOMB_SIZE).read_bytes(),
                                   lambda tmp: docx_without_tables()],
                         ids=["empty", "png", "scanned", "bomb", "no-tables"])
def test_command_line_refusal_is_one_line_exit_2(tmp_path, maker):
    """``planmonitor import FILE --json``: exit status 2, one line on standard error, no traceback (after the
    "стр. 1/1" a scan's recognition prints for each page)."""
    path: Path = tmp_path / "input.docx"
    path.write_bytes(maker(tmp_path))
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "planmonitor", "import", str(path), "--json"],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = [line for line in done.stderr.strip().splitlines() if not re.fullmatch(r"стр\. \d+/\d+", line)]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert lines[0].startswith("input.docx: ")


# Fuzzing: whatever the bytes, the only exception is IngestError -----------------------------

def _document_and_plan(data: bytes, name: str, settings: ReadSettings | None = None) -> str:
    """Read ``data`` as far as it goes; every step gives its promised shape or an IngestError with a message.

    Returns how far it went ("refused", "document" when the plan stage refused it, "plan"), for the statistics.
    """
    try:
        doc = read_document(data, name, settings)
    except IngestError as error:
        assert error.message_bg.strip() and error.message_en.strip(), "a refusal must say what is wrong"
        return "refused"
    assert_document(doc, name)
    try:
        result = document_to_plan(doc, settings)
    except IngestError as error:
        assert error.message_bg.strip() and error.message_en.strip(), "a refusal must say what is wrong"
        return "document"
    assert_plan_json(result.plan, PRINTED_CODE)  # a damaged font prints "1.1" as "?6?6"
    return "plan"


FUZZ = hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PREFIXES = (b"", b"%PDF-1.4\n", b"PK\x03\x04", bytes.fromhex("d0cf11e0a1b11ae1"), b"{\\rtf1 ", b"\xff\xfe")


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_an_ingest_error(prefix, body):
    """Random bytes behind each format's magic number are refused with a message, or read into the common grid
    and then into a plan of the plan-json/1 shape (or refused there)."""
    event(_document_and_plan(prefix + body, "fuzz.bin", ReadSettings(libreoffice_path="/nonexistent/soffice")))


def _rezip(data: bytes, member: str, cut: int, junk: bytes) -> bytes:
    """``data`` (a ZIP) with ``member`` cut at ``cut`` and ``junk`` appended: damaged XML in a sound archive."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                content = content[: cut % (len(content) + 1)] + junk
            target.writestr(info.filename, content)
    return out.getvalue()


@FUZZ
@given(cut=st.integers(min_value=0), junk=st.binary(max_size=40),
       target=st.sampled_from([("docx", "word/document.xml"), ("xlsx", "xl/worksheets/sheet1.xml"),
                               ("xlsx", "xl/workbook.xml"), ("docx", "word/styles.xml")]))
def test_damaged_xml_inside_docx_and_xlsx(fuzz_files, cut, junk, target):
    """A DOCX or XLSX whose XML part is cut short or has junk is refused, never crashes."""
    kind, member = target
    data = fuzz_files[kind]
    assert member in zipfile.ZipFile(io.BytesIO(data)).namelist(), f"the sample {kind} has no {member} to damage"
    event(_document_and_plan(_rezip(data, member, cut, junk), f"fuzz.{kind}"))


@FUZZ
@given(position=st.integers(min_value=0), junk=st.binary(min_size=1, max_size=64))
def test_damaged_bytes_inside_a_pdf(fuzz_files, position, junk):
    """A PDF with bytes overwritten anywhere is read or refused, never crashes."""
    data = bytearray(fuzz_files["pdf"])
    start = position % len(data)
    data[start:start + len(junk)] = junk
    event(_document_and_plan(bytes(data), "fuzz.pdf"))


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_the_sound_samples_are_read_into_plans(fuzz_files, kind):
    """The damage tests start from files the reader reads, so "read or refused" is not "always refused"."""
    expected = "plan" if kind != "pdf" or soffice() is not None else "refused"  # without LibreOffice: a scan
    assert _document_and_plan(fuzz_files[kind], f"fuzz.{kind}") == expected


class SampleFiles(dict):
    """Sound files to damage, by kind; a short repr, because Hypothesis prints its arguments."""

    def __repr__(self) -> str:
        return f"SampleFiles({sorted(self)})"


@pytest.fixture(scope="module")
def fuzz_files(small_plan) -> SampleFiles:
    from tests.builders import build_xlsx

    files = SampleFiles(docx=build_docx(small_plan, "kazanlak"), xlsx=build_xlsx(small_plan, "tvarditsa"),
                        pdf=scanned_pdf())
    if soffice() is not None:
        from tests.builders import build_pdf

        files["pdf"] = build_pdf(small_plan, "tvarditsa")
    return files
