"""Import review in the browser: upload, follow the reading, correct fields, publish.

The upload is kept in an ``ImportSession`` and read by a background task
(``planmonitor.plans.tasks.parse_import``); the page polls its progress. The
review shows the plan's municipality, title and period for confirmation and
the measures a page at a time (``PAGE_SIZE``), so a plan of 400 measures is
as easy as one of 10. Every correction is saved the moment a field changes
(one small request per field, or one per measure without JavaScript); a
measure can be split, added or deleted; publishing sends only the plan's own
fields and the confirmation. Nothing becomes a plan until the reviewer
publishes, and then it is a draft ("проект").
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planmonitor.accounts.permissions import is_admin
from planmonitor.plans import services
from planmonitor.plans.forms import PublishForm, UploadForm
from planmonitor.plans.institutions import unknown_names
from planmonitor.plans.models import ImportSession
from planmonitor.plans.permissions import access_import_session, can_import
from planmonitor.plans.review import (
    KINDS,
    MEASURE_FIELDS,
    PLAN_FIELDS,
    get_path,
    place_warnings,
    problems,
)
from planmonitor.plans.services import PlanError
from planmonitor.plans.tasks import PAGE_NOTE

#: Measures shown per review page: enough to scroll through, few enough for a slow laptop.
PAGE_SIZE = 50


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
    note = session.progress_note
    text = ""
    if note.startswith(PAGE_NOTE):  # a scan: say which page the text recognition has reached
        done, _slash, total = note[len(PAGE_NOTE):].partition("/")
        text = _("Recognising the scanned text: page %(done)s of %(total)s") % {"done": done, "total": total}
    return JsonResponse(
        {"status": session.status, "progress": session.progress, "stage": note, "error": session.error, "text": text}
    )


def _page_of(index: int) -> int:
    return index // PAGE_SIZE + 1


def _measure_url(session: ImportSession, index: int, field: str | None = None) -> str:
    anchor = f"f-measures.{index}.{field}" if field else f"m-{index}"
    return f"{session.get_absolute_url()}?page={_page_of(index)}#{anchor}"


def _label(path: str) -> str:
    return next((str(label) for p, label, _kind in MEASURE_FIELDS if p == path), path)


def _review_context(session: ImportSession, page: int, refused: dict[str, tuple[str, str]] | None = None) -> dict:
    """Everything the review page shows: the plan's fields, one page of measures, problems, unknown names.

    ``refused`` holds values the server did not take ({field: (typed value, why)}): they are shown as typed,
    with the reason at the field and in the summary, so nothing typed is lost.
    """
    from planmonitor.plans.review import Problem

    refused = refused or {}
    plan_json = session.plan_json or {}
    measures = plan_json.get("measures") or []
    marked = place_warnings(plan_json, session.warnings or [])
    found = [Problem(name, why) for name, (_typed, why) in refused.items()] + [
        p for p in problems(plan_json) if p.target not in refused
    ]
    problem_at = {p.target: p.message for p in found}
    by_measure: dict[int, list] = {}
    for warning in marked:
        if warning.measure_index is not None and warning.measure_index < len(measures):
            by_measure.setdefault(warning.measure_index, []).append(warning)
    for problem in found:
        if problem.measure_index is not None:
            by_measure.setdefault(problem.measure_index, [])
    flagged = sorted(by_measure)
    pages = max(1, -(-len(measures) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    first = (page - 1) * PAGE_SIZE
    rows = []
    for index in range(first, min(first + PAGE_SIZE, len(measures))):
        measure, warnings = measures[index], by_measure.get(index, [])
        warned = {w.field for w in warnings if w.field}
        fields = []
        for path, label, kind in MEASURE_FIELDS:
            value = get_path(measure, path)
            name = f"measures.{index}.{path}"
            if name in refused:
                value = refused[name][0]
            fields.append({
                "name": name, "path": path, "label": label, "kind": kind, "value": "" if value is None else value,
                "flagged": path in warned or path.split(".")[0] in {f.split(".")[0] for f in warned},
                "error": problem_at.get(name, ""),
            })
        later = [i for i in flagged if i > index]
        rows.append({
            "index": index, "number": index + 1, "fields": fields, "warnings": warnings,
            "flagged": index in by_measure, "next_url": _measure_url(session, later[0]) if later else "",
        })
    plan_fields = []
    for path, label, kind in PLAN_FIELDS:
        value = get_path(plan_json, path)
        name = f"plan.{path}"
        plan_fields.append({
            "name": name, "label": label, "kind": kind, "value": "" if value is None else value,
            "error": problem_at.get(name, ""),
            "readonly": path == "municipality" and session.municipality_id is not None,
        })
    summary = []
    for problem in found:
        if problem.measure_index is None:
            label = next(str(f["label"]) for f in plan_fields if f["name"] == problem.target)
            summary.append({"text": f"{label}: {problem.message}", "url": f"?page={page}#f-{problem.target}"})
        else:
            path = problem.target.split(".", 2)[2]
            summary.append({
                "text": _("Measure %(n)s, %(field)s: %(message)s")
                % {"n": problem.measure_index + 1, "field": _label(path), "message": problem.message},
                "url": _measure_url(session, problem.measure_index, path),
            })
    confirmed = {name.casefold() for name in session.new_institutions or []}
    unknown = [
        {"name": name, "checked": name.casefold() in confirmed, "count": len(indices),
         "url": _measure_url(session, indices[0], "responsible")}
        for name, indices in unknown_names(plan_json, session.municipality)
    ]
    return {
        "rows": rows, "plan_fields": plan_fields, "problems": summary, "unknown_institutions": unknown,
        "general_warnings": [w for w in marked if w.measure_index is None or w.measure_index >= len(measures)],
        "measure_count": len(measures), "flagged_count": len(flagged),
        "first_flagged_url": _measure_url(session, flagged[0]) if flagged else "",
        "page": page, "pages": range(1, pages + 1), "page_count": pages,
        "flagged_per_page": {p: sum(1 for i in flagged if _page_of(i) == p) for p in range(1, pages + 1)},
        "publish_form": PublishForm(),
    }


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The parsed plan with every warning at its place, every field editable, and Publish."""
    session = _unless_stalled(access_import_session(request.user, pk))
    context: dict = {"session": session}
    if session.status == ImportSession.Status.READY and session.plan_json:
        page = request.GET.get("page", "1")
        context.update(_review_context(session, int(page) if page.isdigit() else 1))
    return render(request, "plans/import_review.html", context)


