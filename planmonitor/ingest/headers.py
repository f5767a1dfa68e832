"""Header cells -> column roles: which role each header cell names, and which row is a header.

A header is read by its head (see ``vocabulary``): the role phrase that starts
among its first words wins, the longest then the earliest. Over a whole header
row a role a table has once goes to the cell that names it best; the other cell
takes its next role. A row with any numbering is a data row, never a header.
"""

from __future__ import annotations

import re
from functools import lru_cache

from planmonitor.ingest import vocabulary
from planmonitor.ingest.codes import ANY_CODE, leading_code
from planmonitor.ingest.model import Row


@lru_cache(maxsize=4096)
def role_of(header_text: str) -> str | None:
    """The role a header cell names, or None: the best of ``role_candidates``."""
    candidates = role_candidates(header_text)
    return candidates[0][0] if candidates else None


@lru_cache(maxsize=4096)
def role_candidates(header_text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """Every role a header cell may name, best first, each with its score (phrase words, -start).

    The header is read by its head (see ``vocabulary``): a role phrase counts
    when it starts among the first words, before the first preposition; the
    longest phrase wins, then the earliest. A narrow column wraps a header word
    anywhere ("Времев / и / период"), so each line break is tried both as a
    space and as nothing.
    """
    best: dict[str, tuple[int, int]] = {}
    for text in _unwrapped(header_text):
        words = header_words(text)
        if not words or len(words) > vocabulary.HEADER_MAX_WORDS:
            continue
        head = next((i for i, w in enumerate(words) if w in vocabulary.HEADER_BOUNDARY), len(words))
        for phrase, role in _PHRASES:
            for start in range(min(head, vocabulary.HEADER_HEAD_WORDS)):
                if _phrase_at(words, start, phrase):
                    score = (len(phrase), -start)
                    if score > best.get(role, (0, -99)):
                        best[role] = score
                    break
    return tuple(sorted(best.items(), key=lambda item: item[1], reverse=True))


_PHRASES: tuple[tuple[tuple[str, ...], str], ...] = tuple(dict.fromkeys(
    (tuple(word.rstrip(".") for word in phrase.split()), role) for phrase, role in vocabulary.HEADER_PHRASES
))
_BRACKETS = re.compile(r"\([^()]*\)?|\[[^\[\]]*\]?")
_WORD = re.compile(r"№|[^\W_]+(?:-[^\W_]+)*")


def header_words(text: str) -> list[str]:
    """The header's words outside brackets ("Бюджет (лв.)" is "бюджет"); the bracket alone when that is all."""
    outside = _BRACKETS.sub(" ", text)
    return _WORD.findall(outside) or _WORD.findall(text)


def _phrase_at(words: list[str], start: int, phrase: tuple[str, ...]) -> bool:
    if start + len(phrase) > len(words):
        return False
    for word, wanted in zip(words[start:], phrase, strict=False):
        if wanted.endswith("*"):
            if not word.startswith(wanted[:-1]):
                return False
        elif word != wanted:
            return False
    return True


UNIQUE_ROLES = frozenset(("code", "goal", "task", "status", "period", "indicators", "baseline", "target", "priority"))


def assign_roles(header_cells: list[str]) -> list[str | None]:
    """The best assignment of roles over a header row: each cell its best role, except that a role
    a table has once (a period, a status, the indicators...) claimed by two cells goes to the one
    that names it better, and the other takes its next role when it has one."""
    candidates = [list(role_candidates(cell)) for cell in header_cells]
    roles: list[str | None] = [c[0][0] if c else None for c in candidates]
    for _ in range(len(roles)):
        clash = _first_clash(roles, candidates)
        if clash is None:
            break
        loser, role = clash
        taken = {r for r in roles if r in UNIQUE_ROLES}
        following = [r for r, (_, start) in candidates[loser] if r != role and r not in taken and start == 0]
        if not following:
            break
        roles[loser] = following[0]
    return roles


def _first_clash(roles: list, candidates: list) -> tuple[int, str] | None:
    for role in UNIQUE_ROLES:
        holders = [i for i, r in enumerate(roles) if r == role]
        if len(holders) > 1:
            scores = {i: dict(candidates[i])[role] for i in holders}
            ranked = sorted(holders, key=lambda i: (scores[i], -i), reverse=True)
            for loser in ranked[1:]:
                if any(r != role and start == 0 for r, (_, start) in candidates[loser]):
                    return loser, role
    return None


def _unwrapped(header_text: str) -> list[str]:
    """The header's folded text with its first line breaks read as spaces or as nothing (at most 32 readings)."""
    lines = [line for line in (fold_header(part) for part in header_text.split("\n")) if line]
    if not lines:
        return []
    readings = [lines[0]]
    for index, line in enumerate(lines[1:]):
        if index < 5:
            readings = [f"{r} {line}" for r in readings] + [f"{r}{line}" for r in readings]
        else:
            readings = [f"{r} {line}" for r in readings]
    return readings


def fold_header(text: str) -> str:
    return " ".join(text.replace("„", "").replace("“", "").replace('"', "").lower().split()).strip(" :.")


def is_header_row(row: Row, loose: bool = False) -> bool:
    """A row of role names: three different roles, or two of at most four filled cells; ``loose`` (a header's
    second row): every filled cell names a role."""
    filled = [c for c in row.cells if c.strip()]
    if not filled or any(leading_code(c) or ANY_CODE.search(c) or is_numbered_heading(c) for c in filled):
        return False  # numbering belongs to data rows, never to a header
    roles = [role_of(c) for c in filled]
    mapped = sum(1 for r in roles if r)
    if loose:
        return mapped == len(filled)
    # Distinct roles: a data row whose cells mention funding three times ("Финансиране на ...",
    # "Съгласно утвърдения бюджет", "Общински бюджет") is no header.
    distinct = len({r for r in roles if r})
    return distinct >= 3 or (distinct == 2 and mapped * 2 >= len(filled))


def is_numbered_heading(text: str) -> bool:
    """"Цел 1." or "Задача 2:" spanning a row: a heading inside the table, not a header."""
    flat = " ".join(text.split())
    return bool(vocabulary.GOAL_HEADING.match(flat) or vocabulary.TASK_HEADING.match(flat))

