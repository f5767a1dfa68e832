"""Stage 1 for legacy formats: .doc, .xls, .xlsb, .rtf through LibreOffice (.odt and .ods are read
directly, by ``readers/odf.py``; ``convert`` can still take them).

LibreOffice converts the file to DOCX (text documents) or XLSX
(spreadsheets) and the matching reader does the rest, so these formats share
every rule of those two (see ``docs/formats/office.md``).

LibreOffice is found with ``shutil.which`` unless ``ReadSettings.libreoffice_path``
names it, runs headless in a temporary folder with its own profile (two
imports at once must not share one), and is stopped, with every process it
started, after ``ReadSettings.libreoffice_timeout`` seconds: a file that hangs
the converter must not hang the import.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Document, Place

TEXT_FORMATS = ("doc", "odt", "rtf")
SHEET_FORMATS = ("xls", "ods", "xlsb")
# The library of each LibreOffice part, to tell "Calc is not installed" (Debian splits
# Writer and Calc into separate packages) from "the file is damaged".
COMPONENTS = {"docx": ("libswlo.so", "Writer"), "xlsx": ("libsclo.so", "Calc")}


def office_to_document(data: bytes, filename: str, kind: str, settings) -> Document:
    """Convert a ``kind`` file (one of TEXT_FORMATS or SHEET_FORMATS) and read the result."""
    from planmonitor.ingest.readers.docx import docx_to_document
    from planmonitor.ingest.readers.xlsx import xlsx_to_document

    target = "xlsx" if kind in SHEET_FORMATS else "docx"
    converted = convert(data, kind, target, filename, settings)
    reader = xlsx_to_document if target == "xlsx" else docx_to_document
    return reader(converted, filename)


def find_libreoffice(settings) -> str | None:
    """The LibreOffice program: the configured path if it exists, else ``soffice`` on PATH."""
    configured = getattr(settings, "libreoffice_path", None)
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_component(program: str, target: str) -> str | None:
    """The name of the LibreOffice part that converting to ``target`` needs, when it is
    missing from an installation whose libraries sit beside the program (Linux)."""
    folder = Path(program).resolve().parent
    library, name = COMPONENTS[target]
    if not any(folder.glob("lib*lo.so")):
        return None  # another layout (macOS, Windows): let LibreOffice itself say
    return None if (folder / library).exists() else name


def convert(data: bytes, kind: str, target: str, filename: str, settings) -> bytes:
    """``data`` converted by LibreOffice from ``kind`` to ``target``; IngestError on any failure."""
    program = find_libreoffice(settings)
    place = Place(file=filename)
    if program is None:
        raise IngestError(
            f"Файлове .{kind} се четат чрез LibreOffice, който не е инсталиран; запазете файла като DOCX, "
            "XLSX или PDF или инсталирайте LibreOffice.",
            f".{kind} files are read through LibreOffice, which is not installed; save the file as DOCX, "
            "XLSX or PDF, or install LibreOffice.",
            place,
        )
    missing = missing_component(program, target)
    if missing:
        raise IngestError(
            f"Файлове .{kind} се четат чрез LibreOffice {missing}, който не е инсталиран; запазете файла като "
            "DOCX, XLSX или PDF или инсталирайте LibreOffice изцяло.",
            f".{kind} files are read through LibreOffice {missing}, which is not installed; save the file as "
            "DOCX, XLSX or PDF, or install all of LibreOffice.",
            place,
        )
    timeout = getattr(settings, "libreoffice_timeout", 60.0)
    with tempfile.TemporaryDirectory(prefix="planmonitor-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"input.{kind}"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--nologo", "--nolockcheck", "--convert-to", target,
                   "--outdir", str(folder / "out"), str(source)]
        process = subprocess.Popen(  # noqa: S603 - the configured LibreOffice, arguments we build
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            start_new_session=True, cwd=folder,
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: LibreOffice and its children only
            process.wait()
            raise IngestError(
                f"LibreOffice не успя да преобразува файла за {timeout:g} секунди.",
                f"LibreOffice did not convert the file within {timeout:g} seconds.",
                place,
            ) from None
        result = folder / "out" / f"input.{target}"
        if process.returncode != 0 or not result.is_file():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if stderr else []
            raise IngestError(
                f"LibreOffice не можа да прочете файла .{kind}; вероятно е повреден или защитен с парола.",
                f"LibreOffice could not read the .{kind} file; it is probably damaged or password-protected"
                + (f" ({detail[0]})" if detail else "") + ".",
                place,
            )
        return result.read_bytes()
