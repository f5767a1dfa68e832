"""Report pages: ask for a report, watch it being written, download it; the district consolidation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from planmonitor.accounts import permissions
from planmonitor.reports import selectors, services
from planmonitor.reports.models import GeneratedReport
from planmonitor.reports.render import CONTENT_TYPES


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The plans whose reports the person may read, and the district consolidation if theirs."""
    plans = [p for p in permissions.visible_plans(request.user).select_related("municipality__district")
             if permissions.can_view_generated_reports(request.user, p)]
    return render(request, "reports/index.html", {
        "plans": plans,
        "district": request.user.district if request.user.district_id and permissions.can_view_district_report(
            request.user, request.user.district_id) else None,
    })


@login_required
def plan_reports(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every period of the plan with its generated versions, and the buttons to make new ones."""
    plan = permissions.access_plan_reports(request.user, plan_id)
    return render(request, "reports/plan_reports.html", {
        "plan": plan,
        "periods": selectors.periods_with_reports(plan),
        "can_generate": permissions.can_generate_report(request.user, plan),
        "formats": GeneratedReport.Format.choices,
    })


@login_required
@require_POST
def request_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Queue a new version and send the person to its progress page."""
    plan = permissions.access_plan_reports(request.user, plan_id, generate=True)
    period = get_object_or_404(plan.periods, pk=request.POST.get("period"))
    fmt = request.POST.get("format", "")
    if fmt not in GeneratedReport.Format.values:
        return HttpResponse(status=400)
    generated = services.request_report(plan, period, fmt, actor=request.user)
    return redirect(generated)


@login_required
def detail(request: HttpRequest, generated_id: int) -> HttpResponse:
    """The progress page: readable without JavaScript (it refreshes itself), live with it."""
    generated = permissions.access_generated_report(request.user, generated_id)
    return render(request, "reports/detail.html", {"generated": generated})


@login_required
def progress(request: HttpRequest, generated_id: int) -> JsonResponse:
    """Status and progress as JSON, for the progress page's polling."""
    generated = permissions.access_generated_report(request.user, generated_id)
    return JsonResponse({
        "status": generated.status,
        "status_label": generated.get_status_display(),
        "progress": generated.progress,
        "error": generated.error,
        "download": generated.is_ready and request.build_absolute_uri(
            f"{generated.get_absolute_url()}download/"
        ),
    })


@login_required
def download(request: HttpRequest, generated_id: int) -> FileResponse:
    generated = permissions.access_generated_report(request.user, generated_id)
    if not generated.is_ready:
        raise PermissionDenied
    return FileResponse(
        generated.file.open("rb"), as_attachment=True, filename=generated.filename(),
        content_type=CONTENT_TYPES[generated.format],
    )


@login_required
def district(request: HttpRequest) -> HttpResponse:
    """The district consolidation for a year, as a page or (``?format=xlsx``) a workbook."""
    from planmonitor.reports import district as district_report

    user = request.user
    try:
        district_id = int(request.GET.get("district") or user.district_id or 0)
    except ValueError:
        district_id = 0
    if not district_id or not permissions.can_view_district_report(user, district_id):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        year = timezone.localdate().year - 1
    consolidation = district_report.consolidate(district_id, year)
    if request.GET.get("format") == "xlsx":
        content = district_report.render_xlsx(consolidation)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="district-{district_id}-{year}.xlsx"'
        return response
    head, tables = district_report.page_tables(consolidation)
    return render(request, "reports/district.html", {"c": consolidation, "year": year, "header": head, "tables": tables})
