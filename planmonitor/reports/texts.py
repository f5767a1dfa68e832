"""The report's wording and tables, shared by the DOCX and PDF writers so both say the same.

Every function takes :class:`~planmonitor.reports.report_model.ReportData`
(or a part of it) and returns strings or rows of strings, already in
Bulgarian number and date formats. Call inside ``translation.override("bg")``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from planmonitor.core.money import Total
from planmonitor.reports import charts
from planmonitor.reports.formatting import date_bg, money_bg, number_bg, percent_bg
from planmonitor.reports.report_model import IndicatorLine, MeasureLine, Money, PrioritySection, ReportData


def draft_marker() -> str:
    """The word on every page of a report that is not final."""
    return _("DRAFT")


def running_title(data: ReportData) -> str:
    return _("Monitoring report, %(municipality)s, %(period)s") % {
        "municipality": data.municipality, "period": data.period_label,
    }


def title_lines(data: ReportData) -> list[str]:
    lines = [_("Municipality of %(name)s") % {"name": data.municipality}]
    if data.district:
        lines.append(_("District of %(name)s") % {"name": data.district})
    return lines


def report_title(data: ReportData) -> str:
    return _("Monitoring report on the implementation of the plan")


def period_line(data: ReportData) -> str:
    return _("Reporting period: %(label)s (%(start)s – %(end)s)") % {
        "label": data.period_label, "start": date_bg(data.period_start), "end": date_bg(data.period_end),
    }


def title_facts(data: ReportData) -> list[tuple[str, str]]:
    facts = [
        (_("Plan period"), data.plan_period),
        (_("Prepared by"), data.unit or _("the municipal monitoring unit")),
        (_("Date"), date_bg(data.generated_on)),
    ]
    if data.decision:
        facts.append((_("Adopted by"), data.decision))
    if not data.is_final:
        facts.append((_("Status"), _("draft: the period is open or not every report is approved yet")))
    return facts


def status_table(data: ReportData) -> tuple[list[str], list[list[str]]]:
    """Measures by status per priority, with a total row."""
    header = [_("Priority"), *(label for _key, label in data.statuses), _("No report"), _("Total")]
    keys = [key for key, _label in data.statuses] + [""]
    rows, sums = [], [0] * len(keys)
    for section in data.priorities:
        counts = section.status_counts()
        values = [counts.get(k, 0) for k in keys]
        sums = [a + b for a, b in zip(sums, values, strict=True)]
        rows.append([priority_heading(section), *map(str, values), str(len(section.measures))])
    rows.append([_("Total"), *map(str, sums), str(len(data.measures))])
    return header, rows


def total_text(value: Total) -> str:
    text = money_bg(value.amount, value.currency)
    return text + " *" if value.converted else text


def money_table(data: ReportData) -> tuple[list[str], list[list[str]]]:
    """Money planned (in the plan) and spent (approved reports of the period) per source."""
    header = [_("Source"), _("Planned in the plan"), _("Spent in the period")]
    rows = [[source or _("source not stated"), total_text(p), total_text(s)] for source, p, s in data.money_by_source()]
    rows.append([_("Total"), total_text(data.planned_total()), total_text(data.spent_total())])
    return header, rows


def money_notes(data: ReportData) -> list[str]:
    notes = [_("Planned amounts are for the whole plan period; spent amounts for the reporting period.")]
    if data.planned_total().converted or data.spent_total().converted or any(
        p.converted or s.converted for _src, p, s in data.money_by_source()
    ):
        notes.append(_("* Includes amounts converted at the fixed rate of 1.95583 BGN per EUR."))
    return notes


def indicator_summary(data: ReportData) -> list[str]:
    on, behind, unknown = data.indicator_counts()
    return [
        _("Indicators on track: %(n)s") % {"n": on},
        _("Indicators behind: %(n)s") % {"n": behind},
        _("Indicators that cannot be judged (text target or no value): %(n)s") % {"n": unknown},
    ]


def priority_heading(section: PrioritySection) -> str:
    return _("Priority %(n)s: %(name)s") % {"n": section.position, "name": section.name}


def chart_title(section: PrioritySection) -> str:
    return _("Measures by status, priority %(n)s") % {"n": section.position}


def chart_bars(data: ReportData, section: PrioritySection) -> list[charts.Bar]:
    return charts.status_bars(dict(section.status_counts()), data.statuses, _("No report"))


def measure_heading(m: MeasureLine) -> str:
    return f"{m.code} {m.text}".strip()


def money_list(items: tuple[Money, ...]) -> str:
    if not items:
        return "–"
    return "; ".join(
        money_bg(i.amount, i.currency) + (f" ({i.source})" if i.source else "") for i in items
    )


def measure_facts(data: ReportData, m: MeasureLine) -> list[tuple[str, str]]:
    facts = [(_("Status"), m.status_label if m.reported else _("no approved report"))]
    if m.reported:
        facts.append((_("What was done"), m.done or "–"))
    facts += [
        (_("Responsible"), m.responsible or "–"),
        (_("Period"), m.period_raw or "–"),
        (_("Money planned"), money_list(m.planned) if m.planned else (m.funding_raw or "–")),
        (_("Money spent in the period"), money_list(m.spent)),
    ]
    if m.people:
        facts.append((_("People reached"), ", ".join(f"{label}: {number_bg(n)}" for _key, label, n in m.people)))
    return facts


def indicator_value(ind: IndicatorLine) -> str:
    if ind.value is not None:
        return number_bg(ind.value)
    return ind.value_text or "–"


def on_track_text(ind: IndicatorLine) -> str:
    if ind.on_track is None:
        return "–"
    return _("on track") if ind.on_track else _("behind")


def indicator_table(m: MeasureLine) -> tuple[list[str], list[list[str]]]:
    header = [_("Indicator"), _("Baseline"), _("Target"), _("Value in the period"), _("Reached"),
              _("Progress"), _("Pace")]
    rows = []
    for ind in m.indicators:
        unit = f" ({ind.unit})" if ind.unit else ""
        target = number_bg(ind.target) if ind.target is not None else (ind.target_raw or "–")
        if ind.target is not None and ind.cumulative:
            target += " " + _("(cumulative)")
        rows.append([
            ind.name + unit,
            number_bg(ind.baseline) if ind.baseline is not None else (ind.baseline_raw or "–"),
            target,
            indicator_value(ind),
            number_bg(ind.reached),
            percent_bg(ind.progress),
            on_track_text(ind),
        ])
    return header, rows


def priority_indicator_table(section: PrioritySection) -> tuple[list[str], list[list[str]]]:
    """Every indicator of a priority in one table, each row led by its measure's number.

    The PDF uses one table per priority rather than one per measure: the
    same rows, less layout work.
    """
    header: list[str] = []
    rows: list[list[str]] = []
    for m in section.measures:
        if not m.indicators:
            continue
        header, measure_rows = indicator_table(m)
        rows += [[m.code or "–", *row] for row in measure_rows]
    return ([_("No."), *header] if header else []), rows


def annex_table(data: ReportData) -> tuple[list[str], list[list[str]]]:
    """The plan in its own columns (as adopted) with the period's approved status."""
    header = [_("No."), _("Measure"), _("Responsible"), _("Period"), _("Funding"), _("Indicators"),
              _("Current value"), _("Target value"), _("Status in the period")]
    rows = []
    for section in data.priorities:
        rows.append([priority_heading(section), "", "", "", "", "", "", "", ""])
        for m in section.measures:
            rows.append([
                m.code, m.text, m.responsible, m.period_raw,
                m.funding_raw or money_list(m.planned),
                m.indicators_raw or "; ".join(i.name for i in m.indicators),
                m.baseline_raw, m.target_raw,
                m.status_label if m.reported else _("no approved report"),
            ])
    return header, rows
