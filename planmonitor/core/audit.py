"""Write audit entries from services; never from signals or save()."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from planmonitor.core.actors import SYSTEM, Actor
from planmonitor.core.models import AuditEntry


def record(
    target: models.Model,
    action: str,
    *,
    actor: Actor = SYSTEM,
    field: str = "",
    old: Any = "",
    new: Any = "",
    reason: str = "",
) -> AuditEntry:
    """Record one change of ``target``; call inside the service's transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        object_id=target.pk,
        action=action,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        reason=reason or "",
    )


def history(target: models.Model) -> models.QuerySet[AuditEntry]:
    """All entries for one object, newest first, with the actor fetched."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False), object_id=target.pk
    ).select_related("actor")
