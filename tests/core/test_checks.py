"""The deployment checks tell the administrator what is missing before a user meets it."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from django.test import override_settings

from planmonitor.core.checks import check_tesseract


def _program(folder: Path, languages: list[str]) -> str:
    """A stand-in Tesseract that answers ``--list-langs`` with these languages."""
    path = folder / "tesseract"
    listed = "\\n".join(languages)
    path.write_text(f'#!/bin/sh\nprintf \'List of available languages in "/x/" ({len(languages)}):\\n{listed}\\n\'\n')
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_missing_tesseract_is_a_warning_that_says_how_to_install_it(tmp_path):
    with override_settings(PLANMONITOR_TESSERACT=str(tmp_path / "absent")):
        [warning] = check_tesseract()
    assert warning.id == "planmonitor.W005"
    assert "scanned PDFs" in warning.msg and "not found" in warning.msg
    assert "tesseract-ocr-bul" in warning.hint


def test_tesseract_without_bulgarian_data_is_a_warning(tmp_path):
    with override_settings(PLANMONITOR_TESSERACT=_program(tmp_path, ["eng", "osd"])):
        [warning] = check_tesseract()
    assert "'bul'" in warning.msg


def test_tesseract_with_bulgarian_data_is_no_warning(tmp_path):
    with override_settings(PLANMONITOR_TESSERACT=_program(tmp_path, ["bul", "eng", "osd"])):
        assert check_tesseract() == []


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="scripts/install puts Tesseract on this machine")
def test_the_installed_tesseract_passes_the_check():
    with override_settings(PLANMONITOR_TESSERACT=""):
        assert check_tesseract() == []
