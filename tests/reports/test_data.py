"""The report data layer reads approved progress only, in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from planmonitor.monitoring.models import ProgressReport
from planmonitor.reports import data
from tests.reports import factories


@pytest.mark.django_db
def test_gather_counts_only_approved_reports():
    """A submitted report is treated as no report: its status, text, values and money stay out."""
    built = factories.full_year(unreported=0)
    hidden = built.reports[1]
    hidden.status = ProgressReport.Status.SUBMITTED
    hidden.save(update_fields=["status"])
    with translation.override("bg"):
        result = data.gather(built.plan, built.period)
    lines = {m.id: m for m in result.measures}
    assert lines[hidden.measure_id].reported is False
    assert lines[hidden.measure_id].done == ""
    assert lines[hidden.measure_id].spent == ()
    assert all(i.value is None for i in lines[hidden.measure_id].indicators)
    assert [m.id for m in result.unreported] == [hidden.measure_id]
    assert result.is_final is False  # a report of the period is not approved yet


@pytest.mark.django_db
def test_cumulative_values_add_up_over_periods_and_levels_do_not():
    built = factories.full_year(unreported=0, priorities=1, measures_per_priority=1)
    earlier = factories.period(built.plan, 2024)
    factories.report(built.measures[0], earlier, values=(Decimal(7), Decimal(4)))
    with translation.override("bg"):
        result = data.gather(built.plan, built.period)
    cumulative, level = result.measures[0].indicators
    this_year = built.reports[0].values.order_by("indicator__position")
    assert cumulative.reached == Decimal(10) + Decimal(7) + this_year[0].value
    assert level.reached == this_year[1].value


@pytest.mark.django_db
def test_final_only_when_period_closed_and_all_approved():
    built = factories.full_year()
    assert data.is_period_final(built.period) is True
    open_period = factories.period(built.plan, 2026, closed=False)
    assert data.is_period_final(open_period) is False


@pytest.mark.django_db
def test_gather_many_of_several_periods_of_several_plans_is_gather_of_each():
    """Open data gathers every period of every plan in one batch: the same data as one period at a time.

    Per period: cumulative values only up to its end, its own recommendations, a retired measure only
    where it still belongs, finality of its own reports.
    """
    from datetime import datetime

    from django.utils import timezone

    from planmonitor.monitoring.models import Recommendation

    first = factories.full_year(unreported=0, priorities=1, measures_per_priority=3)
    earlier = factories.period(first.plan, 2024)
    later = factories.period(first.plan, 2026, closed=False)
    for m in first.measures:
        factories.report(m, earlier, values=(Decimal(1), Decimal(2)))
    factories.report(first.measures[0], later, spent=Decimal("99.90"), currency="EUR")
    factories.report(first.measures[1], later, status=ProgressReport.Status.SUBMITTED)
    retired = first.measures[2]
    retired.retired_in, retired.retired_at = 2, timezone.make_aware(datetime(2025, 6, 1))
    retired.save(update_fields=["retired_in", "retired_at"])
    general = Recommendation.objects.create(measure=first.measures[0], period=None, text="Обща препоръка")
    Recommendation.objects.filter(pk=general.pk).update(at=timezone.make_aware(datetime(2025, 3, 1)))
    second = factories.full_year(muni=factories.municipality("Друга"), priorities=2, measures_per_priority=2)
    pairs = [(first.plan, earlier), (second.plan, second.period), (first.plan, first.period), (first.plan, later),
             (first.plan, earlier)]
    with translation.override("bg"):
        together = data.gather_many(pairs)
        one_by_one = [data.gather(plan, period) for plan, period in pairs]
    assert together == one_by_one
    assert [r.is_final for r in together] == [True, True, True, False, True]
    assert retired.pk in [m.id for m in together[0].measures]  # reported in 2024
    assert retired.pk in [m.id for m in together[2].measures]  # reported in 2025
    assert retired.pk not in [m.id for m in together[3].measures]  # retired before 2026, not reported there
    assert together[0].measures[0].indicators[0].reached != together[2].measures[0].indicators[0].reached
    assert "Обща препоръка" not in together[0].measures[0].recommendations  # given after 2024 ended
    assert "Обща препоръка" in together[2].measures[0].recommendations
