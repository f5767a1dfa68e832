"""Files the reader must refuse, each made the way such a file really comes about.

* ``scanned_pdf``: a PDF whose page is only an image (what a scanner writes);
* ``encrypted_pdf``: LibreOffice's PDF export with an open password;
* ``encrypted_docx``: an OLE2 compound file holding ``EncryptionInfo`` and
  ``EncryptedPackage`` streams, the container Word writes for a DOCX with a
  password (the streams' content is not real ciphertext: the reader must
  refuse on the container alone);
* ``write_zip_bomb``: a DOCX-looking ZIP whose one entry inflates to
  ``size`` bytes of zeros, written in chunks so the test never holds it; with
  ``spoil=True`` the compressed data is overwritten with junk, so a reader
  that decompressed it would fail differently than one that refused it from
  the central directory.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from PIL import Image

from tests.builders.office import convert

ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def docx_without_tables() -> bytes:
    document = docx.Document()
    document.add_heading("План за действие", level=1)
    document.add_paragraph("Текст без таблица: мерките са описани само с думи.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A one-page PDF whose only content is a grey image: no text layer at all."""
    width, height = 64, 64
    pixels = zlib.compress(bytes((x * 4) % 256 for _ in range(height) for x in range(width)))
    content = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(pixels)) + pixels + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(source_docx: bytes) -> bytes:
    """``source_docx`` printed to PDF by LibreOffice with the open password "secret"."""
    options = ('{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    return convert(source_docx, "docx", f"pdf:writer_pdf_Export:{options}")


def encrypted_docx() -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) with the two streams of an encrypted DOCX."""
    stream_size = 4096  # at the mini-stream cutoff, so both streams live in ordinary sectors
    sectors_per_stream = stream_size // 512
    info_start, package_start = 2, 2 + sectors_per_stream
    fat = [FATSECT, ENDOFCHAIN]
    for start in (info_start, package_start):
        fat += [start + i + 1 for i in range(sectors_per_stream - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (128 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("d0cf11e0a1b11ae1"), bytes(16), 0x3E, 3, 0xFFFE, 9, 6,
        bytes(6), 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0,
    ) + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108
    directory = (_entry("Root Entry", 5, child=1, start=ENDOFCHAIN, size=0)
                 + _entry("EncryptionInfo", 2, right=2, start=info_start, size=stream_size)
                 + _entry("EncryptedPackage", 2, start=package_start, size=stream_size)
                 + _entry("", 0, start=0, size=0))
    body = struct.pack("<128I", *fat) + directory + b"\x04\x00\x04\x00" + bytes(stream_size - 4) \
        + struct.pack("<Q", 1234) + bytes(stream_size - 8)
    return header + body


def _entry(name: str, kind: int, *, start: int, size: int, left: int = FREESECT, right: int = FREESECT,
           child: int = FREESECT) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, left, right, child,
                       bytes(16), 0, 0, 0, start, size)


def write_zip_bomb(path: Path, size: int, spoil: bool = False) -> Path:
    """A ZIP named like a DOCX whose ``word/document.xml`` inflates to ``size`` zero bytes."""
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for _ in range(size // len(chunk)):
                entry.write(chunk)
    if spoil:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("word/document.xml")
        with path.open("r+b") as raw:
            raw.seek(info.header_offset)
            local = raw.read(30)
            name_length, extra_length = struct.unpack("<HH", local[26:30])
            raw.seek(info.header_offset + 30 + name_length + extra_length)
            raw.write(b"\xff" * min(info.compress_size, 4096))
    return path
