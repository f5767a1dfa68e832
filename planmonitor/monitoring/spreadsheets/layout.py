"""The shape of a report workbook, shared by writing and reading: its columns, sheets, name and rows."""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from planmonitor.accounts.models import Institution
from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Measure

FORMAT = "planmonitor-report-sheet/1"
MONEY_LINES = 2
PEOPLE = ("people_reached", "women", "men", "children", "adults")


def measure_columns() -> list[tuple[str, str]]:
    """(key, header) of the measures sheet, in order."""
    cols = [
        ("measure_id", _("Measure id")), ("version", _("Version")), ("code", _("Number")), ("text", _("Measure")),
        ("measure_status", _("Status of the measure")), ("done_text", _("What was done")),
        ("people_reached", _("People reached")), ("women", _("of them women")), ("men", _("of them men")),
        ("children", _("of them children")), ("adults", _("of them adults")),
    ]
    for n in range(1, MONEY_LINES + 1):
        cols += [
            (f"amount_{n}", _("Amount spent %(n)s") % {"n": n}),
            (f"currency_{n}", _("Currency %(n)s") % {"n": n}),
            (f"source_{n}", _("Source of funding %(n)s") % {"n": n}),
        ]
    return cols


INDICATOR_KEYS = ("measure_id", "indicator_id", "code", "indicator", "unit", "baseline", "target", "value")


def indicator_headers() -> list[str]:
    """Headers of the indicators sheet, in the order of ``INDICATOR_KEYS``."""
    return [_("Measure id"), _("Indicator id"), _("Number"), _("Indicator"), _("Unit"), _("Baseline"),
            _("Target"), _("Value in this period")]


def sheet_titles() -> tuple[str, str]:
    """The two sheets' titles (Excel allows 31 characters), in the language of the request."""
    return (_("Measures")[:31], _("Indicators")[:31])


#: Bulgarian letters in Latin (the official Streamlined System), so a file name says whose workbook it is.
_LATIN = dict(zip(
    "абвгдежзийклмнопрстуфхцчшщъьюя",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
     "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"],
    strict=True,
))


def _latin(text: str) -> str:
    return slugify("".join(_LATIN.get(ch, ch) for ch in text.lower()))[:60]


def file_name(period: ReportingPeriod, institution: Institution) -> str:
    """The download's name: the period and the institution, in Latin letters (every mail program and
    file system keeps them), e.g. ``report-2025-ruo.xlsx`` (issue 10: names used to be only numbers)."""
    who = _latin(institution.abbreviation or institution.name) or str(institution.pk)
    return f"report-{_latin(period.name) or period.pk}-{who}.xlsx"


def institutions_of(period: ReportingPeriod) -> Any:
    """The institutions that answer for a measure of the period's plan: the only ones a workbook is for.

    An institution of another plan (another municipality's school) gets no
    workbook: even an empty one would name it and its plan's period.
    """
    answering = Measure.institutions.through.objects.filter(measure__plan_id=period.plan_id).values("institution_id")
    return Institution.objects.filter(pk__in=answering)


def measures_of(period: ReportingPeriod, institution: Institution) -> list[Measure]:
    """The current measures the institution answers for in the period's plan, in plan order, rows of both sheets."""
    return list(
        Measure.objects.current().filter(plan_id=period.plan_id, institutions=institution)
        .prefetch_related("indicators").order_by("position")
    )
