"""The reader scored over the team's generated corpus (issue 15: "how to know it is general").

Every document of ``tests.builders.corpus.cases.suite_cases()`` (each layout x
format (DOCX, PDF, XLSX, ODT, and HTML: the plan as a municipality's web page with
its menus, sidebar and footer, ``render_html.py``) x ruling, plans of 12 to 30 measures with uncoded measures, unnumbered
and prefixed goals, higher goals, tasks, BGN and EUR, long cells, varied header
words, column orders, shading, merged cells, repeated headers) and, when
``../shared`` is present, the two seed plans with reworded headers and
reordered columns (laid out anew, and their own text dumps), is built once per session into a temporary folder, read
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
from tests.builders.corpus.cases import build, seed_cases, suite_cases
from tests.builders.corpus.generate import Features, random_plan
from tests.builders.corpus.render import LAYOUTS, Style, layout
from tests.builders.corpus.report import MIN_F1, MIN_FIELDS, read_and_score
from tests.builders.office import soffice

SHARED = Path(os.environ.get("PLANMONITOR_SHARED", Path(__file__).resolve().parents[3] / "shared"))
HAVE_SHARED = (SHARED / "groundtruth").is_dir()

# Document id -> how the reader failed on it when the list was made (figures, then what went wrong:
# "zero measures", "N empty texts" (the measure column was not recognised), "unknown headers" (the
# header cells the reader named as unknown), "N fewer (glued/lost)" or "N more (split)" measures, lost
# priorities, and the fields below 0.97). Strict xfail: a document the reader comes to read passes,
# the run fails, and its line goes. Regenerate the reasons with ``bench/bench_corpus.py --small``.
KNOWN_FAILING: dict[str, str] = {}  # every generated document reads today

CASES = suite_cases() + seed_cases()
NEEDS_OFFICE = ("pdf", "odt", "doc")  # to build: ODT and DOC are written by LibreOffice; ODT is read without it


def _param(case):
    marks = []
    if case.id in KNOWN_FAILING:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[case.id]))
    return pytest.param(case.id, marks=marks, id=case.id)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict:
    """Every case built once: id -> (document path, expected plan-json). PDF/ODT/DOC need LibreOffice."""
    cases = [c for c in CASES if (c.fmt not in NEEDS_OFFICE or soffice() is not None)
             and (c.truth is None or HAVE_SHARED)]
    return build(cases, tmp_path_factory.mktemp("corpus"), SHARED if HAVE_SHARED else None)


def summary(case_id: str, out) -> str:
    """What failed, for the assertion message: the figures, the diagnosis, the first misses."""
    result = out.result
    lines = [f"{case_id}: F1 {out.f1} fields {out.fields} silent wrong {out.silent}; measures truth {out.truth} "
             f"read {out.read}; {out.why}", f"fields {result['fields']}"]
    for label in ("missing", "extra", "wrong"):
        if result[label]:
            lines.append(f"{label} ({len(result[label])}): " + " | ".join(result[label][:6]))
    return "\n".join(lines)


@pytest.mark.parametrize("case_id", [_param(c) for c in CASES])
def test_corpus_document(corpus, case_id):
    """The document reads back with F1 >= 0.99, fields >= 0.97 and no wrong field without a warning."""
    if case_id not in corpus:
        pytest.skip("../shared is absent (seed plans)" if case_id.startswith("seed-")
                    else "LibreOffice is not installed: no PDF, ODT or DOC documents")
    path, truth = corpus[case_id]
    out = read_and_score(path, truth)
    assert out.f1 >= MIN_F1, summary(case_id, out)
    assert out.fields >= MIN_FIELDS, summary(case_id, out)
    assert out.silent == 0, summary(case_id, out)


def test_odt_documents_read_without_libreoffice(corpus, monkeypatch):
    """Issue 13.3: an ODT is read from its XML (``readers/odf.py``); LibreOffice is never started for one."""
    import subprocess

    from planmonitor.ingest.readers import office

    odts = {case_id: value for case_id, value in corpus.items() if value[0].suffix == ".odt"}
    if not odts:
        pytest.skip("LibreOffice is not installed: no ODT documents were built")

    def refuse(*args, **kwargs):
        raise AssertionError("LibreOffice was started to read an ODT")

    monkeypatch.setattr(office, "convert", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    for case_id, (path, truth) in odts.items():
        out = read_and_score(path, truth)
        assert out.passed, summary(case_id, out)


def test_html_pages_are_in_the_corpus_for_every_layout():
    """Issue 13.1: every layout is also scored as a web page, in UTF-8 and in Windows-1251."""
    from tests.builders.corpus.render_html import page_encoding

    pages = [c for c in CASES if c.fmt == "html"]
    assert {c.layout for c in pages} == set(LAYOUTS)
    assert {page_encoding(c.style.seed) for c in pages} == {"utf-8", "windows-1251"}


def test_known_failing_names_real_cases():
    """Every id on the known-failing list is a document of the corpus (no stale entries)."""
    assert set(KNOWN_FAILING) <= {c.id for c in CASES}


@pytest.mark.skipif(not HAVE_SHARED, reason="../shared (the official scorer) is absent")
def test_own_scorer_agrees_with_official(corpus):
    """The project's scorer gives the official ``score_plan.py``'s result on real reads of corpus documents."""
    spec = importlib.util.spec_from_file_location("score_plan_official", SHARED / "tools" / "score_plan.py")
    official = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(official)
    compared = 0
    for case_id, (path, truth) in list(corpus.items())[::7]:
        if path.suffix in (".pdf", ".odt", ".doc"):
            continue
        plan = read_plan(path.read_bytes(), path.name).plan
        assert scoring.score(plan, truth, uncoded=False) == official.score(plan, truth), case_id
        compared += 1
    assert compared >= 5


def test_generator_is_deterministic_and_consistent():
    """The same seed gives the same plan; every measure names a priority, a goal and a task the plan has,
    and its code continues its goal's or task's code."""
    features = Features(measures=60, tasks=True, higher_goals=True, unnumbered_goals=True, uncoded=0.2,
                        prefix=True, currency="mixed", long_cells=True, shared_rows=0.3)
    plan = random_plan(7, features)
    assert plan == random_plan(7, features) and plan != random_plan(8, features)
    assert len(plan["measures"]) == 60
    goals = {(p["name"], g["code"] or g["title"]): g for p in plan["priorities"] for g in p["goals"]}
    for m in plan["measures"]:
        goal = goals[(m["priority"], m["goal"])]
        assert m["task"] is None or m["task"] in {t["code"] for t in goal["tasks"]}
        if m["code"]:
            assert m["code"].startswith(f"{m['task'] or goal['code']}.")
        if m["funding"]["amount"] is not None:
            assert m["funding"]["currency"] in ("BGN", "EUR")


def test_generator_makes_the_hard_cases():
    """Uncoded measures, unnumbered and prefixed goals, higher goals, both currencies and long cells occur."""
    features = Features(measures=80, tasks=True, higher_goals=True, unnumbered_goals=True, uncoded=0.2,
                        prefix=True, currency="mixed", long_cells=True)
    plan = random_plan(3, features)
    goals = [g for p in plan["priorities"] for g in p["goals"]]
    assert any(m["code"] is None for m in plan["measures"])
    assert any(g["code"] is None for g in goals)
    assert any(g["code"] and "-" in g["code"] for g in goals)
    assert any(g["parent"] for g in goals)
    assert {m["funding"]["currency"] for m in plan["measures"]} >= {"BGN", "EUR"}
    assert max(len(m["text"]) for m in plan["measures"]) > 250


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_writes_every_measure(name):
    """Each layout writes every measure's text somewhere in its grids, whatever the style."""
    plan = random_plan(11, Features(measures=30, tasks=name in ("goal_task", "task_column", "outline"),
                                    unnumbered_goals=True, uncoded=0.2, shared_rows=0.3))
    style = Style(seed=5, merge_same=True, header_every=6, join_same=True, funding="one", drop=2)
    blocks, truth = layout(plan, name, style)
    written = "\n".join(cell for b in blocks if hasattr(b, "rows") for row in b.rows for cell in row)
    assert all(m["text"] in written for m in truth["measures"])
    assert all(m["funding"]["amount_raw"] is None for m in truth["measures"])  # one funding column


@pytest.mark.parametrize("size", [10, 400])
@pytest.mark.parametrize("name", LAYOUTS)
def test_generator_and_layouts_span_10_to_400_measures(name, size):
    """The corpus's plan sizes run from 10 to 400 measures (the bench builds 120 and 400): every size
    gives exactly that many measures, and every layout writes each of them."""
    features = Features(measures=size, tasks=name in ("goal_task", "task_column", "outline"), uncoded=0.1,
                        prefix=True, higher_goals=True, unnumbered_goals=True, shared_rows=0.1)
    plan = random_plan(size, features)
    assert len(plan["measures"]) == size
    blocks, truth = layout(plan, name, Style(seed=size, join_same=True, merge_same=True))
    written = "\n".join(cell for b in blocks if hasattr(b, "rows") for row in b.rows for cell in row)
    assert len(truth["measures"]) == size and all(m["text"] in written for m in truth["measures"])
