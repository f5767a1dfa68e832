"""Read generated reports back as plain text, the way a person (or a search) would see them."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pdfplumber
from docx import Document


def normalise(text: str) -> str:
    """Fold every run of whitespace (line breaks, no-break spaces) into one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def docx_text(content: bytes) -> str:
    """Body paragraphs, every table cell, headers and footers of a DOCX."""
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return normalise("\n".join(parts))


def docx_headers(content: bytes) -> list[str]:
    """The header text of every section (each printed page shows its section's header)."""
    doc = Document(io.BytesIO(content))
    return [normalise(" ".join(p.text for p in s.header.paragraphs)) for s in doc.sections]


def pdf_pages(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [normalise(page.extract_text() or "") for page in pdf.pages]


def pdf_text(content: bytes) -> str:
    return " ".join(pdf_pages(content))


def save_pngs(pdf: Path, out_prefix: Path, pages: int = 3) -> list[Path]:
    """Render the first pages with pdftoppm so a person can look at them."""
    subprocess.run(  # noqa: S603  (fixed arguments, our own files)
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", str(pages), str(pdf), str(out_prefix)],
        check=True, timeout=60,
    )
    return sorted(out_prefix.parent.glob(out_prefix.name + "*.png"))


def pdf_chars_off_page(content: bytes) -> list[tuple[int, str]]:
    """(page number, text) of every character printed even partly outside its page: a table too wide."""
    off = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            off.extend((number, c["text"]) for c in page.chars
                       if c["x0"] < 0 or c["x1"] > page.width or c["top"] < 0 or c["bottom"] > page.height)
    return off


def pdf_words_crossing_cells(content: bytes, tolerance: float = 0.5) -> list[tuple[int, str]]:
    """(page number, word) of every word of a table that runs over its cell's left or right border.

    pdfplumber finds each table's cells from the ruling lines; a word belongs
    to the cell that holds the middle of its first letter, and must end inside
    it. Headers printed on top of each other and words running into the next
    column both show up here.
    """
    crossing = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            cells = [cell for table in page.find_tables() for cell in table.cells]
            if not cells:
                continue
            for word in page.extract_words(keep_blank_chars=False, use_text_flow=True):
                x, y = word["x0"] + 1, (word["top"] + word["bottom"]) / 2
                cell = next((c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]), None)
                if cell and (word["x1"] > cell[2] + tolerance or word["x0"] < cell[0] - tolerance):
                    crossing.append((number, word["text"]))
    return crossing


def docx_table_words(content: bytes) -> set[str]:
    """Every whitespace-separated word written in the tables of a DOCX."""
    doc = Document(io.BytesIO(content))
    words: set[str] = set()
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                words.update(cell.text.split())
    return words


def pdf_table_words_not_in(content: bytes, allowed: set[str]) -> list[tuple[int, str]]:
    """(page, word) of every word inside a table cell of a PDF that is not one of ``allowed``:
    the pieces of a word that the layout broke in two ("Приори" / "тет")."""
    found = []
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            cells = [cell for table in page.find_tables() for cell in table.cells]
            for word in page.extract_words():
                x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
                inside = any(c[0] <= x <= c[2] and c[1] <= y <= c[3] for c in cells)
                if inside and word["text"] not in allowed:
                    found.append((number, word["text"]))
    return found
