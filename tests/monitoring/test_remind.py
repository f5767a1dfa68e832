"""``planmonitor remind``: reporters with unsubmitted reports get one e-mail per period, never twice."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from planmonitor.accounts.models import User
from planmonitor.monitoring import services
from planmonitor.monitoring.models import ReminderSent
from tests.monitoring.factories import make_user, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = make_world(measures=4)
    today = timezone.localdate()
    for period in (w.period, w.neighbour_period):
        period.deadline = today + timedelta(days=5)
        period.save(update_fields=["deadline"])
    # The school's reporter in the neighbouring municipality answers for that plan's measures.
    make_user("reporter_neighbour", User.Role.REPORTER, municipality=w.neighbour, institution=w.school)
    return w


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("remind", *args, stdout=StringIO())
    return run


def test_reporters_with_missing_reports_are_reminded_once(world, mailoutbox, remind):
    remind("--days", "7")
    assert sorted(m.to[0] for m in mailoutbox) == ["reporter@example.org", "reporter_neighbour@example.org"]
    body = next(m.body for m in mailoutbox if m.to == ["reporter@example.org"])
    assert world.own_measure.text in body
    assert world.other_measure.text not in body  # only the measures of the reporter's institution
    assert ReminderSent.objects.count() == 2
    remind("--days", "7")
    assert len(mailoutbox) == 2  # the same reminder is never sent twice


def test_submitted_reports_need_no_reminder(world, mailoutbox, remind):
    reporter = world.users["reporter"]
    for measure in world.plan.measures.filter(institutions=world.school):
        report = services.save_report(measure, world.period, services.ReportInput(measure_status="done"),
                                      actor=reporter, version=0)
        services.submit_report(report, actor=reporter)
    mailoutbox.clear()
    remind("--days", "7")
    assert [m.to for m in mailoutbox] == [["reporter_neighbour@example.org"]]


def test_deadlines_further_away_wait(world, mailoutbox, remind):
    remind("--days", "3")
    assert mailoutbox == []


def test_closed_periods_are_not_reminded(world, mailoutbox, remind):
    services.close_period(world.period, actor=world.users["coordinator"])
    services.close_period(world.neighbour_period, actor=world.users["coordinator"])
    remind("--days", "7")
    assert mailoutbox == []


def test_reminders_as_a_background_task(world, mailoutbox, settings, django_capture_on_commit_callbacks):
    from planmonitor.monitoring.tasks import send_reminders

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        result = send_reminders.enqueue(days=7)
    assert result.return_value == 2
    assert len(mailoutbox) == 2


@pytest.fixture
def late_world(world):
    """The deadlines passed two days ago; the periods are still open."""
    for period in (world.period, world.neighbour_period):
        period.deadline = timezone.localdate() - timedelta(days=2)
        period.save(update_fields=["deadline"])
    return world


def test_after_the_deadline_each_late_reporter_is_told_once(late_world, mailoutbox, remind):
    remind("--days", "7")
    late = [m for m in mailoutbox if m.to != ["coordinator@example.org"]]
    assert sorted(m.to[0] for m in late) == ["reporter@example.org", "reporter_neighbour@example.org"]
    assert all("закъсн" in m.subject.lower() or "late" in m.subject.lower() for m in late)
    body = next(m.body for m in late if m.to == ["reporter@example.org"])
    assert late_world.own_measure.text in body
    count = len(mailoutbox)
    remind("--days", "7")
    remind("--days", "3")
    assert len(mailoutbox) == count  # never the same reminder twice, whatever --days says


def test_the_coordinator_learns_who_is_late(late_world, mailoutbox, remind):
    remind("--days", "7")
    to_coordinator = [m for m in mailoutbox if m.to == ["coordinator@example.org"]]
    assert len(to_coordinator) == 1
    assert "reporter" in to_coordinator[0].body  # the late reporter is named
    assert ReminderSent.objects.filter(kind=ReminderSent.Kind.LATE_SUMMARY).count() >= 1
    remind("--days", "7")
    assert len([m for m in mailoutbox if m.to == ["coordinator@example.org"]]) == 1


def test_a_reporter_reminded_before_the_deadline_is_also_told_once_it_passes(world, mailoutbox, remind):
    remind("--days", "7")
    before = len(mailoutbox)
    for period in (world.period, world.neighbour_period):
        period.deadline = timezone.localdate() - timedelta(days=1)
        period.save(update_fields=["deadline"])
    remind("--days", "7")
    late_to_reporter = [m for m in mailoutbox[before:] if m.to == ["reporter@example.org"]]
    assert len(late_to_reporter) == 1


def test_nobody_is_told_late_when_everything_is_submitted(late_world, mailoutbox, remind):
    for user, plan_period in (("reporter", late_world.period),):
        reporter = late_world.users[user]
        for measure in late_world.plan.measures.filter(institutions=late_world.school):
            report = services.save_report(measure, plan_period, services.ReportInput(measure_status="done"),
                                          actor=reporter, version=0)
            services.submit_report(report, actor=reporter)
    mailoutbox.clear()
    remind("--days", "7")
    assert "reporter@example.org" not in [m.to[0] for m in mailoutbox]
