"""The national register of districts and municipalities places an imported plan in its district."""

from __future__ import annotations

import pytest

from planmonitor.accounts import registry

# How many municipalities each district has (the administrative division in force since 2015),
# written out here independently of the data file so that a lost or doubled row shows.
EXPECTED_COUNTS = {
    "Благоевград": 14, "Бургас": 13, "Варна": 12, "Велико Търново": 10, "Видин": 11, "Враца": 10,
    "Габрово": 4, "Добрич": 8, "Кърджали": 7, "Кюстендил": 9, "Ловеч": 8, "Монтана": 11,
    "Пазарджик": 12, "Перник": 6, "Плевен": 11, "Пловдив": 18, "Разград": 7, "Русе": 8,
    "Силистра": 7, "Сливен": 4, "Смолян": 10, "София (столица)": 1, "София": 22, "Стара Загора": 11,
    "Търговище": 5, "Хасково": 11, "Шумен": 10, "Ямбол": 5,
}


def test_every_district_has_its_municipalities():
    assert sorted(registry.districts()) == sorted(EXPECTED_COUNTS)
    assert {d: len(registry.municipalities(d)) for d in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert len(registry.municipalities()) == 264  # 265 municipalities, "Бяла" twice under one name


@pytest.mark.parametrize(("written", "district"), [
    ("Казанлък", "Стара Загора"),
    ("Община Казанлък", "Стара Загора"),
    ("общ. Твърдица", "Сливен"),
    ("ОБЩИНА  ТВЪРДИЦА", "Сливен"),
    ("Столична община", "София (столица)"),
    ("София", "София (столица)"),
    ("Добричка", "Добрич"),
    ("Тунджа", "Ямбол"),
])
def test_the_district_of_a_municipality_as_people_write_it(written, district):
    assert registry.district_of(written) == district


def test_an_ambiguous_or_unknown_name_gives_no_district():
    assert registry.districts_of("Бяла") == ("Варна", "Русе")
    assert registry.district_of("Бяла") is None
    assert registry.district_of("Атлантида") is None


@pytest.mark.parametrize(("written", "official"), [
    ("област Сливен", "Сливен"), ("Област: Стара Загора", "Стара Загора"), ("София-град", "София (столица)"),
    ("Софийска област", "София"), ("Нова", "Нова"),
])
def test_district_names_as_people_write_them(written, official):
    assert registry.canonical_district(written) == official


@pytest.mark.parametrize("style", [str, str.upper])
def test_the_register_and_the_plan_reader_spell_every_municipality_alike(style):
    """One file for both: the name the reader finds in a title is the register's official name."""
    from planmonitor.ingest.values import municipality_of

    for name in registry.municipalities():
        found = municipality_of(style(f"План за действие на Община {name} за периода 2024 - 2027 г."))
        assert found == name, (name, found)
        assert registry.canonical_municipality(found) == name
    assert "Долни чифлик" in registry.municipalities("Варна")  # the NSI's spelling (EKATTE), not "Долни Чифлик"
