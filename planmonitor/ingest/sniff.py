"""Stages 0 and 1: refuse what must not be read, recognise the format, hand over to its reader.

The format is decided from the content, never from the file name (a PDF
saved as ``plan.docx`` is still read as a PDF):

=========================================  ==============================
first bytes / content                      format
=========================================  ==============================
``%PDF`` in the first KiB                  pdf
ZIP with ``word/`` parts                   docx
ZIP with ``xl/`` parts                     xlsx (``xlsb`` through LibreOffice)
ZIP whose ``mimetype`` is ODF text/sheet   odt / ods (read directly: ``readers/odf.py``)
OLE2 ``D0 CF 11 E0`` with ``WordDocument``  doc (through LibreOffice)
OLE2 with ``Workbook`` / ``Book``          xls (through LibreOffice)
OLE2 with ``EncryptionInfo``               refused: encrypted DOCX/XLSX
``{\\rtf``                                  rtf (through LibreOffice)
a page's first tag, e.g. ``<html``         html (a saved or fetched web page; ``looks_like_html``)
``FF FE`` / ``FE FF``                       text in UTF-16 (re-encoded as UTF-8)
other bytes without NUL                    text (UTF-8 or Windows-1251)
=========================================  ==============================

Every refusal is fast and reads nothing large: the size is known, the magic
bytes are at the start, and a ZIP is judged from its central directory (the
sizes it declares for each entry) before anything is decompressed. A ZIP
entry's reader never inflates more than the size the directory declared
(Python's ``zipfile`` stops there and fails the CRC), so checking the
declared sizes is enough to keep a decompression bomb out of memory.
"""

from __future__ import annotations

import io
import zipfile

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Document, Place

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
BINARY_MAGIC = {  # common files people upload by mistake, named in the refusal
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"II*\x00": "TIFF", b"MM\x00*": "TIFF",
    b"Rar!": "RAR", b"7z\xbc\xaf": "7-Zip", b"\x1f\x8b": "gzip", b"MZ": "EXE",
}
ODF_TYPES = {"application/vnd.oasis.opendocument.text": "odt",
             "application/vnd.oasis.opendocument.spreadsheet": "ods"}
RATIO_FLOOR = 1024 * 1024  # entries smaller than this are never called a bomb, however well they compress
MAX_ZIP_ENTRIES = 10_000


def read_document(data: bytes, filename: str, settings=None, progress=None) -> Document:
    """Stage 0 (refusals, format) then stage 1 (the format's reader): bytes -> Document.
    ``progress(done, total)`` is called after each page of a scanned PDF (text recognition is slow)."""
    from planmonitor.ingest.settings import ReadSettings

    settings = ReadSettings.resolve(settings)
    kind = sniff(data, filename, settings)
    return _dispatch(kind, data, filename, settings, progress)


def sniff(data: bytes, filename: str, settings) -> str:
    """The format of ``data`` (see the module table), or IngestError saying why it is refused."""
    place = Place(file=filename)
    if not data.strip():
        raise IngestError("Файлът е празен.", "The file is empty.", place)
    if len(data) > settings.max_file_bytes:
        raise IngestError(
            f"Файлът е твърде голям ({_size(len(data), 'bg')}); допустими са до "
            f"{_size(settings.max_file_bytes, 'bg')}.",
            f"The file is too large ({_size(len(data), 'en')}); at most {_size(settings.max_file_bytes, 'en')} "
            "is accepted.",
            place,
        )
    head = data[:1024]
    if b"%PDF" in head:
        return "pdf"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(data, settings, place)
    if head.startswith(OLE2):
        return _ole_kind(data, place)
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    for magic, name in BINARY_MAGIC.items():
        if head.startswith(magic):
            raise _wrong_type(place, name)
    if looks_like_html(head):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf16"  # Notepad's "Unicode" text: NUL bytes, yet text
    if b"\x00" in data[:8192]:
        raise _wrong_type(place, None)
    return "text"


def _dispatch(kind: str, data: bytes, filename: str, settings, progress=None) -> Document:
    """Stage 1: the reader for ``kind``; each imported only when needed."""
    if kind in ("text", "utf16"):
        from planmonitor.ingest.readers.text import bytes_to_document

        if kind == "utf16":
            data = _utf16_to_utf8(data, filename)
        return bytes_to_document(data, filename)
    if kind == "docx":
        from planmonitor.ingest.readers.docx import docx_to_document

        return docx_to_document(data, filename)
    if kind == "pdf":
        from planmonitor.ingest.readers.pdf import pdf_to_document

        return pdf_to_document(data, filename, settings, progress)
    if kind == "xlsx":
        from planmonitor.ingest.readers.xlsx import xlsx_to_document

        return xlsx_to_document(data, filename)
    if kind == "html":
        from planmonitor.ingest.readers.html import html_to_document

        return html_to_document(data, filename)
    if kind in ("odt", "ods"):
        from planmonitor.ingest.readers.odf import odf_to_document

        return odf_to_document(data, filename, kind)
    from planmonitor.ingest.readers.office import office_to_document

    return office_to_document(data, filename, kind, settings)


HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<table", b"<meta")


def looks_like_html(head: bytes) -> bool:
    """A web page: after a byte-order mark, white space, an XML declaration and comments, the first
    tag is one a page starts with. A text dump's ``<p>`` cells never start the file with these."""
    text = head.lower()
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if text.startswith(bom):
            text = text[len(bom):]
            if bom != b"\xef\xbb\xbf":
                text = text.replace(b"\x00", b"")  # UTF-16: ASCII markup with NUL bytes between
            break
    text = text.lstrip()
    while text.startswith((b"<?xml", b"<!--")):
        end = text.find(b"?>" if text.startswith(b"<?") else b"-->")
        if end < 0:
            return False
        text = text[end + (2 if text.startswith(b"<?") else 3):].lstrip()
    return text.startswith(HTML_STARTS)


def _utf16_to_utf8(data: bytes, filename: str) -> bytes:
    try:
        return data.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(
            "Текстовият файл (UTF-16) е повреден.", "The text file (UTF-16) is damaged.", Place(file=filename)
        ) from exc


def check_archive(data: bytes, filename: str, settings=None) -> None:
    """Refuse a ZIP-based file (DOCX, XLSX, ODT) that is damaged or would unpack past the settings' limits.

    The reader's own guard, for other places that open such files: the
    monitoring XLSX upload passes a tighter ``max_uncompressed_bytes``.
    Raises IngestError; reads only the central directory.
    """
    from planmonitor.ingest.settings import ReadSettings

    settings = ReadSettings.resolve(settings)
    place = Place(file=filename)
    _open_zip(data, settings, place)


def _open_zip(data: bytes, settings, place: Place) -> zipfile.ZipFile:
    """The archive, once its central directory is read and judged safe to unpack."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise IngestError(
            "Файлът е повреден: архивът (DOCX/XLSX/ODT) не може да се отвори.",
            f"The file is damaged: the archive (DOCX/XLSX/ODT) cannot be opened ({type(exc).__name__}).",
            place,
        ) from exc
    _refuse_bomb(entries, settings, place)
    return archive


def _zip_kind(data: bytes, settings, place: Place) -> str:
    """docx, xlsx, odt or ods, judged from the central directory only (see the module docstring)."""
    archive = _open_zip(data, settings, place)
    entries = archive.infolist()
    names = {e.filename for e in entries}
    if any(name.startswith("word/") for name in names):  # the main part may be "document2.xml"
        return "docx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("ppt/") for name in names):
        raise _wrong_type(place, "PowerPoint")
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()  # size checked above
        if mimetype in ODF_TYPES:
            return ODF_TYPES[mimetype]
    raise _wrong_type(place, "ZIP")


def _refuse_bomb(entries: list[zipfile.ZipInfo], settings, place: Place) -> None:
    total = sum(e.file_size for e in entries)
    worst = max(entries, key=lambda e: e.file_size / max(e.compress_size, 1), default=None)
    too_many = len(entries) > MAX_ZIP_ENTRIES
    too_big = total > settings.max_uncompressed_bytes
    too_dense = (worst is not None and worst.file_size > RATIO_FLOOR
                 and worst.file_size / max(worst.compress_size, 1) > settings.max_zip_ratio)
    if too_many or too_big or too_dense:
        raise IngestError(
            f"Файлът е отказан: архивът би се разархивирал до {_size(total, 'bg')} в {len(entries)} части "
            "(възможна „ZIP бомба“).",
            f"The file is refused: the archive would expand to {_size(total, 'en')} in {len(entries)} entries "
            "(a possible ZIP bomb).",
            place,
        )


def _ole_kind(data: bytes, place: Place) -> str:
    """doc or xls from the stream names an OLE2 file lists; an encrypted DOCX/XLSX is refused."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptionInfo") or has("EncryptedPackage"):
        raise IngestError(
            "Файлът е защитен с парола (шифрован); запазете го без парола и опитайте отново.",
            "The file is password-protected (encrypted); save it without a password and try again.",
            place,
        )
    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book"):
        return "xls"
    raise _wrong_type(place, "OLE2")


def _wrong_type(place: Place, what: str | None) -> IngestError:
    found_bg = f" (това е {what})" if what else ""
    found_en = f" (this is {what})" if what else ""
    return IngestError(
        f"Неподдържан вид файл{found_bg}; приемат се DOCX, PDF, XLSX, DOC, ODT, ODS, HTML и текст.",
        f"Unsupported file type{found_en}; DOCX, PDF, XLSX, DOC, ODT, ODS, HTML and text are accepted.",
        place,
    )


def _size(size: int, lang: str) -> str:
    """A byte count for people: "12,5 MB" in Bulgarian, "12.5 MB" in English; KB below a megabyte."""
    text = f"{size / 1024 ** 2:.1f} MB" if size >= 1024 ** 2 else f"{max(size // 1024, 1)} KB"
    return text.replace(".", ",") if lang == "bg" else text
