"""Reads of the monitoring cycle: every page's data, in a fixed number of queries.

Each selector fetches whole tables for a plan (or a district's plans) with
``values_list``/``select_related`` and groups them in Python, so the number
of queries does not depend on how many measures, indicators or reports there
are; the tests pin the counts. Progress is computed by
``planmonitor.monitoring.progress`` from **approved** values only: what a
dashboard calls progress is what the council and the public will read.

``work`` (one report, to-do lists, review queue, a period), ``dashboards``
(a plan's progress), ``districts`` (plans side by side, the state that keys their cached pages);
this package re-exports them so callers keep ``selectors.plan_summary(...)``.
"""

from planmonitor.monitoring.selectors.dashboards import (
    APPROVED,
    IN_PROGRESS_STATES,
    IndicatorRow,
    MeasureRow,
    PlanSummary,
    PriorityBlock,
    goal_rollups,
    plan_goals,
    plan_money_currency,
    plan_summary,
    summarise_plans,
)
from planmonitor.monitoring.selectors.districts import (
    ROLLUP_SECONDS,
    MunicipalityLine,
    district_overview,
    district_state,
    district_with_state,
    latest_year_with_data,
    plan_rollups,
)
from planmonitor.monitoring.selectors.work import (
    LateReporter,
    OpenPeriodLine,
    PeriodRow,
    ReportPage,
    TodoItem,
    UnitOverview,
    period_rows,
    recommendations_by_measure,
    report_page,
    reporter_todo,
    review_queue,
    unit_overview,
)

__all__ = [
    "APPROVED", "IN_PROGRESS_STATES", "ROLLUP_SECONDS", "IndicatorRow", "LateReporter", "MeasureRow",
    "MunicipalityLine", "OpenPeriodLine", "PeriodRow", "PlanSummary", "PriorityBlock", "ReportPage", "TodoItem",
    "UnitOverview", "district_overview", "district_state", "district_with_state", "goal_rollups",
    "latest_year_with_data", "period_rows", "plan_goals",
    "plan_money_currency", "plan_rollups", "plan_summary", "recommendations_by_measure", "report_page",
    "reporter_todo", "review_queue", "summarise_plans", "unit_overview",
]
