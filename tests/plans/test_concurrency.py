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
