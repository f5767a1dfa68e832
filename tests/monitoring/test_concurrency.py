"""Two people saving the same report at the same moment: one wins, the other is told; nothing is lost.

SQLite ignores ``select_for_update()``, so these tests run on PostgreSQL only
(``DATABASE_URL=postgres://...``).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from planmonitor.monitoring import services
from planmonitor.monitoring.models import ProgressReport
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


def test_a_save_waits_for_the_other_and_then_refuses_its_stale_version():
    w = make_world(measures=2)
    measure, period = w.own_measure, w.period
    services.save_report(measure, period, services.ReportInput(done_text="v1"), actor=w.users["reporter"], version=0)
    first_holds_lock, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first():
        with transaction.atomic():
            ProgressReport.objects.select_for_update().get(measure=measure, period=period)
            first_holds_lock.set()
            release.wait(10)
            return services.save_report(measure, period, services.ReportInput(done_text="first"),
                                        actor=w.users["reporter"], version=1)

    def second():
        first_holds_lock.wait(10)
        return services.save_report(measure, period, services.ReportInput(done_text="second"),
                                    actor=w.users["coordinator"], version=1)

    t1 = _in_thread(first, outcome, "first")
    first_holds_lock.wait(10)
    t2 = _in_thread(second, outcome, "second")
    t2.join(0.5)
    assert t2.is_alive()  # the second save waits for the row lock
    release.set()
    t1.join(10)
    t2.join(10)
    assert isinstance(outcome["first"], ProgressReport)
    assert isinstance(outcome["second"], services.ConflictError)
    assert outcome["second"].current_version == 2
    report = ProgressReport.objects.get(measure=measure, period=period)
    assert (report.done_text, report.version) == ("first", 2)


def test_two_first_saves_create_one_report_and_one_conflict():
    w = make_world(measures=2)
    measure, period = w.own_measure, w.period
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def save(text):
        def run():
            barrier.wait(10)
            return services.save_report(measure, period, services.ReportInput(done_text=text),
                                        actor=w.users["reporter"], version=0)
        return run

    threads = [_in_thread(save("a"), outcome, "a"), _in_thread(save("b"), outcome, "b")]
    for t in threads:
        t.join(20)
    kinds = sorted(type(v).__name__ for v in outcome.values())
    assert kinds == ["ConflictError", "ProgressReport"]
    winner = next(v for v in outcome.values() if isinstance(v, ProgressReport))
    assert ProgressReport.objects.get().done_text == winner.done_text
