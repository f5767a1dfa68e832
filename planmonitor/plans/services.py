"""Every change to a plan goes through here: import, amendment, status, publishing a reviewed import.

Each function is one atomic transaction, takes the acting user as a
keyword-only argument, and writes its audit entry (``planmonitor.core.audit``)
in the same transaction, so views, commands, the admin and tasks all behave the
same way and a failure half-way leaves nothing behind.

How a plan is stored. plan-json (``/docs`` and ``planmonitor.ingest``) is the
one shape plans travel in. ``_apply_plan_json`` brings the live tables in line
with a plan-json dict: on import the plan is empty, so everything is created;
on an amendment existing rows are *updated in place*, matched by their plan
coordinates (priority by name, goal and task by code, measure by priority and
code), so progress reports that point at a measure or an indicator keep
pointing at it. Each version of the plan is frozen as a ``PlanVersion``
holding ``export_plan()`` of that version (with measure ids, so a renumbered
measure is still recognised); comparing two snapshots shows what
an amendment changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.accounts import registry
from planmonitor.accounts.models import District, Municipality
from planmonitor.core import audit
from planmonitor.plans import search
from planmonitor.plans.institutions import InstitutionLinker
from planmonitor.plans.models import (
    Funding,
    Goal,
    ImportSession,
    Indicator,
    Measure,
    Plan,
    PlanVersion,
    Priority,
    Task,
)
from planmonitor.plans.values import indicators_from_cells

PLAN_JSON_FORMAT = "plan-json/1"
ON_DUPLICATE = ("error", "new_version")
#: Allowed status changes: a draft is adopted by the council; an adopted plan closes when its period ends;
#: a plan imported by mistake is withdrawn (``withdraw_plan``), which nothing undoes.
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Plan.Status.DRAFT: (Plan.Status.ADOPTED, Plan.Status.WITHDRAWN),
    Plan.Status.ADOPTED: (Plan.Status.CLOSED, Plan.Status.WITHDRAWN),
    Plan.Status.CLOSED: (),
    Plan.Status.WITHDRAWN: (),
}
#: What an import may store a plan as: a closed or withdrawn plan is never imported (issue 11).
IMPORT_STATUSES = (Plan.Status.DRAFT, Plan.Status.ADOPTED)
CENT = Decimal("0.01")


class PlanError(Exception):
    """A plan change that cannot be made; ``str()`` is a sentence for a person (translated)."""


class PlanJsonError(PlanError):
    """The plan-json given is not a plan we can store (a missing title, period, name...)."""


class PlanAlreadyExists(PlanError):
    """The same municipality already has a plan with this title and period."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        super().__init__(
            _(
                "The municipality %(municipality)s already has the plan “%(title)s” for %(start)s–%(end)s "
                "(number %(id)s). Import it as a new version of that plan, or change the title or period."
            )
            % {
                "municipality": plan.municipality.name,
                "title": plan.title,
                "start": plan.period_start,
                "end": plan.period_end,
                "id": plan.pk,
            }
        )


class PlanStatusError(PlanError):
    """A status change that the transition table does not allow."""


class MeasureConflict(PlanError):
    """Someone else amended the measure after this form was loaded; nothing was overwritten.

    ``current`` is the measure's fingerprint now: a form that sends it back
    is a conscious overwrite (the same rule as progress reports' versions).
    """

    def __init__(self, current: str) -> None:
        self.current = current
        super().__init__(
            _("Someone else changed this measure after you opened it; nothing was overwritten. "
              "Your text is still in the form: compare it with the plan's latest version and save again.")
        )


# --- import --------------------------------------------------------------------------------


def import_plan(
    plan_json: dict,
    *,
    actor: Any,
    municipality: Municipality | None = None,
    district_name: str | None = None,
    source_file: str = "",
    status: str = Plan.Status.DRAFT,
    on_duplicate: str = "error",
) -> Plan:
    """Store a plan-json plan, all or nothing, and return it.

    The municipality (and its district) is found by name or created. A plan
    with the same municipality, title and period is never silently
    duplicated: it raises ``PlanAlreadyExists``, or with
    ``on_duplicate="new_version"`` the new text is applied as an amendment of
    the existing plan.
    """
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(f"on_duplicate must be one of {ON_DUPLICATE}")
    if status not in IMPORT_STATUSES:
        raise PlanStatusError(_("A plan is imported as a draft (or, from the command line, as adopted)."))
    validate_plan_json(plan_json)
    with transaction.atomic():
        if municipality is None:
            municipality = _municipality_for(plan_json["municipality"], district_name)
        title = plan_json["title"].strip()
        start, end = _plan_period(plan_json)
        existing = _same_plan(municipality, title, start, end)
        if existing is None:
            plan = Plan(
                municipality=municipality, title=title, period_start=start, period_end=end,
                status=status, source_file=source_file[:300],
            )
            # Uniqueness is the database's job (plan_unique_title_period): two imports racing past the
            # check above both get here, and the second insert fails instead of making a second plan.
            plan.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    plan.save()
            except IntegrityError:
                existing = _same_plan(municipality, title, start, end)
                if existing is None:
                    raise
        if existing is not None:
            if on_duplicate == "new_version":
                return amend_plan(
                    existing, plan_json, actor=actor,
                    reason=_("Imported again from %(file)s") % {"file": source_file or "plan-json"},
                )
            raise PlanAlreadyExists(existing)
        _apply_plan_json(plan, plan_json)
        audit.record(plan, "plan.imported", actor=actor, new=source_file or "plan-json")
        PlanVersion.objects.create(
            plan=plan, number=1, snapshot=export_plan(plan, with_ids=True), author=_user_or_none(actor),
            reason=_("Imported from %(file)s") % {"file": source_file} if source_file else _("Imported"),
        )
    return plan


