"""Linking a measure's "responsible" cell to rows of the institution registry.

The reader (``planmonitor.ingest.institutions``, no Django) knows the
Bulgarian institutions and splits a cell such as "МОН, РУО, Община, училища"
into the bodies it names. This module turns those matches into
``Institution`` rows, creating a registry row the first time a body is met.
Municipal bodies (the municipality, its schools) are registered per
municipality; national and regional ones once for the whole deployment.
"""

from __future__ import annotations

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


def split_responsible(text: str) -> list[Any]:
    """The pieces of a "responsible" cell, each with the registry institution it names (or None)."""
    from planmonitor.ingest.institutions import split_responsible as split

    return list(split(text))


class InstitutionLinker:
    """Resolves "responsible" cells of one plan to Institution rows, caching rows met in this import.

    A piece the registry knows becomes (or finds) the row for that body; the
    generic "Община" becomes the plan's own municipality. A short piece the
    registry does not know ("Читалища") becomes a local row of kind "other",
    so the institution pages still list it; longer leftovers are prose and
    stay only in the measure's text as written.
    """

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self._cache: dict[tuple[str, int | None], Institution] = {}

    def institutions_for(self, responsible: str) -> list[Institution]:
        """Institution rows for the bodies ``responsible`` names, in the order it names them, each once."""
        found: list[Institution] = []
        for match in split_responsible(responsible or ""):
            institution = self._row_for(match)
            if institution is not None and institution not in found:
                found.append(institution)
        return found

    def _row_for(self, match: Any) -> Institution | None:
        known = match.institution
        if known is None:
            name, abbreviation, kind = match.text.strip(), "", Institution.Kind.OTHER
            if not name or len(name) > MAX_UNKNOWN_NAME:
                return None
        else:
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
