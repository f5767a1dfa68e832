"""The back office: every model has a working list, and a status change goes through the service."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from planmonitor.core.models import AuditEntry
from planmonitor.plans import services
from planmonitor.plans.models import Plan


@pytest.fixture
def superuser(db):
    from planmonitor.accounts.models import User

    return User.objects.create_superuser("root", "root@example.org", "pw-root-123", role="admin")


@pytest.mark.django_db
def test_every_accounts_and_plans_model_has_a_list_page(client, superuser, small_plan_json):
    services.import_plan(small_plan_json, actor=superuser)
    client.force_login(superuser)
    models = [m for m in admin.site._registry if m._meta.app_label in ("accounts", "plans")]
    assert {m.__name__ for m in models} >= {
        "District", "Municipality", "Institution", "User", "Plan", "PlanVersion", "Priority", "Goal", "Task",
        "Measure", "Funding", "Indicator", "ImportSession",
    }
    for model in models:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url, {"q": "план"}).status_code == 200, url


@pytest.mark.django_db
def test_status_change_in_the_admin_goes_through_the_service(client, superuser, small_plan_json):
    """Adopting in the admin is audited; a move the table forbids is refused with a message."""
    plan = services.import_plan(small_plan_json, actor=superuser)
    client.force_login(superuser)
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    data = {
        "status": "adopted", "decision": "Решение № 7",
        "priorities-TOTAL_FORMS": "0", "priorities-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert (plan.status, plan.decision) == ("adopted", "Решение № 7")
    assert AuditEntry.objects.filter(action="plan.status", object_id=plan.pk, new_value="adopted").count() == 1
    client.post(url, {**data, "status": "draft"})
    assert Plan.objects.get(pk=plan.pk).status == "adopted"


def test_a_new_decision_alone_in_the_admin_goes_through_the_service(client, superuser, small_plan_json):
    """Changing only the council decision is audited by ``record_plan_decision``, the status stays."""
    plan = services.import_plan(small_plan_json, actor=superuser)
    client.force_login(superuser)
    data = {
        "status": "draft", "decision": "Решение № 12 от 3.12.2026",
        "priorities-TOTAL_FORMS": "0", "priorities-INITIAL_FORMS": "0",
        "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:plans_plan_change", args=[plan.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert (plan.status, plan.decision) == ("draft", "Решение № 12 от 3.12.2026")
    entry = AuditEntry.objects.get(action="plan.decision", object_id=plan.pk)
    assert (entry.actor, entry.old_value, entry.new_value) == (superuser, "", "Решение № 12 от 3.12.2026")


@pytest.mark.django_db
def test_plan_content_cannot_be_deleted_in_the_admin(client, superuser, small_plan_json):
    """Measures, priorities, goals, tasks, money, indicators and versions change only by amendment.

    Deleting a priority here took its measures along, and deleting a version
    lost history, with no version and no audit entry; the plan itself still
    has its delete page (a plan with history refuses it, see the reports tests).
    """
    plan = services.import_plan(small_plan_json, actor=superuser)
    client.force_login(superuser)
    measure = plan.measures.first()
    rows = {
        "measure": measure, "priority": measure.priority, "planversion": plan.versions.first(),
        "indicator": measure.indicators.first(), "funding": measure.fundings.first(),
    }
    assert None not in (rows["measure"], rows["priority"], rows["planversion"])
    for name, row in rows.items():
        if row is None:
            continue
        assert client.get(reverse(f"admin:plans_{name}_delete", args=[row.pk])).status_code == 403, name
        assert client.post(reverse(f"admin:plans_{name}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
        assert type(row).objects.filter(pk=row.pk).exists(), name
    assert client.get(reverse("admin:plans_plan_delete", args=[plan.pk])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_deleting_a_plan_in_the_admin_leaves_an_audit_entry(client, superuser, small_plan_json):
    """The delete page and the list's "delete selected" both go through ``delete_plan``: the plan is
    gone, and the trail says who deleted which plan (before, nothing recorded it)."""
    first = services.import_plan(small_plan_json, actor=superuser)
    second = services.import_plan({**small_plan_json, "title": "Втори план"}, actor=superuser)
    client.force_login(superuser)
    response = client.post(reverse("admin:plans_plan_delete", args=[first.pk]), {"post": "yes"})
    assert response.status_code == 302
    response = client.post(reverse("admin:plans_plan_changelist"),
                           {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"})
    assert response.status_code == 302
    assert not Plan.objects.filter(pk__in=[first.pk, second.pk]).exists()
    entries = AuditEntry.objects.filter(action="plan.deleted").order_by("pk")
    assert [(e.object_id, e.actor) for e in entries] == [(first.pk, superuser), (second.pk, superuser)]
    assert "Втори план" in entries[1].old_value
