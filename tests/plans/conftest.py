"""Fixtures for the plans tests: the labelled seed plans as plan-json, people in each role."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from planmonitor.accounts.models import District, Municipality, User
from planmonitor.ingest import exact_json

GROUNDTRUTH = ("kazanlak-2017-2020.json", "tvarditsa-2024-2027.json")


def load_plan_json(shared_dir: Path, name: str) -> dict:
    """A hand-labelled plan, read as the import command reads plan-json (amounts as Decimal)."""
    return exact_json.loads((shared_dir / "groundtruth" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def kazanlak_json(shared_dir) -> dict:
    return load_plan_json(shared_dir, GROUNDTRUTH[0])


@pytest.fixture(scope="session")
def tvarditsa_json(shared_dir) -> dict:
    return load_plan_json(shared_dir, GROUNDTRUTH[1])


@pytest.fixture
def small_plan_json() -> dict:
    """A plan of three measures in two priorities, written here so tests can say exactly what they expect."""
    return copy.deepcopy(SMALL_PLAN)


@pytest.fixture
def district(db) -> District:
    return District.objects.get_or_create(name="Стара Загора")[0]


@pytest.fixture
def municipality(district) -> Municipality:
    return Municipality.objects.create(name="Примерна", district=district)


@pytest.fixture
def coordinator(municipality) -> User:
    return User.objects.create_user(
        "coord", password="pw-coord-123", role=User.Role.COORDINATOR, municipality=municipality
    )


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_user("boss", password="pw-boss-123", role=User.Role.ADMIN, is_staff=True)


SMALL_PLAN = {
    "format": "plan-json/1",
    "title": "План за действие на Община Примерна 2024-2027 г.",
    "municipality": "Примерна",
    "period": {"start": 2024, "end": 2027},
    "priorities": [
        {
            "name": "Образование",
            "operational_objective": "Равен достъп до образование",
            "goals": [
                {"code": "1", "title": "Обхват на децата", "parent": None,
                 "tasks": [{"code": "1.1", "title": "Записване в училищата"}]},
            ],
        },
        {"name": "Заетост", "operational_objective": None, "goals": [
            {"code": "I", "title": "Достъп до пазара на труда", "parent": None, "tasks": []},
            {"code": "1", "title": "Обучения", "parent": "I", "tasks": []},
        ]},
    ],
    "measures": [
        {
            "code": "1.1.1", "text": "Обхват на ромските деца в училищата", "priority": "Образование",
            "goal": "1", "task": "1.1", "responsible": "Община, РУО, училища",
            "period": {"raw": "2024-2027", "start": 2024, "end": 2027}, "status": "текущ",
            "funding": {"amount_raw": "3 931 606,10 лв.", "amount": 3931606.1, "currency": "BGN", "source": "Общински бюджет"},
            "indicators": "Брой обхванати деца", "baseline": "120 деца", "target": "200 деца",
        },
        {
            "code": "1.1.2", "text": "Медиатори в „Заедно за всяко дете“", "priority": "Образование",
            "goal": "1", "task": "1.1", "responsible": "РУО",
            "period": {"raw": "2025", "start": 2025, "end": 2025}, "status": "предстоящ",
            "funding": {"amount_raw": None, "amount": 4000.0, "currency": "EUR", "source": "€ 4 000 от ЕСФ+"},
            "indicators": "Дял на назначените медиатори", "baseline": None, "target": "80 %",
        },
        {
            "code": "1", "text": "Обучения за безработни роми", "priority": "Заетост",
            "goal": "1", "task": None, "responsible": "Бюро по труда",
            "period": {"raw": "постоянен", "start": None, "end": None}, "status": None,
            "funding": {"amount_raw": None, "amount": None, "currency": None, "source": None},
            "indicators": None, "baseline": None, "target": None,
        },
    ],
}



@pytest.fixture(autouse=True)
def _english_messages():
    """Messages from services and commands are asserted in their English source form, whatever the catalogue."""
    from django.utils import translation

    with translation.override("en"):
        yield
