"""Uploads: over-size files are refused before anything is stored; abandoned uploads are deleted;
an import whose worker died is marked failed and can be read again."""

from __future__ import annotations

import datetime as dt
import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from planmonitor.core.uploads import OversizeUpload
from planmonitor.plans.models import ImportSession
from tests.builders.word import build_docx

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_first_upload_handler_hands_on_nothing_past_the_limit(settings):
    """A file over the limit reaches neither memory nor a temporary file: the form gets a stand-in."""
    settings.PLANMONITOR_MAX_UPLOAD_BYTES = 1024 * 1024
    big = SimpleUploadedFile("plan.docx", b"x" * (3 * 1024 * 1024))
    small = SimpleUploadedFile("note.txt", b"a short note")
    request = RequestFactory().post("/plans/import/", {"file": big, "other": small})
    stand_in = request.FILES["file"]
    assert isinstance(stand_in, OversizeUpload)
    assert stand_in.size == 3 * 1024 * 1024 and stand_in.read() == b""
    assert request.FILES["other"].read() == b"a short note"


def test_many_files_under_the_limit_do_not_add_up_past_it(settings):
    """A crafted request of many files, each under the limit, keeps no more than the limit in all."""
    settings.PLANMONITOR_MAX_UPLOAD_BYTES = 1024 * 1024
    parts = {f"file{i}": SimpleUploadedFile(f"part{i}.docx", b"x" * (600 * 1024)) for i in range(3)}
    request = RequestFactory().post("/plans/import/", parts)
    assert request.FILES["file0"].read() == b"x" * (600 * 1024)
    assert all(isinstance(request.FILES[f"file{i}"], OversizeUpload) for i in (1, 2))


@pytest.mark.django_db
def test_an_over_size_plan_is_refused_and_nothing_is_stored(client, coordinator, media, settings):
    settings.PLANMONITOR_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(coordinator)
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile("plan.docx", b"x" * (3 * 1024 * 1024))})
    assert response.status_code == 200
    assert "plan.docx е твърде голям (над 3,0 MB); може да се качат най-много 1,0 MB." in response.content.decode()
    assert not ImportSession.objects.exists()
    assert not media.exists() or not any(media.rglob("*.*"))


def _session(coordinator, *, status: str, age_days: int, name: str) -> ImportSession:
    session = ImportSession(filename=name, created_by=coordinator, status=status)
    session.file.save(name, ContentFile(b"plan text"), save=False)
    session.save()
    old = timezone.now() - dt.timedelta(days=age_days)
    ImportSession.objects.filter(pk=session.pk).update(created_at=old, updated_at=old)
    return session


@pytest.mark.django_db
def test_housekeeping_deletes_abandoned_uploads_only(coordinator, media, settings):
    settings.PLANMONITOR_ABANDONED_IMPORT_DAYS = 30
    failed = _session(coordinator, status="failed", age_days=40, name="failed.docx")
    left = _session(coordinator, status="ready", age_days=40, name="left.docx")
    recent = _session(coordinator, status="failed", age_days=2, name="recent.docx")
    published = _session(coordinator, status="published", age_days=400, name="published.docx")
    orphan = media / "imports" / "2020" / "01" / "orphan.docx"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"left by a crash")
    long_ago = time.time() - 60 * 86400
    os.utime(orphan, (long_ago, long_ago))
    gone = [media / s.file.name for s in (failed, left)]
    out = io.StringIO()
    with translation.override("bg"):  # as the command line has it (LANGUAGE_CODE)
        call_command("housekeeping", stdout=out)
    assert set(ImportSession.objects.values_list("pk", flat=True)) == {recent.pk, published.pk}
    assert not any(path.exists() for path in gone) and not orphan.exists()
    assert (media / recent.file.name).exists() and (media / published.file.name).exists()
    assert "изтрити качени файлове: 3" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_died_fails_and_can_be_read_again(client, coordinator, media, settings,
                                                                 small_plan_json):
    settings.PLANMONITOR_TASK_TIME_LIMIT = 600
    session = ImportSession(filename="plan.docx", created_by=coordinator, status="parsing", progress=30)
    session.file.save("plan.docx", ContentFile(build_docx(small_plan_json)), save=False)
    session.save()
    client.force_login(coordinator)
    assert client.get(reverse("plans:import_progress", args=[session.pk])).json()["status"] == "parsing"
    ImportSession.objects.filter(pk=session.pk).update(created_at=timezone.now() - dt.timedelta(seconds=601))
    progress = client.get(reverse("plans:import_progress", args=[session.pk])).json()
    assert progress["status"] == "failed" and "Фоновият процес спря" in progress["error"]
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Прочитане на файла отново" in page
    settings.TASKS = IMMEDIATE
    client.post(reverse("plans:import_retry", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "ready" and len(session.plan_json["measures"]) == len(small_plan_json["measures"])


@pytest.mark.django_db
def test_an_import_limit_counts_from_the_workers_start_and_a_queue_that_moves_is_waited_for(coordinator, settings,
                                                                                          monkeypatch):
    """Uploaded long ago but started a minute ago: being read, not dead. Queued long ago: dead only when the
    queue has not moved for a whole limit (as for generated reports, ``core.tasks_health``)."""
    from planmonitor.plans.services import import_jobs

    settings.PLANMONITOR_TASK_TIME_LIMIT = 600
    long_ago, now = timezone.now() - dt.timedelta(seconds=3600), timezone.now()
    reading = ImportSession.objects.create(filename="a.docx", created_by=coordinator, status="parsing",
                                           started_at=now - dt.timedelta(seconds=60))
    dead = ImportSession.objects.create(filename="b.docx", created_by=coordinator, status="parsing",
                                        started_at=now - dt.timedelta(seconds=601))
    queued = ImportSession.objects.create(filename="c.docx", created_by=coordinator, status="pending")
    ImportSession.objects.update(created_at=long_ago)
    monkeypatch.setattr("planmonitor.core.tasks_health.queue_is_moving", lambda now=None: True)
    assert import_jobs.fail_stalled_imports() == 1
    assert dict(ImportSession.objects.values_list("pk", "status")) == {
        reading.pk: "parsing", dead.pk: "failed", queued.pk: "pending"}
    monkeypatch.setattr("planmonitor.core.tasks_health.queue_is_moving", lambda now=None: False)
    assert import_jobs.fail_stalled_imports() == 1
    assert ImportSession.objects.get(pk=queued.pk).status == "failed"
    assert ImportSession.objects.get(pk=reading.pk).status == "parsing"
