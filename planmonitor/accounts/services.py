"""Changes to the bodies people belong to: today, bringing the national register into the database."""

from __future__ import annotations

from django.db import transaction

from planmonitor.accounts import registry
from planmonitor.accounts.models import District, Municipality


def load_register(using: str = "default") -> tuple[int, int]:
    """Make sure all 28 districts and 265 municipalities of the national register exist; return (new districts, new municipalities).

    Why: an administrator sets up a new municipality by choosing it, never by typing
    it (a typo would make a second "Мъглиж" that no district coordinator sees).
    Run after every ``migrate`` (``AccountsConfig.ready`` connects it to
    ``post_migrate``), so a new installation has the register and an edited
    ``planmonitor/ingest/data/municipalities.csv`` reaches the database with the next migrate.
    Only adds: a name the register does not know, or a row an administrator
    made, is left alone; a municipality first stored without a district
    (imported before the register was loaded) gets its district when the name
    says it unambiguously. Reference data, not a person's change: no audit entry.
    """
    with transaction.atomic(using=using):
        districts = {d.name: d for d in District.objects.using(using).all()}
        new_districts = [District(name=name) for name in registry.districts() if name not in districts]
        District.objects.using(using).bulk_create(new_districts)
        districts = {d.name: d for d in District.objects.using(using).all()}
        have = set(Municipality.objects.using(using).filter(district__isnull=False).values_list("name", "district__name"))
        homeless = {m.name: m for m in Municipality.objects.using(using).filter(district__isnull=True)}
        new_municipalities = []
        for district_name in registry.districts():
            for name in registry.municipalities(district_name):
                if (name, district_name) in have:
                    continue
                found = homeless.pop(name, None) if registry.district_of(name) else None
                if found is not None:
                    found.district = districts[district_name]
                    found.save(update_fields=["district"])
                    continue
                new_municipalities.append(Municipality(name=name, district=districts[district_name]))
        Municipality.objects.using(using).bulk_create(new_municipalities)
    return len(new_districts), len(new_municipalities)
