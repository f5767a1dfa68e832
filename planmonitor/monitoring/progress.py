"""How progress is computed. This docstring is the specification; each rule has a test.

Pure functions over plain values: no database, no Django. Selectors gather
the data (only approved values, for anything shown as progress) and call
these functions; dashboards, the yearly report and the portal all read the
same answers.

Rules
=====

R1. Value reached (``reached_value``).
    Each report gives one value per indicator and period.

    * A *cumulative* indicator ("с натрупване") counts what was done in each
      period; the value reached is the baseline plus the sum of the periods'
      values. The cumulative target counts from the baseline too: the
      target is met when baseline + sum reaches it.
    * A *level* indicator (``cumulative=False``; e.g. number of mediators
      employed) states where things stand at the end of a period; the value
      reached is the value of the latest period that has one. Values are
      never summed.
    * A value corrected later replaces the earlier one for *its* period: when
      the same period has more than one observation, only the most recently
      recorded counts, so a correction is never added on top of the value it
      corrects.
    * With no value at all, nothing is reached yet: the result is ``None``
      (unknown), not zero.

R2. Direction. A target above the baseline asks for an increase, below it
    for a decrease. A decreasing indicator (e.g. early school leavers from 30
    to 10) is always read as a level: sums of yearly values cannot fall.

R3. Progress (``indicator_progress``) is the share of the way from baseline
    to target: (reached - baseline) / (target - baseline). A missing baseline
    counts as 0. The share is kept unclamped (above 1 = beyond the target,
    below 0 = moved away from it); ``percent`` clamps it to 0..100 for charts.

    * Baseline equals target (keep a level): progress is 1 when the value
      reached is at least the target, else 0.
    * Text-only targets (no number could be read) have no progress: the
      indicator is reported as text and counted as "not measurable".
    * No value reached yet: progress ``None``; it counts as 0 in roll-ups
      once time has started (a silent indicator is not on track).

R4. Pace (``expected_share``, ``is_behind_pace``). The expected share is the
    time elapsed of the measure's own years (or the plan's years when the
    measure has none), from 1 January of the first to 31 December of the
    last, clamped to 0..1. An indicator is behind pace when its progress is
    more than ``PACE_TOLERANCE`` (0.15) below the expected share. Text-only
    indicators and indicators not yet started are never behind pace.

R5. Measure flags (``measure_flags``), each independent:

    * ``late``: the measure's last year has ended and its latest reported
      status is not "done" (also when nothing was ever reported). A dropped
      measure is never late.
    * ``silent``: there is an open period that has started and the measure
      has no report in it beyond a draft (a draft nobody submitted is silence).
    * ``behind_pace``: at least one of its numeric indicators is behind pace.
    * ``money_unspent``: money was planned (> 0), at least one of its
      reporting periods has ended, and no spending was reported at all.

R6. Roll-ups (``roll_up``) per goal, priority and plan count measures by
    their latest reported status (``none`` when never reported) and by flag,
    average the progress of numeric indicators (each indicator weighs the
    same, clamped to 0..1, unknown counted as 0), and sum money planned and
    spent with ``planmonitor.core.money.total`` (into euro, saying whether
    anything was converted from leva).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planmonitor.core.money import Total, total

PACE_TOLERANCE = Decimal("0.15")
ZERO = Decimal("0")
ONE = Decimal("1")


@dataclass(frozen=True)
class Observation:
    """One reported value: for which period (key and end date) and when it was recorded."""

    period_key: object
    period_end: date
    value: Decimal | None
    recorded_at: object = 0


@dataclass(frozen=True)
class IndicatorSpec:
    """What an indicator promises: baseline, target (None when only text), cumulative or level."""

    baseline: Decimal | None
    target: Decimal | None
    cumulative: bool = True


@dataclass(frozen=True)
class IndicatorProgress:
    """The answer for one indicator: value reached, share of the way, pace."""

    reached: Decimal | None
    share: Decimal | None
    expected: Decimal
    behind_pace: bool
    measurable: bool

    @property
    def percent(self) -> int | None:
        """Progress for charts: 0..100, None when unknown or not measurable."""
        if self.share is None:
            return None
        return int((min(max(self.share, ZERO), ONE) * 100).to_integral_value())


def latest_per_period(observations: Iterable[Observation]) -> list[Observation]:
    """R1: keep only the most recently recorded observation of each period, ordered by period end."""
    latest: dict[object, Observation] = {}
    for obs in observations:
        if obs.value is None:
            continue
        kept = latest.get(obs.period_key)
        if kept is None or obs.recorded_at >= kept.recorded_at:
            latest[obs.period_key] = obs
    return sorted(latest.values(), key=lambda o: o.period_end)


def is_level(spec: IndicatorSpec) -> bool:
    """R1/R2: levels are read as the latest value; decreasing targets are levels too."""
    if not spec.cumulative:
        return True
    return spec.target is not None and spec.target < (spec.baseline or ZERO)


def reached_value(spec: IndicatorSpec, observations: Iterable[Observation]) -> Decimal | None:
    """R1: the value reached so far, or None when nothing has been reported."""
    kept = latest_per_period(observations)
    if not kept:
        return None
    if is_level(spec):
        return kept[-1].value
    return (spec.baseline or ZERO) + sum((o.value for o in kept), ZERO)


def share_of_way(spec: IndicatorSpec, reached: Decimal | None) -> Decimal | None:
    """R3: (reached - baseline) / (target - baseline); None when unknown or text-only."""
    if spec.target is None or reached is None:
        return None
    baseline = spec.baseline or ZERO
    if spec.target == baseline:
        return ONE if reached >= spec.target else ZERO
    return (reached - baseline) / (spec.target - baseline)


def expected_share(first_year: int, last_year: int, as_of: date) -> Decimal:
    """R4: the share of the years [first_year, last_year] elapsed on ``as_of``, 0..1."""
    start = date(first_year, 1, 1)
    end = date(last_year, 12, 31)
    if as_of <= start:
        return ZERO
    if as_of >= end:
        return ONE
    return Decimal((as_of - start).days) / Decimal((end - start).days)


def is_behind_pace(share: Decimal | None, expected: Decimal, *, measurable: bool = True) -> bool:
    """R4: behind when progress trails the time elapsed by more than the tolerance."""
    if not measurable or expected == ZERO:
        return False
    return (share if share is not None else ZERO) < expected - PACE_TOLERANCE


def indicator_progress(
    spec: IndicatorSpec, observations: Iterable[Observation], *, first_year: int, last_year: int, as_of: date
) -> IndicatorProgress:
    """R1-R4 together for one indicator."""
    reached = reached_value(spec, observations)
    share = share_of_way(spec, reached)
    expected = expected_share(first_year, last_year, as_of)
    measurable = spec.target is not None
    return IndicatorProgress(
        reached=reached,
        share=share,
        expected=expected,
        behind_pace=is_behind_pace(share, expected, measurable=measurable),
        measurable=measurable,
    )


@dataclass(frozen=True)
class PeriodState:
    """What a measure's flags need to know of one reporting period."""

    start: date
    end: date
    is_open: bool
    report_status: str | None  # None when there is no report; else the ProgressReport status value