def create_plan(
    *,
    actor: Any,
    municipality: Municipality,
    title: str,
    period_start: int,
    period_end: int,
    status: str = Plan.Status.DRAFT,
    decision: str = "",
) -> Plan:
    """Store a new, empty plan typed in by hand (the back office's "add plan"), with version 1 and an audit entry.

    Why: a plan made outside the importer must still have the version history and
    the audit trail every other plan has, and must not duplicate a plan already
    stored. Its measures are then added by amendment on the plan's pages.
    """
    if status not in Plan.Status.values:
        raise ValueError(f"unknown plan status {status!r}")
    with transaction.atomic():
        title = title.strip()
        existing = _same_plan(municipality, title, period_start, period_end)
        if existing is not None:
            raise PlanAlreadyExists(existing)
        plan = Plan(municipality=municipality, title=title, period_start=period_start, period_end=period_end,
                    status=status, decision=decision[:300])
        plan.full_clean()
        plan.save()
        audit.record(plan, "plan.created", actor=actor, new=title)
        PlanVersion.objects.create(
            plan=plan, number=1, snapshot=export_plan(plan, with_ids=True), author=_user_or_none(actor),
            reason=_("Created in the administration"),
        )
    return plan


def _same_plan(municipality: Municipality, title: str, start: int, end: int) -> Plan | None:
    """The stored plan (not withdrawn) with this municipality, title and period, locked, or None."""
    return (
        Plan.objects.select_for_update()
        .select_related("municipality")
        .filter(municipality=municipality, title=title, period_start=start, period_end=end)
        .exclude(status=Plan.Status.WITHDRAWN)
        .first()
    )


def validate_plan_json(plan_json: dict) -> None:
    """Refuse, with a sentence a person understands, a dict that is not a storable plan-json/1 plan."""
    if not isinstance(plan_json, dict):
        raise PlanJsonError(_("The plan is not a JSON object."))
    if plan_json.get("format", PLAN_JSON_FORMAT) != PLAN_JSON_FORMAT:
        raise PlanJsonError(_("Unknown plan format %(format)s.") % {"format": plan_json.get("format")})
    if not (plan_json.get("title") or "").strip():
        raise PlanJsonError(_("The plan has no title."))
    if not (plan_json.get("municipality") or "").strip():
        raise PlanJsonError(_("The plan does not name its municipality."))
    _plan_period(plan_json)
    names = set()
    for priority in plan_json.get("priorities") or []:
        if not (priority.get("name") or "").strip():
            raise PlanJsonError(_("A priority has no name."))
        names.add(priority["name"])
    for number, measure in enumerate(plan_json.get("measures") or [], 1):
        if not (measure.get("text") or "").strip():
            raise PlanJsonError(_("Measure %(n)s has no text.") % {"n": measure.get("code") or number})
        if not (measure.get("priority") or "").strip():
            raise PlanJsonError(_("Measure %(n)s names no priority.") % {"n": measure.get("code") or number})
        period = measure.get("period") or {}
        if period.get("start") and period.get("end") and period["end"] < period["start"]:
            raise PlanJsonError(
                _("Measure %(n)s ends (%(end)s) before it starts (%(start)s).")
                % {"n": measure.get("code") or number, "start": period["start"], "end": period["end"]}
            )


def _plan_period(plan_json: dict) -> tuple[int, int]:
    """The plan's first and last year; a plan without them cannot be followed year by year."""
    period = plan_json.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if not start or not end:
        raise PlanJsonError(_("The plan's period is not known: enter its first and last year."))
    if int(end) < int(start):
        raise PlanJsonError(_("The plan ends (%(end)s) before it starts (%(start)s).") % {"start": start, "end": end})
    return int(start), int(end)


