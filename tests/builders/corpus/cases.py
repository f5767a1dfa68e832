"""The fixed corpus documents: which plan, layout, style and format each one is, and building them.

``suite_cases()`` is the set ``tests/ingest/test_corpus.py`` scores (every layout x
format x ruling, small plans); ``bench_cases()`` adds larger plans (up to 400
measures) for ``bench/bench_corpus.py``; ``seed_cases()`` lays the two
labelled seed plans out with reworded headers and reordered columns (building
them needs ``shared/``).
``build(cases, folder)`` writes each document and its truth
(``<id>.<ext>``, ``<id>.truth.json``), converting all PDFs, all ODTs and all DOCs in
one LibreOffice run each, because starting LibreOffice is most of its cost.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from tests.builders.corpus.generate import Features, random_plan
from tests.builders.corpus.render import (
    LAYOUTS,
    PER_PRIORITY,
    RULINGS,
    TASK_LAYOUTS,
    VALUE_ROLES,
    Style,
    expected,
    layout,
)
from tests.builders.corpus.render_html import plan_page
from tests.builders.office import soffice
from tests.builders.sheet import xlsx_from_blocks
from tests.builders.word import docx_from_blocks

FORMATS = ("docx", "pdf", "xlsx", "odt", "html", "doc")  # ODT and DOC: DOCX converted by LibreOffice
# Formats built through LibreOffice (~6 s each; DOC is also read through it): one ruling per layout, offset.
ONE_RULING = {"odt": 0, "doc": 1}

# Feature bundles the test cases cycle through, so that every layout and format meets each.
BUNDLES = {
    "plain": Features(measures=12),
    "codes": Features(measures=24, uncoded=0.15, prefix=True, higher_goals=True),
    "goals": Features(measures=18, unnumbered_goals=True, currency="EUR", span_title=True),
    "long": Features(measures=24, long_cells=True, currency="mixed", values=False),
    "all": Features(measures=30, uncoded=0.15, prefix=True, higher_goals=True, unnumbered_goals=True,
                    currency="mixed", long_cells=True, shared_rows=0.3),
}


@dataclass(frozen=True)
class Case:
    """One corpus document: ``id`` names it in test output and the known-failing list."""

    id: str
    seed: int
    layout: str
    fmt: str
    style: Style
    features: Features = field(default_factory=Features)
    truth: str | None = None  # a labelled plan from shared/groundtruth instead of a generated one
    variant: str | None = None  # fmt "txt": the seed's own text dump with SEED_TEXT_VARIANTS[variant] applied

    def plan(self, shared: Path | None = None) -> dict:
        if self.truth:
            if shared is None:
                raise ValueError(f"{self.id} needs the shared folder")
            return json.loads((shared / "groundtruth" / f"{self.truth}.json").read_text(encoding="utf-8"))
        features = replace(self.features, tasks=self.layout in TASK_LAYOUTS)
        return random_plan(self.seed, features)


def suite_cases() -> list[Case]:
    """Every layout x format x ruling once, except ODT and DOC (Word 97): one ruling per layout, as
    building them takes a LibreOffice conversion (and reading a DOC another). 98 documents of 12 to 30 measures."""
    out = []
    bundles = list(BUNDLES)
    for li, name in enumerate(LAYOUTS):
        for fi, fmt in enumerate(FORMATS):
            for ri, ruling in enumerate(RULINGS):
                if fmt in ONE_RULING and ri != (li + ONE_RULING[fmt]) % len(RULINGS):
                    continue
                seed = 1000 + 100 * li + 10 * fi + ri
                bundle = bundles[(li + fi + ri) % len(bundles)]
                style = Style(seed=seed, ruling=ruling, shade=ri == 1 or seed % 2 == 0, merge_same=seed % 3 == 0,
                              repeat_header=seed % 2 == 0, funding=("two", "one", "two", "none")[(li + ri) % 4],
                              shuffle=ri != 0, drop=seed % 3,
                              sheet_per_priority=fmt == "xlsx" and name in PER_PRIORITY and ri == 1,
                              header_every=8 if seed % 4 == 1 else 0, join_same=True)
                out.append(Case(f"{name}-{fmt}-{ruling}-{bundle}", seed, name, fmt, style, BUNDLES[bundle]))
    return out


def bench_cases() -> list[Case]:
    """The test cases, the ODT rulings they leave out, and each layout with 120 and 400 measures as
    DOCX, XLSX and PDF."""
    out = suite_cases()
    for li, name in enumerate(LAYOUTS):
        for ri, ruling in enumerate(RULINGS):
            if ri != li % len(RULINGS):
                seed = 1000 + 100 * li + 30 + ri
                bundle = list(BUNDLES)[(li + 3 + ri) % len(BUNDLES)]
                style = Style(seed=seed, ruling=ruling, shade=ri == 1, merge_same=seed % 3 == 0,
                              repeat_header=seed % 2 == 0, shuffle=ri != 0, drop=seed % 3)
                out.append(Case(f"{name}-odt-{ruling}-{bundle}", seed, name, "odt", style, BUNDLES[bundle]))
    big = Features(measures=120, uncoded=0.1, prefix=True, higher_goals=True, unnumbered_goals=True,
                    currency="mixed", long_cells=True, shared_rows=0.1)
    for li, name in enumerate(LAYOUTS):
        for size in (120, 400):
            for fmt in ("docx", "xlsx", "pdf"):
                seed = 5000 + 10 * li + size
                style = Style(seed=seed, ruling=RULINGS[(li + size) % 3], shade=True, merge_same=li % 2 == 0,
                              join_same=True)
                out.append(Case(f"{name}-{fmt}-{size}", seed, name, fmt, style, replace(big, measures=size)))
    return out


# The seeds' own layouts with the headers other municipalities use and the columns reordered.
SEED_LAYOUTS = {"kazanlak-2017-2020": ("goal_task", "two", 3), "tvarditsa-2024-2027": ("per_goal", "one", 0)}


SEED_FILES = {"kazanlak-2017-2020": "000_a29297c3ca37ad82.txt", "tvarditsa-2024-2027": "002_61ec8140535515d3.txt"}
# The seeds' own text dumps with their header cells worded the way other municipalities word them
# (a qualifier before or after the role word), or two columns swapped on every table row.
SEED_TEXT_VARIANTS = {
    "kazanlak-activities": ("kazanlak-2017-2020", {"Дейности": "Предвидени дейности"}, None),
    "kazanlak-period": ("kazanlak-2017-2020", {"Отговорна институция": "Отговорни структури",
                                               "Времеви период": "Срок на изпълнение",
                                               "Времени период": "Срок на изпълнение"}, None),
    "kazanlak-goals": ("kazanlak-2017-2020", {"Цели": "Стратегически цели", "Задачи": "Оперативни задачи",
                                              "Индикатори": "Индикатори за резултат"}, None),
    "kazanlak-swap": ("kazanlak-2017-2020", {}, (3, 4)),
    "tvarditsa-measures": ("tvarditsa-2024-2027", {"Мерки": "Предвидени мерки"}, None),
    "tvarditsa-period": ("tvarditsa-2024-2027", {"Мерки": "Мерки за изпълнение", "Срок": "Срок на изпълнение"},
                         None),
    "tvarditsa-bodies": ("tvarditsa-2024-2027", {"Отговорна институция": "Отговорни институции и партньори",
                                                 "Индикатори": "Индикатори за резултат"}, None),
    "tvarditsa-swap": ("tvarditsa-2024-2027", {}, (2, 3)),
}
HEADER_MARKS = {"kazanlak-2017-2020": ("Цели", "Задачи"), "tvarditsa-2024-2027": ("Мерки", "Статус")}


def seed_text(shared: Path, variant: str) -> bytes:
    """The seed's text dump with the variant's header words replaced (only on header rows: those with
    both of the seed's header marks) or two columns swapped on every row that reaches the first of them.

    The dump drops the empty first cell of some rows (Kazanlak's "1.2. Task | 1.2.1. Activity | ...",
    one cell to the left of its header), and the reader moves such rows back. A swap counts the columns
    of the header, so on such a row it swaps the cells one further left; the row is recognised by its
    activity code (a code of the truth) standing left of the column most rows hold it in. A row
    narrower than the header that shows no code (the rest of a cell, a cell lost somewhere) cannot be
    placed: it is left as it is (in Kazanlak the cells such a row would swap are its lost empty ones).
    """
    truth, words, swap = SEED_TEXT_VARIANTS[variant]
    lines = (shared / "seeds" / SEED_FILES[truth]).read_text(encoding="utf-8").split("\n")
    marks = HEADER_MARKS[truth]
    codes = {m["code"] for m in json.loads((shared / "groundtruth" / f"{truth}.json").read_text("utf-8"))["measures"]}
    positions = [_code_column(line.split("\t"), codes) for line in lines]
    usual = Counter(p for p in positions if p is not None).most_common(1)[0][0] if any(p is not None for p in positions) else 0
    width = max((len(line.split("\t")) for line in lines if all(m in line.split("\t") for m in marks)), default=0)
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if words and all(m in cells for m in marks):
            lines[i] = "\t".join(words.get(c.strip(), c) for c in cells)
        elif swap and len(cells) > min(swap) and (positions[i] is not None or len(cells) >= width):
            lost = max(0, usual - positions[i]) if positions[i] is not None else 0
            a, b = (k - lost for k in swap)
            cells += [""] * (b + 1 - len(cells))
            cells[a], cells[b] = cells[b], cells[a]
            lines[i] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8")


def _code_column(cells: list[str], codes: set) -> int | None:
    """The first cell opening with one of the measure codes, if any."""
    for k, cell in enumerate(cells):
        found = re.match(r"\s*(?:<p>)?\s*(\d+(?:\.\d+)+)", cell)
        if found and found.group(1).rstrip(".") in codes:
            return k
    return None


def seed_cases() -> list[Case]:
    """Both labelled seed plans, reworded and reordered: laid out as DOCX, XLSX and PDF, and as their own
    text dumps with reworded headers or swapped columns. Building them needs the shared folder."""
    out = [Case(f"seed-{variant}-txt", 0, "text", "txt", Style(), truth=SEED_TEXT_VARIANTS[variant][0],
                variant=variant) for variant in SEED_TEXT_VARIANTS]
    for k, (truth, (name, funding, drop)) in enumerate(SEED_LAYOUTS.items()):
        for fi, fmt in enumerate(("docx", "xlsx", "pdf")):
            seed = 7000 + 10 * k + fi
            style = Style(seed=seed, funding=funding, drop=drop, shuffle=fi != 0, shade=fi == 2)
            out.append(Case(f"seed-{truth.split('-')[0]}-{fmt}", seed, name, fmt, style, truth=truth))
    return out



def build(cases: list[Case], folder: Path, shared: Path | None = None) -> dict[str, tuple[Path, dict]]:
    """Write every case's document and truth into ``folder``: id -> (document path, expected plan-json)."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, tuple[Path, dict]] = {}
    to_convert: dict[str, list[str]] = {"pdf": [], "odt": [], "doc": []}
    for case in cases:
        plan = case.plan(shared)
        if case.variant:
            truth = expected(plan, {"task", *VALUE_ROLES})
            (folder / f"{case.id}.truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
            (folder / f"{case.id}.txt").write_bytes(seed_text(shared, case.variant))
            out[case.id] = (folder / f"{case.id}.txt", truth)
            continue
        blocks, truth = layout(plan, case.layout, case.style)
        (folder / f"{case.id}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
        if case.fmt == "xlsx":
            keep = any(len(p["name"]) > 31 for p in plan["priorities"])
            data = xlsx_from_blocks(blocks, case.style.sheet_per_priority, case.style.ruling, keep_headings=keep)
            (folder / f"{case.id}.xlsx").write_bytes(data)
        elif case.fmt == "html":  # a web page around the plan (render_html.py); no LibreOffice
            data = plan_page(blocks, plan["municipality"], case.style.seed, case.style.ruling)
            (folder / f"{case.id}.html").write_bytes(data)
        else:
            (folder / f"{case.id}.docx").write_bytes(docx_from_blocks(blocks, plan["municipality"],
                                                                      case.style.ruling))
            if case.fmt in to_convert:
                to_convert[case.fmt].append(case.id)
        out[case.id] = (folder / f"{case.id}.{case.fmt}", truth)
    for target, ids in to_convert.items():
        if ids:
            convert_many([folder / f"{i}.docx" for i in ids], target, folder)
    return out


def convert_many(sources: list[Path], target: str, outdir: Path, timeout: float = 900) -> None:
    """Convert ``sources`` to ``target`` into ``outdir`` with one LibreOffice run (its own profile)."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="pm-corpus-") as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(  # noqa: S603 - fixed program, arguments we build
            [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(outdir), *map(str, sources)],
            check=True, capture_output=True, timeout=timeout,
        )
    missing = [s.name for s in sources if not (outdir / f"{s.stem}.{target}").exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not convert {missing} to {target}")
