"""A report whose worker died is marked failed after the time limit; the person sees why and starts it again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from planmonitor.accounts.models import User
from planmonitor.reports.models import GeneratedReport
from tests.reports import factories


@pytest.mark.django_db(transaction=True)
def test_a_report_left_running_fails_after_the_limit_and_can_be_generated_again(client, settings):
    settings.PLANMONITOR_TASK_TIME_LIMIT = 600
    built = factories.full_year()
    coordinator = factories.user("c-stalled", User.Role.COORDINATOR, municipality=built.plan.municipality)
    # What a worker killed at 10 % leaves behind.
    stuck = GeneratedReport.objects.create(plan=built.plan, period=built.period, format="docx", version=1,
                                           status="running", progress=10, unit="Звено")
    client.force_login(coordinator)
    assert client.get(reverse("reports:progress", args=[stuck.pk])).json()["status"] == "running"
    GeneratedReport.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - dt.timedelta(seconds=601))
    progress = client.get(reverse("reports:progress", args=[stuck.pk])).json()
    assert progress["status"] == "failed" and "Фоновият процес спря" in progress["error"]
    page = client.get(reverse("reports:detail", args=[stuck.pk])).content.decode()
    assert "Генериране отново" in page
    again = client.post(reverse("reports:request", args=[built.plan.pk]),
                        {"period": built.period.pk, "format": "docx", "unit": "Звено"})
    fresh = GeneratedReport.objects.get(version=2)
    assert again["Location"] == fresh.get_absolute_url()
    assert fresh.status == "done" and fresh.unit == "Звено"


@pytest.mark.django_db
def test_a_report_within_the_limit_is_left_alone(settings):
    from planmonitor.reports.services import fail_stalled_reports

    settings.PLANMONITOR_TASK_TIME_LIMIT = 600
    built = factories.full_year()
    GeneratedReport.objects.create(plan=built.plan, period=built.period, format="pdf", version=1, status="running")
    assert fail_stalled_reports() == 0
    assert fail_stalled_reports(now=timezone.now() + dt.timedelta(seconds=601)) == 1
    assert GeneratedReport.objects.get().status == "failed"


@pytest.mark.django_db
def test_the_limit_counts_from_when_the_worker_started_not_from_the_request(settings):
    """A report asked for long ago that waited in a long queue is not failed minutes after a worker took it."""
    from planmonitor.reports.services import fail_stalled_reports, set_progress

    settings.PLANMONITOR_TASK_TIME_LIMIT = 600
    built = factories.full_year()
    waited = GeneratedReport.objects.create(plan=built.plan, period=built.period, format="pdf", version=1)
    GeneratedReport.objects.filter(pk=waited.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    set_progress(waited.pk, 10)  # a worker takes it now
    set_progress(waited.pk, 50)  # a later step keeps the start
    started = GeneratedReport.objects.get(pk=waited.pk).started_at
    assert timezone.now() - started < dt.timedelta(seconds=60)
    assert fail_stalled_reports() == 0
    assert fail_stalled_reports(now=started + dt.timedelta(seconds=599)) == 0
    assert fail_stalled_reports(now=started + dt.timedelta(seconds=601)) == 1


@pytest.mark.django_db
def test_queued_work_waits_while_the_queue_moves_and_fails_when_nothing_moves(settings):
    """Queued for longer than the limit: alive workers finishing other tasks mean it is waiting its turn."""
    from django_tasks_db.models import DBTaskResult

    from planmonitor.reports.services import fail_stalled_reports

    settings.PLANMONITOR_TASK_TIME_LIMIT = 600
    built = factories.full_year()
    queued = GeneratedReport.objects.create(plan=built.plan, period=built.period, format="pdf", version=1)
    GeneratedReport.objects.filter(pk=queued.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    other = DBTaskResult.objects.create(
        status="SUCCESSFUL", args_kwargs={"args": [], "kwargs": {}}, task_path="planmonitor.x", backend_name="default",
        run_after=timezone.now(), started_at=timezone.now() - dt.timedelta(seconds=90),
        finished_at=timezone.now() - dt.timedelta(seconds=30),
    )
    assert fail_stalled_reports() == 0
    assert GeneratedReport.objects.get(pk=queued.pk).status == "queued"
    DBTaskResult.objects.filter(pk=other.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=1), finished_at=timezone.now() - dt.timedelta(minutes=50)
    )
    assert fail_stalled_reports() == 1
    assert GeneratedReport.objects.get(pk=queued.pk).status == "failed"
