"""Stage 5: every doubt is a warning with its place, the measure's code and the field."""

from __future__ import annotations

from planmonitor.ingest import read_plan
from planmonitor.ingest.settings import ReadSettings
from tests.ingest.conftest import read_text, text_plan


def test_duplicate_code_and_unreadable_number_are_warned_with_places():
    plan = read_text(
        "Приоритет 1: Образование",
        "№ | Мярка | Средства | Източник",
        "1.1. | Първа | двадесет хиляди лв. за 2024 г. | Община",
        "1.1. | Втора | - | Община",
    )
    warnings = {(w["measure"], w["field"]): w for w in plan["warnings"]}
    assert warnings[("1.1", "code")]["place"] == "plan.txt, таблица 1, ред 3"
    unreadable = warnings[("1.1", "funding.amount")]
    assert "двадесет хиляди лв. за 2024 г." in unreadable["message"]
    assert unreadable["place"] == "plan.txt, таблица 1, ред 3"


def test_warnings_in_english_when_asked():
    data = text_plan("Приоритет 1: Образование", "№ | Мярка", "1.1. | Първа", "1.1. | Втора")
    result = read_plan(data, "plan.txt", ReadSettings(lang="en"))
    assert [w.message for w in result.warnings] == ["Code 1.1 appears more than once in the priority."]


def test_a_document_without_measures_says_so():
    plan = read_text("Само текст.", "Без таблици.")
    assert plan["measures"] == []
    assert [w["message"] for w in plan["warnings"]] == ["В документа не са намерени мерки."]


def test_a_status_column_holding_something_else_is_warned():
    plan = read_text("Приоритет 1: Образование", "№ | Мярка | Статус", "1.1. | Първа | Програма „Спорт за децата в свободното време“.")
    assert plan["measures"][0]["status"] is None
    assert [w["field"] for w in plan["warnings"]] == ["status"]
