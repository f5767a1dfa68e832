"""Read a municipal action plan from its document into plan-json/1. No Django here.

The reader is a pipeline; each stage is one pure function from frozen
dataclasses to frozen dataclasses, and each can be printed with
``planmonitor import FILE --stage NAME``:

0. sniff (``sniff.py``): refuse what must not be read (empty, too large, ZIP
   bomb, encrypted, wrong type) and recognise the format from the content.
1. read (``readers/``): bytes -> ``Document``, one common grid of paragraphs
   and tables for every format (text dump, DOCX, PDF, XLSX, DOC/ODT).
2. cells (``cells.py``): empty rows dropped, heading rows inside tables
   lifted out as paragraphs.
3. layout (``layout.py``, ``vocabulary.py``): header words -> column roles;
   repeated header rows dropped; rows shifted by a lost cell moved back.
   Then rows that a page break or a merged cell split are joined
   (``cells.join_split_rows``, which needs the roles).
4. structure (``structure.py``): priorities, goals, tasks and measures, in
   reading order; several numbered items in one cell become several measures.
5. values and checks (``values.py``, ``validate.py``, ``planjson.py``):
   periods, money, statuses parsed; warnings with their places; the
   plan-json/1 dict.

Every failure is an ``IngestError`` (``errors.py``) with a place and a
message in Bulgarian and English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from planmonitor.ingest.cells import document_to_cells
from planmonitor.ingest.errors import IngestError
from planmonitor.ingest.layout import cells_to_layout, layout_to_joined_rows
from planmonitor.ingest.model import Document, Place, ReadResult
from planmonitor.ingest.outline import PlanStructure
from planmonitor.ingest.planjson import measure_to_dict, structure_to_plan
from planmonitor.ingest.readers.ocr_doubts import doubts_to_warnings
from planmonitor.ingest.settings import ReadSettings
from planmonitor.ingest.structure import layout_to_structure
from planmonitor.ingest.validate import measures_to_warnings

__all__ = ["IngestError", "ReadResult", "ReadSettings", "document_to_plan", "read_plan"]


def read_plan(data: bytes, filename: str, settings: ReadSettings | None = None,
              progress: Callable[[int, int], None] | None = None) -> ReadResult:
    """Bytes of a plan document -> its plan-json/1 dict and the reader's warnings.
    ``progress(done, total)`` follows the pages of a scanned PDF, whose text recognition takes seconds a page."""
    from planmonitor.ingest.sniff import read_document

    settings = ReadSettings.resolve(settings)
    document = read_document(data, filename, settings, progress)  # stages 0-1
    return document_to_plan(document, settings)  # stages 2-5


def document_to_plan(doc: Document, settings: ReadSettings | None = None) -> ReadResult:
    """Stages 2-5 for a Document any reader produced."""
    settings = ReadSettings.resolve(settings)
    cells = document_to_cells(doc)  # 2: clean grid
    layout = cells_to_layout(cells, settings)  # 3: column roles, rows aligned
    layout = layout_to_joined_rows(layout)  # 3: rows split by page breaks joined
    structure = layout_to_structure(layout, settings)  # 4: priorities, goals, tasks, measures
    if doc.doubts is not None:  # a scan: every word recognised with low confidence is a warning at its measure and field
        structure = replace(structure, warnings=(*structure.warnings,
                                                 *doubts_to_warnings(doc.doubts, structure.measures, settings.lang)))
    if not structure.measures:
        raise no_measures_error(doc.source, layout.unread)
    return structure_to_result(structure, settings)  # 5: values, warnings, plan-json


def no_measures_error(source: str, unread: tuple[str, ...]) -> IngestError:
    """A file that gives no measure is refused, never imported as an empty plan: one line that says
    which tables were there and why none was read (no column of measures or activities)."""
    if not unread:
        return IngestError(
            "В документа не е намерена таблица с мерки (с колона „Мерки“ или „Дейности“); това не е план за действие.",
            "No table of measures (with a \"Measures\" or \"Activities\" column) was found; this is not an action plan.",
            Place(file=source),
        )
    tables = "; ".join(f"„{t}“" for t in unread[:3])
    tables_en = "; ".join(f'"{t}"' for t in unread[:3])
    return IngestError(
        f"В документа не е намерена таблица с мерки: никоя колона не е разпозната като мерки или дейности "
        f"(таблици: {tables}).",
        f"No table of measures was found: no column reads as measures or activities (tables: {tables_en}).",
        Place(file=source),
    )


def structure_to_result(structure: PlanStructure, settings: ReadSettings) -> ReadResult:
    """Stage 5: parse each measure's cells, check them, and assemble plan-json/1."""
    measures = [measure_to_dict(draft) for draft in structure.measures]
    warnings = (*structure.warnings, *measures_to_warnings(structure.measures, structure.source, settings.lang))
    plan = structure_to_plan(structure, measures, [w.as_dict(settings.lang) for w in warnings])
    return ReadResult(plan=plan, warnings=tuple(warnings))
