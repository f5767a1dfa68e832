"""The dashboards: a plan's monitoring at a glance, and a district's municipalities side by side.

Bodies are rendered once per change of the data they show and kept in the cache.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from planmonitor.accounts.permissions import can_view_district
from planmonitor.core.money import CURRENCY_SIGNS, format_bg
from planmonitor.monitoring import charts, permissions, selectors
from planmonitor.monitoring.models import MeasureStatus
from planmonitor.monitoring.selectors import plan_goals
from planmonitor.plans import revision

#: How long a rendered dashboard is kept; the plan revision in its key already retires it on any change.
CACHE_SECONDS = 600


def _status_series() -> list[charts.Series]:
    return [
        charts.Series(_("completed"), charts.PALETTE[0]),
        charts.Series(_("in progress"), charts.PALETTE[1]),
        charts.Series(_("other status"), charts.PALETTE[2]),
        charts.Series(_("no approved report"), charts.PALETTE[5]),
    ]


def _status_counts(rollup) -> list[int]:
    done = rollup.by_status.get(MeasureStatus.DONE, 0)
    in_progress = rollup.by_status.get(MeasureStatus.IN_PROGRESS, 0) + rollup.by_status.get(MeasureStatus.PARTLY_DONE, 0)
    none = rollup.by_status.get("none", 0)
    return [done, in_progress, rollup.measures - done - in_progress - none, none]


# --- dashboards --------------------------------------------------------------------------------


def _cached_body(key: str, template: str, build_context) -> str:
    """Render a page body once per change of the data it shows.

    ``key`` comes from ``plans.revision`` (the plans' revisions, the day and
    the language), so a cached body is never stale nor in the wrong
    language; bodies hold no forms and nothing personal, so every reader
    allowed to see the page may be given the same one.
    """
    body = cache.get(key)
    if body is None:
        body = render_to_string(template, build_context())
        cache.set(key, body, CACHE_SECONDS)
    return body


@login_required
def dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Per priority: done, in progress, late, silent; indicators nearest and furthest; money."""
    plan = permissions.access_monitored_plan(request.user, plan_id)
    today = timezone.localdate()
    key = revision.cache_key("monitoring:dashboard", plan, today, get_language())
    body = _cached_body(key, "monitoring/_dashboard_body.html", lambda: _dashboard_context(plan, today))
    return render(request, "monitoring/dashboard.html", {"plan": plan, "body": body})


def _dashboard_context(plan, today) -> dict:
    summary = selectors.plan_summary(plan, as_of=today)
    status_chart = charts.stacked_bars(
        [(f"{b.position}. {b.name}", _status_counts(b.rollup)) for b in summary.priorities],
        _status_series(), title=_("Measures by status, per priority"),
    )
    sign = CURRENCY_SIGNS.get(summary.currency, summary.currency)
    money_chart = charts.stacked_bars(
        [(_("planned"), [summary.rollup.planned.amount]), (_("spent"), [summary.rollup.spent.amount])],
        [charts.Series(sign, charts.PALETTE[0])],
        title=_("Money planned and spent (%(currency)s)") % {"currency": sign},
    )
    nearest, furthest = summary.nearest(), summary.furthest()
    per_goal = selectors.goal_rollups(summary)
    goals = [(goal, per_goal[goal.pk]) for goal in plan_goals(plan) if goal.pk in per_goal]
    return {
        "plan": plan, "summary": summary, "goals": goals, "status_chart": status_chart, "money_chart": money_chart,
        "nearest": nearest, "furthest": furthest,
        "nearest_chart": charts.progress_bars(
            [(i.name, i.result.percent) for i in nearest], title=_("Indicators nearest to target")
        ),
        "planned": format_bg(summary.rollup.planned.amount, summary.currency),
        "spent": format_bg(summary.rollup.spent.amount, summary.currency),
        "latest_period": summary.periods[-1] if summary.periods else None,
        "late": summary.flagged("late"), "silent": summary.flagged("silent"),
        "behind": summary.flagged("behind_pace"), "unspent": summary.flagged("money_unspent"),
    }


@login_required
def district(request: HttpRequest, district_id: int) -> HttpResponse:
    """The district coordinator's comparison of its municipalities' plans."""
    found = selectors.district_with_state(district_id)  # one query: the district and its plans' revisions
    if found is None:
        raise Http404
    district, state = found
    if not can_view_district(request.user, district.pk):
        raise PermissionDenied
    today = timezone.localdate()
    key = revision.state_key("monitoring:district", state, district.pk, today, get_language())
    body = _cached_body(key, "monitoring/_district_body.html", lambda: _district_context(district, today))
    return render(request, "monitoring/district.html", {"district": district, "body": body})


def _district_context(district, today) -> dict:
    lines = selectors.district_overview(district.pk, as_of=today)
    chart = charts.stacked_bars(
        [(f"{line.municipality} {line.plan.period_start}–{line.plan.period_end}", _status_counts(line.rollup))
         for line in lines],
        _status_series(), title=_("Measures by status, per municipality"),
    )
    progress_chart = charts.progress_bars(
        [(line.municipality, line.rollup.average_percent) for line in lines],
        title=_("Average progress of numeric indicators"),
    )
    return {
        "district": district, "lines": lines, "chart": chart, "progress_chart": progress_chart,
        "rows": [
            (line, format_bg(line.rollup.planned.amount, line.rollup.planned.currency),
             format_bg(line.rollup.spent.amount, line.rollup.spent.currency))
            for line in lines
        ],
    }
