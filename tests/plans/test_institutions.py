"""Responsible cells become links to the institution registry."""

from __future__ import annotations

import pytest

from planmonitor.accounts.models import Institution, Municipality
from planmonitor.plans.institutions import InstitutionLinker


@pytest.mark.django_db
def test_registry_rows_are_found_or_created_once():
    """National bodies are shared by all municipalities; "Община" is the plan's own; a fragment ("фирми") is
    never an institution (issue 10), and an unknown name is not created by the linker."""
    first, second = Municipality.objects.create(name="Първа"), Municipality.objects.create(name="Втора")
    linked = InstitutionLinker(first).institutions_for("Община, РУО, МОН и фирми")
    assert [(i.name, i.kind, i.municipality) for i in linked] == [
        ("Община Първа", "municipal", first),
        ("Регионално управление на образованието", "regional", None),
        ("Министерство на образованието и науката", "national", None),
    ]
    assert InstitutionLinker(first).institutions_for("Клуб „Искра“") == []
    assert not Institution.objects.filter(name__in=["фирми", "Клуб „Искра“"]).exists()
    again = InstitutionLinker(second).institutions_for("МОН; Община Втора")
    assert again[0] == linked[2]
    assert again[1].name == "Община Втора" and again[1].municipality == second
    assert Institution.objects.filter(abbreviation="МОН").count() == 1


@pytest.mark.django_db
def test_prose_is_not_an_institution():
    municipality = Municipality.objects.create(name="Първа")
    prose = "всички заинтересовани страни които имат отношение към изпълнението на дейностите в плана за действие"
    assert InstitutionLinker(municipality).institutions_for(prose) == []
    assert InstitutionLinker(municipality).institutions_for("") == []
