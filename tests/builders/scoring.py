"""The project's own plan scorer: the same rules as the team's official ``shared/tools/score_plan.py``.

The corpus test must run on a fresh clone without ``../shared``, so the
rules live here too (copied from the official scorer, standard library only);
``tests/ingest/test_corpus.py::test_own_scorer_agrees_with_official`` checks
that both give the same result wherever the shared folder is present.

Matching: a predicted measure matches a labelled one in the same priority with
the same code and text similarity >= 0.6, or, failing that, with no code match
but text similarity >= 0.85 (best pairs first). Text fields count as right at
similarity >= 0.9 after normalisation (case, quotes, dashes, white space);
codes, years, status and amounts must be equal. Fields a label marks
"ambiguous" are not scored. A wrong field is "silent" unless a reader warning
names its measure (by code) and that field or none.

One addition (``score(..., uncoded=True)``, the default here): the official
scorer can link no warning to a measure without a code, so every wrong field
of one is silent whatever the reader said. Our reader's warnings carry the
measure's position (``index``), so a warning naming an uncoded measure's
position and that field (or none) flags it too. ``uncoded=False`` gives the
official rule, for the agreement test.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

TEXT_FIELDS = ("text", "responsible", "indicators", "baseline", "target", "funding.source", "funding.amount_raw", "period.raw")
EXACT_FIELDS = ("goal", "task", "status", "period.start", "period.end", "funding.amount", "funding.currency")
QUOTES = dict.fromkeys(map(ord, "„“”\"«»‘’`'"), None)
DASHES = dict.fromkeys(map(ord, "–—−‑"), ord("-"))


def norm(value) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).translate(QUOTES).translate(DASHES).lower()
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .;,:")
    return text or None


def norm_priority(name) -> str:
    text = norm(name) or ""
    text = re.sub(r"^(\d+|[ivx]+)[.)]?\s*", "", text)
    text = re.sub(r"^приоритет\s*", "", text)
    return text.strip()


def norm_code(code) -> str | None:
    text = norm(code)
    return text.rstrip(".") if text else None


def sim(a: str | None, b: str | None) -> float:
    if a is None and b is None:
        return 1.0
    if a is None or b is None:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def get(measure: dict, dotted: str):
    value = measure
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def same_priority(a: str, b: str) -> bool:
    return a == b or sim(a, b) >= 0.85


def match_measures(pred: list[dict], truth: list[dict]) -> list[tuple[int, int, float]]:
    """Pairs (pred index, truth index, text similarity)."""
    p_pri = [norm_priority(m.get("priority")) for m in pred]
    t_pri = [norm_priority(m.get("priority")) for m in truth]
    p_text = [norm(m.get("text")) for m in pred]
    t_text = [norm(m.get("text")) for m in truth]
    p_code = [norm_code(m.get("code")) for m in pred]
    t_code = [norm_code(m.get("code")) for m in truth]
    candidates = []
    for ti in range(len(truth)):
        for pi in range(len(pred)):
            if not same_priority(p_pri[pi], t_pri[ti]):
                continue
            same_code = t_code[ti] is not None and p_code[pi] == t_code[ti]
            s = sim(p_text[pi], t_text[ti])
            if same_code and s >= 0.6:
                candidates.append((1, s, pi, ti))
            elif s >= 0.85:
                candidates.append((0, s, pi, ti))
    candidates.sort(reverse=True)
    used_p, used_t, pairs = set(), set(), []
    for _, s, pi, ti in candidates:
        if pi in used_p or ti in used_t:
            continue
        used_p.add(pi)
        used_t.add(ti)
        pairs.append((pi, ti, s))
    return pairs


def field_right(field: str, p, t) -> bool:
    if field in TEXT_FIELDS:
        return sim(norm(p), norm(t)) >= 0.9
    if field == "funding.amount":
        if p is None or t is None:
            return p is None and t is None
        try:
            return abs(float(p) - float(t)) < 0.005
        except (TypeError, ValueError):
            return False
    if field in ("goal", "task"):
        return norm_code(p) == norm_code(t) or sim(norm(p), norm(t)) >= 0.9
    return norm(p) == norm(t)


def score(pred_plan: dict, truth_plan: dict, uncoded: bool = True) -> dict:
    pred = pred_plan.get("measures") or []
    truth = truth_plan.get("measures") or []
    pairs = match_measures(pred, truth)
    matched = len(pairs)
    precision = matched / len(pred) if pred else 0.0
    recall = matched / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    fields = {f: [0, 0] for f in TEXT_FIELDS + EXACT_FIELDS}
    wrong: list[str] = []
    silent = 0
    flags = warned_fields(pred_plan)
    for pi, ti, _ in pairs:
        p, t = pred[pi], truth[ti]
        skip = set(t.get("ambiguous") or [])
        for f in fields:
            if f in skip or f.split(".")[0] in skip:
                continue
            ok = field_right(f, get(p, f), get(t, f))
            fields[f][0] += ok
            fields[f][1] += 1
            if not ok:
                flagged = flagged_field(flags, p.get("code"), f, pi if uncoded else None)
                silent += not flagged
                wrong.append(f"{t.get('priority')} {t.get('code')} {f}: got {get(p, f)!r}, want {get(t, f)!r}"
                             + ("" if flagged else " (no warning)"))
    right = sum(r for r, _ in fields.values())
    total = sum(n for _, n in fields.values())

    def goals(plan):
        out = set()
        for pr in plan.get("priorities") or []:
            for g in pr.get("goals") or []:
                out.add((norm_priority(pr.get("name")), norm_code(g.get("code")) or norm(g.get("title"))))
        return out

    t_goals, p_goals = goals(truth_plan), goals(pred_plan)
    goal_recall = len(t_goals & p_goals) / len(t_goals) if t_goals else 1.0
    t_pri = {norm_priority(p.get("name")) for p in truth_plan.get("priorities") or []}
    p_pri = {norm_priority(p.get("name")) for p in pred_plan.get("priorities") or []}
    header = {
        "municipality": sim(norm(pred_plan.get("municipality")), norm(truth_plan.get("municipality"))) >= 0.9,
        "period": (pred_plan.get("period") or {}) == (truth_plan.get("period") or {}),
        "priorities": len(t_pri & p_pri) / len(t_pri) if t_pri else 1.0,
    }
    missing = [f"{truth[ti].get('priority')} {truth[ti].get('code')} {truth[ti].get('text', '')[:60]}"
               for ti in sorted(set(range(len(truth))) - {t for _, t, _ in pairs})]
    extra = [f"{pred[pi].get('priority')} {pred[pi].get('code')} {str(pred[pi].get('text', ''))[:60]}"
             for pi in sorted(set(range(len(pred))) - {p for p, _, _ in pairs})]
    return {
        "measures": {"predicted": len(pred), "labelled": len(truth), "matched": matched,
                     "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)},
        "field_accuracy": round(right / total, 4) if total else 0.0,
        "fields": {f: round(r / n, 4) if n else None for f, (r, n) in fields.items()},
        "goal_recall": round(goal_recall, 4),
        "header": header,
        "missing": missing,
        "extra": extra,
        "wrong": wrong,
        "silent_wrong": silent,
    }


def warned_fields(plan: dict) -> set:
    """(measure code, field) pairs the reader's warnings name, and (position, field) pairs for the
    warnings that give their measure's ``index``; field None = the whole measure."""
    out = set()
    for w in plan.get("warnings") or []:
        if isinstance(w, dict):
            field = w.get("field")
            field = field.split(".")[0] if field else None
            if w.get("measure"):
                out.add((norm_code(w["measure"]), field))
            if isinstance(w.get("index"), int):
                out.add((w["index"], field))
    return out


def flagged_field(flags: set, code, field: str, index: int | None = None) -> bool:
    """A wrong field counts as flagged when a warning names its measure (by code; a measure without a
    code by its ``index``, when given) and that field or none."""
    key = norm_code(code) if code else index
    if key is None:
        return False
    return (key, None) in flags or (key, field.split(".")[0]) in flags
