"""The registry of Bulgarian institutions, and splitting a "responsible" cell into them.

The registry is data (``data/institutions.csv``: abbreviation, full name, kind,
aliases separated by ";"), so a deployment adds its local bodies through
``ReadSettings.institutions_path`` without touching code. The application links
measures to institutions with ``split_responsible``; the reader itself uses the
registry only to recognise a section heading that names an institution.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planmonitor.ingest.errors import IngestError

BUILTIN = Path(__file__).with_name("data") / "institutions.csv"
# Latin letters and digits that plans type inside Cyrillic abbreviations ("A3" for "АЗ").
LOOKALIKES = str.maketrans("ABCEHKMOPTXaceopx3", "АВСЕНКМОРТХасеорхЗ")
SEPARATORS = re.compile(r"\s*(?:[,;/]|\sи\s|\n)\s*")
QUOTED_NAME = re.compile(r"\s*[„\"«][^„“”\"«»]{1,80}[“”\"»]")  # the proper name after a kind of body
NEXT_NAME = re.compile(r"\s+[А-Я][а-я]+(?:-[А-Я][а-я]+)?")
LINKING_WORDS = {"при", "в", "с", "към", "съвместно с", "в сътрудничество с", "и", "от", "на"}


@dataclass(frozen=True)
class Institution:
    """One body in the registry."""

    abbreviation: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.abbreviation or self.name


@dataclass(frozen=True)
class InstitutionMatch:
    """A piece of a responsible cell: its printed text and the institution it names, if known."""

    text: str
    institution: Institution | None = None

    @property
    def abbreviation(self) -> str | None:
        return self.institution.abbreviation if self.institution else None


def load_registry(extra_path: str | None = None) -> tuple[Institution, ...]:
    """The built-in registry plus a deployment's CSV (same columns); later rows win on the same key."""
    return _load(str(extra_path) if extra_path else None)


@lru_cache(maxsize=8)
def _load(extra_path: str | None) -> tuple[Institution, ...]:
    by_key: dict[str, Institution] = {}
    for path in (BUILTIN, Path(extra_path) if extra_path else None):
        if path is None:
            continue
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    name = (row.get("name") or "").strip()
                    if not name:
                        continue
                    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
                    item = Institution((row.get("abbreviation") or "").strip(), name, (row.get("kind") or "").strip(), aliases)
                    by_key[item.key] = item
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise IngestError(
                f"Регистърът на институциите {path} не може да се прочете: {exc}",
                f"The institution registry {path} cannot be read: {exc}",
            ) from exc
    return tuple(by_key.values())


@lru_cache(maxsize=8)
def _patterns(registry: tuple[Institution, ...]) -> tuple[tuple[re.Pattern, Institution], ...]:
    entries: list[tuple[str, bool, Institution]] = []
    for item in registry:
        if item.abbreviation:
            entries.append((item.abbreviation, True, item))
        entries.append((item.name, False, item))
        entries.extend((alias, alias.isupper(), item) for alias in item.aliases)
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    compiled = []
    for text, exact_case, item in entries:
        flags = 0 if exact_case else re.IGNORECASE
        compiled.append((re.compile(rf"(?<![\w]){re.escape(text)}(?![\w])", flags), item))
    return tuple(compiled)


def split_responsible(text: str | None, registry: tuple[Institution, ...] | None = None) -> list[InstitutionMatch]:
    """The institutions a responsible cell names, in the order printed.

    Known names and abbreviations are matched longest first (so "РУ МВР" wins
    over "МВР"); what is left between them is split on commas, semicolons,
    slashes and "и", and kept as unmatched pieces, so nothing printed is lost.
    """
    if not text or not text.strip():
        return []
    registry = registry or load_registry()
    flat = " ".join(text.split())
    probe = " ".join(_fix_lookalikes(word) for word in flat.split(" "))
    taken: list[tuple[int, int, Institution]] = []
    for pattern, item in _patterns(registry):
        for match in pattern.finditer(probe):
            if any(match.start() < end and start < match.end() for start, end, _ in taken):
                continue
            end = match.end()
            if item.kind == "municipality":
                place = NEXT_NAME.match(probe, end)
                end = place.end() if place else end
            quoted = QUOTED_NAME.match(probe, end)  # "Читалище „Искра“", "ОУ „Христо Ботев“": one body
            if quoted and not any(quoted.start() < e and s < quoted.end() for s, e, _ in taken):
                end = quoted.end()
            taken.append((match.start(), end, item))
    taken.sort(key=lambda t: t[0])
    out: list[InstitutionMatch] = []
    cursor = 0
    for start, end, item in taken:
        out.extend(_leftovers(flat[cursor:start]))
        out.append(InstitutionMatch(flat[start:end], item))
        cursor = end
    out.extend(_leftovers(flat[cursor:]))
    return out


def find_institution(text: str, registry: tuple[Institution, ...] | None = None) -> Institution | None:
    """The institution whose full name (or alias) is the whole text, e.g. a section heading."""
    folded = " ".join(text.split()).strip(" .:").lower()
    return _name_index(registry or load_registry()).get(folded)


@lru_cache(maxsize=8)
def _name_index(registry: tuple[Institution, ...]) -> dict[str, Institution]:
    index: dict[str, Institution] = {}
    for item in registry:
        for name in (item.name, *(a for a in item.aliases if len(a) > 8)):
            index.setdefault(name.lower(), item)
    return index


def _fix_lookalikes(word: str) -> str:
    """'A3' typed with a Latin A and a digit 3 reads as 'АЗ' only inside a short all-caps word."""
    if 1 < len(word) <= 6 and any("А" <= ch <= "я" for ch in word.translate(LOOKALIKES)) and word.upper() == word:
        fixed = word.translate(LOOKALIKES)
        if all("А" <= ch <= "Я" or not ch.isalpha() for ch in fixed) and any(ch.isalpha() for ch in fixed):
            return fixed
    return word


def _leftovers(text: str) -> list[InstitutionMatch]:
    pieces = [p.strip(" -–,.;") for p in SEPARATORS.split(text)]
    return [InstitutionMatch(p) for p in pieces if p and p.lower() not in LINKING_WORDS and any(ch.isalpha() for ch in p)]
