"""Accuracy of reading each layout in each format: measure F1 and field accuracy.

    .venv/bin/python bench/score_formats.py [--shared ../shared] [--no-pdf]

Builds both labelled plans in every layout of ``tests/builders/layouts.py``
as DOCX, XLSX (one sheet, and a sheet per priority where the layout allows)
and PDF (ruled, and unruled), imports each with ``read_plan`` and scores it
with ``shared/tools/score_plan.py`` against what that layout can show.
The test suite asserts >= 0.95 on the same cases (``tests/ingest/test_formats.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planmonitor.ingest import read_plan  # noqa: E402
from tests.builders import build_docx, build_pdf, build_xlsx  # noqa: E402
from tests.builders.plans import LAYOUTS, clean_plan, expected_plan, load_plan  # noqa: E402

PLANS = {"kazanlak": "kazanlak-2017-2020", "tvarditsa": "tvarditsa-2024-2027"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF cases (LibreOffice is slow)")
    args = parser.parse_args()
    spec = importlib.util.spec_from_file_location("score_plan", args.shared / "tools" / "score_plan.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)

    formats = {
        "docx": lambda plan, layout: build_docx(plan, layout),
        "xlsx": lambda plan, layout: build_xlsx(plan, layout),
        "xlsx-sheets": lambda plan, layout: None if layout == "variant" else build_xlsx(plan, layout, True),
    }
    if not args.no_pdf:
        formats["pdf"] = lambda plan, layout: build_pdf(plan, layout)
        formats["pdf-unruled"] = lambda plan, layout: build_pdf(plan, layout, ruled=False)
    print(f"{'plan':10} {'layout':10} {'format':12} {'F1':>6} {'fields':>7} {'read s':>7}")
    worst = 1.0
    for key, name in PLANS.items():
        plan = clean_plan(load_plan(args.shared, name))
        for layout in LAYOUTS:
            for fmt, build in formats.items():
                data = build(plan, layout)
                if data is None:
                    continue
                start = time.perf_counter()
                result = read_plan(data, f"{key}-{layout}.{fmt.split('-')[0]}")
                seconds = time.perf_counter() - start
                score = scorer.score(result.plan, expected_plan(plan, layout))
                f1, fields = score["measures"]["f1"], score["field_accuracy"]
                worst = min(worst, f1, fields)
                print(f"{key:10} {layout:10} {fmt:12} {f1:6.3f} {fields:7.3f} {seconds:7.2f}")
    print(f"lowest figure: {worst:.3f} (target >= 0.95)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
