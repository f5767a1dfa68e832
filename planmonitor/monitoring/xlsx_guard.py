"""The monitoring XLSX upload's guard: the plan reader's ZIP-bomb check, before openpyxl sees the file.

The filled workbook is read inside the web request, and openpyxl needs about
25 times a sheet's unpacked size in memory (a 1.6 MB upload that unpacks to
40 MB took 28 s and 1.1 GB). A workbook planmonitor writes for one
institution unpacks to well under 1 MB, so anything past
``PLANMONITOR_XLSX_MAX_UNPACKED_BYTES`` (or too densely packed) is refused from
the archive's directory alone, with the reader's own message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.sniff import check_archive


def check_xlsx_upload(upload: Any) -> Any:
    """Refuse an uploaded XLSX that is not a sound archive or would unpack too far; return it otherwise."""
    data = upload.read()
    upload.seek(0)
    try:
        check_archive(data, upload.name, {"max_uncompressed_bytes": settings.PLANMONITOR_XLSX_MAX_UNPACKED_BYTES})
    except IngestError as error:
        raise forms.ValidationError(error.message("bg" if translation.get_language() == "bg" else "en")) from None
    return upload
