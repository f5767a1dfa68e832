"""Write the two sample plan documents that ``planmonitor demo`` loads on a fresh clone.

    .venv/bin/python scripts/make_demo_plans.py

A newcomer has only the repository (no ``../shared`` with the real seed plans),
so the demo must come up from documents the project ships. These are written
here, from plan-json, with the same builders the reader's tests use, in two
layouts the reader supports: a DOCX in the Kazanlak layout (goals and tasks
merged down, funding as amount and source) and an XLSX in the Tvarditsa layout
(status, baseline and target columns). The municipalities are real (they are in
the national register, so the demo places them in a district); the plans are
invented demonstration text and say so in their titles.

The files are committed under ``planmonitor/monitoring/demo_plans/`` so that they
install with the package; run this script again after changing the text below.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders.sheet import build_xlsx  # noqa: E402
from tests.builders.word import build_docx  # noqa: E402

OUT = ROOT / "planmonitor" / "monitoring" / "demo_plans"


def _measure(code, text, priority, goal, task, responsible, period, funding, indicators,
             status=None, baseline=None, target=None) -> dict:
    amount_raw, amount, currency, source = funding
    start, end = period if isinstance(period, tuple) else (None, None)
    raw = f"{start}-{end}" if isinstance(period, tuple) else period
    return {
        "code": code, "text": text, "priority": priority, "goal": goal, "task": task,
        "responsible": responsible, "period": {"raw": raw, "start": start, "end": end}, "status": status,
        "funding": {"amount_raw": amount_raw, "amount": amount, "currency": currency, "source": source},
        "indicators": indicators, "baseline": baseline, "target": target,
    }


EDU, HEALTH, HOUSING, WORK = "Образование", "Здравеопазване", "Жилищни условия", "Заетост"

MUGLIZH = {
    "format": "plan-json/1",
    "title": "Примерен план за действие на Община Мъглиж за интегриране на ромите 2024-2027 г. "
             "(демонстрационни данни)",
    "municipality": "Мъглиж",
    "period": {"start": 2024, "end": 2027},
    "priorities": [
        {"name": EDU, "operational_objective": "Равен достъп до качествено образование", "goals": [
            {"code": "1", "title": "Обхващане и задържане на децата в училище", "parent": None, "tasks": [
                {"code": "1.1", "title": "Записване в детска градина и училище"},
                {"code": "1.2", "title": "Подкрепа за учениците в риск от отпадане"},
            ]},
        ]},
        {"name": HEALTH, "operational_objective": "По-добро здраве и профилактика", "goals": [
            {"code": "2", "title": "Достъп до здравни услуги", "parent": None, "tasks": [
                {"code": "2.1", "title": "Профилактика и имунизации"},
            ]},
        ]},
        {"name": HOUSING, "operational_objective": None, "goals": [
            {"code": "3", "title": "Подобряване на жилищната среда", "parent": None, "tasks": [
                {"code": "3.1", "title": "Техническа инфраструктура в кварталите"},
            ]},
        ]},
        {"name": WORK, "operational_objective": "Повече хора с постоянна работа", "goals": [
            {"code": "4", "title": "Включване в пазара на труда", "parent": None, "tasks": [
                {"code": "4.1", "title": "Обучения и посредничество"},
            ]},
        ]},
    ],
    "measures": [
        _measure("1.1.1", "Обхождане на домовете и записване на децата в подготвителна група", EDU, "1", "1.1",
                 "Община Мъглиж, РУО", (2024, 2027), ("12 000 лв.", 12000.0, "BGN", "Общински бюджет"),
                 "Брой записани деца"),
        _measure("1.1.2", "Безплатен транспорт до училище за децата от отдалечените села", EDU, "1", "1.1",
                 "Община Мъглиж", (2024, 2027), ("30 000 лв.", 30000.0, "BGN", "Държавен бюджет"),
                 "Брой пътуващи ученици"),
        _measure("1.2.1", "Образователни медиатори в двете основни училища", EDU, "1", "1.2",
                 "РУО, училища", (2024, 2026), ("24 000 лв.", 24000.0, "BGN", "Национални програми"),
                 "Брой назначени медиатори"),
        _measure("1.2.2", "Занимания по интереси и допълнително обучение по български език", EDU, "1", "1.2",
                 "Училища", (2025, 2027), ("8 000 лв.", 8000.0, "BGN", "ЕСФ+"),
                 "Брой ученици в заниманията"),
        _measure("2.1.1", "Мобилни кабинети за профилактични прегледи на деца и бременни жени", HEALTH, "2", "2.1",
                 "РЗИ, Община Мъглиж", (2024, 2027), ("15 000 лв.", 15000.0, "BGN", "Министерство на здравеопазването"),
                 "Брой прегледани лица"),
        _measure("2.1.2", "Разяснителни срещи за имунизациите с родители", HEALTH, "2", "2.1",
                 "РЗИ, здравни медиатори", (2024, 2027), (None, None, None, "Без допълнителни средства"),
                 "Брой проведени срещи"),
        _measure("3.1.1", "Изграждане на водопровод и улично осветление в квартал „Изток“", HOUSING, "3", "3.1",
                 "Община Мъглиж", (2025, 2027), ("180 000 лв.", 180000.0, "BGN", "Програма за развитие на регионите"),
                 "Дължина на изградената мрежа"),
        _measure("4.1.1", "Обучения за професионална квалификация на безработни", WORK, "4", "4.1",
                 "Бюро по труда", (2024, 2027), ("20 000 лв.", 20000.0, "BGN", "Агенция по заетостта"),
                 "Брой обучени лица"),
        _measure("4.1.2", "Трудови борси в кварталите с участието на местни работодатели", WORK, "4", "4.1",
                 "Бюро по труда, Община Мъглиж", (2024, 2027), (None, None, None, "Без допълнителни средства"),
                 "Брой проведени трудови борси"),
    ],
}

KOTEL = {
    "format": "plan-json/1",
    "title": "Примерен план за действие на Община Котел за приобщаване на ромите 2024-2027 г. "
             "(демонстрационни данни)",
    "municipality": "Котел",
    "period": {"start": 2024, "end": 2027},
    "priorities": [
        {"name": EDU, "operational_objective": "Всяко дете в детска градина и училище", "goals": [
            {"code": "1", "title": "Ранно детско развитие", "parent": None, "tasks": []},
            {"code": "2", "title": "Завършване на основно образование", "parent": None, "tasks": []},
        ]},
        {"name": HEALTH, "operational_objective": "Здравна култура и профилактика", "goals": [
            {"code": "1", "title": "Профилактика", "parent": None, "tasks": []},
        ]},
        {"name": WORK, "operational_objective": "Устойчива заетост", "goals": [
            {"code": "1", "title": "Заетост на младежи", "parent": None, "tasks": []},
        ]},
    ],
    "measures": [
        _measure("1", "Безплатно посещение на детска градина за децата от уязвими семейства", EDU, "1", None,
                 "Община Котел", (2024, 2027), (None, None, None, "Общински бюджет"),
                 "Брой деца в детска градина", status="текущ", baseline="45 деца", target="70 деца"),
        _measure("2", "Родителски училища в детските градини", EDU, "1", None,
                 "Детски градини", (2025, 2027), (None, None, None, "ЕСФ+"),
                 "Брой участвали родители", status="предстоящ", baseline="0", target="60 родители"),
        _measure("3", "Наставници за учениците от 5. до 7. клас", EDU, "2", None,
                 "РУО, училища", (2024, 2027), (None, None, None, "Национална програма"),
                 "Дял на завършилите 7. клас", status="текущ", baseline="78 %", target="90 %"),
        _measure("4", "Летни училища по математика и български език", EDU, "2", None,
                 "Училища", "всяка година", (None, None, None, "Държавен бюджет"),
                 "Брой ученици", status="текущ", baseline="30 ученици", target="120 ученици"),
        _measure("5", "Здравни медиатори в селата Жеравна и Медвен", HEALTH, "1", None,
                 "Община Котел, РЗИ", (2024, 2027), (None, None, None, "Държавен бюджет"),
                 "Брой консултирани лица", status="текущ", baseline="150 лица", target="600 лица"),
        _measure("6", "Кампании за ранна диагностика на диабет и хипертония", HEALTH, "1", None,
                 "РЗИ", (2025, 2026), (None, None, None, "Министерство на здравеопазването"),
                 "Брой прегледани лица", status="предстоящ", baseline="0", target="400 лица"),
        _measure("7", "Стажове при местни работодатели за младежи до 29 години", WORK, "1", None,
                 "Бюро по труда", (2024, 2027), (None, None, None, "Агенция по заетостта"),
                 "Брой стажанти", status="текущ", baseline="5 младежи", target="40 младежи"),
    ],
}

#: file name -> (plan-json, layout, format)
SAMPLES = {
    "muglizh-2024-2027.docx": (MUGLIZH, "kazanlak", "docx"),
    "kotel-2024-2027.xlsx": (KOTEL, "tvarditsa", "xlsx"),
}


def build(name: str) -> bytes:
    """The bytes of one sample document, built from its plan-json."""
    plan, layout, kind = SAMPLES[name]
    return build_docx(plan, layout) if kind == "docx" else build_xlsx(plan, layout)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in SAMPLES:
        (OUT / name).write_bytes(build(name))
        print(OUT / name)


if __name__ == "__main__":
    main()
