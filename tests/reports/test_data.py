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
