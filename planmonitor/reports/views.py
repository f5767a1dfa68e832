"""Report pages: ask for a report, watch it being written, download it; the district consolidation."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planmonitor.accounts.models import District
from planmonitor.accounts.permissions import can_view_district
from planmonitor.plans.permissions import visible_plans
from planmonitor.reports import permissions, selectors, services
from planmonitor.reports.forms import DistrictReportForm, ReportRequestForm
from planmonitor.reports.render import CONTENT_TYPES


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The plans whose reports the person may read, and the district consolidation if theirs."""
    plans = [p for p in visible_plans(request.user).select_related("municipality__district")
             if permissions.can_view_generated_reports(request.user, p)]
    return render(request, "reports/index.html", {
        "plans": plans,
        "district": request.user.district if request.user.district_id and can_view_district(
            request.user, request.user.district_id) else None,
        "national": permissions.can_view_national_report(request.user),
    })


def _plan_reports_page(
    request: HttpRequest, plan, *, bound: tuple[int, ReportRequestForm] | None = None, status: int = 200
) -> HttpResponse:
    """The plan's reports page; ``bound`` is a refused request's form, shown with its errors under its period."""
    can_generate = permissions.can_generate_report(request.user, plan)
    unit = selectors.unit_for_next_report(plan) if can_generate else ""
    periods = []
    for period, versions in selectors.periods_with_reports(plan):
        form = None
        if can_generate:
            if bound and bound[0] == period.pk:
                form = bound[1]
            else:
                form = ReportRequestForm(initial={"unit": unit}, auto_id=f"id_p{period.pk}_%s")
        periods.append((period, versions, form))
    return render(request, "reports/plan_reports.html", {
        "plan": plan, "periods": periods, "can_generate": can_generate,
    }, status=status)


