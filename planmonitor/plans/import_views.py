"""Import review in the browser: upload, follow the reading, correct fields, publish.

The upload is kept in an ``ImportSession`` and read by a background task
(``planmonitor.plans.tasks.parse_import``); the page polls its progress. Every
correction is saved the moment a field changes (and again on publish), so
nothing typed is lost; nothing becomes a plan until the reviewer publishes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planmonitor.accounts.permissions import access_import_session, can_import
from planmonitor.plans import services
from planmonitor.plans.forms import UploadForm
from planmonitor.plans.models import ImportSession, Plan
from planmonitor.plans.review import (
    MEASURE_FIELDS,
    PLAN_FIELDS,
    get_path,
    place_warnings,
)
from planmonitor.plans.services import PlanError


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a plan document; it is read in the background and then shown for review."""
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        session = services.start_import(form.cleaned_data["file"], actor=request.user)
        return redirect(session.get_absolute_url())
    return render(request, "plans/import_upload.html", {"form": form})


def _unless_stalled(session: ImportSession) -> ImportSession:
    """A reading still waiting past the time limit lost its worker: mark it failed now, so the page says so."""
    from planmonitor.core.tasks_health import stalled_cutoff

    waiting = (ImportSession.Status.PENDING, ImportSession.Status.PARSING)
    if session.status in waiting and session.created_at < stalled_cutoff():
        services.fail_stalled_imports()
        session.refresh_from_db()
    return session


@login_required
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    """How far the reading got, for the page's poll every second."""
    session = _unless_stalled(access_import_session(request.user, pk))
    return JsonResponse(
        {"status": session.status, "progress": session.progress, "stage": session.progress_note, "error": session.error}
    )


def _rows(plan_json: dict, warnings: list) -> tuple[list[dict], list, dict]:
    """The review table: each measure's fields with its value and the warnings that point at it."""
    marked = place_warnings(plan_json, warnings)
    by_measure: dict[int, list] = {}
    for warning in marked:
        if warning.measure_index is not None:
            by_measure.setdefault(warning.measure_index, []).append(warning)
    rows = []
    for index, measure in enumerate(plan_json.get("measures") or []):
        flagged = by_measure.get(index, [])
        flagged_fields = {w.field.split(".")[0] for w in flagged if w.field}
        whole = any(not w.field for w in flagged)
        fields = []
        for path, label, kind in MEASURE_FIELDS:
            value = get_path(measure, path)
            fields.append({
                "name": f"measures.{index}.{path}", "path": path, "label": label, "kind": kind,
                "value": "" if value is None else value,
                "flagged": path in {w.field for w in flagged} or path.split(".")[0] in flagged_fields,
            })
        rows.append({"index": index, "fields": fields, "warnings": flagged, "flagged": bool(flagged) or whole})
    plan_fields = []
    for path, label, kind in PLAN_FIELDS:
        value = get_path(plan_json, path)
        plan_fields.append({"name": f"plan.{path}", "label": label, "kind": kind, "value": "" if value is None else value})
    general = [w for w in marked if w.measure_index is None]
    return rows, general, {"plan_fields": plan_fields}


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The parsed plan with every warning at its place, every field editable, and Publish."""
    session = _unless_stalled(access_import_session(request.user, pk))
    context: dict = {"session": session, "statuses": Plan.Status.choices[:2]}
    if session.status == ImportSession.Status.READY and session.plan_json:
        rows, general, extra = _rows(session.plan_json, session.warnings or [])
        context.update(rows=rows, general_warnings=general, **extra)
        context["flagged_count"] = sum(1 for row in rows if row["flagged"])
    return render(request, "plans/import_review.html", context)


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a failed import's kept file again (its worker died, or the reader was fixed)."""
    session = access_import_session(request.user, pk)
    try:
        services.retry_import(session, actor=request.user)
    except PlanError as error:
        messages.error(request, str(error))
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def save_field(request: HttpRequest, pk: int) -> JsonResponse:
    """Save one corrected field as soon as it changes (called by the page's script)."""
    session = access_import_session(request.user, pk)
    try:
        refused = services.save_import_corrections(
            session, [(request.POST.get("field", ""), request.POST.get("value", ""))], actor=request.user
        )
    except PlanError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=400)
    if refused:
        return JsonResponse({"ok": False, "error": refused[0][1]}, status=400)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply every field of the form (what was typed is never lost), then store the plan."""
    session = access_import_session(request.user, pk)
    if session.status != ImportSession.Status.READY:
        messages.error(request, _("This import is not ready to be published."))
        return redirect(session.get_absolute_url())
    corrections = [(name, value) for name, value in request.POST.items() if name.startswith(("plan.", "measures."))]
    refused = services.save_import_corrections(session, corrections, actor=request.user)
    if refused:
        for name, error in refused:
            messages.error(request, f"{name}: {error}")
        return redirect(session.get_absolute_url())
    status = request.POST.get("status") if request.POST.get("status") in Plan.Status.values else Plan.Status.DRAFT
    on_duplicate = "new_version" if request.POST.get("new_version") else "error"
    try:
        plan = services.publish_import(session, actor=request.user, status=status, on_duplicate=on_duplicate)
    except PlanError as error:  # e.g. PlanAlreadyExists: the message says how to go on
        messages.error(request, str(error))
        return redirect(session.get_absolute_url())
    messages.success(request, _("The plan was published."))
    return redirect(plan.get_absolute_url())
