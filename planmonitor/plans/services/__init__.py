"""Every change to a plan goes through here: import, amendment, status, the import review, background jobs.

One module per thing that changes (``importing``, ``amending``, ``status``,
``review``, ``import_jobs``, ``registry``: institutions and places that
plans print); plan-json into tables is ``sync`` (with
``matching``: which stored measure an item is). Each public function is
one atomic transaction, takes the acting user as a keyword-only ``actor``
(``core.actors.Actor``), and writes its audit entry (``core.audit``) in the
same transaction, so views, commands, the admin and tasks all behave the
same way and a failure half-way leaves nothing behind.

How a plan is stored. plan-json (``/docs`` and ``planmonitor.ingest``) is the
one shape plans travel in. ``sync.apply_plan_json`` brings the live tables in
line with a plan-json dict: on import the plan is empty, so everything is
created; on an amendment existing rows are *updated in place*, matched by
their plan coordinates (priority by name, goal and task by code, measure by
priority and code), so progress reports that point at a measure or an
indicator keep pointing at it. Each version of the plan is frozen as a
``PlanVersion`` holding ``plan_json.export_plan()`` of that version (with
measure ids, so a renumbered measure is still recognised); comparing two
snapshots shows what an amendment changed.

Callers keep ``from planmonitor.plans import services`` and
``services.import_plan(...)``: this package re-exports the public functions.
``export_plan``, ``measure_json`` and ``empty_measure_json`` are reads and
live in ``planmonitor.plans.plan_json``; they are re-exported here for the
callers that still import them from services.
"""

from planmonitor.plans.plan_json import PLAN_JSON_FORMAT, empty_measure_json, export_plan, measure_json
from planmonitor.plans.services.amending import (
    add_measure,
    amend_measure,
    amend_plan,
    measure_fingerprint,
    remove_measure,
)
from planmonitor.plans.services.errors import (
    ImportChanged,
    MeasureConflict,
    PlanAlreadyExists,
    PlanError,
    PlanJsonError,
    PlanStatusError,
)
from planmonitor.plans.services.import_jobs import (
    begin_reading,
    delete_abandoned_imports,
    fail_reading,
    fail_stalled_imports,
    finish_reading,
    record_reading_progress,
    retry_import,
)
from planmonitor.plans.services.importing import (
    IMPORT_STATUSES,
    ON_DUPLICATE,
    create_plan,
    delete_plan,
    import_plan,
)
from planmonitor.plans.services.registry import (
    delete_institution,
    save_district,
    save_institution,
    save_municipality,
)
from planmonitor.plans.services.review import (
    change_import_measures,
    confirm_import_institutions,
    foreign_municipality_error,
    names_other_municipality,
    publish_import,
    save_import_corrections,
    start_import,
)
from planmonitor.plans.services.status import (
    STATUS_TRANSITIONS,
    record_plan_decision,
    set_plan_status,
    withdraw_plan,
)
from planmonitor.plans.services.sync import validate_plan_json

__all__ = [
    "IMPORT_STATUSES", "ON_DUPLICATE", "PLAN_JSON_FORMAT", "STATUS_TRANSITIONS",
    "ImportChanged", "MeasureConflict", "PlanAlreadyExists", "PlanError", "PlanJsonError", "PlanStatusError",
    "add_measure", "amend_measure", "amend_plan", "begin_reading", "fail_reading", "finish_reading",
    "record_reading_progress", "change_import_measures", "confirm_import_institutions",
    "create_plan", "delete_plan", "delete_abandoned_imports", "delete_institution", "save_district", "save_institution",
    "save_municipality", "empty_measure_json", "export_plan", "fail_stalled_imports",
    "foreign_municipality_error", "import_plan", "measure_fingerprint", "measure_json", "names_other_municipality",
    "publish_import", "record_plan_decision", "remove_measure", "retry_import", "save_import_corrections", "set_plan_status",
    "start_import", "validate_plan_json", "withdraw_plan",
]