@login_required
def plan_reports(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Every period of the plan with its generated versions, and a form per period to make a new one."""
    plan = permissions.access_plan_reports(request.user, plan_id)
    return _plan_reports_page(request, plan)


@login_required
@require_POST
def request_report(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Queue a new version and send the person to its progress page."""
    plan = permissions.access_plan_reports(request.user, plan_id, generate=True)
    period = get_object_or_404(plan.periods, pk=request.POST.get("period"))
    form = ReportRequestForm(request.POST, auto_id=f"id_p{period.pk}_%s")
    if not form.is_valid():
        return _plan_reports_page(request, plan, bound=(period.pk, form), status=400)
    generated = services.request_report(
        plan, period, form.cleaned_data["format"], actor=request.user, unit=form.cleaned_data["unit"]
    )
    return redirect(generated)


def _unless_stalled(generated):
    """A version still waiting past the time limit lost its worker: mark it failed now, so the page says so."""
    from planmonitor.core.tasks_health import stalled_cutoff

    waiting = (generated.Status.QUEUED, generated.Status.RUNNING)
    if generated.status in waiting and generated.created_at < stalled_cutoff():
        services.fail_stalled_reports()
        generated.refresh_from_db()
    return generated


@login_required
def detail(request: HttpRequest, generated_id: int) -> HttpResponse:
    """The progress page: readable without JavaScript (it refreshes itself), live with it.

    A failed version offers to generate the report again (a new version with
    the same format and unit) to whoever may generate reports of the plan.
    """
    generated = _unless_stalled(permissions.access_generated_report(request.user, generated_id))
    return render(request, "reports/detail.html", {
        "generated": generated, "can_generate": permissions.can_generate_report(request.user, generated.plan),
    })


@login_required
def progress(request: HttpRequest, generated_id: int) -> JsonResponse:
    """Status and progress as JSON, for the progress page's polling."""
    generated = _unless_stalled(permissions.access_generated_report(request.user, generated_id))
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


YEARS = (2000, 2100)  # reporting years a district consolidation may be asked for
DIGITS = re.compile(r"[0-9]{1,9}")  # an id or a year: ASCII digits, small enough for any database


def _bad_parameter(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 page in the site's layout that says which parameter is wrong."""
    return render(request, "400.html", {"message": message}, status=400)


@login_required
def district(request: HttpRequest) -> HttpResponse:
    """The district consolidation for a year: the page, or (``?format=pdf|docx|xlsx``) a file.

    Files are written while the person waits: the consolidation (6-7 s for
    30 plans of 150 measures) is shared with the page through a cache keyed
    on the district's data, and writing the PDF adds 1-2 s, the DOCX half a
    second (docs/reports.md), well under the 30 s target; a background job
    would make the person wait longer than the file takes.
    """
    from planmonitor.reports import district as district_report
    from planmonitor.reports import district_texts

    user = request.user
    raw_district = request.GET.get("district", "").strip()
    if raw_district and not DIGITS.fullmatch(raw_district):
        return _bad_parameter(request, _("The district must be given by its number, not “%(value)s”.")
                              % {"value": raw_district[:40]})
    district_id = int(raw_district) if raw_district else (user.district_id or 0)
    if not district_id or not can_view_district(user, district_id):
        raise PermissionDenied
    # A person's own district exists (a foreign key says so); any other id is looked up.
    if district_id != user.district_id and not District.objects.filter(pk=district_id).exists():
        return render(request, "404.html", {"message": _("There is no district number %(id)s.") % {"id": district_id}},
                      status=404)
    raw_year = request.GET.get("year", "").strip()
    if raw_year and not (DIGITS.fullmatch(raw_year) and YEARS[0] <= int(raw_year) <= YEARS[1]):
        return _bad_parameter(request, _("The year must be a number from %(first)s to %(last)s, not “%(value)s”.")
                              % {"first": YEARS[0], "last": YEARS[1], "value": raw_year[:40]})
    from planmonitor.monitoring.selectors import latest_year_with_data

    # Without a year asked for, the page opens on the last year with an approved report.
    year = int(raw_year) if raw_year else latest_year_with_data(district_id) or timezone.localdate().year - 1
    fmt = request.GET.get("format", "")
    if fmt and fmt not in district_report.FORMATS:
        return _bad_parameter(request, _("Unknown format “%(value)s”; use pdf, docx or xlsx.") % {"value": fmt[:20]})
    form = DistrictReportForm(request.GET or None)
    unit = form.cleaned_data["unit"] if form.is_valid() else ""
    if fmt and form.errors:
        return HttpResponse(status=400)
    consolidation = district_report.cached_consolidation(district_id, year)
    if fmt:
        content = district_report.render(consolidation, fmt, unit=unit, today=timezone.localdate())
        response = HttpResponse(content, content_type=district_report.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{district_report.filename(district_id, year, fmt)}"'
        return response
    with translation.override("bg"):  # what an empty field stands for, as the Bulgarian title page prints it
        form.show_default_unit(district_texts.default_unit(consolidation))
    head, tables = district_report.page_tables(consolidation)
    return render(request, "reports/district.html", {
        "c": consolidation, "year": year, "header": head, "tables": tables, "form": form,
        "district_param": request.GET.get("district", ""),
        "page_title": _("District of %(name)s, %(year)s") % {"name": consolidation.district, "year": year},
    })


@login_required
def national(request: HttpRequest) -> HttpResponse:
    """The national consolidation for a year (a row per district): the page, or a PDF, DOCX or XLSX file.

    Read-only, for the national coordinator and administrators; the same
    writers as the district report, over every district's consolidation.
    """
    from planmonitor.reports import district as district_report
    from planmonitor.reports import district_texts, national

    if not permissions.can_view_national_report(request.user):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        return HttpResponse(_("The year must be a number."), status=400)
    fmt = request.GET.get("format", "")
    form = DistrictReportForm(request.GET or None)
    unit = form.cleaned_data["unit"] if form.is_valid() else ""
    if (fmt and fmt not in district_report.FORMATS) or (fmt and form.errors):
        return HttpResponse(_("This file cannot be written."), status=400)
    consolidation = national.cached_national(year)
    if fmt:
        content = district_report.render(consolidation, fmt, unit=unit, today=timezone.localdate())
        response = HttpResponse(content, content_type=district_report.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{national.filename(year, fmt)}"'
        return response
    with translation.override("bg"):
        form.show_default_unit(district_texts.default_unit(consolidation))
    head, tables = district_report.page_tables(consolidation)
    return render(request, "reports/district.html", {
        "c": consolidation, "year": year, "header": head, "tables": tables, "form": form,
        "page_title": _("National consolidation, %(year)s") % {"year": year},
    })