def _revision(request: HttpRequest) -> int | None:
    value = request.POST.get("revision", "")
    return int(value) if value.isdigit() else None


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
    field = request.POST.get("field", "")
    try:
        refused = services.save_import_corrections(
            session, [(field, request.POST.get("value", ""))], actor=request.user,
            # The plan's own fields do not move when measures are split, added or deleted.
            revision=None if field.startswith("plan.") else _revision(request),
        )
    except services.ImportChanged as error:
        return JsonResponse({"ok": False, "error": str(error), "field": field}, status=409)
    except PlanError as error:
        return JsonResponse({"ok": False, "error": str(error), "field": field}, status=400)
    if refused:
        return JsonResponse({"ok": False, "error": refused[0][1], "field": field}, status=400)
    return JsonResponse({"ok": True, "field": field})


@login_required
@require_POST
def measure(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    """One measure's form: save its fields, or split it, add a measure after it, or delete it."""
    session = access_import_session(request.user, pk)
    action = request.POST.get("action", "save")
    revision = _revision(request)
    prefix = f"measures.{index}."
    corrections = [
        (name, value) for name, value in request.POST.items() if name.startswith(prefix) and name[len(prefix):] in KINDS
    ]
    target, refused = index, []
    try:
        if action != "delete" and corrections:
            refused = services.save_import_corrections(session, corrections, actor=request.user, revision=revision)
            if refused:
                # Shown again as typed, with why at the field and in the summary (no JavaScript needed).
                typed = dict(corrections)
                session.refresh_from_db()
                context = {"session": session, **_review_context(
                    session, _page_of(index), {name: (typed[name], error) for name, error in refused})}
                return render(request, "plans/import_review.html", context, status=400)
        if action in ("split", "add", "delete"):
            at = request.POST.get("split_at", "")
            target = services.change_import_measures(
                session, action, index, actor=request.user, revision=revision, at=int(at) if at.isdigit() else None,
            )
            messages.success(request, {
                "split": _("The measure was split in two: check the new one."),
                "add": _("A measure was added: write its text."),
                "delete": _("The measure was deleted."),
            }[action])
        elif not refused:
            messages.success(request, _("The measure was saved."))
    except PlanError as error:
        messages.error(request, str(error))
    return redirect(_measure_url(session, target))


@login_required
@require_POST
def institutions(request: HttpRequest, pk: int) -> HttpResponse:
    """Which names the registry does not know are institutions (the reviewer ticks them)."""
    session = access_import_session(request.user, pk)
    try:
        kept = services.confirm_import_institutions(session, request.POST.getlist("institution"), actor=request.user)
    except PlanError as error:
        if request.headers.get("x-requested-with") == "fetch":
            return JsonResponse({"ok": False, "error": str(error)}, status=400)
        messages.error(request, str(error))
    else:
        if request.headers.get("x-requested-with") == "fetch":
            return JsonResponse({"ok": True, "institutions": kept})
        messages.success(request, _("The choice of institutions was saved."))
    return redirect(f"{session.get_absolute_url()}#institutions")


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the reviewed plan as a draft: the plan's own fields and the confirmation, never every field."""
    session = access_import_session(request.user, pk)
    if session.status != ImportSession.Status.READY:
        messages.error(request, _("This import is not ready to be published."))
        return redirect(session.get_absolute_url())
    corrections = [(f"plan.{path}", request.POST[f"plan.{path}"]) for path, _l, _k in PLAN_FIELDS
                   if f"plan.{path}" in request.POST]
    if not is_admin(request.user):
        corrections = [c for c in corrections if c[0] != "plan.municipality"]
    try:
        refused = services.save_import_corrections(session, corrections, actor=request.user) if corrections else []
    except PlanError as error:
        messages.error(request, str(error))
        return redirect(session.get_absolute_url())
    for name, error in refused:
        messages.error(request, f"{next(str(label) for p, label, _k in PLAN_FIELDS if f'plan.{p}' == name)}: {error}")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm that you checked the municipality, the title and the period."))
    if refused or not form.is_valid():
        return redirect(f"{session.get_absolute_url()}#publish-form")
    on_duplicate = "new_version" if form.cleaned_data["new_version"] else "error"
    try:
        plan = services.publish_import(session, actor=request.user, on_duplicate=on_duplicate)
    except PlanError as error:  # e.g. PlanAlreadyExists: the message says how to go on
        messages.error(request, str(error))
        return redirect(session.get_absolute_url())
    messages.success(request, _("The plan was stored as a draft. Adopt it when the council has adopted it."))
    return redirect(plan.get_absolute_url())
