"""Public portal pages: thin views over ``portal.selectors``; nothing unapproved or internal."""

from __future__ import annotations

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from planmonitor.plans import revision
from planmonitor.plans.models import PUBLIC_PLAN_STATUSES
from planmonitor.portal import opendata, pagecache, selectors
from planmonitor.reports.models import GeneratedReport
from planmonitor.reports.render import CONTENT_TYPES
from planmonitor.reports.selectors import latest_public_reports


def index(request: HttpRequest) -> HttpResponse:
    """Adopted plans grouped by district and municipality; anonymous visitors get it from the page cache."""
    key = pagecache.page_key(request, revision.state_key("portal:index", selectors.index_state()))
    return pagecache.cached_page(
        request, key,
        lambda extra: render(request, "portal/index.html", {"districts": selectors.plans_by_district(), **extra}),
    )


def search(request: HttpRequest) -> HttpResponse:
    """Search measures of adopted plans (the public never sees drafts)."""
    query = request.GET.get("q", "").strip()
    results = selectors.search_measures(query) if query else []
    corrected = None
    if query and not results:
        corrected = selectors.did_you_mean(query)  # a misspelling or Latin letters: show what was meant
        if corrected:
            results = selectors.search_measures(corrected)
    return render(request, "portal/search.html", {"query": query, "results": results, "corrected": corrected})


def _revision_or_404(plan_id: int) -> int:
    found = selectors.public_revision(plan_id)
    if found is None:
        raise Http404
    return found


