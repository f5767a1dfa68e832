"""Importing a plan from its web address: the import form's address field and ``planmonitor import URL``,
the page served on 127.0.0.1 (``tests/builders/web.py``)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from planmonitor.plans.models import ImportSession, Plan
from tests.builders.corpus.generate import Features, random_plan
from tests.builders.corpus.render import Style, layout
from tests.builders.corpus.render_html import plan_page
from tests.builders.web import Page, serve

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
GENERATED = random_plan(31, Features(measures=10))
PLAN = {**GENERATED, "municipality": "Примерна",  # the coordinator's own municipality
        "title": GENERATED["title"].replace(GENERATED["municipality"], "Примерна")}
BLOCKS, TRUTH = layout(PLAN, "per_goal", Style(seed=31))
PLAN_PAGE = plan_page(BLOCKS, PLAN["municipality"], seed=31)
NEWS = b"<!DOCTYPE html><html><body><h1>News</h1><p>The mayor opened a park.</p></body></html>"


@pytest.fixture
def web_import(settings, tmp_path, client, coordinator):
    """Background tasks run at once; the form may fetch from 127.0.0.1 (a test server)."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PLANMONITOR_FETCH_PRIVATE = True
    client.force_login(coordinator)
    return client


@pytest.mark.django_db(transaction=True)
def test_the_web_import_reads_a_plan_from_its_address(web_import):
    with serve({"/planove/plan-2024.html": Page(PLAN_PAGE, "text/html")}) as base:
        response = web_import.post(reverse("plans:import"), {"url": f"{base}/planove/plan-2024.html"})
    session = ImportSession.objects.get()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert session.filename == "plan-2024.html" and session.status == "ready", session.error
    assert [m["text"] for m in session.plan_json["measures"]] == [m["text"] for m in TRUTH["measures"]]


@pytest.mark.django_db(transaction=True)
def test_a_page_that_is_not_a_plan_fails_with_a_clear_reason(web_import):
    with serve({"/news": Page(NEWS, "text/html")}) as base:
        web_import.post(reverse("plans:import"), {"url": f"{base}/news"})
    session = ImportSession.objects.get()
    assert session.status == "failed" and "няма нито една таблица" in session.error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [({"url": ""}, "__all__"), ({"url": "ftp://example.org/plan.docx"}, "url")],
)
def test_the_form_asks_for_a_file_or_an_address(web_import, data, field):
    response = web_import.post(reverse("plans:import"), data)
    assert response.status_code == 200 and list(response.context["form"].errors) == [field]
    assert ImportSession.objects.count() == 0


@pytest.mark.django_db
def test_the_address_is_refused_at_its_field(web_import, settings):
    """Too big, or (by default) in the server's own network: said at once, nothing kept."""
    settings.PLANMONITOR_FETCH_MAX_BYTES = 1000
    with serve({"/big": Page(b"<html>" + b"x" * 5000 + b"</html>", "text/html")}) as base:
        response = web_import.post(reverse("plans:import"), {"url": f"{base}/big"})
        assert "твърде голяма" in response.context["form"].errors["url"][0]  # the page's language: Bulgarian
        settings.PLANMONITOR_FETCH_PRIVATE = False
        response = web_import.post(reverse("plans:import"), {"url": f"{base}/big"})
        assert "вътрешна мрежа" in response.context["form"].errors["url"][0]
    assert ImportSession.objects.count() == 0
    page = web_import.get(reverse("plans:import")).content.decode()
    assert 'name="url"' in page and 'name="file"' in page


@pytest.mark.django_db
def test_import_command_stores_a_plan_from_its_address(capsys):
    with serve({"/plan": Page(PLAN_PAGE, "text/html; charset=windows-1251")}) as base:
        call_command("import", f"{base}/plan", "--district", "Сливен")
        with pytest.raises(CommandError) as refused:
            call_command("import", f"{base}/missing")
    plan = Plan.objects.get()
    assert plan.measures.count() == len(TRUTH["measures"])
    assert refused.value.returncode == 2 and "404" in str(refused.value)