def _municipality_for(name: str, district_name: str | None) -> Municipality:
    """Find the municipality by name (within the district when one is named), creating what is missing.

    Names are those of the national register (``accounts.registry``) when it knows them, so
    "Община Мъглиж" and "Мъглиж" are one municipality; with no district named, the register
    supplies it unless the name is ambiguous ("Бяла") or unknown.
    """
    name = registry.canonical_municipality(name)
    district_name = registry.canonical_district(district_name) if district_name else registry.district_of(name)
    if district_name:
        district, _created = District.objects.get_or_create(name=district_name.strip())
        found = Municipality.objects.filter(name=name, district=district).first()
        if found is None:
            # A municipality first imported without its district gets the district now.
            found = Municipality.objects.filter(name=name, district__isnull=True).first()
            if found is not None:
                found.district = district
                found.save(update_fields=["district"])
        if found is None:
            # get_or_create: parallel imports of a new municipality's plan meet the unique constraint here.
            found, _created = Municipality.objects.get_or_create(name=name, district=district)
        return found
    candidates = Municipality.objects.filter(name=name)
    if len(registry.districts_of(name)) > 1:
        # "Бяла" of Varna and "Бяла" of Ruse are both in the database: never pick one by chance.
        candidates = candidates.filter(district__isnull=True)
    found = candidates.order_by("pk").first()
    return found or Municipality.objects.create(name=name)


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- amendments and status ------------------------------------------------------------------


def amend_plan(plan: Plan, plan_json: dict, *, actor: Any, reason: str) -> Plan:
    """Replace the plan's content with ``plan_json`` as a new version, keeping the earlier one.

    ``reason`` says why (for example the council decision). The version being
    replaced stays frozen as a ``PlanVersion``; rows are updated in place so
    progress reports keep their measures. An amendment that changes nothing
    makes no new version.
    """
    validate_plan_json(plan_json)
    with transaction.atomic():
        plan = _lock(plan)
        if plan.status not in (Plan.Status.DRAFT, Plan.Status.ADOPTED):
            raise PlanStatusError(_("A closed plan cannot be amended."))
        before = export_plan(plan, with_ids=True)
        if not plan.versions.filter(number=plan.version).exists():
            PlanVersion.objects.create(plan=plan, number=plan.version, snapshot=before, reason=_("Before amendment"))
        start, end = _plan_period(plan_json)
        plan.title, plan.period_start, plan.period_end = plan_json["title"].strip(), start, end
        plan.full_clean()
        plan.save(update_fields=["title", "period_start", "period_end", "updated_at"])
        _apply_plan_json(plan, plan_json, retire_as=plan.version + 1)
        after = export_plan(plan, with_ids=True)
        if after == before:
            return plan
        old_version = plan.version
        plan.version = old_version + 1
        plan.save(update_fields=["version", "updated_at"])
        PlanVersion.objects.create(
            plan=plan, number=plan.version, snapshot=after, author=_user_or_none(actor), reason=reason or ""
        )
        audit.record(plan, "plan.amended", actor=actor, field="version", old=old_version, new=plan.version, reason=reason)
    return plan


