"""An empty cell under a filled one in a table without rules may be one cell merged down (issue 15: no silent
errors): the reader does not guess the value, it flags the field at each such measure for the review."""

from __future__ import annotations

import pytest

from planmonitor.ingest import document_to_plan
from planmonitor.ingest.model import Document, Place, Row, Table

HEADER = ("№", "Мерки", "Отговорни институции", "Срок")


def _plan(hidden: bool) -> dict:
    rows = [HEADER, ("1.1.", "Курсове по български език", "Община Тест", "2025"),
            ("1.2.", "Летни занимания", "", "2025"), ("1.3.", "Кампания за прием", "РУО", "")]
    place = Place(file="plan.pdf", page=1, table=1)
    table = Table(tuple(Row(cells, Place(file="plan.pdf", page=1, table=1, row=n + 1)) for n, cells in enumerate(rows)),
                  place, hidden_merges=hidden)
    doc = Document(source="plan.pdf", format="pdf", blocks=(table,), pages=1)
    return document_to_plan(doc).plan


def _flagged(plan: dict) -> set[tuple[int, str]]:
    return {(w["index"], w["field"]) for w in plan["warnings"] if "без линии" in w["message"]}


def test_an_empty_cell_under_a_filled_one_is_flagged_with_the_value_above_in_a_table_without_rules():
    plan = _plan(hidden=True)
    assert [m["responsible"] for m in plan["measures"]] == ["Община Тест", None, "РУО"]  # no guess
    assert _flagged(plan) == {(1, "responsible"), (2, "period.raw")}
    message = next(w["message"] for w in plan["warnings"] if (w.get("index"), w.get("field")) == (1, "responsible"))
    assert "„Община Тест“" in message


@pytest.mark.parametrize("hidden", [False])
def test_a_ruled_table_shows_its_merged_cells_and_needs_no_such_flag(hidden):
    assert _flagged(_plan(hidden)) == set()


def test_each_empty_cell_of_a_run_under_one_value_is_flagged_not_only_the_first():
    """A merged cell over four rows leaves three empty cells under its value: the second and third were
    read empty with no warning (only the cell right under a filled one was flagged)."""
    rows = [HEADER, ("1.1.", "Курсове", "РУО", "2025"), ("1.2.", "Занимания", "", "2025"),
            ("1.3.", "Кампания", "", "2025"), ("1.4.", "Турнири", "", "2025")]
    place = Place(file="plan.pdf", page=1, table=1)
    table = Table(tuple(Row(cells, Place(file="plan.pdf", page=1, table=1, row=n + 1)) for n, cells in enumerate(rows)),
                  place, hidden_merges=True)
    plan = document_to_plan(Document(source="plan.pdf", format="pdf", blocks=(table,), pages=1)).plan
    assert _flagged(plan) == {(1, "responsible"), (2, "responsible"), (3, "responsible")}
    assert all("„РУО“" in w["message"] for w in plan["warnings"] if "без линии" in w["message"])
