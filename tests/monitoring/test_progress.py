"""One test per rule of ``planmonitor.monitoring.progress`` (R1-R6 in its docstring)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from planmonitor.core.money import Total
from planmonitor.monitoring import progress as p


def obs(period: int, value: str | None, recorded: int = 0) -> p.Observation:
    return p.Observation(period, date(period, 12, 31), None if value is None else D(value), recorded)


CUM = p.IndicatorSpec(baseline=D("10"), target=D("110"), cumulative=True)
LEVEL = p.IndicatorSpec(baseline=D("2"), target=D("6"), cumulative=False)


# R1 -----------------------------------------------------------------------------------------


def test_r1_cumulative_adds_period_values_to_the_baseline():
    assert p.reached_value(CUM, [obs(2024, "20"), obs(2025, "30")]) == D("60")


def test_r1_level_takes_the_latest_period_never_a_sum():
    assert p.reached_value(LEVEL, [obs(2025, "5"), obs(2024, "3")]) == D("5")


def test_r1_a_correction_replaces_the_value_of_its_period():
    """Akvo RSR #5211: a corrected value must not be added on top of the value it corrects."""
    observations = [obs(2024, "20", recorded=1), obs(2025, "30", recorded=2), obs(2024, "25", recorded=3)]
    assert p.reached_value(CUM, observations) == D("65")


def test_r1_a_correction_recorded_earlier_does_not_win():
    assert p.reached_value(CUM, [obs(2024, "25", recorded=5), obs(2024, "20", recorded=1)]) == D("35")


def test_r1_nothing_reported_is_unknown_not_zero():
    assert p.reached_value(CUM, []) is None
    assert p.reached_value(CUM, [obs(2024, None)]) is None


def test_r1_missing_baseline_counts_as_zero():
    spec = p.IndicatorSpec(baseline=None, target=D("50"))
    assert p.reached_value(spec, [obs(2024, "5"), obs(2025, "5")]) == D("10")


# R2 -----------------------------------------------------------------------------------------


def test_r2_decreasing_target_is_read_as_a_level():
    spec = p.IndicatorSpec(baseline=D("30"), target=D("10"), cumulative=True)
    assert p.is_level(spec) is True
    assert p.reached_value(spec, [obs(2024, "25"), obs(2025, "18")]) == D("18")


# R3 -----------------------------------------------------------------------------------------


def test_r3_share_of_the_way_from_baseline_to_target():
    assert p.share_of_way(CUM, D("60")) == D("0.5")


def test_r3_target_below_baseline_counts_the_way_down():
    spec = p.IndicatorSpec(baseline=D("30"), target=D("10"))
    assert p.share_of_way(spec, D("20")) == D("0.5")
    assert p.share_of_way(spec, D("35")) == D("-0.25")


def test_r3_baseline_equal_to_target_is_met_or_not():
    spec = p.IndicatorSpec(baseline=D("5"), target=D("5"), cumulative=False)
    assert p.share_of_way(spec, D("5")) == D("1")
    assert p.share_of_way(spec, D("4")) == D("0")


def test_r3_text_only_target_has_no_progress():
    spec = p.IndicatorSpec(baseline=None, target=None)
    result = p.indicator_progress(spec, [obs(2024, "3")], first_year=2024, last_year=2027, as_of=date(2026, 1, 1))
    assert (result.share, result.measurable, result.behind_pace, result.percent) == (None, False, False, None)


def test_r3_percent_is_clamped_for_charts_but_share_is_not():
    result = p.indicator_progress(CUM, [obs(2024, "150")], first_year=2024, last_year=2027, as_of=date(2025, 1, 1))
    assert result.share == D("1.5")
    assert result.percent == 100


# R4 -----------------------------------------------------------------------------------------


def test_r4_expected_share_is_time_elapsed_of_the_years():
    assert p.expected_share(2024, 2027, date(2023, 6, 1)) == D("0")
    assert p.expected_share(2024, 2027, date(2028, 1, 1)) == D("1")
    half = p.expected_share(2024, 2025, date(2025, 1, 1))
    assert D("0.49") < half < D("0.51")


def test_r4_behind_pace_beyond_the_tolerance_only():
    assert p.is_behind_pace(D("0.30"), D("0.50")) is True
    assert p.is_behind_pace(D("0.40"), D("0.50")) is False  # within 0.15


def test_r4_unknown_progress_counts_as_zero_once_time_has_started():
    assert p.is_behind_pace(None, D("0.5")) is True
    assert p.is_behind_pace(None, D("0")) is False


def test_r4_text_indicators_are_never_behind_pace():
    assert p.is_behind_pace(None, D("1"), measurable=False) is False


# R5 -----------------------------------------------------------------------------------------


