"""Storing a new plan: from plan-json (the importer, the command line, a published review) or typed in by hand."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from planmonitor.accounts import registry
from planmonitor.accounts.models import District, Municipality
from planmonitor.core import audit
from planmonitor.core.actors import Actor, user_or_none
from planmonitor.plans.models import (
    Plan,
    PlanVersion,
)
from planmonitor.plans.plan_json import export_plan
from planmonitor.plans.revision import bump
from planmonitor.plans.services.amending import _amend
from planmonitor.plans.services.errors import (
    PlanAlreadyExists,
    PlanStatusError,
)
from planmonitor.plans.services.sync import apply_plan_json, plan_period, validate_plan_json

ON_DUPLICATE = ("error", "new_version")
#: What an import may store a plan as: a closed or withdrawn plan is never imported (issue 11).
IMPORT_STATUSES = (Plan.Status.DRAFT, Plan.Status.ADOPTED)


@transaction.atomic(durable=True)
def import_plan(
    plan_json: dict,
    *,
    actor: Actor,
    municipality: Municipality | None = None,
    district_name: str | None = None,
    source_file: str = "",
    status: str = Plan.Status.DRAFT,
    on_duplicate: str = "error",
    new_institutions: Sequence[str] = (),
) -> Plan:
    """Store a plan-json plan, all or nothing, and return it.

    The municipality (and its district) is found by name or created. A plan
    with the same municipality, title and period is never silently
    duplicated: it raises ``PlanAlreadyExists``, or with
    ``on_duplicate="new_version"`` the new text is applied as an amendment of
    the existing plan. ``new_institutions`` are names the person confirmed as
    institutions: they become rows of the plan's municipality first, in the
    same transaction.
    """
    return _import(
        plan_json, actor=actor, municipality=municipality, district_name=district_name, source_file=source_file,
        status=status, on_duplicate=on_duplicate, new_institutions=new_institutions,
    )


def _import(
    plan_json: dict,
    *,
    actor: Actor,
    municipality: Municipality | None,
    district_name: str | None,
    source_file: str,
    status: str,
    on_duplicate: str,
    new_institutions: Sequence[str],
) -> Plan:
    """``import_plan`` inside the caller's transaction (shared with ``review.publish_import``)."""
    from planmonitor.plans.institutions import create_confirmed

    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(f"on_duplicate must be one of {ON_DUPLICATE}")
    if status not in IMPORT_STATUSES:
        raise PlanStatusError(_("A plan is imported as a draft (or, from the command line, as adopted)."))
    validate_plan_json(plan_json)
    if municipality is None:
        municipality = municipality_for(plan_json["municipality"], district_name)
    if new_institutions:
        create_confirmed(list(new_institutions), municipality)
    title = plan_json["title"].strip()
    start, end = plan_period(plan_json)
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
            return _amend(
                existing, plan_json, actor=actor,
                reason=_("Imported again from %(file)s") % {"file": source_file or "plan-json"},
            )
        raise PlanAlreadyExists(existing)
    apply_plan_json(plan, plan_json)
    audit.record(plan, "plan.imported", actor=actor, new=source_file or "plan-json")
    PlanVersion.objects.create(
        plan=plan, number=1, snapshot=export_plan(plan, with_ids=True), author=user_or_none(actor),
        reason=_("Imported from %(file)s") % {"file": source_file} if source_file else _("Imported"),
    )
    bump(plan.pk)  # a new plan changes its district's and the country's pages
    return plan


@transaction.atomic(durable=True)
def delete_plan(plan: Plan, *, actor: Actor) -> None:
    """Delete a plan with no monitoring history (the back office's "delete"), leaving an audit entry.

    Why a service: the audit trail must say who deleted which plan, and the
    entry outlives the plan (it names the municipality, title and period).
    A plan with progress or generated reports cannot be deleted: those point
    at its periods with ``PROTECT`` and Django raises ``ProtectedError``, so
    nothing is deleted and no entry is written; withdraw such a plan instead.
    """
    plan = Plan.objects.select_for_update().select_related("municipality").get(pk=plan.pk)
    audit.record(plan, "plan.deleted", actor=actor,
                 old=f"{plan.municipality.name}: {plan.title} ({plan.period_start}-{plan.period_end})")
    plan.delete()


@transaction.atomic(durable=True)
def create_plan(
    *,
    actor: Actor,
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
        plan=plan, number=1, snapshot=export_plan(plan, with_ids=True), author=user_or_none(actor),
        reason=_("Created in the administration"),
    )
    bump(plan.pk)
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



def municipality_for(name: str, district_name: str | None) -> Municipality:
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
