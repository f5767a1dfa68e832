"""The yearly monitoring report as plain, frozen data: what every output format renders.

``planmonitor.reports.data`` builds a :class:`ReportData` from the database
(approved progress only); the DOCX, PDF, chart, district and open data
writers take it and nothing else, so none of them can reach an unapproved
value, and each can be tested without a database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planmonitor.core.money import Total, total


@dataclass(frozen=True)
class Money:
    """An amount in its own currency, with the source of the money as written."""

    amount: Decimal
    currency: str
    source: str = ""


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of a measure with its approved value for the period.

    ``reached`` is the value counted against the target up to the end of the
    period (a running sum for cumulative indicators, the latest level for the
    others); ``on_track`` is None where it cannot be judged (text targets,
    no value).
    """

    name: str
    unit: str
    baseline: Decimal | None
    baseline_raw: str
    target: Decimal | None
    target_raw: str
    cumulative: bool
    value: Decimal | None
    value_text: str
    reached: Decimal | None
    progress: Decimal | None
    on_track: bool | None


@dataclass(frozen=True)
class MeasureLine:
    """A measure as the report shows it; ``reported`` is False when no approved report exists."""

    id: int
    code: str
    text: str
    responsible: str
    period_raw: str
    goal: str
    task: str
    status: str
    status_label: str
    done: str
    indicators: tuple[IndicatorLine, ...]
    planned: tuple[Money, ...]
    spent: tuple[Money, ...]
    recommendations: tuple[str, ...]
    reported: bool
    funding_raw: str = ""
    indicators_raw: str = ""
    baseline_raw: str = ""
    target_raw: str = ""
    people: tuple[tuple[str, str, int], ...] = ()  # (column key, label, number)


@dataclass(frozen=True)
class PrioritySection:
    """One priority of the plan with its measures in plan order."""

    position: int
    name: str
    operational_objective: str
    measures: tuple[MeasureLine, ...]

    def status_counts(self) -> Counter[str]:
        """Reported measures per status key, plus ``""`` for measures without a report."""
        return Counter(m.status if m.reported else "" for m in self.measures)

    def planned_total(self, to: str) -> Total:
        return total(((m.amount, m.currency) for ms in self.measures for m in ms.planned), to=to)

    def spent_total(self, to: str) -> Total:
        return total(((m.amount, m.currency) for ms in self.measures for m in ms.spent), to=to)


@dataclass(frozen=True)
class ReportData:
    """Everything the yearly monitoring report of one plan for one period says.

    ``is_final`` is False while the period is open or any report of the
    period is not yet approved: every page is then marked as a draft.
    ``statuses`` lists (key, label) of measure statuses in display order.
    """

    plan_id: int
    plan_title: str
    municipality: str
    district: str
    plan_period: str
    decision: str
    period_id: int | None
    period_label: str
    period_start: date
    period_end: date
    unit: str
    is_final: bool
    generated_on: date
    currency: str
    statuses: tuple[tuple[str, str], ...]
    priorities: tuple[PrioritySection, ...] = field(default_factory=tuple)

    @property
    def measures(self) -> list[MeasureLine]:
        return [m for p in self.priorities for m in p.measures]

    @property
    def unreported(self) -> list[MeasureLine]:
        return [m for m in self.measures if not m.reported]

    def status_label(self, key: str) -> str:
        return dict(self.statuses).get(key, key)

    def money_by_source(self) -> list[tuple[str, Total, Total]]:
        """(source, planned, spent) per funding source, totals in the report's currency."""
        planned: dict[str, list[Money]] = {}
        spent: dict[str, list[Money]] = {}
        for m in self.measures:
            for item in m.planned:
                planned.setdefault(item.source or "", []).append(item)
            for item in m.spent:
                spent.setdefault(item.source or "", []).append(item)
        rows = []
        for source in sorted(set(planned) | set(spent)):
            rows.append((
                source,
                total(((i.amount, i.currency) for i in planned.get(source, [])), to=self.currency),
                total(((i.amount, i.currency) for i in spent.get(source, [])), to=self.currency),
            ))
        return rows

    def planned_total(self) -> Total:
        return total(((i.amount, i.currency) for m in self.measures for i in m.planned), to=self.currency)

    def spent_total(self) -> Total:
        return total(((i.amount, i.currency) for m in self.measures for i in m.spent), to=self.currency)

    def indicator_counts(self) -> tuple[int, int, int]:
        """(on track, behind, not judged) over all indicators of the plan."""
        on = behind = unknown = 0
        for m in self.measures:
            for ind in m.indicators:
                if ind.on_track is True:
                    on += 1
                elif ind.on_track is False:
                    behind += 1
                else:
                    unknown += 1
        return on, behind, unknown
