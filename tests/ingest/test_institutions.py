"""The institution registry: every abbreviation the seeds use is known; a deployment can add its own."""

from __future__ import annotations

import pytest

from planmonitor.ingest.institutions import find_institution, load_registry, split_responsible

SEED_ABBREVIATIONS = (
    "МОН", "РУО", "МЗ", "РЗИ", "АЗ", "ДБТ", "АСП", "ДСП", "ДАЗД", "ЦОИДУЕМ", "МКБППМН", "НПО", "ОПЛ", "МТСП",
    "ОДМВР", "РУ МВР", "РЗОК", "ЦОП", "ЦСРИ", "МРРБ", "ДНСК", "МП", "ВАС", "НСОРБ", "НБПП", "ГДБОП", "НЦОЗА", "ПИЦ",
    "НМЗМ", "ММС", "МК", "ОЗД", "КАБКИС", "ЦКБППМН",
)


@pytest.mark.parametrize("abbreviation", SEED_ABBREVIATIONS)
def test_registry_knows_the_seeds_institutions(abbreviation):
    assert abbreviation in {item.abbreviation for item in load_registry()}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("МОН РУО МТСП ДАЗД Община Твърдица", ["МОН", "РУО", "МТСП", "ДАЗД", "Община Твърдица"]),
        ("МЗ, РЗИ, НПО, здравен медиатор", ["МЗ", "РЗИ", "НПО", "здравен медиатор"]),
        ("A3", ["A3"]),
        ("АЗ,АСП", ["АЗ", "АСП"]),
        ("Училища ОЗД при ДСП", ["Училища", "ОЗД", "ДСП"]),
        ("Община, Читалище „Искра“, РУО", ["Община", "Читалище „Искра“", "РУО"]),  # a body and its own name
        ("ОУ „Христо Ботев“ и ДСП", ["ОУ „Христо Ботев“", "ДСП"]),
        ("", []),
    ],
)
def test_split_responsible_keeps_every_piece_in_order(text, found):
    assert [m.text for m in split_responsible(text)] == found


def test_lookalike_latin_abbreviation_is_matched():
    """'A3' typed with a Latin A and a digit is the employment agency АЗ."""
    (match,) = split_responsible("A3")
    assert match.abbreviation == "АЗ"


def test_deployment_extends_the_registry(tmp_path):
    extra = tmp_path / "local.csv"
    extra.write_text("abbreviation,name,kind,aliases\nМИГ,Местна инициативна група,association,\n", encoding="utf-8")
    registry = load_registry(str(extra))
    assert [m.abbreviation for m in split_responsible("МИГ и МОН", registry)] == ["МИГ", "МОН"]
    assert find_institution("Местна инициативна група", registry).abbreviation == "МИГ"