def measure_fingerprint(measure_json: dict) -> str:
    """A short digest of a plan-json measure: what an edit form was loaded with (its "version").

    Amendments make whole-plan versions, so a measure has no counter of its
    own; its content is the version. Two forms loaded with the same content
    carry the same fingerprint, and the second save finds it changed.
    """
    content = {key: value for key, value in measure_json.items() if key != "id"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


def amend_measure(measure: Measure, fields: dict, *, actor: Any, reason: str, loaded: str | None = None) -> Plan:
    """Change one measure's plan-json fields (``text``, ``responsible``, ``period``...) as an amendment.

    The plan is locked before it is read, so two people amending different
    measures at once both get their change (each becomes a version).
    ``loaded`` is the ``measure_fingerprint`` the edit form was opened with:
    if the measure changed since, ``MeasureConflict`` is raised and nothing
    is written (two people editing the same measure never silently revert
    each other).
    """
    with transaction.atomic():
        plan = _lock(measure.plan)
        plan_json = export_plan(plan, with_ids=True)
        item = _current_item(plan_json, measure)
        if loaded is not None and measure_fingerprint(item) != loaded:
            raise MeasureConflict(measure_fingerprint(item))
        item.update(fields)
        return amend_plan(plan, plan_json, actor=actor, reason=reason)


def _current_item(plan_json: dict, measure: Measure) -> dict:
    """The measure's entry in the plan's current plan-json; a retired or removed measure cannot change."""
    item = next((m for m in plan_json["measures"] if m.get("id") == measure.pk), None)
    if item is None:
        raise PlanError(_("This measure is no longer in the plan (it was removed by an amendment); nothing was changed."))
    return item


def add_measure(plan: Plan, measure_json: dict, *, actor: Any, reason: str) -> Plan:
    """Add a measure (a plan-json measure dict) to the plan as an amendment."""
    with transaction.atomic():
        plan = _lock(plan)
        plan_json = export_plan(plan, with_ids=True)
        plan_json["measures"].append({**empty_measure_json(), **measure_json})
        return amend_plan(plan, plan_json, actor=actor, reason=reason)


def remove_measure(measure: Measure, *, actor: Any, reason: str) -> Plan:
    """Take a measure out of the plan as an amendment; earlier versions still hold it.

    A measure with reports is retired rather than deleted (``_retire_or_delete``).
    """
    with transaction.atomic():
        plan = _lock(measure.plan)
        plan_json = export_plan(plan, with_ids=True)
        _current_item(plan_json, measure)
        plan_json["measures"] = [m for m in plan_json["measures"] if m.get("id") != measure.pk]
        return amend_plan(plan, plan_json, actor=actor, reason=reason)


def _lock(plan: Plan) -> Plan:
    """Lock the plan's row for the rest of the transaction (read-then-write; a no-op on SQLite)."""
    return Plan.objects.select_for_update().select_related("municipality").get(pk=plan.pk)


def set_plan_status(plan: Plan, status: str, *, actor: Any, decision: str = "") -> Plan:
    """Move a plan to ``status`` if the transition table allows it; ``decision`` records the council decision."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        old = plan.status
        if status == old:
            return plan
        if status not in STATUS_TRANSITIONS.get(old, ()):
            raise PlanStatusError(
                _("A plan cannot go from “%(old)s” to “%(new)s”.")
                % {"old": Plan.Status(old).label, "new": Plan.Status(status).label if status in Plan.Status.values else status}
            )
        if status == Plan.Status.WITHDRAWN and not decision.strip():
            raise PlanStatusError(_("Say why the plan is withdrawn."))
        plan.status = status
        fields = ["status", "updated_at"]
        if decision:
            plan.decision = decision[:300]
            fields.append("decision")
        plan.full_clean()
        plan.save(update_fields=fields)
        audit.record(plan, "plan.status", actor=actor, field="status", old=old, new=status, reason=decision)
    return plan


def withdraw_plan(plan: Plan, *, actor: Any, reason: str) -> Plan:
    """Take back a plan imported by mistake (a draft or an adopted plan): it leaves the portal and every list
    but its municipality's, can no longer be changed, and stays in the database and the audit trail with
    ``reason``; the same plan may then be imported again."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in STATUS_TRANSITIONS or Plan.Status.WITHDRAWN not in STATUS_TRANSITIONS[plan.status]:
            raise PlanStatusError(_("Only a draft or an adopted plan can be withdrawn."))
        if not (reason or "").strip():
            raise PlanStatusError(_("Say why the plan is withdrawn."))
        old = plan.status
        plan.status = Plan.Status.WITHDRAWN
        plan.save(update_fields=["status", "updated_at"])
        audit.record(plan, "plan.withdrawn", actor=actor, field="status", old=old, new=plan.status, reason=reason)
    return plan


# --- import review --------------------------------------------------------------------------


def start_import(uploaded_file: Any, *, actor: Any, municipality: Municipality | None = None) -> ImportSession:
    """Keep an uploaded file and queue it for reading; the page then follows its progress."""
    from planmonitor.plans.tasks import parse_import

    with transaction.atomic():
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


class ImportChanged(PlanError):
    """The list of measures changed (in another tab) since the page was shown: nothing was saved."""

    def __init__(self) -> None:
        super().__init__(_("The list of measures changed since this page was shown (in another tab?). "
                           "Reload the page; nothing was saved from this field."))


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


def save_import_corrections(
    session: ImportSession, corrections: list[tuple[str, str]], *, actor: Any, revision: int | None = None
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
    with transaction.atomic():
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


def change_import_measures(
    session: ImportSession, action: str, index: int, *, actor: Any, revision: int | None = None,
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
    with transaction.atomic():
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


def confirm_import_institutions(session: ImportSession, names: list[str], *, actor: Any) -> list[str]:
    """Keep which unknown names the reviewer confirmed as institutions (created when the plan is published);
    fragments are dropped. Returns the names kept."""
    from planmonitor.plans.institutions import clean_name, is_fragment

    kept = list(dict.fromkeys(clean_name(n) for n in names if clean_name(n) and not is_fragment(n)))
    with transaction.atomic():
        session = _session_for_change(session, None)
        session.new_institutions = kept
        session.save(update_fields=["new_institutions", "updated_at"])
    return kept


def publish_import(session: ImportSession, *, actor: Any, on_duplicate: str = "error") -> Plan:
    """Store the reviewed plan of an import session as a draft Plan; only now does anything become a plan.

    A new plan is always a draft ("проект"): adopting it is a separate step
    (``set_plan_status``). A coordinator's session stores the plan under their
    own municipality, and refuses a plan that names another one; an
    administrator's under the municipality the plan names. Names the reviewer
    confirmed as institutions become rows of the plan's municipality first.
    """
    from planmonitor.plans.institutions import create_confirmed
    from planmonitor.plans.review import problems

    with transaction.atomic():
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
        municipality = session.municipality or _municipality_for(plan_json["municipality"], None)
        if session.new_institutions:
            create_confirmed(session.new_institutions, municipality)
        plan = import_plan(
            plan_json, actor=actor, municipality=municipality,
            source_file=session.filename, status=Plan.Status.DRAFT, on_duplicate=on_duplicate,
        )
        session.status = ImportSession.Status.PUBLISHED
        session.plan = plan
        session.save(update_fields=["status", "plan", "updated_at"])
        audit.record(session, "import.published", actor=actor, new=plan.pk)
    return plan


# --- export ---------------------------------------------------------------------------------


def export_plan(plan: Plan, *, with_ids: bool = False) -> dict:
    """The plan as plan-json/1, as it was imported (``with_ids`` adds measure ids for amendments)."""
    from planmonitor.plans.selectors import plan_for_export

    plan = plan_for_export(plan.pk)
    priorities = []
    for priority in plan.priorities.all():
        goals = []
        for goal in priority.goals.all():
            goals.append(
                {
                    "code": goal.code or None,
                    "title": goal.title,
                    "parent": (goal.parent.code or goal.parent.title) if goal.parent_id else None,
                    "tasks": [{"code": t.code or None, "title": t.title} for t in goal.tasks.all()],
                }
            )
        priorities.append(
            {"name": priority.name, "operational_objective": priority.operational_objective or None, "goals": goals}
        )
    measures = []
    for measure in plan.measures.all():
        item = measure_json(measure)
        if with_ids:
            item["id"] = measure.pk
        measures.append(item)
    return {
        "format": PLAN_JSON_FORMAT,
        "title": plan.title,
        "municipality": plan.municipality.name,
        "period": {"start": plan.period_start, "end": plan.period_end},
        "priorities": priorities,
        "measures": measures,
    }


def measure_json(measure: Measure) -> dict:
    """One measure as plan-json (uses prefetched priority, goal, task and fundings)."""
    fundings = list(measure.fundings.all())
    funding = fundings[0] if fundings else None
    return {
        "code": measure.code or None,
        "text": measure.text,
        "priority": measure.priority.name,
        "goal": (measure.goal.code or measure.goal.title) if measure.goal_id else (measure.goal_ref or None),
        "task": (measure.task.code or measure.task.title) if measure.task_id else (measure.task_ref or None),
        "responsible": measure.responsible_raw or None,
        "period": {"raw": measure.period_raw or None, "start": measure.period_start, "end": measure.period_end},
        "status": measure.status_raw or None,
        "funding": {
            "amount_raw": (funding.amount_raw or None) if funding else None,
            "amount": float(funding.amount) if funding and funding.amount is not None else None,
            "currency": (funding.currency or None) if funding else None,
            "source": (funding.source or None) if funding else None,
        },
        "indicators": measure.indicators_raw or None,
        "baseline": measure.baseline_raw or None,
        "target": measure.target_raw or None,
    }


def empty_measure_json() -> dict:
    """A plan-json measure with every field empty (for a measure added by hand)."""
    return {
        "code": None, "text": "", "priority": "", "goal": None, "task": None, "responsible": None,
        "period": {"raw": None, "start": None, "end": None}, "status": None,
        "funding": {"amount_raw": None, "amount": None, "currency": None, "source": None},
        "indicators": None, "baseline": None, "target": None,
    }


# --- bringing the tables in line with plan-json ------------------------------------------------


def _apply_plan_json(plan: Plan, plan_json: dict, *, retire_as: int | None = None) -> None:
    """Create, update and delete rows so the plan's tables say what ``plan_json`` says.

    Rows are matched by their place in the plan (``_match_measures``), never
    deleted and recreated when they still exist, so foreign keys from
    monitoring stay valid. A dropped measure with history is retired in
    version ``retire_as`` instead of deleted.
    """
    linker = InstitutionLinker(plan.municipality)
    old_priorities = {p.name: p for p in plan.priorities.all()}
    old_goals: dict[int, dict[str, Goal]] = defaultdict(dict)
    for goal in Goal.objects.filter(priority__plan=plan):
        old_goals[goal.priority_id][goal.code or goal.title] = goal
    old_tasks: dict[int, dict[str, Task]] = defaultdict(dict)
    for task in Task.objects.filter(goal__priority__plan=plan):
        old_tasks[task.goal_id][task.code or task.title] = task

    priorities: dict[str, Priority] = {}
    goals: dict[tuple[str, str], Goal] = {}
    tasks: dict[tuple[int, str], Task] = {}
    for position, item in enumerate(plan_json.get("priorities") or [], 1):
        priority = old_priorities.pop(item["name"], None) or Priority(plan=plan)
        _set(priority, position=position, name=item["name"], operational_objective=item.get("operational_objective") or "",
             retired_in=None)
        priorities[item["name"]] = priority
        parents: list[tuple[Goal, str]] = []
        for goal_position, goal_item in enumerate(item.get("goals") or [], 1):
            key = goal_item.get("code") or goal_item["title"]
            goal = old_goals[priority.pk].pop(key, None) if priority.pk else None
            goal = goal or Goal(priority=priority)
            _set(goal, priority=priority, position=goal_position, code=goal_item.get("code") or "", title=goal_item["title"])
            goals[(item["name"], key)] = goal
            if goal_item.get("parent"):
                parents.append((goal, goal_item["parent"]))
            elif goal.parent_id:
                _set(goal, parent=None)
            for task_position, task_item in enumerate(goal_item.get("tasks") or [], 1):
                task_key = task_item.get("code") or task_item["title"]
                task = old_tasks[goal.pk].pop(task_key, None) or Task(goal=goal)
                _set(task, goal=goal, position=task_position, code=task_item.get("code") or "", title=task_item["title"])
                tasks[(goal.pk, task_key)] = task
        for goal, parent_key in parents:
            _set(goal, parent=goals.get((item["name"], parent_key)))

    current = list(plan.measures.current().select_related("priority").prefetch_related("fundings", "indicators"))
    retired = list(plan.measures.filter(retired_in__isnull=False).select_related("priority"))
    items = plan_json.get("measures") or []
    matched = _match_measures(items, current, retired)
    kept: set[int] = set()
    for position, (item, measure) in enumerate(zip(items, matched, strict=True), 1):
        name = item["priority"]
        if name not in priorities:
            # A measure naming a priority the list lacks: keep it rather than lose the measure.
            priority = old_priorities.pop(name, None) or Priority(plan=plan)
            _set(priority, position=len(priorities) + 1, name=name, operational_objective=priority.operational_objective,
                 retired_in=None)
            priorities[name] = priority
        if measure is None:
            measure = Measure(plan=plan)
        _store_measure(measure, item, position, priorities[name], goals, tasks, linker)
        kept.add(measure.pk)

    _retire_or_delete([m for m in current if m.pk not in kept], version=retire_as)
    Task.objects.filter(pk__in=[t.pk for group in old_tasks.values() for t in group.values()]).delete()
    Goal.objects.filter(pk__in=[g.pk for group in old_goals.values() for g in group.values()]).delete()
    _retire_or_delete_priorities(list(old_priorities.values()), version=retire_as)


def _normalised(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _match_measures(items: list[dict], current: list[Measure], retired: list[Measure]) -> list[Measure | None]:
    """Which stored measure each plan-json measure is, so that its reports stay attached to it.

    In this order, each stored measure claimed at most once: the id an
    amendment form carries; the same priority, number and text; the same
    text where no other measure has it (a renumbered measure, as
    ``import --new-version`` of a re-edited document gives); the same
    priority and number (a reworded measure); the number alone where it is
    unique on both sides (a renamed priority); finally a retired measure
    with the same number and text comes back with its history. None means
    a new measure, and a stored measure nobody claims is dropped (retired
    if it has history).
    """
    matched: list[Measure | None] = [None] * len(items)
    claimed: set[int] = set()

    def claim(index: int, measure: Measure) -> None:
        matched[index] = measure
        claimed.add(measure.pk)

    by_id = {m.pk: m for m in current}
    for index, item in enumerate(items):
        measure = by_id.get(item.get("id")) if item.get("id") else None
        if measure is not None and measure.pk not in claimed:
            claim(index, measure)

    def first_free(item_key, measure_key, pool: list[Measure]) -> None:
        """Pair each unmatched item with the first free measure of the same key (keys may repeat)."""
        by_key: dict[Any, list[Measure]] = defaultdict(list)
        for measure in pool:
            if measure_key(measure):
                by_key[measure_key(measure)].append(measure)
        for index, item in enumerate(items):
            if matched[index] is None and item_key(item):
                free = [m for m in by_key.get(item_key(item), []) if m.pk not in claimed]
                if free:
                    claim(index, free[0])

    def unique_pairs(item_key, measure_key, pool: list[Measure]) -> None:
        """Pair an unmatched item and a free measure whose key no other item or measure shares."""
        free_items = [i for i, item in enumerate(items) if matched[i] is None and item_key(item)]
        free = [m for m in pool if m.pk not in claimed and measure_key(m)]
        item_count: dict[str, int] = defaultdict(int)
        measure_count: dict[str, int] = defaultdict(int)
        for i in free_items:
            item_count[item_key(items[i])] += 1
        for m in free:
            measure_count[measure_key(m)] += 1
        for i in free_items:
            key = item_key(items[i])
            if item_count[key] == 1 and measure_count[key] == 1:
                claim(i, next(m for m in free if measure_key(m) == key))

    def same(item: dict) -> tuple:
        return (item["priority"], item.get("code") or "", _normalised(item.get("text")))

    first_free(same, lambda m: (m.priority.name, m.code, _normalised(m.text)), current)
    unique_pairs(lambda item: _normalised(item.get("text")), lambda m: _normalised(m.text), current)
    first_free(lambda item: (item["priority"], item["code"]) if item.get("code") else None,
               lambda m: (m.priority.name, m.code) if m.code else None, current)
    unique_pairs(lambda item: item.get("code") or "", lambda m: m.code, current)
    unique_pairs(lambda item: f"{item.get('code') or ''}|{_normalised(item.get('text'))}",
                 lambda m: f"{m.code}|{_normalised(m.text)}", retired)
    return matched


def _retire_or_delete(measures: list[Measure], *, version: int | None) -> None:
    """Delete measures an amendment dropped, except those with history: those are retired.

    History is whatever the other apps keep about a measure behind a PROTECT
    foreign key (progress reports, indicator values, recommendations): the
    delete is tried in a savepoint and refused by the database layer when
    such rows exist, so this module needs to know nothing of monitoring.
    """
    now = timezone.now()
    for measure in measures:
        try:
            with transaction.atomic():
                measure.delete()
        except ProtectedError:
            measure.retired_in, measure.retired_at = version, now
            measure.save(update_fields=["retired_in", "retired_at"])


def _retire_or_delete_priorities(priorities: list[Priority], *, version: int | None) -> None:
    """Priorities the new version drops: kept (retired) while a retired measure still belongs to one."""
    for priority in priorities:
        if priority.pk is None:
            continue
        if priority.measures.exists():
            _set(priority, retired_in=priority.retired_in or version)
        else:
            priority.delete()


def _set(obj: Any, **values: Any) -> None:
    """Assign ``values`` and save only when something changed (new rows are always saved)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if obj.pk is None:
        obj.save()
    elif changed:
        obj.save(update_fields=changed)


def _store_measure(
    measure: Measure,
    item: dict,
    position: int,
    priority: Priority,
    goals: dict[tuple[str, str], Goal],
    tasks: dict[tuple[int, str], Task],
    linker: InstitutionLinker,
) -> None:
    """Write one plan-json measure into ``measure`` with its funding, indicators and institutions."""
    period = item.get("period") or {}
    goal_ref, task_ref = item.get("goal"), item.get("task")
    goal = goals.get((priority.name, goal_ref)) if goal_ref else None
    task = None
    if task_ref:
        if goal is not None:
            task = tasks.get((goal.pk, task_ref))
        if task is None:
            task = next((t for (goal_pk, key), t in tasks.items() if key == task_ref and t.goal.priority_id == priority.pk), None)
    institutions = linker.institutions_for(item.get("responsible") or "")
    values = {
        "priority": priority,
        "goal": goal,
        "task": task,
        "goal_ref": (goal_ref or "") if goal is None else "",
        "task_ref": (task_ref or "") if task is None else "",
        "position": position,
        "code": item.get("code") or "",
        "text": item["text"].strip(),
        "responsible_raw": item.get("responsible") or "",
        "period_raw": period.get("raw") or "",
        "period_start": period.get("start"),
        "period_end": period.get("end"),
        "status_raw": item.get("status") or "",
        "indicators_raw": item.get("indicators") or "",
        "baseline_raw": item.get("baseline") or "",
        "target_raw": item.get("target") or "",
        "retired_in": None,  # a retired measure that comes back is current again, with its history
        "retired_at": None,
    }
    values["search_text"] = search.search_text(
        [values["code"], values["text"], values["indicators_raw"], values["responsible_raw"], values["target_raw"]]
        + [f"{i.abbreviation} {i.name}" for i in institutions]
    )
    is_new = measure.pk is None
    for name, value in values.items():
        setattr(measure, name, value)
    try:
        measure.full_clean(exclude=["plan", "priority", "goal", "task"], validate_unique=False)
    except ValidationError as error:
        raise PlanJsonError(
            _("Measure %(n)s cannot be stored: %(error)s") % {"n": values["code"] or position, "error": "; ".join(error.messages)}
        ) from error
    measure.save()
    _store_funding(measure, item.get("funding") or {}, is_new)
    _store_indicators(measure, item, is_new)
    measure.institutions.set(institutions)


def _store_funding(measure: Measure, funding: dict, is_new: bool) -> None:
    """One Funding row per measure, as plan-json has one funding object; none when it states nothing."""
    amount = funding.get("amount")
    values = {
        "amount_raw": funding.get("amount_raw") or "",
        "amount": Decimal(str(amount)).quantize(CENT, ROUND_HALF_UP) if amount is not None else None,
        "currency": funding.get("currency") or "",
        "source": funding.get("source") or "",
    }
    values["search_text"] = search.search_text([values["source"], values["amount_raw"]])
    if values["amount"] is not None and not values["currency"]:
        raise PlanJsonError(
            _("Measure %(n)s states an amount without a currency.") % {"n": measure.code or measure.position}
        )
    existing = [] if is_new else list(measure.fundings.all())
    if not any(values[name] not in ("", None) for name in ("amount_raw", "amount", "currency", "source")):
        if existing:
            Funding.objects.filter(pk__in=[f.pk for f in existing]).delete()
        return
    if existing:
        _set(existing[0], **values)
        Funding.objects.filter(pk__in=[f.pk for f in existing[1:]]).delete()
    else:
        Funding.objects.create(measure=measure, **values)


def _store_indicators(measure: Measure, item: dict, is_new: bool) -> None:
    """Indicators from the measure's cells, updated in place by position so reported values stay attached."""
    drafts = indicators_from_cells(item.get("indicators"), item.get("baseline"), item.get("target"))
    existing = [] if is_new else list(measure.indicators.all())
    for position, draft in enumerate(drafts, 1):
        values = {
            "position": position, "name": draft.name, "unit": draft.unit[:100],
            "baseline_raw": draft.baseline_raw, "baseline": draft.baseline,
            "target_raw": draft.target_raw, "target": draft.target, "cumulative": draft.cumulative,
        }
        if position <= len(existing):
            _set(existing[position - 1], **values)
        else:
            Indicator.objects.create(measure=measure, **values)
    for dropped in existing[len(drafts):]:
        try:
            with transaction.atomic():
                dropped.delete()
        except ProtectedError:
            # Values were reported against it: dropping it would change approved reports.
            raise PlanJsonError(
                _("Measure %(n)s: the indicator “%(name)s” has reported values, so it cannot be removed. "
                  "Keep it among the measure's indicators (its values stay with it), or remove the whole "
                  "measure, which keeps its history.")
                % {"n": measure.code or measure.position, "name": dropped.name[:100]}
            ) from None


# --- background reading that died, and uploads nobody published ---------------------------------


def fail_stalled_imports(*, now: Any = None) -> int:
    """Mark failed every import still waiting or being read ``PLANMONITOR_TASK_TIME_LIMIT`` seconds after upload.

    Its worker was killed (or none runs): without this the review page would
    show the same percentage for ever. The person sees why and can read the
    file again (:func:`retry_import`). Returns how many were marked.
    """
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone, translation

    cutoff = (now or timezone.now()) - timedelta(seconds=settings.PLANMONITOR_TASK_TIME_LIMIT)
    waiting = (ImportSession.Status.PENDING, ImportSession.Status.PARSING)
    with translation.override("bg"):
        message = _("The background worker stopped before the file was read. Read it again; "
                    "if it happens again, tell the administrator.")
    count = 0
    for pk in list(ImportSession.objects.filter(status__in=waiting, created_at__lt=cutoff).values_list("pk", flat=True)):
        with transaction.atomic():
            session = ImportSession.objects.select_for_update().filter(pk=pk, status__in=waiting).first()
            if session is None:  # finished meanwhile
                continue
            session.status = ImportSession.Status.FAILED
            session.error = message
            session.progress_note = ""
            session.save(update_fields=["status", "error", "progress_note", "updated_at"])
            audit.record(session, "import.stalled", new=message)
            count += 1
    return count


def retry_import(session: ImportSession, *, actor: Any) -> ImportSession:
    """Queue a failed import's kept file for reading again (after a worker died, or a fixed reader)."""
    from django.utils import timezone

    from planmonitor.plans.tasks import parse_import

    with transaction.atomic():
        session = ImportSession.objects.select_for_update().get(pk=session.pk)
        if session.status != ImportSession.Status.FAILED:
            raise PlanError(_("Only an import that failed can be read again."))
        if not session.file or not session.file.storage.exists(session.file.name):
            raise PlanError(_("The uploaded file is no longer kept; upload it again."))
        # The time limit (fail_stalled_imports) counts from here, as for a new upload.
        ImportSession.objects.filter(pk=session.pk).update(
            status=ImportSession.Status.PENDING, progress=0, progress_note="", error="",
            created_at=timezone.now(), updated_at=timezone.now(),
        )
        audit.record(session, "import.retried", actor=actor, new=session.filename)
        transaction.on_commit(lambda: parse_import.enqueue(session.pk))
    session.refresh_from_db()
    return session


def delete_abandoned_imports(*, now: Any = None, actor: Any = None) -> int:
    """Delete uploads never published (failed, or left in review) after ``PLANMONITOR_ABANDONED_IMPORT_DAYS``.

    The session row and its file both go: an upload is a copy of a document
    the municipality keeps; nothing of a published plan depends on it. Files
    in ``imports/`` that no session names (left by a crash between the
    file and the row) go too, once as old. Returns how many uploads were removed.
    """
    import os
    from datetime import timedelta

    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.utils import timezone

    cutoff = (now or timezone.now()) - timedelta(days=settings.PLANMONITOR_ABANDONED_IMPORT_DAYS)
    abandoned = ImportSession.objects.filter(updated_at__lt=cutoff).exclude(status=ImportSession.Status.PUBLISHED)
    count = 0
    for session in list(abandoned):
        name = session.file.name
        with transaction.atomic():
            audit.record(session, "import.deleted", actor=actor, old=session.filename, reason="abandoned")
            session.delete()
        if name and default_storage.exists(name):
            default_storage.delete(name)
        count += 1
    root = os.path.join(settings.MEDIA_ROOT, "imports")
    kept = set(ImportSession.objects.exclude(file="").values_list("file", flat=True))
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            path = os.path.join(folder, filename)
            name = os.path.relpath(path, settings.MEDIA_ROOT).replace(os.sep, "/")
            if name not in kept and os.path.getmtime(path) < cutoff.timestamp():
                os.remove(path)
                count += 1
    return count
