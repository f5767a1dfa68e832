"""Upload limits: no file over ``PLANMONITOR_MAX_UPLOAD_BYTES`` is stored anywhere, and the forms say why.

Django streams every uploaded file to memory or a temporary file before any
form sees it, so a 200 MB plan used to be written out (and then kept in
MEDIA_ROOT) before the reader refused it. :class:`SizeLimitUploadHandler` is
the first upload handler: it counts each file's bytes and, past the limit,
stops handing them on, so nothing large reaches memory, disk or storage;
the form then gets a small stand-in that :func:`check_upload_size` refuses
with the file's name and size.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils import translation
from django.utils.translation import gettext as _


class OversizeUpload(SimpleUploadedFile):
    """What a form receives instead of a file that was over the limit: its name and the bytes counted, no content."""

    def __init__(self, name: str, content_type: str | None, size: int) -> None:
        super().__init__(name, b"", content_type)
        self.size = size
        self.oversize = True


class SizeLimitUploadHandler(FileUploadHandler):
    """Count each uploaded file; past the limit, pass nothing more on and hand the form an :class:`OversizeUpload`.

    The limit holds for the request as a whole too: Django accepts up to
    ``DATA_UPLOAD_MAX_NUMBER_FILES`` (100) files in one request, each of which
    would otherwise be kept up to the limit (100 x 50 MB in temporary files
    from a single request). A file that would take the files kept so far past
    the limit gets a stand-in as well. No form of planmonitor takes more than
    one file, so only a crafted request meets this.
    """

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.kept = 0  # bytes of the files of this request handed on whole

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limit = settings.PLANMONITOR_MAX_UPLOAD_BYTES

    def _over(self) -> bool:
        return self.received > self.limit or self.kept + self.received > self.limit

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self._over():
            return None  # the next handlers get no more of this file
        return raw_data

    def file_complete(self, file_size: int) -> OversizeUpload | None:
        if self._over():
            return OversizeUpload(self.file_name, self.content_type, self.received)
        self.kept += self.received
        return None  # the next handler (memory or temporary file) holds the file


def _megabytes(size: int) -> str:
    """Megabytes with one decimal, with the decimal comma in Bulgarian."""
    text = f"{size / 1024 ** 2:.1f}"
    return text.replace(".", ",") if translation.get_language() == "bg" else text


def check_upload_size(upload: Any) -> Any:
    """Refuse a file over the limit by name and size (a form field's clean step); return it otherwise."""
    limit = settings.PLANMONITOR_MAX_UPLOAD_BYTES
    if upload is not None and (getattr(upload, "oversize", False) or (upload.size or 0) > limit):
        raise forms.ValidationError(
            _("%(name)s is too large (more than %(size)s MB); at most %(limit)s MB can be uploaded.")
            % {"name": upload.name, "size": _megabytes(upload.size), "limit": _megabytes(limit)},
            code="too_large",
        )
    return upload
