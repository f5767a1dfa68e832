"""What must come back identical after ``backup`` -> ``restore``: every table's rows, plan exports, uploaded files.

Used by ``tests/reports/test_restore.py`` and ``bench/bench_reliability.py``.
Rows are compared as Django serialises them with natural foreign keys, so a
content type renumbered by ``migrate`` still compares equal when it names the
same model. Sessions and the task queue are not part of a backup.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session", "django_tasks_database.dbtaskresult"}


def snapshot(media_root: Path | None) -> dict[str, Any]:
    """Every table's rows (by primary key), every plan's plan-json export, and a hash of every uploaded file."""
    from django.apps import apps
    from django.core import serializers

    from planmonitor.plans.models import Plan
    from planmonitor.plans.services import export_plan

    tables = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_BACKED_UP or model._meta.proxy or not model._meta.managed:
            continue
        tables[label] = serializers.serialize("python", model._base_manager.order_by("pk"),
                                              use_natural_foreign_keys=True)
    exports = {plan.pk: export_plan(plan) for plan in Plan.objects.order_by("pk")}
    files = {}
    if media_root is not None and Path(media_root).is_dir():
        for path in sorted(Path(media_root).rglob("*")):
            if path.is_file():
                files[path.relative_to(media_root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"tables": tables, "exports": exports, "files": files}


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs, one line per table, plan or file (empty: identical)."""
    found = []
    for kind in ("tables", "exports", "files"):
        for key in sorted(set(before[kind]) | set(after[kind]), key=str):
            if before[kind].get(key) != after[kind].get(key):
                found.append(f"{kind}: {key}")
    return found
