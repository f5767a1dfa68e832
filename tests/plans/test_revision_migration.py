"""The move from ``monitoring.MonitoringRevision`` to ``Plan.revision`` keeps each plan's number, both ways."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("monitoring", "0003_reminder_kind"), ("plans", "0004_plan_withdrawn_unique_import_review")]
AFTER = [("monitoring", "0004_revision_moves_to_plan")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_monitoring_revision_carries_over_to_the_plan_and_back():
    try:
        apps = _migrate(BEFORE)
        District, Municipality = apps.get_model("accounts", "District"), apps.get_model("accounts", "Municipality")
        Plan, Revision = apps.get_model("plans", "Plan"), apps.get_model("monitoring", "MonitoringRevision")
        town = Municipality.objects.create(name="Town", district=District.objects.create(name="District"))
        counted, quiet = (Plan.objects.create(municipality=town, title=t, period_start=2024, period_end=2027)
                          for t in ("counted", "quiet"))
        Revision.objects.create(plan_id=counted.pk, number=41)

        apps = _migrate(AFTER)
        Plan = apps.get_model("plans", "Plan")
        assert dict(Plan.objects.values_list("title", "revision")) == {"counted": 41, "quiet": 0}

        apps = _migrate(BEFORE)
        Revision = apps.get_model("monitoring", "MonitoringRevision")
        assert list(Revision.objects.values_list("plan_id", "number")) == [(counted.pk, 41)]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
