"""A plan of any size written here (no ``../shared`` needed): for the import review at real size.

``synthetic_plan(400)`` gives a plan-json of 400 measures in four priorities
with numbered goals, as municipal plans have them; build it into a document
with ``tests.builders.word.build_docx(plan, "tvarditsa")``.
"""

from __future__ import annotations

PRIORITIES = ("Образование", "Заетост", "Здравеопазване", "Жилищни условия")
ACTIONS = (
    "Информационна кампания за", "Обучение на родители за", "Подкрепа на деца и младежи за",
    "Работа с медиатори за", "Консултации за", "Летни занимания за",
)
TOPICS = (
    "записване в детска градина", "задържане в училище", "професионално ориентиране",
    "трудова заетост на младежи", "профилактични прегледи", "здравна култура", "достъп до социални услуги",
    "подобряване на жилищните условия",
)
RESPONSIBLE = ("Община {m}, РУО", "Дирекция „Бюро по труда“", "РЗИ, общопрактикуващи лекари", "Община {m}, училища",
               "МОН, РУО")


def synthetic_plan(measures: int, municipality: str = "Примерна", start: int = 2025, end: int = 2028,
                   per_goal: int = 10, quirks: bool = False) -> dict:
    """A plan-json of ``measures`` measures spread over four priorities, ``per_goal`` measures to a goal.

    With ``quirks`` a few measures carry what the review must handle: the second has no number, the
    third's text holds a second measure ("... 1.1.4. ..."), the fifth names a body the institution
    registry does not know and a fragment ("всички институции").
    """
    per_priority = -(-measures // len(PRIORITIES))
    plan = {
        "format": "plan-json/1",
        "title": f"План за действие на Община {municipality} за интегриране на ромите {start}-{end} г.",
        "municipality": municipality,
        "period": {"start": start, "end": end},
        "priorities": [],
        "measures": [],
    }
    number = 0
    for p, name in enumerate(PRIORITIES, 1):
        count = min(per_priority, measures - number)
        if count <= 0:
            break
        goals = -(-count // per_goal)
        plan["priorities"].append({
            "name": name, "operational_objective": None,
            "goals": [{"code": str(g), "title": f"Цел {g} по приоритет {name.lower()}", "parent": None, "tasks": []}
                      for g in range(1, goals + 1)],
        })
        for i in range(count):
            number += 1
            goal = i // per_goal + 1
            text = f"{ACTIONS[number % len(ACTIONS)]} {TOPICS[number % len(TOPICS)]} (дейност {number})"
            year = start + number % (end - start + 1)
            plan["measures"].append({
                "code": f"{p}.{goal}.{i % per_goal + 1}", "text": text, "priority": name, "goal": str(goal),
                "task": None, "responsible": RESPONSIBLE[number % len(RESPONSIBLE)].format(m=municipality),
                "period": {"raw": str(year), "start": year, "end": year}, "status": "текущ",
                "funding": {"amount_raw": None, "amount": None, "currency": None, "source": "Общински бюджет"},
                "indicators": "Брой участници", "baseline": "0", "target": str(10 + number % 40),
            })
    if quirks and len(plan["measures"]) >= 5:
        first = plan["measures"]
        first[1]["code"] = None
        first[2]["text"] += "\n1.1.99. Кръгла маса с родители за ранното напускане на училище"
        first[4]["responsible"] = f"Община {municipality}, Сдружение „Нов път“, всички институции"
    return plan
