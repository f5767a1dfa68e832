"""Top-level services never run inside another transaction: each is ``transaction.atomic(durable=True)``.

What several services share is a private helper (``amending._amend``,
``importing._import``, ``reports._save_report``, ``reports.services._fail``),
never one public service calling another. These tests call every state-changing
service inside an open transaction and expect Django's refusal; the durable
check runs before the service reads its arguments, so none are needed.

Why this works under pytest-django: its ``db`` fixture wraps each test in
Django's ``TestCase`` atomics, which Django marks (``_from_testcase``) so that
a durable block inside them is allowed; only a block the code opens itself
(as below) makes the nested durable block fail.
"""

from __future__ import annotations

import inspect

import pytest
from django.db import transaction

from planmonitor.monitoring import services as monitoring
from planmonitor.plans import services as plans
from planmonitor.reports import services as reports

#: Public functions of the service packages that change nothing, or that open one
#: durable transaction per item of a batch (so they themselves may run anywhere), and why.
NOT_TOP_LEVEL = {
    plans: {
        "export_plan", "measure_json", "empty_measure_json",  # reads (plans.plan_json)
        "measure_fingerprint", "validate_plan_json", "foreign_municipality_error", "names_other_municipality",
        "fail_stalled_imports", "delete_abandoned_imports",  # batches: one durable transaction per import
    },
    monitoring: {
        "parse_number", "measure_status_from_text", "allowed_currencies", "yearly_period",  # no database
        "check_evidence_file",  # looks at an upload only
        "send_reminders",  # batch: one durable transaction per reminder
    },
    reports: {
        "set_progress",  # one UPDATE on its own, so the polling page sees it at once
        "fail_stalled_reports",  # batch: one durable transaction per report
    },
}


def _public_functions(module) -> dict[str, object]:
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    found = {}
    for name in names:
        value = getattr(module, name)
        if inspect.isfunction(value) and value.__module__.startswith(module.__name__.rsplit(".", 1)[0]):
            found[name] = value
    return found


def _top_level_services() -> list[tuple[str, object]]:
    return [
        (f"{module.__name__}.{name}", function)
        for module, exempt in NOT_TOP_LEVEL.items()
        for name, function in sorted(_public_functions(module).items())
        if name not in exempt
    ]


def test_the_list_covers_the_services_of_every_app():
    names = {name.rsplit(".", 1)[1] for name, _function in _top_level_services()}
    assert {"import_plan", "amend_plan", "amend_measure", "publish_import", "create_plan", "set_plan_status",
            "save_report", "save_reports", "submit_report", "approve_report", "open_period", "add_evidence",
            "request_report", "finish_report", "fail_report", "begin_reading", "finish_reading"} <= names
    for module, exempt in NOT_TOP_LEVEL.items():
        assert exempt <= set(_public_functions(module)), "an exemption names no public function"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "service"), _top_level_services(), ids=lambda v: v if isinstance(v, str) else "")
def test_a_service_called_inside_another_transaction_is_refused(name, service):
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        service()  # refused on entry, before the arguments are bound


@pytest.mark.django_db
def test_a_service_runs_on_its_own_and_a_repeated_import_amends_without_nesting():
    plan_json = {
        "format": "plan-json/1", "title": "План", "municipality": "Котел", "period": {"start": 2024, "end": 2027},
        "priorities": [{"name": "Образование", "goals": []}],
        "measures": [{"code": "1", "text": "Мярка", "priority": "Образование"}],
    }
    plan = plans.import_plan(plan_json, actor=None)
    plan_json["measures"][0]["text"] = "Мярка, преработена"
    again = plans.import_plan(plan_json, actor=None, on_duplicate="new_version")  # was import -> amend_plan
    assert again.pk == plan.pk
    assert [v.number for v in plan.versions.order_by("number")] == [1, 2]
