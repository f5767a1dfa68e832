"""Warnings of the scan reader that no confidence gives (``ocr_doubts``): a unit read as figures, and
every OCR warning's measure position, which names a measure without a number."""

from __future__ import annotations

from planmonitor.ingest.model import Doubt, Place
from planmonitor.ingest.outline import MeasureDraft
from planmonitor.ingest.readers.ocr_doubts import doubts_to_warnings


def _draft(code: str | None, **cells: str) -> MeasureDraft:
    return MeasureDraft(code=code, text="Мярка", priority="Образование", goal="1", task=None,
                        cells=tuple(cells.items()), place=Place(file="scan.pdf", page=1, table=1, row=2))


def test_a_percent_read_as_figures_is_a_warning():
    """"42 90" (for "42 %") and "116 116%" are flagged however sure recognition was; "42 %", "1 500" (a
    group of thousands) and "72 лица" are not."""
    drafts = (_draft("1.1", baseline="42 90", target="42 %"), _draft("1.2", baseline="1 500", target="116 116%"),
              _draft("1.3", baseline="72 лица", target="12 000"))
    warnings = doubts_to_warnings((), drafts, "en")
    assert [(w.code, w.field) for w in warnings] == [("1.1", "baseline"), ("1.2", "target")]
    assert "unit" in warnings[0].message


def test_a_warning_names_its_measure_by_position():
    """A measure with no number is named by its position among the measures, for a doubt and a check."""
    drafts = (_draft("1.1", responsible="ДСП"), _draft(None, responsible="МКБПИМН", baseline="254 90"))
    warnings = doubts_to_warnings((Doubt(1, "МКБПИМН", "МКБПИМН", 50.0),), drafts, "bg")
    assert sorted((w.index, w.code, w.field) for w in warnings) == [(1, None, "baseline"), (1, None, "responsible")]
