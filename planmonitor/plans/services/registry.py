"""Changing an institution, a municipality or a district that plans print: saved, and their plans' pages retired.

Plan pages, dashboards, the portal and the consolidated reports print the
names of the institutions responsible for measures and of the plan's
municipality and district, and they are cached under the plan's revision
(``plans.revision``). ``accounts`` sits below ``plans`` and may not know
plans exist, so these changes are made here, in ``plans``: the back office
pages of these models (``plans.admin``) call these services, which save the
row and raise the revision of every plan that shows it, in one transaction.
"""

from __future__ import annotations

from django.db import transaction

from planmonitor.accounts.models import District, Institution, Municipality
from planmonitor.core import audit
from planmonitor.core.actors import Actor
from planmonitor.plans.models import Plan
from planmonitor.plans.revision import bump_plans


def _plans_naming(institution: Institution):
    return Plan.objects.filter(measures__institutions=institution)


def _save(row: Institution | Municipality | District, kind: str, actor: Actor) -> None:
    """Validate and save a named row, and audit it as ``<kind>.added`` or ``<kind>.changed``."""
    adding = row.pk is None
    row.full_clean()
    row.save()
    audit.record(row, f"{kind}.added" if adding else f"{kind}.changed", actor=actor, field="name", new=row.name)


@transaction.atomic(durable=True)
def save_institution(institution: Institution, *, actor: Actor) -> Institution:
    """Store a new or changed institution; every plan with a measure it answers for shows the new name."""
    _save(institution, "institution", actor)
    bump_plans(_plans_naming(institution))
    return institution


@transaction.atomic(durable=True)
def delete_institution(institution: Institution, *, actor: Actor) -> None:
    """Delete an institution (no user may belong to it); the measures it answered for no longer name it."""
    bump_plans(list(_plans_naming(institution).values_list("pk", flat=True)))
    audit.record(institution, "institution.deleted", actor=actor, field="name", old=institution.name)
    institution.delete()


@transaction.atomic(durable=True)
def save_municipality(municipality: Municipality, *, actor: Actor) -> Municipality:
    """Store a new or changed municipality (its name, its district); its plans, and so both districts' pages, change."""
    _save(municipality, "municipality", actor)
    bump_plans(Plan.objects.filter(municipality=municipality))
    return municipality


@transaction.atomic(durable=True)
def save_district(district: District, *, actor: Actor) -> District:
    """Store a new or renamed district; the plans of its municipalities print its name."""
    _save(district, "district", actor)
    bump_plans(Plan.objects.filter(municipality__district=district))
    return district
