"""Pages of the monitoring cycle. Thin: fetch through ``access_*``, validate, call a service, redirect."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planmonitor.accounts import permissions
from planmonitor.accounts.models import Institution
from planmonitor.core.money import CURRENCY_SIGNS, format_bg
from planmonitor.monitoring import charts, selectors, services, spreadsheets
from planmonitor.monitoring.forms import (
    PeriodForm,
    RecommendationForm,
    ReopenForm,
    ReportForm,
    ReturnForm,
    SpreadsheetUploadForm,
)
from planmonitor.monitoring.models import MeasureStatus, ProgressReport
from planmonitor.monitoring.selectors import plan_goals

#: How long a rendered dashboard is kept; the fingerprint in its key already retires it on any change.
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


# --- reports ---------------------------------------------------------------------------------


@login_required
def report(request: HttpRequest, measure_id: int, period_id: int) -> HttpResponse:
    """The report form of one measure and period; on any error the form comes back as typed."""
    measure, period = permissions.access_report(request.user, measure_id, period_id, edit=request.method == "POST")
    page = selectors.report_page(measure, period)
    can_edit = permissions.can_edit_report(request.user, measure)
    editable = can_edit and not period.is_locked and (page.report is None or page.report.is_editable)
    conflict = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = ReportForm(page, request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = services.save_report(
                    measure, period, form.to_input(), actor=request.user, version=form.cleaned_data["version"]
                )
            except services.ConflictError as error:
                conflict = selectors.report_page(measure, period)
                form.add_error(None, str(error))
                data = request.POST.copy()
                data["version"] = str(error.current_version)  # a second save is a conscious overwrite
                form = _rebound(page, data, request, form)
            except ValidationError as error:
                form.add_service_errors(error)
            except services.MonitoringError as error:
                form.add_error(None, str(error))
            else:
                return _after_save(request, form, saved)
    else:
        form = ReportForm(page)
    return render(request, "monitoring/report.html", {
        "page": page, "form": form, "editable": editable, "conflict": conflict,
        "can_review": permissions.can_review_reports(request.user, measure.plan),
    })


def _rebound(page, data, request, old_form: ReportForm) -> ReportForm:
    """The same typed input, now carrying the current version, with the old form's errors."""
    form = ReportForm(page, data, request.FILES)
    form.is_valid()
    for error in old_form.non_field_errors():
        form.add_error(None, error)
    return form


