"""Pages for reading plans: the list, a plan as it is written, a measure, an institution, search.

Views stay thin: they fetch protected objects through
``planmonitor.plans.permissions.access_*``, read through
``planmonitor.plans.selectors`` and render. Anonymous visitors may use every
page here; they see adopted plans only.
"""

from __future__ import annotations

from dataclasses import astuple

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from planmonitor.ingest import exact_json
from planmonitor.plans import revision, search_selectors, selectors
from planmonitor.plans.permissions import access_measure, access_plan, can_edit_plan, can_import
from planmonitor.plans.plan_json import export_plan
from planmonitor.plans.selectors import MeasureFilters

SEARCH_LIMIT = 200
#: How long a rendered plan tree is kept; a change to the plan changes the key at once.
PLAN_BODY_SECONDS = 600


def to_portal(request: HttpRequest, name: str, *args: int) -> HttpResponse | None:
    """Anonymous visitors read adopted plans on the public portal, not on the staff pages.

    The staff pages show internal things (versions with their source file names,
    filters for the unit's work) and robots.txt keeps crawlers out of them; a
    visitor who follows an old link is sent to the same plan or measure on the portal.
    """
    if request.user.is_authenticated:
        return None
    return redirect(name, *args)


def plan_list(request: HttpRequest) -> HttpResponse:
    """Plans grouped by district and municipality, and the user's imports still under review."""
    if public := to_portal(request, "portal:index"):
        return public
    context = {
        "plans": selectors.plans_for_list(request.user),
        "can_import": can_import(request.user),
        "imports": selectors.recent_imports(request.user) if request.user.is_authenticated else [],
    }
    return render(request, "plans/plan_list.html", context)


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan laid out as it is written, with filters for priority, institution, status, source and year."""
    plan = access_plan(request.user, pk)  # a draft is a 404 for the public, as before
    if public := to_portal(request, "portal:plan", plan.pk):
        return public
    filters = MeasureFilters.from_query(request.GET)
    key = plan_body_cache_key(plan, filters, get_language())
    parts = cache.get(key)
    if parts is None:
        page = selectors.plan_page(plan, filters)
        context = {"page": page, "plan": plan, "filters": filters}
        parts = (
            render_to_string("plans/_plan_header.html", context, request),
            render_to_string("plans/_plan_body.html", context, request),
        )
        cache.set(key, parts, PLAN_BODY_SECONDS)
    header, tree = (mark_safe(part) for part in parts)  # noqa: S308 - rendered by our templates, escaped there
    context = {"plan": plan, "header": header, "tree": tree, "can_edit": can_edit_plan(request.user, plan)}
    return render(request, "plans/plan_detail.html", context)


def plan_body_cache_key(plan, filters: MeasureFilters, language: str | None) -> str:
    """The rendered plan tree is the same for everyone who may read the plan, until the plan changes.

    Keyed on the plan's revision (``plans.revision``), which every change of
    the plan, of its monitoring and of the institutions it names raises: no
    query. The tree holds no per-user content (edit buttons and forms stay
    outside it).
    """
    return revision.cache_key("plans:body", plan, language, *astuple(filters))


def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as plan-json/1, for download (the same as ``planmonitor export``)."""
    plan = access_plan(request.user, pk)
    body = exact_json.dumps(export_plan(plan), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-v{plan.version}.json"'
    return response


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One measure: its place in the plan, who answers for it, when, with what money, measured how."""
    measure = access_measure(request.user, pk)
    if public := to_portal(request, "portal:measure", measure.plan_id, measure.pk):
        return public
    measure = selectors.measure_detail(measure)
    context = {"measure": measure, "plan": measure.plan, "can_edit": can_edit_plan(request.user, measure.plan)}
    return render(request, "plans/measure_detail.html", context)


def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything an institution answers for, across the plans the visitor may read."""
    institution = get_object_or_404(selectors.visible_institutions(request.user).select_related("municipality"), pk=pk)
    measures = selectors.institution_measures(request.user, institution)
    return render(request, "plans/institution_detail.html", {"institution": institution, "measures": measures})


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over measures, indicators and institutions; Bulgarian endings do not hide a hit."""
    query = (request.GET.get("q") or "").strip()
    filters = MeasureFilters.from_query(request.GET)
    measures = list(search_selectors.search_measures(request.user, query, filters)[: SEARCH_LIMIT + 1])
    corrected = None
    if query and not measures:
        # Forgive a misspelling or Latin letters: show what the corrected words find, and say so.
        corrected = search_selectors.did_you_mean(request.user, query)
        if corrected:
            measures = list(search_selectors.search_measures(request.user, corrected, filters)[: SEARCH_LIMIT + 1])
    context = {
        "query": query,
        "corrected": corrected,
        "filters": filters,
        "measures": measures[:SEARCH_LIMIT],
        "more": len(measures) > SEARCH_LIMIT,
        "institutions": search_selectors.search_institutions(query, request.user),
        "choices": search_selectors.search_choices(request.user),
        "searched": bool(query) or filters.active,
    }
    return render(request, "plans/search.html", context)
