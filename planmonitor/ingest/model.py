"""The data the reader passes between its stages: frozen dataclasses, no Django.

Every reader (text dump, DOCX, PDF, XLSX) turns its bytes into one common
``Document``: a sequence of paragraphs and tables in reading order, each
carrying the ``Place`` it came from. Layout recognition and plan building are
written once against this shape, so a new format only needs a reader.

Conventions every reader keeps:

* A table is a list of rows; a row is a tuple of cell strings, one per grid
  column, all rows of a table the same width.
* A merged cell (vertical or horizontal) puts its text in its top-left grid
  position and ``""`` in every other position it covers, exactly as the seed
  text dumps show a goal cell only on its first row.
* Cell text keeps its line breaks as ``"\n"``; folding white space is a later
  stage's job, because a line break can mean "a new numbered activity".
* ``Row.continued`` names the grid columns of a row that a vertically merged
  cell from above covers (DOCX ``vMerge``), so a value such as one
  responsible institution for two measures can be given to every row it spans;
  ``Row.full_width`` says one cell was merged across the whole row, which
  plans use for headings inside a table (a goal named without a number).
* ``Row.page_break_before`` is True when the row is the first one after a page
  break inside the table, so the cells stage can join a cell that the break
  split.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    """Where something stands in the source file, for warnings and errors."""

    file: str = ""
    page: int | None = None
    sheet: str | None = None
    table: int | None = None
    row: int | None = None
    column: str | None = None

    def describe(self, lang: str = "bg") -> str:
        """A short human description, e.g. ``plan.docx, стр. 3, таблица 2, ред 5``."""
        words = {
            "bg": ("стр.", "лист", "таблица", "ред", "колона"),
            "en": ("page", "sheet", "table", "row", "column"),
        }[lang if lang in ("bg", "en") else "bg"]
        parts = [self.file] if self.file else []
        for label, value in zip(words, (self.page, self.sheet, self.table, self.row, self.column), strict=True):
            if value is not None:
                parts.append(f"{label} {value}")
        return ", ".join(parts)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass(frozen=True)
class Paragraph:
    """A line or paragraph of running text outside any table (a heading, a page number, prose)."""

    text: str
    place: Place
    style: str | None = None  # e.g. "Heading 1" when the format says so


@dataclass(frozen=True)
class Row:
    """One table row: one string per grid column."""

    cells: tuple[str, ...]
    place: Place
    page_break_before: bool = False
    continued: tuple[int, ...] = ()  # grid columns a vertically merged cell of an earlier row covers (DOCX, XLSX)
    full_width: bool = False  # one cell merged across the whole row (a heading written inside the table)
    doubt: str | None = None  # a ``messages`` key when an earlier stage guessed about this row (e.g. "joined_row")
    # Grid columns whose empty cell, at the top of a page, may be a cell merged down from the page before
    # (a ruled PDF draws each page's piece of a merged cell on its own, empty when the text stayed above).
    merged_above: tuple[int, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table in reading order; rows of equal width."""

    rows: tuple[Row, ...]
    place: Place
    # No rules between rows or columns (an unruled PDF table): a cell merged down over several rows shows
    # only at its first row, so an empty cell below a filled one may be that value; the reader says so.
    hidden_merges: bool = False

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass(frozen=True)
class Doubt:
    """A word text recognition (OCR) was unsure of: where it stands and how sure the engine was (0-100).

    ``cell`` is the whole table cell or line it was read into, so the word can
    be found again in the measure built from it and the warning put at that
    measure and field (``readers.ocr_doubts``).
    """

    page: int
    text: str
    cell: str
    confidence: float


@dataclass(frozen=True)
class Document:
    """What every reader returns: the file's blocks in reading order."""

    source: str  # the file name as the user gave it
    format: str  # "text", "docx", "pdf", "xlsx", "odt", "ods", "html" (docx/xlsx after converting .doc/.xls)
    blocks: tuple[Block, ...]
    pages: int | None = None
    doubts: tuple[Doubt, ...] | None = None  # a scan's words recognised with low confidence; None: not a scan


@dataclass(frozen=True)
class ReadWarning:
    """Something the reader guessed or could not read; shown to a person for review."""

    place: Place
    message: str
    code: str | None = None  # measure code, when the warning is about a measure
    field: str | None = None  # plan-json field path, e.g. "funding.amount"
    message_en: str = ""  # the same message in English, so a stored warning can be shown in either language
    index: int | None = None  # the measure's position in the plan's measures: names a measure without a code too

    def as_dict(self, lang: str = "bg") -> dict:
        """The plan-json ``warnings`` entry: place, measure code, field, message; and ``index``, the
        measure's position, when the warning is about one measure (the web import anchors it there)."""
        message = self.message_en if lang == "en" and self.message_en else self.message
        out = {"place": self.place.describe(lang), "measure": self.code, "field": self.field, "message": message}
        if self.index is not None:
            out["index"] = self.index
        return out


@dataclass(frozen=True)
class ReadResult:
    """The finished plan (plan-json/1 as a dict) and the warnings met on the way."""

    plan: dict
    warnings: tuple[ReadWarning, ...] = field(default_factory=tuple)
