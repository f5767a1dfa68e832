"""Linking a measure's "responsible" cell to rows of the institution registry.

The reader (``planmonitor.ingest.institutions``, no Django) knows the
Bulgarian institutions (with the deployment's own CSV,
``PLANMONITOR_INSTITUTIONS``) and splits a cell such as "МОН, РУО, Община,
училища" into the bodies it names. This module turns those matches into
``Institution`` rows. A body the registry knows gets (or finds) its row;
municipal bodies are registered per municipality, national and regional ones
once for the whole deployment.

A piece the registry does not know is never made an institution silently:
the import review lists such names (``unknown_names``) for the reviewer to
confirm, and only confirmed names (rows created by ``services.publish_import``)
or rows that already exist are linked. A fragment of a sentence
("гинекология", "групи", "всички институции") is never an institution.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from planmonitor.accounts.models import Institution, Municipality

#: The reader's registry kinds, as the kinds of our Institution rows.
KINDS = {
    "ministry": Institution.Kind.NATIONAL, "agency": Institution.Kind.NATIONAL,
    "regional": Institution.Kind.REGIONAL, "municipality": Institution.Kind.MUNICIPAL,
    "municipal": Institution.Kind.MUNICIPAL, "school": Institution.Kind.SCHOOL,
    "health": Institution.Kind.HEALTH, "social_service": Institution.Kind.SOCIAL,
    "labour": Institution.Kind.LABOUR, "court": Institution.Kind.POLICE, "police": Institution.Kind.POLICE,
    "culture": Institution.Kind.CULTURE, "ngo": Institution.Kind.NGO, "association": Institution.Kind.NGO,
}
#: Kinds whose bodies belong to one municipality (its administration, its schools, its NGOs).
LOCAL_KINDS = {
    Institution.Kind.MUNICIPAL, Institution.Kind.SCHOOL, Institution.Kind.CULTURE, Institution.Kind.NGO,
    Institution.Kind.OTHER,
}
#: An unrecognised piece longer than this is prose, not the name of a body.
MAX_UNKNOWN_NAME = 80
MAX_UNKNOWN_WORDS = 8
#: Words that open a phrase about bodies rather than the name of one ("Всички институции", "Други партньори").
GENERIC_OPENERS = {
    "всички", "други", "другите", "съответните", "съответни", "заинтересовани", "заинтересованите",
    "компетентни", "компетентните", "отговорни", "отговорните", "партньори", "партньорите", "институции",
    "институциите", "организации", "организациите", "структури", "структурите", "др", "и", "или", "със", "с",
    "при", "към", "от", "на", "за", "по", "в", "във", "чрез", "както",
}
LETTER = re.compile(r"[^\W\d_]")


def is_fragment(name: str) -> bool:
    """Is this piece of a "responsible" cell a fragment rather than the name of a body?

    Bulgarian names of bodies start with a capital letter or a quotation
    mark ("Читалища", "„Дом за деца“"); a piece that starts in lower case is
    the rest of a phrase ("гинекология", "групи"), one that opens with a
    generic word is a description ("Всички институции"), and a long one is prose.
    """
    text = " ".join(name.split()).strip(" .,;:-–—()")
    letters = LETTER.findall(text)
    if len(letters) < 3 or len(text) > MAX_UNKNOWN_NAME or len(text.split()) > MAX_UNKNOWN_WORDS:
        return True
    first = text.lstrip("\"'„“”«»")[:1]
    if not first or (first.isalpha() and first.islower()):
        return True
    return text.split()[0].strip(".,").casefold() in GENERIC_OPENERS


def split_responsible(text: str) -> list[Any]:
    """The pieces of a "responsible" cell, each with the registry institution it names (or None),
    with the deployment's registry."""
    from planmonitor.ingest.institutions import split_responsible as split
    from planmonitor.plans.reading import institution_registry

    return list(split(text, institution_registry()))


def clean_name(text: str) -> str:
    """A piece of a cell as the name of a body: one line, trimmed."""
    return " ".join(text.split()).strip(" .,;:")[:300]


