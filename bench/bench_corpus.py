"""The reader over the generated corpus: a table per document, layout and format.

    .venv/bin/python bench/bench_corpus.py [--small | --big] [--only TEXT] [--keep DIR] [--shared ../shared]

Builds ``tests.builders.corpus.cases.bench_cases()`` (the test suite's 84+
documents plus each layout with 120 and 400 measures as DOCX, XLSX and PDF;
``--small`` only the test suite's) and the reworded seed plans when
``--shared`` exists, reads each with ``read_plan`` and prints F1, field
accuracy, wrong fields without a warning, measures in the truth and read,
reading time and what went wrong; then the pass rate per layout and per
format. The target for every document: F1 >= 0.99, fields >= 0.97, 0 silent.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders.corpus.cases import bench_cases, build, seed_cases, suite_cases  # noqa: E402
from tests.builders.corpus.report import read_and_score  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="only the test suite's documents")
    parser.add_argument("--big", action="store_true", help="only the 120- and 400-measure documents")
    parser.add_argument("--only", default="", help="only documents whose id contains this text")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (else a temporary one)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    shared = args.shared if (args.shared / "groundtruth").is_dir() else None
    cases = (suite_cases() if args.small else bench_cases()) + (seed_cases() if shared else [])
    cases = [c for c in cases if args.only in c.id and (not args.big or c.features.measures >= 120)]
    with tempfile.TemporaryDirectory(prefix="pm-corpus-") as tmp:
        folder = args.keep or Path(tmp)
        start = time.perf_counter()
        built = build(cases, folder, shared)
        print(f"built {len(built)} documents in {time.perf_counter() - start:.0f} s into {folder}", flush=True)
        print(f"{'document':44} {'layout':12} {'fmt':5} {'F1':>6} {'fields':>6} {'silent':>6} {'truth':>5} "
              f"{'read':>5} {'s':>5}  why")
        by: dict[str, dict[str, list[bool]]] = {"layout": defaultdict(list), "format": defaultdict(list)}
        for case in cases:
            path, truth = built[case.id]
            out = read_and_score(path, truth)
            by["layout"][case.layout].append(out.passed)
            by["format"][case.fmt].append(out.passed)
            print(f"{case.id:44} {case.layout:12} {case.fmt:5} {out.f1:6.3f} {out.fields:6.3f} {out.silent:6d} "
                  f"{out.truth:5d} {out.read:5d} {out.seconds:5.1f}  {'ok' if out.passed else out.why}", flush=True)
    for kind, groups in by.items():
        print(f"\npassing per {kind}: " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in groups.items()))
    everything = [p for v in by["format"].values() for p in v]
    print(f"passing: {sum(everything)}/{len(everything)} (F1 >= 0.99, fields >= 0.97, 0 silent wrong)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
