"""Issue 15, point 1: a header is read by what it means, not by its first word.

The role word may stand after qualifiers ("Предвидени мерки") or before what
qualifies it ("Срок на изпълнение"); the best roles are chosen over the whole
header row; a table whose measure column is not recognised is named in a
warning, never dropped in silence.
"""

from __future__ import annotations

import json

import pytest

from planmonitor.ingest import read_plan
from planmonitor.ingest.headers import assign_roles, role_of
from tests.ingest.conftest import SEEDS, read_text


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Предвидени мерки", "measure"), ("Мерки за изпълнение", "measure"), ("Конкретни дейности", "measure"),
        ("Описание на дейността", "measure"), ("Срок на изпълнение", "period"), ("Срокове", "period"),
        ("Отговорни структури", "responsible"), ("Основни отговорни институции", "responsible"),
        ("Отговорно лице", "responsible"), ("Индикатори за резултат", "indicators"),
        ("Индикатори за изпълнение на мерките", "indicators"), ("Статус на мярката", "status"),
        ("Статус на изпълнение", "status"), ("Необходими средства (лв.)", "funding_amount"),
        ("Прогнозен бюджет", "funding"), ("Източници на финансиране", "funding_source"),
        ("Стратегически цели", "goal"), ("Конкретни задачи", "task"), ("Целева стойност", "target"),
        ("Отговор-\nна институция", "responsible"),
        # what qualifies the head never names the column
        ("Брой на мерките", None), ("Целеви групи", None), ("Бележки", None),
        # prose is no header, whatever words it holds
        ("Провеждане на информационни кампании и дейности по превенция сред родителите на деца, отпаднали от училище",
         None),
    ],
)
def test_role_word_anywhere_in_the_head_of_the_cell(header, role):
    assert role_of(header) == role


def test_best_assignment_over_the_row_gives_a_unique_role_to_the_better_name():
    """Two cells that could both be the period: the one that names it better keeps it."""
    assert assign_roles(["Мерки", "Срок", "Срок за изпълнение"])[1:] == ["period", "period"]  # nothing else to take
    assert assign_roles(["Цели и задачи", "Задачи", "Дейности"]) == ["goal", "task", "measure"]


QUALIFIED = (
    "Стратегически цели | Конкретни задачи | Предвидени мерки | Отговорни структури | Срок на изпълнение | "
    "Индикатори за резултат"
)


def test_a_table_under_qualified_headers_imports():
    """Old code read none of these headers, so the table and its measure vanished."""
    plan = read_text(
        "Приоритет 1: Образование",
        QUALIFIED,
        "1. Обхват | 1.1. Записване | 1.1.1. Обходи на домовете | Община, РУО | 2025 – 2026 г. | Брой деца",
    )
    (measure,) = plan["measures"]
    assert (measure["code"], measure["goal"], measure["task"]) == ("1.1.1", "1", "1.1")
    assert (measure["responsible"], measure["period"]["start"], measure["indicators"]) == ("Община, РУО", 2025, "Брой деца")


def test_a_table_whose_measure_column_is_unknown_is_named_in_a_warning():
    """Headers the reader knows two of, none a measure: the table's headers are named, not dropped in silence."""
    with pytest.raises(Exception) as refused:  # no measure anywhere: the file is refused (point 12)
        read_text("Приоритет 1: Образование", "Начинания | Срок | Отговорник", "Ремонт | 2025 | Община")
    assert "Начинания" in str(refused.value.message("bg"))


def test_a_table_without_a_measure_column_beside_a_plan_table_is_warned_about():
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мярка | Срок",
        "1.1. | Ремонт | 2025",
        "",
        "Приложение: други начинания",
        "",
        "Начинания | Срок | Отговорник",
        "Нещо | 2026 | Община",
    )
    assert [m["code"] for m in plan["measures"]] == ["1.1"]
    messages = [w["message"] for w in plan["warnings"]]
    assert any("Начинания" in m for m in messages), messages


# Each seed's header cells reworded the way other municipalities word them.
REWORDINGS = {
    "kazanlak-2017-2020": [
        {"Цели": "Стратегически цели", "Задачи": "Конкретни задачи", "Дейности": "Предвидени дейности",
         "Отговорна институция": "Отговорни структури", "Времеви период": "Срок на изпълнение",
         "Времени период": "Срок на изпълнение", "Индикатори": "Индикатори за резултат"},
        {"Дейности": "Мерки и дейности за изпълнение", "Отговорна институция": "Основни отговорни институции",
         "Времеви период": "Период на изпълнение", "Времени период": "Период на изпълнение",
         "Средства": "Необходими средства", "Източник": "Източник на средствата"},
    ],
    "tvarditsa-2024-2027": [
        {"Мерки": "Предвидени мерки", "Срок": "Срок на изпълнение", "Отговорна институция": "Отговорни структури",
         "Индикатори": "Индикатори за резултат", "Статус": "Статус на мярката"},
        {"Мерки": "Планирани мерки за изпълнение", "Срок": "Краен срок", "Отговорна институция": "Отговорно лице",
         "Индикатори": "Измерими индикатори за изпълнение", "Текуща стойност": "Изходна стойност"},
    ],
}


def reword(text: str, table: dict[str, str]) -> str:
    """The header rows (two or more cells the table names) reworded; data rows left alone."""
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        if sum(c.strip() in table for c in cells) >= 2:
            cells = [table.get(c.strip(), c) for c in cells]
        out.append("\t".join(cells))
    return "\n".join(out)


@pytest.mark.parametrize(("truth_name", "variant"), [(n, i) for n in sorted(REWORDINGS) for i in range(2)])
def test_seed_with_reworded_headers_still_scores_perfectly(shared_dir, scorer, truth_name, variant):
    text = (shared_dir / "seeds" / SEEDS[truth_name]).read_text(encoding="utf-8")
    truth = json.loads((shared_dir / "groundtruth" / f"{truth_name}.json").read_text(encoding="utf-8"))
    reworded = reword(text, REWORDINGS[truth_name][variant])
    assert reworded != text
    result = scorer.score(read_plan(reworded.encode("utf-8"), SEEDS[truth_name]).plan, truth)
    assert result["measures"]["f1"] >= 0.99, result["missing"][:5]
    assert result["field_accuracy"] >= 0.99, result["wrong"][:5]
