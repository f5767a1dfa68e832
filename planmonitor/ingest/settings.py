"""ReadSettings: every tuning value of the reader in one validated, frozen place.

Modelled on pdfplumber's ``TableSettings``: named default constants, ``resolve()``
to build settings from a partial mapping (the command line, Django settings),
and an ``IngestError`` that names the bad setting instead of a bare ValueError.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from planmonitor.ingest.errors import IngestError

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
DEFAULT_MAX_ZIP_RATIO = 100.0
DEFAULT_LIBREOFFICE_TIMEOUT = 60.0
DEFAULT_MAX_ROW_SHIFT = 2
DEFAULT_OCR_TIMEOUT = 120.0  # seconds for one scanned page
DEFAULT_OCR_MIN_CONFIDENCE = 90.0  # a recognised word below this (Tesseract's 0-100) is a warning
LANGUAGES = ("bg", "en")


@dataclass(frozen=True)
class ReadSettings:
    """How the reader treats a file: limits that protect the server, and tuning values.

    ``institutions_path`` points to an extra CSV (same columns as
    ``planmonitor/ingest/data/institutions.csv``) that a deployment adds to the
    built-in registry of institutions. ``tesseract_path`` is the OCR program for
    scanned PDFs (found on the PATH when None); every word it recognises with a
    confidence below ``ocr_min_confidence`` is a warning at its measure and field.
    """

    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_zip_ratio: float = DEFAULT_MAX_ZIP_RATIO
    libreoffice_path: str | None = None
    libreoffice_timeout: float = DEFAULT_LIBREOFFICE_TIMEOUT
    max_row_shift: int = DEFAULT_MAX_ROW_SHIFT
    institutions_path: str | None = None
    lang: str = "bg"
    tesseract_path: str | None = None
    ocr_timeout: float = DEFAULT_OCR_TIMEOUT
    ocr_min_confidence: float = DEFAULT_OCR_MIN_CONFIDENCE

    def __post_init__(self) -> None:
        positive = {
            "max_file_bytes": self.max_file_bytes,
            "max_uncompressed_bytes": self.max_uncompressed_bytes,
            "max_zip_ratio": self.max_zip_ratio,
            "libreoffice_timeout": self.libreoffice_timeout,
            "ocr_timeout": self.ocr_timeout,
        }
        for name, value in positive.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise _bad(name, value, "трябва да е положително число", "must be a positive number")
        if isinstance(self.max_row_shift, bool) or not isinstance(self.max_row_shift, int) or not 0 <= self.max_row_shift <= 5:
            raise _bad("max_row_shift", self.max_row_shift, "трябва да е цяло число от 0 до 5", "must be an integer from 0 to 5")
        if (isinstance(self.ocr_min_confidence, bool) or not isinstance(self.ocr_min_confidence, int | float)
                or not 0 <= self.ocr_min_confidence <= 100):
            raise _bad("ocr_min_confidence", self.ocr_min_confidence, "трябва да е число от 0 до 100",
                       "must be a number from 0 to 100")
        if self.lang not in LANGUAGES:
            raise _bad("lang", self.lang, "трябва да е bg или en", "must be bg or en")
        if self.institutions_path is not None and not Path(self.institutions_path).is_file():
            raise _bad("institutions_path", self.institutions_path, "файлът не съществува", "the file does not exist")

    @classmethod
    def resolve(cls, settings: ReadSettings | dict | None = None, **overrides) -> ReadSettings:
        """Settings from None (defaults), an existing ReadSettings or a mapping, plus overrides.

        Unknown names are refused by name, so a typo in a deployment's settings
        does not silently fall back to a default.
        """
        if settings is None:
            base: dict = {}
        elif isinstance(settings, ReadSettings):
            base = dataclasses.asdict(settings)
        elif isinstance(settings, dict):
            base = dict(settings)
        else:
            raise _bad("settings", type(settings).__name__, "неочакван тип", "unexpected type")
        base.update(overrides)
        known = {f.name for f in dataclasses.fields(cls)}
        for name in base:
            if name not in known:
                raise _bad(name, base[name], "няма такава настройка", "no such setting")
        return cls(**base)


def _bad(name: str, value: object, why_bg: str, why_en: str) -> IngestError:
    return IngestError(
        f"Невалидна настройка {name}={value!r}: {why_bg}.",
        f"Invalid setting {name}={value!r}: {why_en}.",
    )
