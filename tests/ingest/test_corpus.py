"""The reader scored over the team's generated corpus (issue 15: "how to know it is general").

Every document of ``tests.builders.corpus.cases.test_cases()`` (each layout x
format x ruling, plans of 12 to 40 measures with uncoded measures, unnumbered
and prefixed goals, higher goals, tasks, BGN and EUR, long cells, varied header
words, column orders, shading, merged cells, repeated headers) and, when
``../shared`` is present, the two seed plans with reworded headers and
reordered columns, is built once per session into a temporary folder, read
with ``read_plan`` and scored with the project's scorer (``tests/builders/scoring.py``,
the official rules) against the truth its layout can show. Each must reach
F1 >= 0.99, field accuracy >= 0.97 and have no wrong field without a warning
on its measure.

``KNOWN_FAILING`` is the one list of documents the reader does not reach yet,
each with how it fails; they are marked ``xfail(strict=True)``, so a document
that starts passing fails the run until it is taken off the list.
``bench/bench_corpus.py`` prints the same scores as a table, for a larger corpus.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from planmonitor.ingest import read_plan
from tests.builders import scoring
from tests.builders.corpus.cases import build, seed_cases, test_cases
from tests.builders.office import soffice

SHARED = Path(os.environ.get("PLANMONITOR_SHARED", Path(__file__).resolve().parents[3] / "shared"))
HAVE_SHARED = (SHARED / "groundtruth").is_dir()
MIN_F1, MIN_FIELDS = 0.99, 0.97

# Document id -> how the reader fails on it today. Keep in step with the reader: strict xfail.
KNOWN_FAILING: dict[str, str] = {}

CASES = test_cases() + seed_cases(SHARED if HAVE_SHARED else None)
NEEDS_OFFICE = ("pdf", "odt")


def _param(case):
    marks = []
    if case.id in KNOWN_FAILING:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[case.id]))
    return pytest.param(case.id, marks=marks, id=case.id)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict:
    """Every case built once: id -> (document path, expected plan-json). PDF/ODT need LibreOffice."""
    cases = [c for c in CASES if c.fmt not in NEEDS_OFFICE or soffice() is not None]
    return build(cases, tmp_path_factory.mktemp("corpus"), SHARED if HAVE_SHARED else None)


def summary(case_id: str, result: dict, truth: dict, plan: dict) -> str:
    m = result["measures"]
    lines = [f"{case_id}: F1 {m['f1']} fields {result['field_accuracy']} silent wrong {result['silent_wrong']}; "
             f"measures truth {len(truth['measures'])} read {len(plan['measures'])}",
             f"fields {result['fields']}"]
    for label in ("missing", "extra", "wrong"):
        if result[label]:
            lines.append(f"{label} ({len(result[label])}): " + " | ".join(result[label][:6]))
    warnings = [w["message"] for w in plan.get("warnings") or [] if not w.get("measure")]
    if warnings:
        lines.append("plan warnings: " + " | ".join(warnings[:4]))
    return "\n".join(lines)


@pytest.mark.parametrize("case_id", [_param(c) for c in CASES])
def test_corpus_document(corpus, case_id):
    """The document reads back with F1 >= 0.99, fields >= 0.97 and no wrong field without a warning."""
    if case_id not in corpus:
        pytest.skip("LibreOffice is not installed: no PDF or ODT documents")
    path, truth = corpus[case_id]
    plan = read_plan(path.read_bytes(), path.name).plan
    result = scoring.score(plan, truth)
    message = summary(case_id, result, truth, plan)
    assert result["measures"]["f1"] >= MIN_F1, message
    assert result["field_accuracy"] >= MIN_FIELDS, message
    assert result["silent_wrong"] == 0, message


def test_known_failing_names_real_cases():
    """Every id on the known-failing list is a document of the corpus (no stale entries)."""
    assert set(KNOWN_FAILING) <= {c.id for c in test_cases() + seed_cases(SHARED)} | {
        c.id for c in seed_cases(SHARED) if not HAVE_SHARED}


@pytest.mark.skipif(not HAVE_SHARED, reason="../shared (the official scorer) is absent")
def test_own_scorer_agrees_with_official(corpus):
    """The project's scorer gives the official ``score_plan.py``'s result on real reads of corpus documents."""
    spec = importlib.util.spec_from_file_location("score_plan_official", SHARED / "tools" / "score_plan.py")
    official = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(official)
    compared = 0
    for case_id, (path, truth) in list(corpus.items())[::7]:
        if path.suffix in (".pdf", ".odt"):
            continue
        plan = read_plan(path.read_bytes(), path.name).plan
        assert scoring.score(plan, truth) == official.score(plan, truth), case_id
        compared += 1
    assert compared >= 5
