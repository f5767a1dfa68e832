"""Pages of the monitoring cycle where reports are written and reviewed, and where each person's work starts.

Thin: fetch through ``monitoring.permissions.access_*``, validate, call a
service, redirect. Periods and spreadsheets are in ``period_views``, the
dashboards in ``dashboard_views``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planmonitor.monitoring import permissions, selectors, services
from planmonitor.monitoring.forms import RecommendationForm, ReportForm, ReturnForm
from planmonitor.monitoring.models import ProgressReport

#: Roles whose daily work is the monitoring cycle: reporters report, the unit reviews, the district compares.
MONITORING_ROLES = ("reporter", "coordinator", "district")


def home(request: HttpRequest) -> HttpResponse:
    """Reporters, coordinators and district coordinators land on their monitoring work
    (what to report; reports waiting for review, open periods, late reporters);
    administrators on the plans; the public on the portal.
    """
    if request.user.is_authenticated:
        role = getattr(request.user, "role", "")
        if role in MONITORING_ROLES and not request.user.is_superuser:
            if role != "coordinator" or permissions.monitored_plans(request.user).exists():
                return redirect("monitoring:todo")  # a coordinator without a plan starts by importing one
        return redirect("plans:list")
    return redirect("portal:index")


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



# --- reports ---------------------------------------------------------------------------------


@login_required
def report(request: HttpRequest, measure_id: int, period_id: int) -> HttpResponse:
    """The report form of one measure and period; on any error the form comes back as typed."""
    measure, period = permissions.access_report(request.user, measure_id, period_id, edit=request.method == "POST")
    page = selectors.report_page(measure, period)
    editable = permissions.can_write_report(request.user, measure, period, page.report)
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
        "next_report": upcoming, "actions": permissions.review_actions(page.report, page.period),
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
