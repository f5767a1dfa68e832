"""Two people saving the same report at the same moment: one wins, the other is told; nothing is lost.

SQLite ignores ``select_for_update()``, so these tests run on PostgreSQL only
(``DATABASE_URL=postgres://...``). Nothing here depends on how fast threads
start: the tests wait for what PostgreSQL says (a backend waiting for a lock,
``tests.concurrency``), so each fails whenever the lock it checks is missing.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from planmonitor.monitoring import services
from planmonitor.monitoring.models import ProgressReport
from planmonitor.monitoring.services import reports
from planmonitor.plans.revision import lock_plan
from tests.concurrency import TIMEOUT, Rendezvous, backend_pid, wait_until_waiting_for_a_lock
from tests.monitoring.factories import make_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite ignores select_for_update)")


def _in_thread(fn, outcome, name):
    def run():
        try:
            outcome[name] = fn()
        except Exception as error:  # the outcome is inspected by the test
            outcome[name] = error
        finally:
            connections.close_all()
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _finish(*threads: threading.Thread) -> None:
    """Wait for the threads; a thread still running after the timeout fails the test (it would hide a deadlock)."""
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a save never finished"


def test_a_save_waits_for_the_other_and_then_refuses_its_stale_version():
    w = make_world(measures=2)
    measure, period = w.own_measure, w.period
    services.save_report(measure, period, services.ReportInput(done_text="v1"), actor=w.users["reporter"], version=0)
    first_holds_lock, release = threading.Event(), threading.Event()
    second_pid: list[int] = []
    outcome: dict[str, object] = {}

    def first():
        # The service's own body (save_report is durable: it never runs inside another transaction).
        with transaction.atomic():
            lock_plan(measure.plan_id)  # the service's lock order: the plan row, then the report
            ProgressReport.objects.select_for_update().get(measure=measure, period=period)
            first_holds_lock.set()
            assert release.wait(30), "the test never let the first save go on"
            return reports._save_report(measure, period, services.ReportInput(done_text="first"),
                                        actor=w.users["reporter"], version=1)

    def second():
        second_pid.append(backend_pid())  # started only once the first holds the lock (asserted below)
        return services.save_report(measure, period, services.ReportInput(done_text="second"),
                                    actor=w.users["coordinator"], version=1)

    t1 = _in_thread(first, outcome, "first")
    assert first_holds_lock.wait(30)
    t2 = _in_thread(second, outcome, "second")
    while not second_pid:
        assert t2.is_alive(), outcome
        threading.Event().wait(0.01)
    wait_until_waiting_for_a_lock(second_pid[0])  # the second save waits for the row lock
    release.set()
    _finish(t1, t2)
    assert isinstance(outcome["first"], ProgressReport), outcome
    assert isinstance(outcome["second"], services.ConflictError), outcome
    assert outcome["second"].current_version == 2
    report = ProgressReport.objects.get(measure=measure, period=period)
    assert (report.done_text, report.version) == ("first", 2)


def test_two_first_saves_create_one_report_and_one_conflict(monkeypatch):
    """Two first saves of one report: one creates it, the other is told of the conflict.

    The plan row lock (taken first by every report change) makes the second wait before it
    looks for the report, so it finds the first's report at a version it never saw; without
    that lock both would find none and insert, and the unique constraint would make the second
    a conflict (``_save_report`` handles both)."""
    w = make_world(measures=2)
    measure, period = w.own_measure, w.period
    meeting = Rendezvous()
    insert = ProgressReport.save

    def held_insert(self, *args, **kwargs):
        if self.pk is None:
            meeting.wait()  # both have looked for the report (and found none) before either inserts
        return insert(self, *args, **kwargs)

    monkeypatch.setattr(ProgressReport, "save", held_insert)
    outcome: dict[str, object] = {}

    def save(text):
        def run():
            meeting.register()
            return services.save_report(measure, period, services.ReportInput(done_text=text),
                                        actor=w.users["reporter"], version=0)
        return run

    threads = [_in_thread(save("a"), outcome, "a"), _in_thread(save("b"), outcome, "b")]
    _finish(*threads)
    assert meeting.outcomes in (["blocked"], ["together", "together"])
    kinds = sorted(type(v).__name__ for v in outcome.values())
    assert kinds == ["ConflictError", "ProgressReport"], outcome
    winner = next(v for v in outcome.values() if isinstance(v, ProgressReport))
    assert ProgressReport.objects.get().done_text == winner.done_text


@pytest.mark.parametrize("action", ["save", "submit"])
def test_a_report_change_takes_the_plan_lock_before_its_report_row(action):
    """Amendments lock the plan row, then its measures and indicators; a report change must take the
    plan row first too. If it locked its report first and the plan row only at the end (the revision
    bump), an amendment and a report save could each wait for the other: a deadlock. While the plan
    is held, a waiting report change must not hold its report row yet."""
    from django.db import DatabaseError

    from planmonitor.plans.models import Plan

    w = make_world(measures=2)
    measure, period = w.own_measure, w.period
    report = services.save_report(measure, period, services.ReportInput(done_text="v1", measure_status="in_progress"),
                                  actor=w.users["reporter"], version=0)
    holds, release = threading.Event(), threading.Event()
    waiter_pid: list[int] = []
    outcome: dict[str, object] = {}

    def amendment():
        with transaction.atomic():
            Plan.objects.select_for_update().get(pk=measure.plan_id)
            holds.set()
            assert release.wait(30), "the test never let the plan go"

    def change():
        waiter_pid.append(backend_pid())
        if action == "save":
            return services.save_report(measure, period, services.ReportInput(done_text="v2"),
                                        actor=w.users["reporter"], version=report.version)
        return services.submit_report(report, actor=w.users["reporter"], version=report.version)

    t1 = _in_thread(amendment, outcome, "amendment")
    assert holds.wait(30)
    t2 = _in_thread(change, outcome, "change")
    while not waiter_pid:
        assert t2.is_alive(), outcome
        threading.Event().wait(0.01)
    wait_until_waiting_for_a_lock(waiter_pid[0])
    try:
        with transaction.atomic():
            ProgressReport.objects.select_for_update(nowait=True).get(pk=report.pk)
        report_row_free = True
    except DatabaseError:
        report_row_free = False
    finally:
        release.set()
        _finish(t1, t2)
    assert report_row_free, "the report change locked its report before the plan"
    assert isinstance(outcome["change"], ProgressReport), outcome
