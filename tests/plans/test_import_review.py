"""Import review in the browser, through the test client: upload, read, correct, publish."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planmonitor.plans.models import ImportSession, Measure, Plan
from planmonitor.plans.review import CorrectionError, apply_correction, place_warnings

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings, tmp_path):
    """Run background tasks at once (django_tasks re-reads TASKS when the setting changes)."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, name: str, data: bytes):
    return client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db(transaction=True)
def test_upload_read_correct_publish(client, coordinator, shared_dir, immediate_tasks):
    """A seed text plan is read in the background, shown with warnings, corrected, and only then stored."""
    client.force_login(coordinator)
    data = (shared_dir / "seeds" / "002_61ec8140535515d3.txt").read_bytes()
    response = upload(client, "plan.txt", data)
    session = ImportSession.objects.get()
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert (session.status, session.progress) == ("ready", 100)
    assert Plan.objects.count() == 0
    progress = client.get(reverse("plans:import_progress", args=[session.pk])).json()
    assert progress["status"] == "ready"
    page = client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert len(page.context["rows"]) == len(session.plan_json["measures"])
    saved = client.post(
        reverse("plans:import_save", args=[session.pk]), {"field": "measures.0.text", "value": "Поправен текст"}
    )
    assert saved.json() == {"ok": True}
    bad = client.post(reverse("plans:import_save", args=[session.pk]), {"field": "measures.0.period.start", "value": "x"})
    assert bad.status_code == 400
    session.refresh_from_db()
    assert session.plan_json["measures"][0]["text"] == "Поправен текст"
    response = client.post(
        reverse("plans:import_publish", args=[session.pk]),
        {"measures.1.target": "3000 деца", "status": "adopted"},
    )
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    assert plan.status == "adopted" and plan.municipality == coordinator.municipality
    assert plan.measures.order_by("position").first().text == "Поправен текст"
    assert Measure.objects.get(plan=plan, position=2).target_raw == "3000 деца"
    session.refresh_from_db()
    assert (session.status, session.plan) == ("published", plan)


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_file_fails_with_the_readers_message(client, coordinator, immediate_tasks):
    client.force_login(coordinator)
    upload(client, "plan.pdf", b"%PDF-1.4 garbage")
    session = ImportSession.objects.get()
    assert session.status == "failed" and session.error
    assert session.error in client.get(session.get_absolute_url()).content.decode()
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_only_coordinators_upload_and_only_the_uploader_reviews(client, coordinator, municipality):
    """Reporters may not upload; another coordinator cannot open someone's import."""
    from planmonitor.accounts.models import User

    reporter = User.objects.create_user("rep", role="reporter", municipality=municipality)
    client.force_login(reporter)
    assert client.get(reverse("plans:import")).status_code == 403
    session = ImportSession.objects.create(filename="x.txt", created_by=coordinator, status="ready", plan_json={})
    other = User.objects.create_user("other", role="coordinator", municipality=municipality)
    client.force_login(other)
    assert client.get(session.get_absolute_url()).status_code == 404


def test_apply_correction_types_and_refusals(small_plan_json):
    plan = apply_correction(small_plan_json, "measures.2.period.start", "2025")
    assert plan["measures"][2]["period"]["start"] == 2025 and small_plan_json["measures"][2]["period"]["start"] is None
    plan = apply_correction(plan, "measures.0.funding.amount", "1 500,50")
    assert plan["measures"][0]["funding"]["amount"] == 1500.5
    plan = apply_correction(plan, "measures.0.funding.amount", "")
    assert plan["measures"][0]["funding"]["currency"] is None
    assert apply_correction(plan, "plan.title", "Нов")["title"] == "Нов"
    for target, value in [("measures.9.text", "x"), ("measures.0.id", "1"), ("plan.format", "x"), ("measures.0.text", " ")]:
        with pytest.raises(CorrectionError):
            apply_correction(plan, target, value)


def test_warnings_are_placed_at_their_measure(small_plan_json):
    small_plan_json["measures"][2]["code"] = None
    marked = place_warnings(small_plan_json, [
        {"place": "p", "measure": "1.1.2", "field": "funding.amount", "message": "a"},
        {"place": "p", "measure": None, "field": "code", "message": "no number"},
        {"place": "p", "measure": None, "field": None, "message": "general"},
    ])
    assert [(w.measure_index, w.field) for w in marked] == [(1, "funding.amount"), (2, "code"), (None, None)]
    json.dumps([w.__dict__ for w in marked])


@pytest.mark.django_db
def test_a_duplicate_publish_keeps_the_corrections_and_says_why(client, coordinator, small_plan_json):
    """Publishing a plan that is already stored stops with the reason; what was typed stays in the session."""
    from planmonitor.plans import services

    small_plan_json["municipality"] = coordinator.municipality.name
    services.import_plan(small_plan_json, actor=coordinator, municipality=coordinator.municipality)
    session = ImportSession.objects.create(
        filename="x.txt", created_by=coordinator, municipality=coordinator.municipality, status="ready",
        plan_json=small_plan_json, warnings=[],
    )
    client.force_login(coordinator)
    response = client.post(reverse("plans:import_publish", args=[session.pk]), {"measures.0.target": "999 деца"},
                           follow=True)
    assert "already has the plan" in response.content.decode() or "вече има плана" in response.content.decode()
    session.refresh_from_db()
    assert session.status == "ready" and session.plan_json["measures"][0]["target"] == "999 деца"
    client.post(reverse("plans:import_publish", args=[session.pk]), {"new_version": "1"})
    plan = Plan.objects.get()
    assert plan.version == 2 and plan.measures.get(code="1.1.1").target_raw == "999 деца"


@pytest.mark.django_db(transaction=True)
def test_a_file_without_a_plan_table_fails_with_one_clear_line(client, coordinator, immediate_tasks):
    """Issue 15 point 12: a file that gives no measures is refused, not offered as an empty plan."""
    client.force_login(coordinator)
    upload(client, "oferta.txt", "№\tНаименование\tМярка\tКоличество\n1\tХартия\tбр.\t100\n".encode())
    session = ImportSession.objects.get()
    assert session.status == "failed"
    assert "не е намерена таблица с мерки" in session.error
    assert session.error in client.get(session.get_absolute_url()).content.decode()
    assert Plan.objects.count() == 0
