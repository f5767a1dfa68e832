"""Files that are no action plan are refused with one line, in every grid format, within a second.

Issue 15 point 12, beyond the text dumps ``test_validate`` reads: a Word or Excel
file with no plan table, a price list (its "Мярка" is a unit of measure), and a
table whose "Мярка" column holds units beside plan-like columns. A measure row
with an empty text is kept and flagged at its field, never stored silently.
"""

from __future__ import annotations

import time

import pytest

from planmonitor.ingest import read_plan
from planmonitor.ingest.errors import IngestError
from tests.builders.layouts import Grid, Text
from tests.builders.sheet import xlsx_from_blocks
from tests.builders.word import docx_from_blocks

PRICE_LIST = [
    Text("Оферта за доставка на канцеларски материали"),
    Grid([["№", "Наименование", "Мярка", "Количество", "Ед. цена", "Стойност"],
          ["1", "Хартия А4", "бр.", "100", "5,20 лв.", "520,00 лв."],
          ["2", "Химикалки", "бр.", "50", "0,80 лв.", "40,00 лв."],
          ["3", "Тонер", "к-т", "2", "90,00 лв.", "180,00 лв."]], header_rows=1, widths=[1.0] * 6),
]
UNIT_COLUMN = [
    Text("График на доставките"),
    Grid([["№", "Материал", "Мярка", "Срок", "Отговорник"],
          ["1", "Пясък", "м3", "2025", "Домакин"],
          ["2", "Цимент", "кг", "2025", "Домакин"],
          ["3", "Тухли", "бр.", "2026", "Склад"]], header_rows=1, widths=[1.0] * 5),
]
NO_TABLE = [Text("Отчет за дейността на читалището"), Text("През годината бяха проведени 12 събития.")]


def write(blocks: list, fmt: str) -> bytes:
    return docx_from_blocks(blocks, None) if fmt == "docx" else xlsx_from_blocks(blocks)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize(("blocks", "named"), [(PRICE_LIST, "Количество"), (UNIT_COLUMN, "Материал"),
                                               (NO_TABLE, None)], ids=["price-list", "unit-column", "no-table"])
def test_no_plan_table_is_refused_in_one_line_within_a_second(fmt, blocks, named):
    data = write(blocks, fmt)
    start = time.perf_counter()
    with pytest.raises(IngestError) as refused:
        read_plan(data, f"file.{fmt}")
    assert time.perf_counter() - start < 1.0
    line = refused.value.message("bg")
    assert "\n" not in line and line.startswith(f"file.{fmt}: ")
    if named:  # the line names the table it found instead
        assert "не е намерена таблица с мерки" in line and named in line, line


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_measure_row_with_an_empty_text_is_kept_and_flagged(fmt):
    blocks = [Text("Приоритет 1: Образование"),
              Grid([["№", "Мярка", "Срок", "Отговорна институция"],
                    ["1.1.", "Ремонт на училището", "2025", "Община"],
                    ["1.2.", "", "2026", "РУО"]], header_rows=1, widths=[1.0] * 4)]
    plan = read_plan(write(blocks, fmt), f"plan.{fmt}").plan
    assert [m["code"] for m in plan["measures"]] == ["1.1", "1.2"]
    assert ("1.2", "text") in [(w["measure"], w["field"]) for w in plan["warnings"]]
