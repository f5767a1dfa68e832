"""The words the reader recognises, kept as data: header words, statuses, currencies, headings.

Layouts are recognised from what a column's header says, never from where it
stands, so supporting a new wording means adding a line here. A header is read
by its head: the phrase that names the role may stand anywhere in the cell's
first words, after qualifiers ("Предвидени мерки", "Основни отговорни
институции"), but before the first preposition, which opens what qualifies it
("Срок на изпълнение" is a period, "Индикатори за резултат" indicators, "Статус
на мярката" a status). The longest phrase wins ("Целева стойност" over "Цел"),
then the earliest. A phrase word ending in "*" matches any word it begins
("отговор*": отговорна, отговорни, отговорник, отговорност).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

# Column roles a table can have. "funding" is a funding column that does not
# say whether it holds the amount or the source; layout decides.
ROLES = (
    "priority", "code", "task_code", "goal", "task", "measure", "status", "period", "responsible",
    "funding", "funding_amount", "funding_source", "indicators", "baseline", "target",
)

HEADER_PHRASES: tuple[tuple[str, str], ...] = (
    ("приоритет", "priority"),
    ("приоритети", "priority"),
    ("приоритетна област", "priority"),
    ("приоритетно направление", "priority"),
    ("направление", "priority"),
    ("направления", "priority"),
    ("№", "code"),
    ("no", "code"),
    ("no.", "code"),
    ("n", "code"),
    ("код", "code"),
    ("номер", "code"),
    ("пореден номер", "code"),
    ("целева стойност", "target"),
    ("целеви стойности", "target"),
    ("очаквана стойност", "target"),
    ("очаквани стойности", "target"),
    ("текуща стойност", "baseline"),
    ("стойност към момента", "baseline"),
    ("базова стойност", "baseline"),
    ("изходна стойност", "baseline"),
    ("начална стойност", "baseline"),
    ("стратегическа цел", "goal"),
    ("специфична цел", "goal"),
    ("цели", "goal"),
    ("цел", "goal"),
    ("задачи", "task"),
    ("задача", "task"),
    ("дейности", "measure"),
    ("дейност", "measure"),
    ("мерки", "measure"),
    ("мярка", "measure"),
    ("мерки и дейности", "measure"),
    ("наименование на мярката", "measure"),
    ("наименование", "measure"),
    ("описание на дейността", "measure"),
    ("описание на мярката", "measure"),
    ("наименование на дейността", "measure"),
    ("статус", "status"),
    ("състояние", "status"),
    ("срок", "period"),
    ("срокове", "period"),
    ("срок за изпълнение", "period"),
    ("времеви период", "period"),
    ("времени период", "period"),
    ("период", "period"),
    ("период на изпълнение", "period"),
    ("година", "period"),
    ("времеви график", "period"),
    ("времеви", "period"),
    ("график", "period"),
    ("времетраене", "period"),
    ("отговорна институция", "responsible"),
    ("отговорни институции", "responsible"),
    ("отговорник", "responsible"),
    ("отговор", "responsible"),
    ("изпълнител", "responsible"),
    ("изпълнители", "responsible"),
    ("отговорни", "responsible"),
    ("институция", "responsible"),
    ("институции", "responsible"),
    ("водеща институция", "responsible"),
    ("източник на финансиране", "funding_source"),
    ("източници на финансиране", "funding_source"),
    ("източник", "funding_source"),
    ("източници", "funding_source"),
    ("средства", "funding_amount"),
    ("необходими средства", "funding_amount"),
    ("сума", "funding_amount"),
    ("размер", "funding_amount"),
    ("стойност", "funding_amount"),
    ("финансиране", "funding"),
    ("финансов ресурс", "funding"),
    ("финансов*", "funding"),
    ("отговор*", "responsible"),
    ("изпълнител*", "responsible"),
    ("институци*", "responsible"),
    ("индикатор*", "indicators"),
    ("показател*", "indicators"),
    ("срок*", "period"),
    ("период*", "period"),
    ("време", "period"),
    ("продължителност", "period"),
    ("статус*", "status"),
    ("описание", "measure"),
    ("оперативна цел", "goal"),
    ("цели и задачи", "goal"),
    ("бюджет", "funding"),
    ("индикатори", "indicators"),
    ("индикатор", "indicators"),
    ("индикатор за изпълнение", "indicators"),
    ("индикатори за изпълнение", "indicators"),
    ("показатели", "indicators"),
    ("показател", "indicators"),
    ("измерими индикатори", "indicators"),
    ("очакван резултат", "target"),
    ("очаквани резултати", "target"),
    ("целево ниво", "target"),
    ("изходно ниво", "baseline"),
    ("степен на изпълнение", "status"),
)

# Words that open what qualifies a header's head noun: a role phrase after one of
# them names what the column is about, not what it holds ("Срок на изпълнение на
# мерките" is a period, whatever "мерките" says).
HEADER_BOUNDARY = frozenset((
    "на", "за", "по", "от", "с", "със", "в", "във", "към", "при", "до", "чрез", "спрямо", "през", "под", "след",
    "съгласно", "според", "съобразно", "между",
))
HEADER_HEAD_WORDS = 3  # qualifiers a role phrase may follow ("Основни отговорни институции")
HEADER_MAX_WORDS = 14  # a cell longer than this (outside brackets) is prose, not a header

# Header words of a price list or bill of quantities ("Наименование | Мярка | Количество | Ед. цена"):
# with none of a plan's columns beside them, the table is not a plan table.
PRICE_LIST_WORDS = frozenset(("количество", "цена", "цени", "ддс", "артикул", "единица", "мерна"))

# The status words, one vocabulary for the plan reader and for monitoring: every word a status
# cell may hold (anything else in a status column is kept but warned about), and the monitoring
# status it means (the codes of ``monitoring.models.MeasureStatus``), or None for a word that
# says the measure has not begun or goes on by its nature ("предстоящ", "постоянен"), which no
# reported outcome matches. Monitoring reads a typed status with it.
STATUSES: dict[str, str | None] = {
    "изпълнена": "done", "изпълнен": "done", "изпълнено": "done", "приключен": "done", "приключена": "done",
    "приключила": "done",
    "в изпълнение": "in_progress", "изпълнява се": "in_progress", "в процес": "in_progress",
    "в процес на изпълнение": "in_progress", "текущ": "in_progress", "текуща": "in_progress",
    "текущо": "in_progress", "започнат": "in_progress", "стартирал": "in_progress", "продължаващ": "in_progress",
    "частично изпълнена": "partly_done", "частично изпълнен": "partly_done", "изпълнена частично": "partly_done",
    "неизпълнена": "not_done", "неизпълнен": "not_done",
    "отложена": "postponed", "отложен": "postponed",
    "отпаднала": "dropped",
    "предстоящ": None, "предстояща": None, "предстои": None, "незапочнат": None, "незапочната": None,
    "не е започнал": None, "не е стартирал": None, "планиран": None, "нов": None, "нова": None,
    "постоянен": None, "постоянна": None,
}
STATUS_WORDS = tuple(STATUSES)
# The one word per monitoring status a spreadsheet offers in its list (and writes back).
STATUS_LABELS: dict[str, str] = {
    "done": "изпълнена", "in_progress": "в изпълнение", "partly_done": "частично изпълнена",
    "not_done": "неизпълнена", "postponed": "отложена", "dropped": "отпаднала",
}

# The thematic areas of integration plans: a short heading naming one, in capitals
# or a heading style, opens a priority even without the word "Приоритет".
PRIORITY_AREAS = (
    "образование", "здравеопазване", "жилищни условия", "жилищна политика", "заетост", "върховенство на закона",
    "недискриминация", "култура", "медии", "социално включване", "социални услуги", "социална закрила",
    "инфраструктура", "участие и овластяване",
)

# Words that may stand in a period cell without a year.
PERIOD_WORDS = (
    "постоян", "ежегод", "годишно", "текущ", "ваканци", "месеч", "учебна година", "срок",
    "януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември",
    "октомври", "ноември", "декември", "тримесеч", "полугод", "до ", "след ", "при необходимост",
    "всяка година", "всеки ", "годин",
)

CURRENCIES: dict[str, str] = {
    "лв": "BGN", "лева": "BGN", "лв.": "BGN", "bgn": "BGN",
    "евро": "EUR", "eur": "EUR", "€": "EUR",
}
MULTIPLIERS: dict[str, int] = {"млн": 1_000_000, "милиона": 1_000_000, "хил": 1_000, "хиляди": 1_000}

# Headings. A priority heading: "1. Приоритет ОБРАЗОВАНИЕ", "ПРИОРИТЕТ „ОБРАЗОВАНИЕ“",
# "Приоритет 2: Здравеопазване", "Приоритетна област 3 – Заетост".
PRIORITY_HEADING = re.compile(
    r"^\s*(?:(?:\d{1,2}|[IVX]{1,4})[.)]\s*)?приоритет(?:на област|но направление|на ос|на сфера)?\b\s*(?:(?:\d{1,2}|[IVX]{1,4})\s*[.:)–-]?\s*)?[:–-]?\s*(?P<name>\S.*)$",
    re.IGNORECASE,
)
OBJECTIVE_HEADING = re.compile(r"^\s*оперативн[аи] цел\w*\s*[:.–-]\s*(?P<text>.+)$", re.IGNORECASE)
# A goal heading: "Цел 1.", "Цел 2:", "Цел: 3", "Цел I:", "Цел 4 : ...", "Цел 6: : ...".
GOAL_HEADING = re.compile(
    r"^\s*(?:(?:стратегическа|специфична|основна|обща|подцел|главна|оперативна)\s+)?цел\s*[:.]?\s*(?P<code>\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5})\b\s*[.:)–-]?\s*(?:[:.–-]\s*)*(?P<title>.*)$",
    re.IGNORECASE,
)
# A task heading above a table of activities: "Задача 1.1.", "Мярка 1.2:".
TASK_HEADING = re.compile(
    r"^\s*(?:задача|мярка)\s*[:.]?\s*(?P<code>\d{1,2}(?:\.\d{1,2})*)\b\s*[.:)–-]?\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
# A printed line that opens a heading ("Цел 5:", "Приоритет 2", "ЗАДАЧА 1.1", "2. Специфична цел"): in a
# PDF it starts a new paragraph even when the bold line above it fills its line. Case-sensitive on
# purpose: a wrapped sentence that goes on with "цел ..." is no heading.
HEADING_OPENER = re.compile(
    r"^(?:(?:\d{1,2}|[IVX]{1,4})[.)]\s*)?(?:(?:Стратегическа|Специфична|Оперативна|Обща|Главна|Основна)\s+цел"
    r"|Приоритет\w*|ПРИОРИТЕТ\w*|Цел|ЦЕЛ|Задача|ЗАДАЧА|Мярка|МЯРКА|Направление|НАПРАВЛЕНИЕ)(?=[\s:.\d„\"]|$)"
)
TITLE_START = re.compile(r"^\s*(?:общински\s+)?план\s+за\s+действие", re.IGNORECASE)
MUNICIPALITY = re.compile(r"\bобщина\s+(?P<name>[А-Яа-я]+(?:-[А-Яа-я]+)?)(?P<next>\s+[А-Яа-я]+)?", re.IGNORECASE)


def municipality_register() -> tuple[tuple[str, str], ...]:
    """(district, municipality) for Bulgaria's 265 municipalities, in the official spelling (NSI, EKATTE).

    One file, ``data/municipalities.csv``, for the reader (which finds the name in a
    title) and the accounts register (which places a plan in its district), so the
    two never spell a name differently. It changes rarely; when it does, edit the file.
    """
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple((row["district"], row["municipality"]) for row in csv.DictReader(handle))


MUNICIPALITIES_FILE = Path(__file__).with_name("data") / "municipalities.csv"
# Municipalities whose names are two words ("Долни чифлик"); every other name is the one word after "Община".
MULTIWORD_MUNICIPALITIES = tuple(sorted({name for _, name in municipality_register() if " " in name}))
