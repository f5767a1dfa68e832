"""The import review: an uploaded file is read into an ``ImportSession``, corrected, and only then published."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.accounts import registry
from planmonitor.accounts.models import Municipality
from planmonitor.core import audit
from planmonitor.core.actors import Actor
from planmonitor.plans.models import (
    ImportSession,
    Plan,
)
from planmonitor.plans.services.errors import (
    ImportChanged,
    PlanError,
)
from planmonitor.plans.services.importing import _import, municipality_for
from planmonitor.plans.services.sync import validate_plan_json


@transaction.atomic(durable=True)
def start_import(uploaded_file: Any, *, actor: Actor, municipality: Municipality | None = None) -> ImportSession:
    """Keep an uploaded file and queue it for reading; the page then follows its progress."""
    from planmonitor.plans.tasks import parse_import

    session = ImportSession(
        filename=getattr(uploaded_file, "name", "plan")[:300],
        created_by=actor,
        municipality=municipality or getattr(actor, "municipality", None),
    )
    session.file.save(session.filename, uploaded_file, save=False)
    session.save()
    audit.record(session, "import.uploaded", actor=actor, new=session.filename)
    transaction.on_commit(lambda: parse_import.enqueue(session.pk))
    return session



def _session_for_change(session: ImportSession, revision: int | None) -> ImportSession:
    """The session locked for a change, refusing one made on a page that shows an older list of measures."""
    session = ImportSession.objects.select_for_update().get(pk=session.pk)
    if session.status != ImportSession.Status.READY:
        raise PlanError(_("This import can no longer be changed."))
    if revision is not None and revision != session.revision:
        raise ImportChanged()
    return session


def foreign_municipality_error(named: str, own: Municipality) -> str:
    """The sentence for a plan that names another municipality than the coordinator's own."""
    return _(
        "This is a plan of the municipality %(named)s. You can import only plans of %(own)s; "
        "ask an administrator to import it."
    ) % {"named": named, "own": own.name}


def names_other_municipality(name: str | None, own: Municipality | None) -> bool:
    """Does the plan-json municipality ``name`` name a municipality other than ``own`` (register spellings
    folded: "Община Мъглиж" is "Мъглиж")?"""
    if own is None or not (name or "").strip():
        return False
    return registry.municipality_key(registry.canonical_municipality(name)) != registry.municipality_key(own.name)


@transaction.atomic(durable=True)
def save_import_corrections(
    session: ImportSession, corrections: list[tuple[str, str]], *, actor: Actor, revision: int | None = None
) -> list[tuple[str, str]]:
    """Apply what the reviewer typed to the session's plan-json; return the corrections refused, with why.

    Each correction is ``(field, typed value)`` as ``review.apply_correction``
    takes it. The session is locked and read inside the transaction, so two
    fields saved at the same moment (one request per changed field) both stay.
    ``revision`` is the list of measures the page showed (``ImportSession.revision``).
    A session bound to a municipality (a coordinator's) keeps that municipality.
    """
    from planmonitor.plans.review import CorrectionError, apply_correction

    refused: list[tuple[str, str]] = []
    session = _session_for_change(session, revision)
    plan_json = session.plan_json or {}
    for target, value in corrections:
        if target == "plan.municipality" and names_other_municipality(value, session.municipality):
            refused.append((target, foreign_municipality_error(value, session.municipality)))
            continue
        try:
            plan_json = apply_correction(plan_json, target, value)
        except CorrectionError as error:
            refused.append((target, str(error)))
    if len(refused) < len(corrections):
        session.plan_json = plan_json
        session.save(update_fields=["plan_json", "updated_at"])
    return refused


@transaction.atomic(durable=True)
def change_import_measures(
    session: ImportSession, action: str, index: int, *, actor: Actor, revision: int | None = None,
    at: int | None = None,
) -> int:
    """Split a merged measure, add a missing one after it, or delete an extra one, in the session's plan-json.

    ``action`` is "split" (at character ``at`` of the text), "add" or "delete"; warnings move with
    their measures. Returns the index of the measure to show next. Raises ``PlanError`` with why.
    """
    from planmonitor.plans.review import CorrectionError, delete_measure, insert_measure, split_measure

    operations = {
        "split": lambda plan, warnings: split_measure(plan, warnings, index, at),
        "add": lambda plan, warnings: insert_measure(plan, warnings, index),
        "delete": lambda plan, warnings: delete_measure(plan, warnings, index),
    }
    if action not in operations:
        raise PlanError(_("This change cannot be made here."))
    session = _session_for_change(session, revision)
    try:
        plan_json, warnings = operations[action](session.plan_json or {}, list(session.warnings or []))
    except CorrectionError as error:
        raise PlanError(str(error)) from None
    if action == "delete" and not plan_json.get("measures"):
        raise PlanError(_("A plan needs at least one measure."))
    session.plan_json, session.warnings = plan_json, warnings
    session.revision += 1
    session.save(update_fields=["plan_json", "warnings", "revision", "updated_at"])
    audit.record(session, f"import.measure_{action}", actor=actor, field="measures", new=index)
    return index + 1 if action in ("split", "add") else max(index - 1, 0)


@transaction.atomic(durable=True)
def confirm_import_institutions(session: ImportSession, names: list[str], *, actor: Actor) -> list[str]:
    """Keep which unknown names the reviewer confirmed as institutions (created when the plan is published);
    fragments are dropped. Returns the names kept."""
    from planmonitor.plans.institutions import clean_name, is_fragment

    kept = list(dict.fromkeys(clean_name(n) for n in names if clean_name(n) and not is_fragment(n)))
    session = _session_for_change(session, None)
    session.new_institutions = kept
    session.save(update_fields=["new_institutions", "updated_at"])
    return kept


@transaction.atomic(durable=True)
def publish_import(session: ImportSession, *, actor: Actor, on_duplicate: str = "error") -> Plan:
    """Store the reviewed plan of an import session as a draft Plan; only now does anything become a plan.

    A new plan is always a draft ("проект"): adopting it is a separate step
    (``set_plan_status``). A coordinator's session stores the plan under their
    own municipality, and refuses a plan that names another one; an
    administrator's under the municipality the plan names. Names the reviewer
    confirmed as institutions become rows of the plan's municipality first.
    """
    from planmonitor.plans.review import problems

    session = ImportSession.objects.select_for_update().get(pk=session.pk)
    if session.status != ImportSession.Status.READY or not session.plan_json:
        raise PlanError(_("This import is not ready to be published."))
    plan_json = session.plan_json
    if names_other_municipality(plan_json.get("municipality"), session.municipality):
        raise PlanError(foreign_municipality_error(plan_json["municipality"], session.municipality))
    found = problems(plan_json)
    if found:
        raise PlanError(
            _("%(count)s fields must be corrected before publishing (listed at the top of the review).")
            % {"count": len(found)}
        )
    validate_plan_json(plan_json)
    municipality = session.municipality or municipality_for(plan_json["municipality"], None)
    plan = _import(
        plan_json, actor=actor, municipality=municipality, district_name=None, source_file=session.filename,
        status=Plan.Status.DRAFT, on_duplicate=on_duplicate, new_institutions=session.new_institutions or (),
    )
    session.status = ImportSession.Status.PUBLISHED
    session.plan = plan
    session.save(update_fields=["status", "plan", "updated_at"])
    audit.record(session, "import.published", actor=actor, new=plan.pk)
    return plan

