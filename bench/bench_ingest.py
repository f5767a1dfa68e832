"""Accuracy and speed of the reader on the two seed plans.

    .venv/bin/python bench/bench_ingest.py [--repeat 5]

For each seed: measure F1 and field accuracy by the shared scorer
(``shared/tools/score_plan.py``), the import time (best and median of
``--repeat`` runs; target < 0.3 s), and the peak memory Python allocated during
one import (tracemalloc) beside the process's peak resident size. Exits 1 when
a seed falls under the targets (F1 0.99, fields 0.97, 0.3 s).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planmonitor.ingest import read_plan  # noqa: E402

SHARED = Path(os.environ.get("PLANMONITOR_SHARED", ROOT.parent / "shared"))
SEEDS = {"kazanlak-2017-2020": "000_a29297c3ca37ad82.txt", "tvarditsa-2024-2027": "002_61ec8140535515d3.txt"}
TARGET_F1, TARGET_FIELDS, TARGET_SECONDS = 0.99, 0.97, 0.3


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_plan", SHARED / "tools" / "score_plan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scorer = load_scorer()
    ok = True
    print(f"{'seed':22} {'F1':>6} {'fields':>7} {'goals':>6} {'best s':>7} {'median s':>9} {'peak MiB':>9}  warnings")
    for truth_name, seed in SEEDS.items():
        data = (SHARED / "seeds" / seed).read_bytes()
        truth = json.loads((SHARED / "groundtruth" / f"{truth_name}.json").read_text(encoding="utf-8"))
        times = []
        for _ in range(max(args.repeat, 1)):
            start = time.perf_counter()
            result = read_plan(data, seed)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        read_plan(data, seed)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        score = scorer.score(result.plan, truth)
        f1, fields = score["measures"]["f1"], score["field_accuracy"]
        best, median = min(times), statistics.median(times)
        print(f"{truth_name:22} {f1:6.3f} {fields:7.3f} {score['goal_recall']:6.3f} {best:7.3f} {median:9.3f} "
              f"{peak / 2**20:9.1f}  {len(result.warnings)}")
        ok = ok and f1 >= TARGET_F1 and fields >= TARGET_FIELDS and median < TARGET_SECONDS
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident size: {rss:.0f} MiB")
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