def facts(**kw) -> p.MeasureFacts:
    base = {
        "last_year": 2025, "latest_status": None, "periods": [], "indicators": [],
        "planned": Total(D("0"), "EUR", False), "spent": Total(D("0"), "EUR", False),
    }
    base.update(kw)
    return p.MeasureFacts(**base)


def period(year: int, *, is_open: bool = True, status: str | None = None) -> p.PeriodState:
    return p.PeriodState(date(year, 1, 1), date(year, 12, 31), is_open, status)


def test_r5_late_when_its_years_ended_and_it_is_not_done():
    assert p.is_late(facts(latest_status="in_progress"), date(2026, 2, 1)) is True
    assert p.is_late(facts(latest_status=None), date(2026, 2, 1)) is True
    assert p.is_late(facts(latest_status="done"), date(2026, 2, 1)) is False
    assert p.is_late(facts(latest_status="in_progress"), date(2025, 12, 31)) is False


def test_r5_a_dropped_measure_is_never_late():
    assert p.is_late(facts(latest_status="dropped"), date(2030, 1, 1)) is False


def test_r5_silent_when_an_open_started_period_has_no_report_beyond_a_draft():
    today = date(2025, 6, 1)
    assert p.is_silent(facts(periods=[period(2025)]), today) is True
    assert p.is_silent(facts(periods=[period(2025, status="draft")]), today) is True
    assert p.is_silent(facts(periods=[period(2025, status="submitted")]), today) is False
    assert p.is_silent(facts(periods=[period(2025, is_open=False)]), today) is False
    assert p.is_silent(facts(periods=[period(2026)]), today) is False  # not started


def test_r5_money_planned_and_none_spent_after_a_period_ended():
    planned = Total(D("1000"), "EUR", False)
    ended = [period(2024, is_open=False)]
    assert p.is_money_unspent(facts(planned=planned, periods=ended), date(2025, 3, 1)) is True
    assert p.is_money_unspent(facts(planned=planned, periods=ended, spent=Total(D("1"), "EUR", False)),
                              date(2025, 3, 1)) is False
    assert p.is_money_unspent(facts(planned=planned, periods=[period(2025)]), date(2025, 3, 1)) is False
    assert p.is_money_unspent(facts(periods=ended), date(2025, 3, 1)) is False


def test_r5_flags_combine_independently():
    behind = p.IndicatorProgress(None, None, D("1"), True, True)
    f = facts(latest_status="in_progress", periods=[period(2025)], indicators=[behind])
    assert p.measure_flags(f, date(2026, 3, 1)) == frozenset({"late", "silent", "behind_pace"})


# R6 -----------------------------------------------------------------------------------------


def test_r6_roll_up_counts_averages_and_totals_money():
    half = p.IndicatorProgress(D("50"), D("0.5"), D("0"), False, True)
    over = p.IndicatorProgress(D("150"), D("1.5"), D("0"), False, True)
    unknown = p.IndicatorProgress(None, None, D("0"), False, True)
    text = p.IndicatorProgress(None, None, D("0"), False, False)
    measures = [
        p.MeasureSummary("done", frozenset(), [half, text], Total(D("195.58"), "BGN", False), Total(D("0"), "EUR", False)),
        p.MeasureSummary(None, frozenset({"silent"}), [over, unknown], Total(D("100"), "EUR", False),
                         Total(D("10"), "EUR", False)),
    ]
    result = p.roll_up(measures)
    assert result.measures == 2
    assert result.by_status == {"done": 1, "none": 1}
    assert result.by_flag == {"silent": 1}
    assert (result.numeric_indicators, result.text_indicators) == (3, 1)
    assert result.average_share == D("0.5")  # (0.5 + 1 + 0) / 3: clamped, unknown as 0
    assert result.planned.amount == D("200.00")
    assert result.planned.converted is True
    assert result.spent.amount == D("10.00")


def test_r6_roll_up_of_nothing():
    result = p.roll_up([])
    assert (result.measures, result.average_share, result.average_percent) == (0, None, None)


# Properties over many inputs ------------------------------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

values = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6)


@given(values, st.randoms())
def test_cumulative_value_does_not_depend_on_the_order_of_reports(numbers, rnd):
    observations = [obs(2020 + i, str(n)) for i, n in enumerate(numbers)]
    shuffled = observations[:]
    rnd.shuffle(shuffled)
    assert p.reached_value(CUM, shuffled) == p.reached_value(CUM, observations) == D(10) + sum(map(D, numbers))


@given(values)
def test_correcting_a_period_to_the_same_value_changes_nothing(numbers):
    observations = [obs(2020 + i, str(n), recorded=i) for i, n in enumerate(numbers)]
    corrected = [*observations, obs(2020, str(numbers[0]), recorded=99)]
    assert p.reached_value(CUM, corrected) == p.reached_value(CUM, observations)