def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A public plan: its measures with approved status and indicator values for one period.

    Anonymous visitors get the rendered page from the cache while the plan's
    revision holds (``pagecache``): one query.
    """
    plan_revision = _revision_or_404(plan_id)
    key = pagecache.page_key(
        request, revision.revision_key("portal:plan", plan_id, plan_revision), allowed_parameters=("period",)
    )

    def render_page(extra: dict) -> HttpResponse:
        the_plan = selectors.public_plan(plan_id)
        periods = selectors.public_periods(the_plan)
        period = selectors.default_period(the_plan, periods)
        wanted = request.GET.get("period")
        if wanted:
            period = next((p for p in periods if str(p.pk) == wanted), None)
            if period is None:
                raise Http404
        report = selectors.period_reports(the_plan, [period], plan_revision)[0] if period is not None else None
        # Before its first reporting period a plan still has its measures to show, as adopted.
        adopted = selectors.adopted_measures(the_plan) if period is None else []
        canonical = reverse("portal:plan", args=[the_plan.pk]) + (f"?period={period.pk}" if wanted else "")
        return render(request, "portal/plan.html", {
            "plan": the_plan,
            "periods": periods,
            "period": period,
            "report": report,
            "adopted": adopted,
            "reports": latest_public_reports(the_plan),
            "urls": opendata.plan_urls(the_plan, ""),
            "canonical": request.build_absolute_uri(canonical),
            "revision": plan_revision,
            "cache_seconds": selectors.CACHE_SECONDS,
            **extra,
        })

    return pagecache.cached_page(request, key, render_page)


def measure(request: HttpRequest, plan_id: int, measure_id: int) -> HttpResponse:
    """One measure of a public plan: what the plan says of it and its approved history, period by period.

    A measure of a draft plan, or of another plan than the one in the
    address, does not exist here (404).
    """
    plan_revision = _revision_or_404(plan_id)
    key = pagecache.page_key(request, revision.revision_key("portal:measure", plan_id, plan_revision, measure_id))

    def render_page(extra: dict) -> HttpResponse:
        the_plan = selectors.public_plan(plan_id)
        the_measure = selectors.public_measure(the_plan, measure_id)
        history = selectors.measure_history(the_plan, the_measure, plan_revision)
        return render(request, "portal/measure.html", {
            "plan": the_plan,
            "measure": the_measure,
            "history": history,
            "urls": opendata.plan_urls(the_plan, ""),
            "canonical": request.build_absolute_uri(reverse("portal:measure", args=[the_plan.pk, the_measure.pk])),
            **extra,
        })

    return pagecache.cached_page(request, key, render_page)


def report_download(request: HttpRequest, generated_id: int) -> FileResponse:
    """A final yearly report of a public plan; drafts and failed versions do not exist here."""
    try:
        generated = GeneratedReport.objects.select_related("period", "plan").get(
            pk=generated_id, status=GeneratedReport.Status.DONE, is_final=True,
            plan__status__in=PUBLIC_PLAN_STATUSES,
        )
    except GeneratedReport.DoesNotExist:
        raise Http404 from None
    if not generated.file:
        raise Http404
    return FileResponse(generated.file.open("rb"), as_attachment=True, filename=generated.filename(),
                        content_type=CONTENT_TYPES[generated.format])


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def open_data(request: HttpRequest) -> HttpResponse:
    """The open data page: what is published, where, under which licence."""
    plans = list(selectors.public_plans().order_by("municipality__name", "-period_start"))
    return render(request, "portal/open_data.html", {
        "plans": [(p, opendata.plan_urls(p, "")) for p in plans], "license": opendata.LICENSE,
    })


@cache_control(max_age=300, public=True)
def open_data_file(request: HttpRequest, plan_id: int, name: str) -> HttpResponse:
    """One file of a plan's open data, at its stable address: the same bytes as in the archive of everything."""
    the_plan = selectors.public_plan(plan_id)
    base = _base_url(request)
    if name == "datapackage.zip":
        files = opendata.plan_files([the_plan], base, opendata.PACKAGE_FILES)[0]
        response = HttpResponse(opendata.zipped(files), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{opendata.slug(the_plan)}.zip"'
        return response
    if name not in opendata.FILES:
        raise Http404
    content = opendata.plan_files([the_plan], base, [name])[0][name]
    return HttpResponse(content, content_type=opendata.CONTENT_TYPES[name])


@cache_control(max_age=300, public=True)
def catalogue(request: HttpRequest) -> HttpResponse:
    return HttpResponse(opendata.json_file(opendata.catalogue_jsonld(_base_url(request))),
                        content_type="application/ld+json; charset=utf-8")


@cache_control(max_age=300, public=True)
def bulk(request: HttpRequest) -> HttpResponse:
    """Every public plan's open data in one archive, kept in the cache while no public plan changes.

    The archive is built in a fixed number of queries, but it is the biggest
    thing the portal makes; under the public plans' aggregate revision
    (``plans.revision.plans_key``, one query) a repeated download is a cache
    read, and any change of a public plan, its progress or the names it
    prints makes the next download build a fresh one.
    """
    base = _base_url(request)
    key = revision.plans_key("portal:bulk", selectors.public_plans(), base)
    content = cache.get(key)
    if content is None:
        content = opendata.bulk_zip(base)
        cache.set(key, content, selectors.CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="planmonitor-open-data.zip"'
    return response


def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public page, so search engines find each plan and each of its measures."""
    base = _base_url(request)
    urls = [f"{base}/portal/", f"{base}/open-data/"]
    for p in selectors.public_plans().order_by("pk"):
        urls.append(f"{base}{reverse('portal:plan', args=[p.pk])}")
    for plan_id, measure_id in selectors.public_measure_ids():
        urls.append(f"{base}{reverse('portal:measure', args=[plan_id, measure_id])}")
    return render(request, "portal/sitemap.xml", {"urls": urls}, content_type="application/xml")


def robots(request: HttpRequest) -> HttpResponse:
    """Index the portal and open data; keep crawlers out of signed-in areas."""
    lines = [
        "User-agent: *",
        "Disallow: /accounts/", "Disallow: /admin/", "Disallow: /plans/", "Disallow: /monitoring/",
        "Disallow: /reports/",
        "Allow: /portal/", "Allow: /open-data/",
        f"Sitemap: {_base_url(request)}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

