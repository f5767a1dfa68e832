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
