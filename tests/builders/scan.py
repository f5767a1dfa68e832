"""Scanned copies of fixture PDFs: every page rendered to a 200 dpi grey image, then an image-only PDF.

This is what a municipality sends when it scans a printed plan: the same
pages with no text layer, so the reader has to recognise the text (OCR).
Pages are rendered with pypdfium2 (already installed with pdfplumber) and the
images written back as a PDF by Pillow at the same resolution, so a page keeps
its size in points. ``scan_file`` keeps each scan beside its source
(``<name>.scan.pdf``), because rendering a long plan takes seconds and the
tests and the benchmark read the same scans again.
"""

from __future__ import annotations

import io
from pathlib import Path

SCAN_DPI = 200


def scan_pdf(data: bytes, dpi: int = SCAN_DPI, skew: float = 0.0) -> bytes:
    """``data`` (a PDF) as an image-only PDF: one grey ``dpi`` image per page, no text layer; each page
    turned by ``skew`` degrees (counter-clockwise), as paper fed askew comes out."""
    import pypdfium2
    from PIL import Image

    pdf = pypdfium2.PdfDocument(data)
    try:
        images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()
    if skew:
        images = [image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255) for image in images]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return out.getvalue()


def scan_file(path: Path, dpi: int = SCAN_DPI, skew: float = 0.0) -> Path:
    """The scanned copy of the PDF at ``path`` (made once, then kept beside it as ``<stem>.scan.pdf``, or
    ``<stem>.scan-skew<degrees>.pdf``)."""
    target = path.with_name(f"{path.stem}.scan{f'-skew{skew:g}' if skew else ''}.pdf")
    if not target.exists() or target.stat().st_mtime < path.stat().st_mtime:
        target.write_bytes(scan_pdf(path.read_bytes(), dpi, skew))
    return target


def pages_of(data: bytes, count: int) -> bytes:
    """A PDF of exactly ``count`` pages: the first ``count`` of ``data``, repeated from the start if it has fewer."""
    import pypdfium2

    source = pypdfium2.PdfDocument(data)
    out = pypdfium2.PdfDocument.new()
    try:
        for i in range(count):
            out.import_pages(source, [i % len(source)])
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        source.close()
