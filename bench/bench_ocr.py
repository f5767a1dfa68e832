"""Scanned PDFs: the reader with text recognition over the corpus's PDFs, scanned at 200 dpi.

    .venv/bin/python bench/bench_ocr.py [--only TEXT] [--keep DIR] [--cache DIR] [--wrong] [--skew DEGREES]

Builds the corpus PDFs of ``tests.builders.corpus.cases.suite_cases()`` (one
LibreOffice run), turns each into an image-only PDF (``tests/builders/scan.py``:
every page a 200 dpi grey image), reads it with ``read_plan`` and prints F1,
field accuracy, wrong fields without a warning, the number of pages and the
recognition time per page; then the totals. The target per document: F1 >= 0.95,
fields >= 0.90, 0 silent. ``--keep DIR`` keeps the built documents and scans
there and reuses them on the next run. ``--cache DIR`` keeps Tesseract's answer for
each page image there, so that a second run measures the reader after recognition
(the time per page is then not the recognition's). ``--wrong`` lists each wrong field.
``--skew 1.5`` turns every scanned page by 1.5 degrees, as paper fed askew comes out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.builders import scoring  # noqa: E402
from tests.builders.corpus.cases import build, suite_cases  # noqa: E402
from tests.builders.scan import scan_file  # noqa: E402

MIN_F1, MIN_FIELDS = 0.95, 0.90


def main() -> int:
    from planmonitor.ingest import read_plan
    from planmonitor.ingest.errors import IngestError

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only documents whose id contains this text")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (else a temporary one)")
    parser.add_argument("--cache", type=Path, help="keep Tesseract's answers here and reuse them")
    parser.add_argument("--wrong", action="store_true", help="list the wrong fields of each document")
    parser.add_argument("--skew", type=float, default=0.0, help="turn each scanned page by this many degrees")
    args = parser.parse_args()
    if args.cache:
        _cache_recognition(args.cache)
    cases = [c for c in suite_cases() if c.fmt == "pdf" and args.only in c.id]
    with tempfile.TemporaryDirectory(prefix="pm-ocr-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        missing = [c for c in cases if not (folder / f"{c.id}.pdf").exists()
                   or not (folder / f"{c.id}.truth.json").exists()]
        if missing:
            build(missing, folder)
        import json

        print(f"{'document':36} {'F1':>6} {'fields':>6} {'silent':>6} {'pages':>5} {'s/page':>6} {'warn':>5}  note")
        passed, pages_total, seconds_total = 0, 0, 0.0
        for case in cases:
            scan = scan_file(folder / f"{case.id}.pdf", skew=args.skew)
            truth = json.loads((folder / f"{case.id}.truth.json").read_text(encoding="utf-8"))
            pages = [0]
            start = time.perf_counter()
            try:
                plan = read_plan(scan.read_bytes(), scan.name,
                                 progress=lambda done, total, pages=pages: pages.__setitem__(0, total)).plan
                note = ""
            except IngestError as exc:
                plan, note = {"measures": [], "priorities": [], "warnings": []}, f"refused: {exc}"[:60]
            seconds = time.perf_counter() - start
            result = scoring.score(plan, truth)
            f1, fields, silent = result["measures"]["f1"], result["field_accuracy"], result["silent_wrong"]
            ok = f1 >= MIN_F1 and fields >= MIN_FIELDS and silent == 0
            passed += ok
            pages_total += pages[0]
            seconds_total += seconds
            per_page = seconds / pages[0] if pages[0] else 0.0
            print(f"{case.id:36} {f1:6.3f} {fields:6.3f} {silent:6d} {pages[0]:5d} {per_page:6.1f} "
                  f"{len(plan.get('warnings') or []):5d}  {'ok' if ok else note}", flush=True)
            if args.wrong:
                for line in [*result["wrong"], *(f"missing {m}" for m in result["missing"]),
                             *(f"extra {m}" for m in result["extra"])]:
                    print("    " + line)
    print(f"\npassing: {passed}/{len(cases)} (F1 >= {MIN_F1}, fields >= {MIN_FIELDS}, 0 silent wrong)")
    if pages_total:
        print(f"recognition and reading: {seconds_total / pages_total:.1f} s per page over {pages_total} pages")
    return 0


def _cache_recognition(folder: Path) -> None:
    """Wrap the reader's Tesseract call with a cache on disk, keyed by the image and the language."""
    import hashlib
    import pickle

    from planmonitor.ingest.readers import ocr
    from planmonitor.ingest.readers.ocr_tesseract import LANGUAGE

    folder.mkdir(parents=True, exist_ok=True)
    recognise = ocr.recognise

    def cached(png: bytes, program: str, timeout: float, filename: str, page: int, language: str = LANGUAGE,
               layout: str = "11"):
        key = hashlib.sha256(png + f"|{language}|{layout}".encode()).hexdigest()
        path = folder / f"{key}.pickle"
        if path.exists():
            return pickle.loads(path.read_bytes())  # noqa: S301 - our own cache
        words = recognise(png, program, timeout, filename, page, language, layout)
        path.write_bytes(pickle.dumps(words))
        return words

    ocr.recognise = cached


if __name__ == "__main__":
    sys.exit(main())
