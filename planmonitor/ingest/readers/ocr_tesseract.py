"""Tesseract, the OCR engine for scanned PDFs: one page image in, its words with boxes and confidence out.

Debian's ``tesseract-ocr`` with ``tesseract-ocr-bul`` (``scripts/install``).
It is run as a program, as LibreOffice is (``office.py``): found with
``shutil.which`` or the deployment's path, the image given on standard input,
a time limit, and its TSV output (one row per word: box, confidence 0-100,
text) read with ``csv``. pytesseract would wrap the same call and add a
dependency, temporary files and its own error types; the call is a few lines.
``OMP_THREAD_LIMIT=1`` keeps one recognition on one core: Tesseract's OpenMP
threads make a page slower, not faster, on a server already busy with other work.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Place

LANGUAGE = "bul"  # with "+eng" Tesseract read short Cyrillic cells as Latin ("ДСП" as "TCI", "на" as "Ha")
SYMBOL_LANGUAGE = "eng"  # bul has no "€", "%" or Latin; "bul+eng" still read "€" as "6" or "Е"
INSTALL = "sudo apt-get install tesseract-ocr tesseract-ocr-bul"


@dataclass(frozen=True)
class OcrWord:
    """A recognised word, its box in image pixels and Tesseract's confidence (0-100)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float


def find_tesseract(path: str | None = None) -> str | None:
    """The Tesseract program (``path`` if given and present), or None."""
    if path:
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    return shutil.which("tesseract")


def languages(program: str) -> set[str]:
    """The language data this Tesseract has (``--list-langs``); empty if it cannot be asked."""
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, timeout=20,  # noqa: S603
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return {line.strip() for line in lines[1:] if line.strip()}  # the first line says where the data is


def missing_tesseract(filename: str) -> IngestError:
    """The PDF is a scan and this computer cannot recognise text: say how to install the engine."""
    return IngestError(
        f"PDF файлът няма текстов слой (сканиран документ), а програмата за разпознаване на текст Tesseract "
        f"не е инсталирана. Инсталирайте я с „{INSTALL}“ или качете PDF с текст или файл Word.",
        f"The PDF has no text layer (a scanned document) and the text recognition program Tesseract is not "
        f"installed. Install it with \"{INSTALL}\", or upload a PDF with text or a Word file.",
        Place(file=filename),
    )


def recognise(png: bytes, program: str, timeout: float, filename: str, page: int, language: str = LANGUAGE,
              layout: str = "11") -> list[OcrWord]:
    """The words Tesseract reads on one page image (PNG bytes), each with its box.

    ``layout`` is Tesseract's page segmentation mode. 11 ("sparse text": every piece of text,
    in no particular order) because the reader places words by their boxes itself; with 3 (the
    default, blocks found by Tesseract) a narrow table column of dates between erased rules was
    left out whole."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(  # noqa: S603 - the configured program, fixed arguments
            [program, "stdin", "stdout", "-l", language, "--psm", layout, "tsv"],
            input=png, capture_output=True, timeout=timeout, env=env, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise IngestError(
            f"Разпознаването на текста на страницата отне повече от {timeout:.0f} s и беше спряно.",
            f"Recognising the page's text took longer than {timeout:.0f} s and was stopped.",
            Place(file=filename, page=page),
        ) from exc
    except OSError as exc:
        raise missing_tesseract(filename) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        if "bul" in detail[0] or "language" in detail[0].lower():
            raise missing_tesseract(filename)
        raise IngestError(
            f"Разпознаването на текста на страницата не успя ({detail[0][:120]}).",
            f"Recognising the page's text failed ({detail[0][:120]}).",
            Place(file=filename, page=page),
        )
    return tsv_to_words(done.stdout.decode("utf-8", "replace"))


def tsv_to_words(tsv: str) -> list[OcrWord]:
    """Tesseract's TSV (level 5 rows are words) -> words; empty boxes and blank text are dropped."""
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        words.append(OcrWord(text=text, left=int(row["left"]), top=int(row["top"]), width=int(row["width"]),
                             height=int(row["height"]), conf=float(row["conf"])))
    return words
