"""Stage 5: every doubt is a warning with its place, the measure's code and the field."""

from __future__ import annotations

import pytest

from planmonitor.ingest import IngestError, read_plan
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


def test_a_document_without_measures_is_refused_with_one_line():
    """Issue 15 point 12: zero measures is never an empty plan that passes silently."""
    with pytest.raises(IngestError) as refused:
        read_text("Само текст.", "Без таблици.")
    line = refused.value.message("bg")
    assert line.startswith("plan.txt: В документа не е намерена таблица с мерки")
    assert "\n" not in line


def test_a_price_list_whose_measure_is_a_unit_is_refused():
    """'Мярка' in a price list is a unit of measure: the file holds no plan table."""
    with pytest.raises(IngestError) as refused:
        read_text(
            "Оферта за доставка на канцеларски материали",
            "№ | Наименование | Мярка | Количество | Ед. цена | Стойност",
            "1 | Хартия А4 | бр. | 100 | 5,20 лв. | 520,00 лв.",
            "2 | Химикалки | бр. | 50 | 0,80 лв. | 40,00 лв.",
            "3 | Тонер | к-т | 2 | 90,00 лв. | 180,00 лв.",
        )
    line = refused.value.message("bg")
    assert "не е намерена таблица с мерки" in line and "Количество" in line, line


def test_a_measure_with_empty_text_is_flagged_at_its_field():
    plan = read_text("Приоритет 1: Образование", "№ | Мярка | Срок", "1.1. | Ремонт | 2025", "1.2. |  | 2026")
    flagged = [(w["measure"], w["field"]) for w in plan["warnings"]]
    assert ("1.2", "text") in flagged


def test_a_status_column_holding_something_else_is_warned():
    plan = read_text("Приоритет 1: Образование", "№ | Мярка | Статус", "1.1. | Първа | Програма „Спорт за децата в свободното време“.")
    assert plan["measures"][0]["status"] is None
    assert [w["field"] for w in plan["warnings"]] == ["status"]


def test_a_row_of_several_measures_with_one_period_each_is_flagged_on_each_measure():
    """Two measures in one cell beside two periods and two sums: the reader cannot split them, and says so."""
    plan = read_text(
        "Приоритет 1: Образование",
        "Мерки | Срок | Финансиране",
        "<p>1.1. Ремонт на училището</p><p>1.2. Обучение на учители</p> | 2025 г. 2026 г. | 100 лв. 200 лв.",
    )
    assert [m["code"] for m in plan["measures"]] == ["1.1", "1.2"]
    flagged = {w["measure"] for w in plan["warnings"] if "изглеждат по един запис" in w["message"]}
    assert flagged == {"1.1", "1.2"}


def test_a_row_of_several_measures_sharing_one_period_is_not_flagged():
    plan = read_text(
        "Приоритет 1: Образование",
        "Мерки | Срок",
        "<p>1.1. Ремонт на училището</p><p>1.2. Обучение на учители</p> | 2025 – 2026 г.",
    )
    assert [m["code"] for m in plan["measures"]] == ["1.1", "1.2"]
    assert not [w for w in plan["warnings"] if "изглеждат по един запис" in w["message"]]


def test_cells_in_the_wrong_column_are_flagged_at_their_fields():
    """A row whose cells slid one column: a status in the responsible column, a body in the period column."""
    plan = read_text("Приоритет 1: Образование", "№ | Мярка | Отговорник | Срок", "1.1. | Ремонт | Предстоящ | МОН")
    flagged = {w["field"] for w in plan["warnings"] if w["measure"] == "1.1"}
    assert {"responsible", "period"} <= flagged


def test_a_funding_fragment_in_the_period_flags_the_whole_measure():
    plan = read_text("Приоритет 1: Образование", "№ | Мярка | Срок", "1.1. | Ремонт | 2017-2020 Средства от оперативни програми")
    assert [(w["measure"], w["field"]) for w in plan["warnings"]] == [("1.1", None)]


def test_a_warning_names_a_measure_without_a_code_by_its_position():
    """The scorer can tell a flagged field of an uncoded measure from a silent one (issue 15)."""
    from tests.builders import scoring

    plan = read_text("Приоритет 1: Образование", "№ | Мярка | Срок", "1.1. | Ремонт | 2025", " | Курсове | скоро")
    assert (1, "period") in {(w.get("index"), w["field"]) for w in plan["warnings"]}
    truth = {"measures": [dict(plan["measures"][0]),
                          {**plan["measures"][1], "period": {"raw": "2026", "start": 2026, "end": 2026}}]}
    assert scoring.score(plan, truth)["silent_wrong"] == 0  # "скоро" is warned at its measure's position
    assert scoring.score(plan, truth, uncoded=False)["silent_wrong"] == 3  # the official rule: never flagged


def test_a_sum_with_digits_outside_its_grouping_is_read_whole_and_flagged():
    """ "1355 873,00 лв." (a lost space) is the whole number, with a warning at its field that says so."""
    plan = read_text("Приоритет 1: Образование", "№ | Мярка | Средства", "1.1. | Първа | 1355 873,00 лв.")
    [measure] = plan["measures"]
    assert str(measure["funding"]["amount"]) == "1355873.00"
    [warning] = [w for w in plan["warnings"] if w["field"] == "funding.amount"]
    assert warning["measure"] == "1.1" and "1355873.00 BGN" in warning["message"]