def _after_save(request: HttpRequest, form: ReportForm, saved: ProgressReport) -> HttpResponse:
    """Attach evidence and submit if asked; the draft is already safe, so failures only warn."""
    data = form.cleaned_data
    try:
        if data.get("evidence_file") or data.get("evidence_url"):
            services.add_evidence(
                saved, actor=request.user, file=data.get("evidence_file"), url=data.get("evidence_url") or "",
                description=data.get("evidence_description") or "",
            )
        if request.POST.get("action") == "submit":
            services.submit_report(saved, actor=request.user)
            messages.success(request, _("The report was submitted for review."))
        else:
            messages.success(request, _("The draft was saved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.MonitoringError as error:
        messages.error(request, str(error))
    return redirect("monitoring:report", saved.measure_id, saved.period_id)


@login_required
def review(request: HttpRequest, measure_id: int, period_id: int) -> HttpResponse:
    """The monitoring unit's page: approve, return with a comment, or write a recommendation."""
    measure, period = permissions.access_report(request.user, measure_id, period_id)
    if not permissions.can_review_reports(request.user, measure.plan):
        raise PermissionDenied
    page = selectors.report_page(measure, period)
    return_form, recommendation_form = ReturnForm(), RecommendationForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve" and page.report:
                services.approve_report(page.report, actor=request.user, version=_int(request.POST.get("version")))
                messages.success(request, _("The report was approved."))
                return redirect("monitoring:review", measure.pk, period.pk)
            if action == "return" and page.report:
                return_form = ReturnForm(request.POST)
                if return_form.is_valid():
                    services.return_report(
                        page.report, actor=request.user, comment=return_form.cleaned_data["comment"],
                        version=_int(request.POST.get("version")),
                    )
                    messages.success(request, _("The report was returned for correction."))
                    return redirect("monitoring:review", measure.pk, period.pk)
            elif action == "recommend":
                recommendation_form = RecommendationForm(request.POST)
                if recommendation_form.is_valid():
                    services.recommend_measure(
                        measure, actor=request.user, text=recommendation_form.cleaned_data["text"], period=period
                    )
                    messages.success(request, _("The recommendation was saved."))
                    return redirect("monitoring:review", measure.pk, period.pk)
            elif action not in ("approve", "return"):
                raise Http404
        except (services.MonitoringError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            page = selectors.report_page(measure, period)
    upcoming = selectors.review_queue(request.user).exclude(measure=measure, period=period).first()
    return render(request, "monitoring/review.html", {
        "page": page, "return_form": return_form, "recommendation_form": recommendation_form,
        "next_report": upcoming,
    })


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Download an evidence file; only those who may read the report may."""
    item = permissions.access_evidence(request.user, evidence_id)
    if not item.file:
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def remove_evidence(request: HttpRequest, evidence_id: int) -> HttpResponse:
    item = permissions.access_evidence(request.user, evidence_id)
    measure = item.report.measure
    if not permissions.can_edit_report(request.user, measure):
        raise PermissionDenied
    try:
        services.remove_evidence(item, actor=request.user)
    except services.MonitoringError as error:
        messages.error(request, str(error))
    return redirect("monitoring:report", measure.pk, item.report.period_id)


# --- a reporter's list -------------------------------------------------------------------------


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """What I still have to report, by deadline; for the unit also what waits for review."""
    items = selectors.reporter_todo(request.user)
    queue = selectors.review_queue(request.user)
    recommendations = selectors.recommendations_by_measure([i.measure.pk for i in items])
    return render(request, "monitoring/todo.html", {
        "items": [(i, recommendations.get(i.measure.pk, [])) for i in items],
        "queue": queue[:50], "queue_count": queue.count(),
        "overview": selectors.unit_overview(request.user),
        "plans": permissions.monitored_plans(request.user).select_related("municipality"),
        "today": timezone.localdate(),
    })


# --- periods -----------------------------------------------------------------------------------


@login_required
def periods(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan's reporting periods; the unit opens new ones here."""
    plan = permissions.access_monitored_plan(request.user, plan_id, manage=request.method == "POST")
    can_manage = permissions.can_manage_periods(request.user, plan)
    existing = list(plan.periods.all())
    if request.method == "POST":
        form = PeriodForm(request.POST)
        if form.is_valid():
            try:
                period = services.open_period(plan, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The period %(name)s is open.") % {"name": period.name})
                return redirect("monitoring:periods", plan.pk)
    else:
        next_year = max((p.end.year + 1 for p in existing), default=plan.period_start)
        form = PeriodForm.for_year(next_year)
    return render(request, "monitoring/periods.html", {
        "plan": plan, "periods": existing, "form": form, "can_manage": can_manage,
    })


@login_required
def period(request: HttpRequest, period_id: int) -> HttpResponse:
    """Every measure of the period with its report's state; spreadsheets per institution."""
    period = permissions.access_period(request.user, period_id)
    return render(request, "monitoring/period.html", _period_context(request, period, selectors.period_rows(period)))


def _period_context(request: HttpRequest, period, rows) -> dict:
    institutions = sorted({i for r in rows for i in r.measure.institutions.all()}, key=lambda i: str(i))
    return {
        "period": period, "plan": period.plan, "rows": rows, "institutions": institutions,
        "can_manage": permissions.can_manage_periods(request.user, period.plan),
        "can_review": permissions.can_review_reports(request.user, period.plan),
        "upload_form": SpreadsheetUploadForm(), "reopen_form": ReopenForm(),
    }


@login_required
@require_POST
def close_period(request: HttpRequest, period_id: int) -> HttpResponse:
    period = permissions.access_period(request.user, period_id, manage=True)
    if request.POST.get("confirm") != "yes":
        # Closing locks every report of the period: say so, and ask once more.
        rows = selectors.period_rows(period)
        unsubmitted = sum(
            1 for r in rows if r.report is None or r.report.status not in (
                ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED)
        )
        return render(request, "monitoring/period.html", {
            **_period_context(request, period, rows), "confirm_close": True, "unsubmitted": unsubmitted,
        })
    services.close_period(period, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("The period %(name)s is closed.") % {"name": period.name})
    return redirect("monitoring:period", period.pk)


@login_required
@require_POST
def reopen_period(request: HttpRequest, period_id: int) -> HttpResponse:
    period = permissions.access_period(request.user, period_id, manage=True)
    form = ReopenForm(request.POST)
    if form.is_valid():
        services.reopen_period(period, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The period %(name)s is open again.") % {"name": period.name})
    else:
        messages.error(request, _("Say why the period is reopened."))
    return redirect("monitoring:period", period.pk)


# --- spreadsheets ------------------------------------------------------------------------------


@login_required
def spreadsheet_download(request: HttpRequest, period_id: int, institution_id: int) -> HttpResponse:
    """The XLSX an institution fills offline: its measures for the period, pre-filled."""
    period = permissions.access_period(request.user, period_id, manage=True)
    try:
        institution = spreadsheets.institutions_of(period).get(pk=institution_id)
    except Institution.DoesNotExist:
        raise Http404 from None
    content = spreadsheets.write_workbook(period, institution)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{spreadsheets.file_name(period, institution)}"'
    return response


@login_required
@require_POST
def spreadsheet_upload(request: HttpRequest, period_id: int) -> HttpResponse:
    """Read a filled spreadsheet back: all of it is saved, or nothing and every problem listed."""
    period = permissions.access_period(request.user, period_id, manage=True)
    form = SpreadsheetUploadForm(request.POST, request.FILES)
    problems: list[spreadsheets.Problem] = []
    if form.is_valid():
        result = spreadsheets.read_workbook(period, form.cleaned_data["file"].read(), actor=request.user)
        if result.problems:
            problems = result.problems
        else:
            messages.success(request, _("%(count)s reports were saved from the spreadsheet.") % {"count": result.saved})
            return redirect("monitoring:period", period.pk)
    rows = selectors.period_rows(period)
    return render(request, "monitoring/period.html", {
        "period": period, "plan": period.plan, "rows": rows, "problems": problems, "upload_form": form,
        "institutions": sorted({i for r in rows for i in r.measure.institutions.all()}, key=lambda i: str(i)),
        "can_manage": True, "can_review": True, "reopen_form": ReopenForm(),
    }, status=400 if problems or form.errors else 200)


# --- dashboards --------------------------------------------------------------------------------


def _cached_body(key: str, template: str, build_context) -> str:
    """Render a page body once per change of the data it shows.

    ``key`` carries the data's fingerprint (see ``selectors.plan_fingerprint``)
    and the language, so a cached body is never stale nor in the wrong
    language; bodies hold no forms and nothing personal, so every reader
    allowed to see the page may be given the same one.
    """
    key = "monitoring:body:" + hashlib.sha256(key.encode()).hexdigest()
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
    key = f"monitoring:dashboard:{plan.pk}:{today}:{get_language()}:{selectors.loaded_plan_fingerprint(plan)}"
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
    found = selectors.district_with_fingerprint(district_id)  # one query: the district and its cache key
    if found is None:
        raise Http404
    district, fingerprint = found
    if not permissions.can_view_district(request.user, district.pk):
        raise PermissionDenied
    today = timezone.localdate()
    key = f"monitoring:district:{district.pk}:{today}:{get_language()}:{fingerprint}"
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
