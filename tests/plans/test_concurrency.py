"""Two people amending the same plan at once: neither edit is lost (PostgreSQL, row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from planmonitor.plans import services
from planmonitor.plans.models import Measure


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_amendments_both_become_versions(small_plan_json, admin_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    plan = services.import_plan(small_plan_json, actor=admin_user, status="adopted")
    first = Measure.objects.get(plan=plan, code="1.1.1")
    second = Measure.objects.get(plan=plan, code="1.1.2")
    errors: list[BaseException] = []
    gate = threading.Barrier(2)

    def amend(measure: Measure, text: str) -> None:
        try:
            gate.wait()
            services.amend_measure(measure, {"text": text}, actor=admin_user, reason=text)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=amend, args=(first, "Първа промяна")),
               threading.Thread(target=amend, args=(second, "Втора промяна"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    plan.refresh_from_db()
    assert plan.version == 3
    assert sorted(plan.versions.values_list("number", flat=True)) == [1, 2, 3]
    texts = set(plan.measures.values_list("text", flat=True))
    assert {"Първа промяна", "Втора промяна"} <= texts


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
    Municipality.objects.create(name="Казанлък", district=District.objects.create(name="Стара Загора"))
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
        thread.join()
    assert Plan.objects.count() == 1, outcomes
    stored = [o for o in outcomes if isinstance(o, Plan)]
    refused = [o for o in outcomes if isinstance(o, services.PlanAlreadyExists)]
    assert len(stored) == 1 and len(refused) == racers - 1, outcomes
    assert all(error.plan.pk == stored[0].pk for error in refused)
