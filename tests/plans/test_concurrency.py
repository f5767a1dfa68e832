"""Two people amending the same plan at once: neither edit is lost (PostgreSQL, row locks).

The threads are made to overlap for certain (``tests.concurrency.Rendezvous``):
each is held inside its transaction, after reading the plan, until the other
is there too or waits for the plan's lock. Without the lock both would read
the same old plan and the second save would revert the first; these tests
then fail.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from planmonitor.plans import services
from planmonitor.plans.models import Measure
from planmonitor.plans.services import amending
from tests.concurrency import Rendezvous

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


@pytest.fixture
def meeting(monkeypatch) -> Rendezvous:
    """Hold each amendment after it has read the plan, inside its transaction."""
    rendezvous = Rendezvous()
    read_measure = amending._current_item

    def held(plan_json, measure):
        rendezvous.wait()
        return read_measure(plan_json, measure)

    monkeypatch.setattr(amending, "_current_item", held)
    return rendezvous


def _run(jobs) -> dict[str, object]:
    outcome: dict[str, object] = {}

    def run(name, job):
        try:
            outcome[name] = job()
        except BaseException as error:  # noqa: BLE001 - inspected by the test
            outcome[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    return outcome


def test_concurrent_amendments_of_two_measures_both_become_versions(small_plan_json, admin_user, meeting):
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    first = Measure.objects.get(plan=plan, code="1.1.1")
    second = Measure.objects.get(plan=plan, code="1.1.2")

    def amend(measure: Measure, text: str):
        def job():
            meeting.register()
            return services.amend_measure(measure, {"text": text}, actor=admin_user, reason=text)
        return job

    outcome = _run({"first": amend(first, "Първа промяна"), "second": amend(second, "Втора промяна")})
    assert [type(v).__name__ for v in outcome.values()] == ["Plan", "Plan"], outcome
    assert meeting.outcomes == ["blocked", "together"]  # the second waited for the first's lock
    plan.refresh_from_db()
    assert plan.version == 3
    assert sorted(plan.versions.values_list("number", flat=True)) == [1, 2, 3]
    texts = set(plan.measures.values_list("text", flat=True))
    assert {"Първа промяна", "Втора промяна"} <= texts


def test_two_people_saving_the_same_measure_one_is_told_nothing_was_overwritten(small_plan_json, admin_user, meeting):
    """Both opened the edit form at the same version; the second save must not revert the first (issue 11.2)."""
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    measure = Measure.objects.get(plan=plan, code="1.1.1")
    loaded = services.measure_fingerprint(services.measure_json(measure))

    def amend(text: str):
        def job():
            meeting.register()
            return services.amend_measure(measure, {"text": text, "responsible": text}, actor=admin_user,
                                          reason=text, loaded=loaded)
        return job

    outcome = _run({"a": amend("Текст на Ана"), "b": amend("Текст на Борис")})
    kinds = sorted(type(v).__name__ for v in outcome.values())
    assert kinds == ["MeasureConflict", "Plan"], outcome
    winner = next(name for name, value in outcome.items() if not isinstance(value, Exception))
    measure.refresh_from_db()
    assert measure.text == {"a": "Текст на Ана", "b": "Текст на Борис"}[winner]
    plan.refresh_from_db()
    assert plan.version == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_imports_of_one_plan_store_it_once(small_plan_json, admin_user, monkeypatch):
    """Issue 11: four parallel imports of one file gave four plans. The threads meet at a barrier after the
    "is it already stored?" check, so all of them pass it; the database constraint lets one insert win and
    the others get the usual "already stored" message."""
    if connection.vendor != "postgresql":
        pytest.skip("parallel transactions are only meaningful on PostgreSQL")
    from planmonitor.accounts.models import District, Municipality
    from planmonitor.plans.models import Plan

    # The municipality exists (as a coordinator's does); only the plan is new.
    district, _created = District.objects.get_or_create(name="Стара Загора")
    Municipality.objects.get_or_create(name="Казанлък", district=district)
    small_plan_json["municipality"] = "Казанлък"
    racers = 4
    gate = threading.Barrier(racers, timeout=30)
    full_clean = Plan.full_clean

    def clean_then_wait(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        gate.wait()

    monkeypatch.setattr(Plan, "full_clean", clean_then_wait)
    outcomes: list[object] = []

    def run() -> None:
        try:
            outcomes.append(services.import_plan(small_plan_json, actor=admin_user))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "an import never finished"
    assert Plan.objects.count() == 1, outcomes
    stored = [o for o in outcomes if isinstance(o, Plan)]
    refused = [o for o in outcomes if isinstance(o, services.PlanAlreadyExists)]
    assert len(stored) == 1 and len(refused) == racers - 1, outcomes
    assert all(error.plan.pk == stored[0].pk for error in refused)
