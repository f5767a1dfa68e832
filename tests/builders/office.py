"""Convert fixture files with headless LibreOffice (DOCX -> PDF, DOCX -> DOC, XLSX -> ODS ...).

Each run gets its own LibreOffice profile, so that several test processes
(or helpers) converting at once do not lock each other out. Results are
cached per process by content, because a conversion costs seconds.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

_CACHE: dict[tuple[str, str], bytes] = {}


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, source_ext: str, target: str, timeout: float = 120) -> bytes:
    """``data`` (a file of type ``source_ext``) converted to ``target`` (e.g. "pdf", "doc",
    or a filter spec such as ``pdf:writer_pdf_Export:{...}``)."""
    key = (hashlib.sha256(data).hexdigest(), target)
    if key in _CACHE:
        return _CACHE[key]
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="pm-fixture-") as tmp:
        folder = Path(tmp)
        source = folder / f"plan.{source_ext}"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed program, arguments we build
            [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(folder / "out"), str(source)],
            check=True, capture_output=True, timeout=timeout,
        )
        produced = list((folder / "out").iterdir())
        if len(produced) != 1:
            raise RuntimeError(f"LibreOffice produced {produced} converting to {target}")
        result = produced[0].read_bytes()
    _CACHE[key] = result
    return result
