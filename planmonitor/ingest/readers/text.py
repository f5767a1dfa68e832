"""Stage 1 for text dumps: bytes -> Document (see docs/formats/text.md).

A text dump is what a converter left of a Word or PDF plan: running text one
paragraph a line, tables as tab-separated rows (some cells wrapped in ``<p>``
HTML, some tables as markdown ``| a | b |`` pipes), and the page furniture of
the original: page numbers on their own line, a running header, blank lines
and ``-- | ---`` separator rows where a page broke a table.

The reader keeps the document's order and marks, for each table row, whether a
page break came just before it (``Row.page_break_before``), so the cells stage
can join a cell that the break split. Page numbers and separator rows are
dropped here because they are artefacts of this format only.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.model import Block, Document, Paragraph, Place, Row, Table

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:стр\.?|страница|page)?\s*\d{1,4}\s*(?:(?:/|от|of)\s*\d{1,4})?\s*(?:[-–—])?\s*$",
    re.IGNORECASE,
)
SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
P_TAG = re.compile(r"</?p\b[^>]*>", re.IGNORECASE)
OTHER_TAG = re.compile(r"</?(?:br|span|b|i|strong|em|u|font|div)\b[^>]*/?>", re.IGNORECASE)
EMPHASIS = re.compile(r"(\*\*|__)")
ARTEFACT_MAX_CHARS = 5
RUNNING_HEADER_MIN_REPEATS = 3


def bytes_to_document(data: bytes, filename: str) -> Document:
    """Read a text dump into the common grid. Raises IngestError only."""
    text = decode_text(data, filename)
    lines = text.split("\n")
    repeated = _running_headers(lines)
    blocks: list[Block] = []
    rows: list[Row] = []
    table_start = 0
    pending_break = False
    bold_open: list[str] = []
    bold_line = 0

    def flush_table() -> None:
        nonlocal rows
        if rows:
            width = max(len(r.cells) for r in rows)
            index = sum(isinstance(b, Table) for b in blocks) + 1
            padded = tuple(
                Row(r.cells + ("",) * (width - len(r.cells)), Place(filename, table=index, row=r.place.row), r.page_break_before)
                for r in rows
            )
            blocks.append(Table(padded, Place(filename, table=index, row=table_start)))
        rows = []

    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if bold_open:
            bold_open.append(stripped)
            if "**" in stripped:
                blocks.append(Paragraph(_clean_inline(" ".join(bold_open)), Place(filename, row=bold_line)))
                bold_open = []
            continue
        cells = _split_row(line)
        if cells is not None:
            if all(SEPARATOR_CELL.match(c) or not c.strip() for c in cells):
                pending_break = pending_break or bool(rows)
                continue
            if not rows:
                table_start = number
            rows.append(Row(tuple(_clean_cell(c) for c in cells), Place(filename, row=number), pending_break and bool(rows)))
            pending_break = False
            continue
        if not stripped or PAGE_NUMBER.match(stripped) or stripped in repeated:
            pending_break = pending_break or bool(rows)
            continue
        if rows and _is_stray_fragment(stripped) and _next_is_row(lines, number):
            pending_break = True  # a running-header fragment between two rows of one table
            continue
        flush_table()
        pending_break = False
        if stripped.startswith("**") and stripped.count("**") == 1:
            bold_open, bold_line = [stripped], number
            continue
        blocks.append(Paragraph(_clean_inline(stripped), Place(filename, row=number)))
    if bold_open:
        blocks.append(Paragraph(_clean_inline(" ".join(bold_open)), Place(filename, row=bold_line)))
    flush_table()
    return Document(source=filename, format="text", blocks=tuple(blocks))


def decode_text(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1251, the two encodings Bulgarian dumps come in."""
    if not data.strip():
        raise IngestError("Файлът е празен.", "The file is empty.", Place(filename))
    if b"\x00" in data[:4096]:
        raise IngestError(
            "Файлът не е текстов (съдържа двоични данни).", "The file is not text (it holds binary data).", Place(filename)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\t\f")
    if controls > 16:
        raise IngestError(
            "Файлът не е текстов (съдържа управляващи символи).", "The file is not text (it holds control characters).",
            Place(filename),
        )
    return text.replace("\f", "\n")


def _split_row(line: str) -> list[str] | None:
    """Cells of a table line (tab-separated or markdown pipes), or None for running text."""
    if "\t" in line:
        return line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [c for c in stripped[1:-1].split("|")]
    return None


def _clean_cell(cell: str) -> str:
    """Cell text with its ``<p>`` paragraphs as lines and HTML entities decoded."""
    if "<" in cell:
        cell = P_TAG.sub("\n", cell)
        cell = OTHER_TAG.sub(" ", cell)
    cell = html.unescape(cell) if "&" in cell else cell
    lines = [" ".join(part.split()) for part in cell.split("\n")]
    return "\n".join(part for part in lines if part)


def _clean_inline(text: str) -> str:
    return " ".join(EMPHASIS.sub("", text).split())


def _is_stray_fragment(text: str) -> bool:
    """A few capitals or signs alone on a line ("KTC"): what a page's running header leaves in a dump."""
    return len(text) <= ARTEFACT_MAX_CHARS and " " not in text and not any(ch.islower() for ch in text)


def _next_is_row(lines: list[str], number: int) -> bool:
    """Whether the next non-blank line (``number`` is 1-based, so it indexes the line after) is a table row."""
    for line in lines[number:]:
        if line.strip():
            return _split_row(line) is not None
    return False


def _running_headers(lines: list[str]) -> set[str]:
    """Short lines outside tables that repeat on many pages: a running header or footer."""
    counts = Counter(s for s in (line.strip() for line in lines) if s and "\t" not in s and len(s) < 80)
    return {s for s, n in counts.items() if n >= RUNNING_HEADER_MIN_REPEATS and not s.startswith(("-", "•"))}