def unknown_names(plan_json: dict, municipality: Municipality | None) -> list[tuple[str, list[int]]]:
    """Names in the plan's "responsible" cells that neither the registry nor the database knows, and that are
    not fragments, with the indices of the measures that name them (first seen first): the review asks
    the reviewer to confirm each."""
    existing = _existing_names(municipality)
    where: dict[str, list[int]] = {}
    spelled: dict[str, Counter] = {}
    for index, measure in enumerate(plan_json.get("measures") or []):
        for match in split_responsible(measure.get("responsible") or ""):
            if match.institution is not None:
                continue
            name = clean_name(match.text)
            if not name or is_fragment(name) or name.casefold() in existing:
                continue
            key = name.casefold()
            spelled.setdefault(key, Counter())[name] += 1
            if index not in where.setdefault(key, []):
                where[key].append(index)
    return [(spelled[key].most_common(1)[0][0], indices) for key, indices in where.items()]


def _existing_names(municipality: Municipality | None) -> set[str]:
    rows = Institution.objects.filter(municipality__isnull=True)
    if municipality is not None:
        rows = Institution.objects.filter(municipality=municipality) | rows
    return {name.casefold() for name in rows.values_list("name", flat=True)}


class InstitutionLinker:
    """Resolves "responsible" cells of one plan to Institution rows, caching rows met in this import.

    A piece the registry knows becomes (or finds) the row for that body; the
    generic "Община" becomes the plan's own municipality. A piece the
    registry does not know is linked only to a row that already exists under
    that name (in this municipality, or national) and is not a fragment; it
    is never created here, and stays in the measure's text as written.
    """

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self._cache: dict[tuple[str, int | None], Institution] = {}
        self._existing: dict[str, Institution] | None = None

    def institutions_for(self, responsible: str) -> list[Institution]:
        """Institution rows for the bodies ``responsible`` names, in the order it names them, each once."""
        found: list[Institution] = []
        for match in split_responsible(responsible or ""):
            institution = self._row_for(match)
            if institution is not None and institution not in found:
                found.append(institution)
        return found

    def _unknown(self, text: str) -> Institution | None:
        name = clean_name(text)
        if not name or is_fragment(name):
            return None
        if self._existing is None:
            rows = Institution.objects.filter(municipality__isnull=True) | Institution.objects.filter(
                municipality=self.municipality
            )
            # Local rows win over national ones of the same name.
            self._existing = {}
            for row in rows.order_by("-municipality_id"):
                self._existing.setdefault(row.name.casefold(), row)
        return self._existing.get(name.casefold())

    def _row_for(self, match: Any) -> Institution | None:
        known = match.institution
        if known is None:
            return self._unknown(match.text)
        name, abbreviation = known.name, known.abbreviation
        kind = KINDS.get(known.kind, Institution.Kind.OTHER)
        if known.kind == "municipality":
            # "Община Примерово" names itself; a bare "Община"/"общината" means the plan's own municipality.
            text = " ".join(match.text.split())
            named = text.startswith(known.name) and len(text.split()) > 1
            name, abbreviation = (text if named else f"{known.name} {self.municipality.name}"), ""
        municipality = self.municipality if kind in LOCAL_KINDS else None
        key = (name[:300], municipality.pk if municipality else None)
        if key not in self._cache:
            institution, _created = Institution.objects.get_or_create(
                name=key[0], municipality=municipality, defaults={"abbreviation": abbreviation[:40], "kind": kind}
            )
            self._cache[key] = institution
        return self._cache[key]


def create_confirmed(names: list[str], municipality: Municipality) -> list[Institution]:
    """Rows for the names a reviewer confirmed as institutions of ``municipality`` (fragments never)."""
    rows = []
    for name in names:
        name = clean_name(name)
        if not name or is_fragment(name):
            continue
        row, _created = Institution.objects.get_or_create(
            name=name, municipality=municipality, defaults={"kind": Institution.Kind.OTHER}
        )
        rows.append(row)
    return rows
