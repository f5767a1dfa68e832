"""Pages of a plan's reporting periods: open, close and reopen them, and exchange spreadsheets.

Thin: fetch through ``monitoring.permissions.access_*``, validate, call a service, redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planmonitor.accounts.models import Institution
from planmonitor.monitoring import permissions, selectors, services, spreadsheets
from planmonitor.monitoring.forms import PeriodForm, ReopenForm, SpreadsheetUploadForm
from planmonitor.monitoring.models import ProgressReport

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