@dataclass(frozen=True)
class MeasureFacts:
    """Everything the flags of one measure depend on."""

    last_year: int
    latest_status: str | None  # the measure status of the latest report, "" or None when none
    periods: Sequence[PeriodState]
    indicators: Sequence[IndicatorProgress]
    planned: Total
    spent: Total


DONE = "done"
DROPPED = "dropped"
SILENT_REPORT_STATES = (None, "draft")


def is_late(facts: MeasureFacts, as_of: date) -> bool:
    """R5 late: the measure's last year has ended and it is not done (nor dropped)."""
    if as_of <= date(facts.last_year, 12, 31):
        return False
    return facts.latest_status not in (DONE, DROPPED)


def is_silent(facts: MeasureFacts, as_of: date) -> bool:
    """R5 silent: an open, started period holds no report beyond a draft."""
    return any(p.is_open and p.start <= as_of and p.report_status in SILENT_REPORT_STATES for p in facts.periods)


def is_money_unspent(facts: MeasureFacts, as_of: date) -> bool:
    """R5 money planned and none spent, once at least one period has ended."""
    if facts.planned.amount <= ZERO:
        return False
    if not any(p.end < as_of for p in facts.periods):
        return False
    return facts.spent.amount <= ZERO


def measure_flags(facts: MeasureFacts, as_of: date) -> frozenset[str]:
    """R5: the set of flags that apply to one measure."""
    flags = set()
    if is_late(facts, as_of):
        flags.add("late")
    if is_silent(facts, as_of):
        flags.add("silent")
    if any(i.behind_pace for i in facts.indicators):
        flags.add("behind_pace")
    if is_money_unspent(facts, as_of):
        flags.add("money_unspent")
    return frozenset(flags)


@dataclass(frozen=True)
class MeasureSummary:
    """One measure's contribution to a roll-up."""

    status: str | None
    flags: frozenset[str]
    indicators: Sequence[IndicatorProgress]
    planned: Total
    spent: Total


@dataclass
class RollUp:
    """Totals over a group of measures (a goal, a priority, a plan)."""

    measures: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_flag: Counter = field(default_factory=Counter)
    numeric_indicators: int = 0
    text_indicators: int = 0
    average_share: Decimal | None = None
    planned: Total = field(default_factory=lambda: Total(ZERO, "EUR", False))
    spent: Total = field(default_factory=lambda: Total(ZERO, "EUR", False))

    @property
    def average_percent(self) -> int | None:
        if self.average_share is None:
            return None
        return int((self.average_share * 100).to_integral_value())


def roll_up(measures: Iterable[MeasureSummary], *, currency: str = "EUR") -> RollUp:
    """R6: count statuses and flags, average numeric progress, total the money."""
    result = RollUp()
    shares: list[Decimal] = []
    planned: list[tuple[Decimal, str]] = []
    spent: list[tuple[Decimal, str]] = []
    any_converted = False
    for m in measures:
        result.measures += 1
        result.by_status[m.status or "none"] += 1
        for flag in m.flags:
            result.by_flag[flag] += 1
        for ind in m.indicators:
            if not ind.measurable:
                result.text_indicators += 1
                continue
            result.numeric_indicators += 1
            share = ind.share if ind.share is not None else ZERO
            shares.append(min(max(share, ZERO), ONE))
        planned.append((m.planned.amount, m.planned.currency))
        spent.append((m.spent.amount, m.spent.currency))
        any_converted = any_converted or m.planned.converted or m.spent.converted
    if shares:
        result.average_share = sum(shares, ZERO) / len(shares)
    p, s = total(planned, to=currency), total(spent, to=currency)
    result.planned = Total(p.amount, currency, p.converted or any_converted)
    result.spent = Total(s.amount, currency, s.converted or any_converted)
    return result
