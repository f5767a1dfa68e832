"""Random plans with known truth: a plan-json/1 dict, the same for the same seed and features.

``random_plan(seed, Features(...))`` draws a municipality, a period, priorities,
goals (numbered, unnumbered, with a letter prefix such as "ДАЗД-1", under
higher goals "Цел I"), tasks or none, and measures with every field a plan
states: responsible bodies, periods in the many ways plans write them,
statuses, sums in BGN and EUR, sources, indicators with baseline and target.
What a document can show of it is decided by the layout (``render.expected``).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass

from tests.builders.corpus import texts

VALUE_KEYS = ("responsible", "period", "status", "funding", "indicators", "baseline", "target")
ROMAN = ("I", "II", "III", "IV", "V", "VI")
PREFIXES = ("ДАЗД-", "РЗИ-", "ДБТ-", "АСП-")
PLACES = ("с. Овощник", "с. Ръжена", "гр. Крън", "гр. Шипка", "кв. „Изток“", "кв. „Надежда“", "с. Бяла поляна",
          "с. Горно Сахране", "кв. „Хаджи Димитър“", "с. Енина", "с. Копринка", "кв. „Средна гора“")


@dataclass(frozen=True)
class Features:
    """What the plan has. The defaults are a plain plan; each flag adds one hard case."""

    measures: int = 20
    tasks: bool = False  # goals have "Задачи" and measures are coded goal.task.n
    higher_goals: bool = False  # goals grouped under "Цел I", "Цел II" (the first priority with 2+ goals)
    unnumbered_goals: bool = False  # some goals have no code (their measures none either)
    uncoded: float = 0.0  # share of measures under numbered goals that have no code
    prefix: bool = False  # one goal's code has a letter prefix ("ДАЗД-1", measures "ДАЗД-1.1.1")
    currency: str = "BGN"  # "BGN", "EUR" or "mixed"
    long_cells: bool = False  # some texts, responsible and indicator cells run to several sentences
    status: bool = True  # measures carry a status word
    values: bool = True  # indicators carry baseline and target values
    same_responsible: float = 0.3  # chance that a measure has the previous one's responsible (merged cells)
    span_title: bool = False  # the title names the strategy's span and then "за периода" the plan's own
    shared_rows: float = 0.0  # chance that a coded measure has every value of the coded one before it


def random_plan(seed: int, features: Features = Features()) -> dict:
    """A plan-json/1 dict drawn from ``seed``; the same seed and features give the same plan."""
    rng = random.Random(seed)
    municipality = rng.choice(texts.MUNICIPALITIES)
    start = rng.randint(2021, 2027)
    end = start + rng.choice((1, 2, 3, 3, 4))
    title = (f"План за действие на Община {municipality} за интегриране на българските граждани от ромски "
             "произход и други граждани в уязвимо социално-икономическо положение, живеещи в сходна на ромите "
             "ситуация")
    span = rng.choice((f" {start}-{end} г.", f" ({start} – {end} г.)", f" за периода {start} – {end} г."))
    title += f" (2021 – 2030) за периода {start} – {end} г." if features.span_title else span
    gen = _Generator(rng, features, municipality, start, end)
    plan = {"format": "plan-json/1", "title": title, "municipality": municipality,
            "period": {"start": start, "end": end}, "priorities": [], "measures": []}
    n = features.measures
    count = max(2, min(len(texts.PRIORITIES), n // 8, rng.randint(3, 8)))
    chosen = sorted(rng.sample(range(len(texts.PRIORITIES)), count))
    shares = _split(rng, n, count, minimum=2)
    prefix_at = rng.randrange(count) if features.prefix else -1
    higher_at = next((i for i, s in enumerate(shares) if s >= 4), -1) if features.higher_goals else -1
    plain = [i for i in range(count) if i not in (prefix_at, higher_at)]
    unnumbered_at = set(rng.sample(plain, max(1, len(plain) // 2))) if features.unnumbered_goals and plain else set()
    for i, (index, share) in enumerate(zip(chosen, shares, strict=True)):
        name, objective, goal_titles = texts.PRIORITIES[index]
        priority = {"name": name, "operational_objective": objective if rng.random() < 0.7 else None, "goals": []}
        plan["priorities"].append(priority)
        gen.priority(plan, priority, goal_titles, share, prefixed=i == prefix_at, higher=i == higher_at,
                     unnumbered=i in unnumbered_at)
    return plan


def _split(rng: random.Random, total: int, parts: int, minimum: int = 1) -> list[int]:
    """``total`` split into ``parts`` random shares of at least ``minimum`` each."""
    parts = max(1, min(parts, total // minimum))
    cuts = sorted(rng.sample(range(1, total - parts * (minimum - 1)), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total - parts * (minimum - 1)]
    return [b - a + minimum - 1 for a, b in zip(bounds, bounds[1:], strict=False)]


class _Generator:
    def __init__(self, rng: random.Random, features: Features, municipality: str, start: int, end: int):
        self.rng, self.f, self.municipality, self.start, self.end = rng, features, municipality, start, end
        self.seen_texts: set[str] = set()
        self.previous_responsible: str | None = None

    def priority(self, plan: dict, priority: dict, goal_titles: tuple, share: int, prefixed: bool,
                 higher: bool, unnumbered: bool) -> None:
        rng = self.rng
        goals = max(1, min(len(goal_titles), share // rng.choice((2, 3, 4)) or 1))
        titles = rng.sample(goal_titles, goals)
        shares = _split(rng, share, goals, minimum=2 if share >= 2 * goals else 1)
        goals = len(shares)
        parents: list[str | None] = [None] * goals
        if higher and goals >= 2:
            cut = rng.randint(1, goals - 1)
            parents = ["I"] * cut + ["II"] * (goals - cut)
        shown_parents: set[str] = set()
        number = 0
        for g, (title, count) in enumerate(zip(titles, shares, strict=False)):
            parent = parents[g]
            if parent and parent not in shown_parents:
                shown_parents.add(parent)
                priority["goals"].append({"code": parent, "title": texts.HIGHER_GOALS[ROMAN.index(parent)],
                                          "parent": None, "tasks": []})
            if unnumbered and parent is None:
                code = None
            elif prefixed and g == goals - 1:
                code = f"{rng.choice(PREFIXES)}1"
            else:
                number += 1
                code = str(number)
            goal = {"code": code, "title": title, "parent": parent, "tasks": []}
            priority["goals"].append(goal)
            self.goal_measures(plan, priority["name"], goal, count)

    def goal_measures(self, plan: dict, priority: str, goal: dict, count: int) -> None:
        rng = self.rng
        goal_key = goal["code"] or goal["title"]
        if self.f.tasks and goal["code"]:
            task_shares = _split(rng, count, rng.randint(1, min(3, count)))
            for t, share in enumerate(task_shares, start=1):
                code = f"{goal['code']}.{t}"
                goal["tasks"].append({"code": code, "title": rng.choice(texts.TASKS)})
                for n in range(1, share + 1):
                    mcode = f"{code}.{n}" if rng.random() >= self.f.uncoded else None
                    self.add(plan, self.measure(mcode, priority, goal_key, code))
        else:
            for n in range(1, count + 1):
                mcode = f"{goal['code']}.{n}" if goal["code"] and rng.random() >= self.f.uncoded else None
                self.add(plan, self.measure(mcode, priority, goal_key, None))

    def add(self, plan: dict, m: dict) -> None:
        """Append ``m``; with ``shared_rows`` it may take all its values from the measure before it (in
        the same goal and task, both coded), as activities that plans list in one cell."""
        prev = plan["measures"][-1] if plan["measures"] else None
        if (self.f.shared_rows and prev and m["code"] and prev["code"]
                and (prev["priority"], prev["goal"], prev["task"]) == (m["priority"], m["goal"], m["task"])
                and self.rng.random() < self.f.shared_rows):
            for key in VALUE_KEYS:
                m[key] = copy.deepcopy(prev[key])
        plan["measures"].append(m)

    def measure(self, code: str | None, priority: str, goal: str, task: str | None) -> dict:
        rng = self.rng
        return {
            "code": code, "text": self.text(), "priority": priority, "goal": goal, "task": task,
            "responsible": self.responsible(), "period": self.period(),
            "status": rng.choice(texts.STATUSES) if self.f.status and rng.random() < 0.9 else None,
            "funding": self.funding(), **self.indicators(),
        }

    def text(self) -> str:
        rng = self.rng
        for _ in range(50):
            words = f"{rng.choice(texts.VERBS)} {rng.choice(texts.OBJECTS)} {rng.choice(texts.GROUPS)}"
            if rng.random() < 0.3:
                words += f" в {rng.choice(PLACES)}"
            if words not in self.seen_texts:
                break
        else:
            words += f" – етап {len(self.seen_texts)}"
        self.seen_texts.add(words)
        if self.f.long_cells and rng.random() < 0.3:
            words += ". " + " ".join(rng.sample(texts.DETAILS, rng.randint(2, 4)))
        elif rng.random() < 0.2:
            words += "."
        return words

    def responsible(self) -> str | None:
        rng = self.rng
        if self.previous_responsible and rng.random() < self.f.same_responsible:
            return self.previous_responsible
        if rng.random() < 0.05:
            value = None
        else:
            names = [n.format(m=self.municipality) for n in rng.sample(texts.INSTITUTIONS, rng.randint(1, 4))]
            if self.f.long_cells and rng.random() < 0.2:
                names += [n.format(m=self.municipality) for n in rng.sample(texts.INSTITUTIONS, 4)]
                names = list(dict.fromkeys(names))
            value = rng.choice((", ", "; ", ", ")).join(names)
        self.previous_responsible = value
        return value

    def period(self) -> dict:
        rng, s, e = self.rng, self.start, self.end
        y = rng.randint(s, e)
        raw, start, end = rng.choice((
            (f"{s}-{e}", s, e), (f"{s} – {e} г.", s, e), (f"{s} - {e}", s, e), (f"{s}–{e} г.", s, e),
            (f"{y}", y, y), (f"{y} г.", y, y), (f"30 юни {y} г.", y, y), (f"м. септември {y} г.", y, y),
            ("постоянен", None, None), ("Летни ваканции", None, None), ("ежегодно", None, None),
            (None, None, None), (f"{s}-{e}", s, e),
        ))
        return {"raw": raw, "start": start, "end": end}

    def funding(self) -> dict:
        rng = self.rng
        source = rng.choice(texts.SOURCES) if rng.random() < 0.85 else None
        roll = rng.random()
        if roll < 0.25:
            return {"amount_raw": rng.choice(texts.NO_MONEY) if rng.random() < 0.7 else None, "amount": None,
                    "currency": None, "source": source}
        currency = self.f.currency if self.f.currency != "mixed" else rng.choice(("BGN", "EUR"))
        raw, amount = _money(rng, currency)
        return {"amount_raw": raw, "amount": amount, "currency": currency, "source": source}

    def indicators(self) -> dict:
        rng = self.rng
        if rng.random() < 0.08:
            return {"indicators": None, "baseline": None, "target": None}
        names = rng.sample(texts.INDICATORS, rng.randint(1, 3 if self.f.long_cells else 2))
        indicators = rng.choice(("; ", ". ", "; ")).join(names)
        baseline = target = None
        if self.f.values:
            unit = rng.choice(texts.UNITS)
            base = rng.randint(0, 300)
            baseline = f"{base} {unit}" if rng.random() < 0.7 else None
            target = f"{base + rng.randint(5, 200)} {unit}" if rng.random() < 0.85 else None
        return {"indicators": indicators, "baseline": baseline, "target": target}


def _grouped(whole: int) -> str:
    return f"{whole:,}".replace(",", " ")


def _money(rng: random.Random, currency: str) -> tuple[str, float]:
    """A sum as plans print it and its value."""
    whole = rng.choice((rng.randint(1, 99) * 100, rng.randint(1, 999) * 1000, rng.randint(1000, 5_000_000)))
    cents = rng.choice((0, 0, 0, rng.randint(1, 99)))
    value = round(whole + cents / 100, 2)
    number = _grouped(whole) if rng.random() < 0.7 else str(whole)
    if cents or rng.random() < 0.3:
        number += f",{cents:02d}"
    if currency == "BGN":
        raw = rng.choice((f"{number} лв.", f"{number} лв.", f"{number} лева", f"до {number} лв."))
    else:
        if whole >= 100_000 and not cents and whole % 10_000 == 0 and rng.random() < 0.4:
            millions = f"{whole / 1_000_000:.2f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{millions} млн. евро", float(whole)
        raw = rng.choice((f"€ {number}", f"{number} евро", f"{number} EUR", f"{number} €"))
    return raw, value
