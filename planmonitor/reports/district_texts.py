"""The district report's wording and tables, shared by its PDF and DOCX writers so both say the same.

Every function takes a :class:`~planmonitor.reports.district.Consolidation`
and returns strings or rows of strings with numbers and dates in Bulgarian
format. Call inside ``translation.override("bg")``: the report is a
Bulgarian document whatever the interface language of the person who asked.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from planmonitor.reports import district
from planmonitor.reports.formatting import date_bg, money_bg, number_bg


def default_unit(c: district.Consolidation) -> str:
    """Who prepared the report when nobody says: the district administration (the national coordinator)."""
    if c.national:
        return _("National coordinator")
    return _("District administration of %(name)s") % {"name": c.district}


def report_title(c: district.Consolidation) -> str:
    if c.national:
        return _("National consolidated report")
    return _("Consolidated report of the district of %(name)s") % {"name": c.district}


def place_line(c: district.Consolidation) -> str:
    """Where the report speaks for, above its title."""
    return c.district if c.national else _("District of %(name)s") % {"name": c.district}


def running_title(c: district.Consolidation) -> str:
    """The line at the top of every page."""
    if c.national:
        return _("National consolidated report, %(year)s") % {"year": c.year}
    return _("Consolidated report of the district of %(name)s, %(year)s") % {"name": c.district, "year": c.year}


def title_lines(c: district.Consolidation) -> list[str]:
    """Lines of the title page under the title."""
    return [
        _("Monitoring of the municipal action plans"),
        _("Year %(year)s") % {"year": c.year},
    ]


def title_facts(c: district.Consolidation, *, unit: str, today: date) -> list[tuple[str, str]]:
    """(label, value) pairs of the title page: who prepared it, when, how many municipalities reported."""
    reported = c.municipalities - len(c.not_reported)
    return [
        (_("Country") if c.national else _("District"), c.district),
        (_("Prepared by"), unit or default_unit(c)),
        (_("Date"), date_bg(today)),
        (_("Municipalities in the country") if c.national else _("Municipalities in the district"),
         number_bg(c.municipalities)),
        (_("Municipalities with approved reports"), number_bg(reported)),
    ]


def approved_only_note(c: district.Consolidation) -> list[str]:
    """What "approved only" means, and what follows from it for the figures: one paragraph per item."""
    notes = [
        _(
            "Only approved data. The figures come only from progress reports that the municipality's "
            "monitoring unit has approved. Drafts, reports submitted and waiting for review and reports "
            "returned for correction are not counted: their measures are counted under “No report”, "
            "and their money and indicator values are left out."
        ),
        _("Planned amounts are for the whole plan period; spent amounts for the reporting period."),
        _(
            "Indicators on track and behind are judged against each indicator's target and the pace of its "
            "plan; indicators with a text target or no value are not counted in either column."
        ),
    ]
    if any(t.totals.converted for t in c.tables):
        notes.append(_("* Includes amounts converted at the fixed rate of 1.95583 BGN per EUR."))
    if c.provisional:
        notes.append(
            _(
                "Not final yet (the reporting period is open or not every report is approved), so these "
                "figures may still change: %(names)s."
            ) % {"names": ", ".join(c.provisional)}
        )
    return notes


def header(c: district.Consolidation) -> list[str]:
    """The column headings of every priority table."""
    return district.header(c)


def row_texts(c: district.Consolidation, row: district.Row) -> list[str]:
    """One table row as text: counts as numbers, money in Bulgarian format (``*`` if converted)."""
    values = district.row_values(c, row)
    money_at = len(c.statuses) + 3
    texts = [values[0], *(number_bg(v) for v in values[1:money_at])]
    for amount in values[money_at:money_at + 2]:
        texts.append(money_bg(amount, c.currency) + (" *" if row.converted else ""))
    texts += [number_bg(v) for v in values[money_at + 2:]]
    return texts


def tables(c: district.Consolidation) -> list[tuple[str, list[list[str]], list[str]]]:
    """(priority name, municipality rows, total row) per priority, in the report's order."""
    return [
        (t.name, [row_texts(c, r) for r in t.rows], row_texts(c, t.totals))
        for t in c.tables
    ]


def not_reported_lines(c: district.Consolidation) -> list[str]:
    """``Municipality: why`` for each municipality that has not reported."""
    return [f"{name}: {why}" for name, why in c.not_reported]
