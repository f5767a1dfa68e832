"""Reading a corpus document and saying in a few words how it went (for the test and the bench)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from tests.builders import scoring

MIN_F1, MIN_FIELDS = 0.99, 0.97


@dataclass
class Outcome:
    f1: float
    fields: float
    silent: int
    truth: int
    read: int
    seconds: float
    why: str
    result: dict
    plan: dict

    @property
    def passed(self) -> bool:
        return self.f1 >= MIN_F1 and self.fields >= MIN_FIELDS and self.silent == 0


def read_and_score(path: Path, truth: dict) -> Outcome:
    """Read ``path`` with the reader, score it against ``truth`` and name the main failure."""
    from planmonitor.ingest import read_plan
    from planmonitor.ingest.errors import IngestError

    start = time.perf_counter()
    try:
        plan = read_plan(path.read_bytes(), path.name).plan
    except IngestError as exc:
        plan = {"measures": [], "priorities": [], "warnings": [], "refused": str(exc)}
    seconds = time.perf_counter() - start
    result = scoring.score(plan, truth)
    return Outcome(result["measures"]["f1"], result["field_accuracy"], result["silent_wrong"],
                   len(truth["measures"]), len(plan["measures"]), seconds, diagnose(result, plan, truth), result, plan)


def diagnose(result: dict, plan: dict, truth: dict) -> str:
    """A short account of what went wrong: zero measures, empty texts, unknown headers, glued or split
    rows, lost priorities, and the worst fields."""
    notes = []
    if plan.get("refused"):
        return "refused: " + plan["refused"][:80]
    unknown = sorted({re.sub(r"\s+", " ", m.group(1)) for w in plan.get("warnings") or []
                      for m in [re.search(r"колона „([^“]+)“", w.get("message", ""))] if m})
    read, want = len(plan["measures"]), len(truth["measures"])
    if read == 0:
        notes.append("zero measures")
    empty = sum(1 for m in plan["measures"] if not (m.get("text") or "").strip())
    if empty:
        notes.append(f"{empty} empty texts")
    if unknown:
        notes.append("unknown headers " + ", ".join(unknown[:4]))
    if read and read < want:
        notes.append(f"{want - read} fewer (glued/lost)")
    elif read > want:
        notes.append(f"{read - want} more (split)")
    truth_names = {scoring.norm_priority(p["name"]) for p in truth["priorities"]}
    read_names = {scoring.norm_priority(p.get("name")) for p in plan.get("priorities") or []}
    if read and truth_names - read_names:
        notes.append(f"{len(truth_names - read_names)} priorities lost")
    worst = sorted((v, k) for k, v in result["fields"].items() if v is not None and v < 0.97)
    if worst:
        notes.append("fields " + " ".join(f"{k} {v:.2f}" for v, k in worst[:3]))
    if result["silent_wrong"] and not worst:
        notes.append(f"{result['silent_wrong']} silent wrong")
    return "; ".join(notes)
