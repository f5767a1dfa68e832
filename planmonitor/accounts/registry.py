"""Bulgaria's 28 districts (области) and 265 municipalities (общини), to place an imported plan.

A plan document names its municipality ("Община Мъглиж") but rarely its
district, and the district is what the district coordinator's consolidation,
the portal and the permissions group by. The list in
``planmonitor/ingest/data/municipalities.csv`` (read through
``planmonitor.ingest.vocabulary.municipality_register``, the same file the plan
reader finds names with) is the administrative division of the Republic of
Bulgaria (Закон за административно-териториалното устройство, the NSI's EKATTE
classification) with the official short names. It changes rarely; when it
does, edit the file.

Only names that point to exactly one district are answered: "Бяла" is a
municipality both in Varna and in Ruse district, so it needs the district said.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from planmonitor.ingest import vocabulary

REGISTRY_FILE = vocabulary.MUNICIPALITIES_FILE

# Words around a name that do not belong to it: "Община Мъглиж", "общ. Опан",
# "Столична община", "област Сливен", "Област: Стара Загора".
_MUNICIPALITY_WORDS = re.compile(r"^(?:община|общ\.)\s*:?\s*|\s+община$", re.IGNORECASE)
_DISTRICT_WORDS = re.compile(r"^(?:област|обл\.)\s*:?\s*|\s+област$", re.IGNORECASE)

# Other names in use for the capital and for Dobrich's two municipalities and Sofia's two districts.
_MUNICIPALITY_ALIASES = {
    "софия": "Столична", "столична община": "Столична", "добрич-град": "Добрич", "град добрич": "Добрич",
    "добрич-селска": "Добричка",
}
_DISTRICT_ALIASES = {
    "софия-град": "София (столица)", "софия град": "София (столица)", "столица": "София (столица)",
    "софия-столица": "София (столица)", "софия-област": "София", "софия област": "София",
    "софийска": "София",
}


def _key(name: str) -> str:
    return re.sub(r"[\s\u00a0]+", " ", name).strip().casefold()


def municipality_key(name: str) -> str:
    """``name`` folded for comparison, without "Община"/"общ." around it."""
    return _key(_MUNICIPALITY_WORDS.sub("", _key(name)))


@lru_cache(maxsize=1)
def _registry() -> tuple[dict[str, tuple[str, ...]], dict[str, str], dict[str, str]]:
    """(municipality key -> its districts, municipality key -> official name, district key -> official name)."""
    districts_of: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    district_names: dict[str, str] = {}
    for district, municipality in vocabulary.municipality_register():
        key = municipality_key(municipality)
        districts_of[key].append(district)
        names[key] = municipality
        district_names[_key(district)] = district
    return {k: tuple(v) for k, v in districts_of.items()}, names, district_names


def districts() -> list[str]:
    """The official names of the 28 districts, in the order of the file."""
    return list(_registry()[2].values())


def municipalities(district: str | None = None) -> list[str]:
    """The official names of the municipalities (of one district when named)."""
    districts_of, names, _ = _registry()
    wanted = canonical_district(district) if district else None
    return [names[k] for k, ds in districts_of.items() if wanted is None or wanted in ds]


def canonical_municipality(name: str) -> str:
    """The official short name for ``name`` ("Община Мъглиж" -> "Мъглиж"); unknown names come back trimmed."""
    key = municipality_key(name)
    if key in _MUNICIPALITY_ALIASES:
        return _MUNICIPALITY_ALIASES[key]
    return _registry()[1].get(key, name.strip())


def canonical_district(name: str) -> str:
    """The official name for a district as people write it ("област Сливен" -> "Сливен")."""
    key = _key(_DISTRICT_WORDS.sub("", _key(name)))
    if key in _DISTRICT_ALIASES:
        return _DISTRICT_ALIASES[key]
    return _registry()[2].get(key, name.strip())


def districts_of(municipality: str) -> tuple[str, ...]:
    """Every district with a municipality of that name: none, one, or (for "Бяла") two."""
    return _registry()[0].get(municipality_key(canonical_municipality(municipality)), ())


def district_of(municipality: str) -> str | None:
    """The district of ``municipality`` when the name says it unambiguously, else ``None``."""
    found = districts_of(municipality)
    return found[0] if len(found) == 1 else None


NUTS_FILE = Path(__file__).resolve().parent / "data" / "districts_nuts.csv"


@lru_cache(maxsize=1)
def _nuts3() -> dict[str, str]:
    with NUTS_FILE.open(encoding="utf-8", newline="") as handle:
        return {_key(row["district"]): row["nuts3"] for row in csv.DictReader(handle)}


def nuts3_code(district: str) -> str | None:
    """The Eurostat NUTS 3 code of a district ("Стара Загора" -> "BG344"), or None.

    Bulgaria's 28 districts are exactly its NUTS 3 regions, so the code is the
    authority identifier open data uses for where a plan applies (DCAT-AP
    ``dct:spatial``).
    """
    return _nuts3().get(_key(_DISTRICT_ALIASES.get(_key(district), district)))
