"""Speed and memory of reading plans from DOCX, PDF and XLSX, and of refusing bad files.

    .venv/bin/python bench/bench_formats.py [--copies 4] [--shared ../shared]

Builds a long plan (the labelled Kazanlak plan repeated ``--copies`` times,
about 18 pages each) as DOCX, as PDF through LibreOffice and as XLSX, then
prints for each: pages, seconds for ``read_plan`` (best of three), seconds
per page and the Python memory peak. Beside the PDF it prints the bare cost
of pdfplumber's ``extract_tables()`` over every page of the same file and the
ratio of the two: understanding the plan should cost little more than reading
its cells. Last, the time to refuse each kind of bad file.

Targets (issue 3): a 60-page DOCX under 2 s, a PDF under 0.3 s a page, memory
under 300 MB, every refusal under 1 s.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planmonitor.ingest import read_plan  # noqa: E402
from planmonitor.ingest.errors import IngestError  # noqa: E402
from tests.builders import bad_files, build_docx, build_xlsx  # noqa: E402
from tests.builders.office import convert  # noqa: E402
from tests.builders.plans import clean_plan, load_plan, long_plan  # noqa: E402


def best_of(runs: int, work) -> float:
    """The fastest of ``runs`` timings of ``work()``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(work) -> float:
    """Python's memory peak while ``work()`` runs, in MB."""
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def pdf_pages(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def bare_extract_tables(data: bytes) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()  # as the reader does, so both keep one page in memory


def refusal_seconds(data: bytes, name: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        read_plan(data, name)
    except IngestError as exc:
        return time.perf_counter() - start, exc.message("en")
    return time.perf_counter() - start, "NOT REFUSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()

    plan = long_plan(clean_plan(load_plan(args.shared, "kazanlak-2017-2020")), args.copies)
    docx_data = build_docx(plan, "kazanlak")
    pdf_data = convert(docx_data, "docx", "pdf")
    xlsx_data = build_xlsx(plan, "tvarditsa")
    pages = pdf_pages(pdf_data)
    print(f"plan: {len(plan['measures'])} measures, {pages} pages when printed")

    rows = [
        ("docx", docx_data, "long.docx", pages, 2.0 / 60),
        ("pdf", pdf_data, "long.pdf", pages, 0.3),
        ("xlsx", xlsx_data, "long.xlsx", None, None),
    ]
    print(f"{'format':6} {'pages':>5} {'seconds':>8} {'s/page':>7} {'peak MB':>8} {'measures':>8}  target")
    pdf_seconds = 0.0
    for name, data, filename, page_count, per_page_target in rows:
        seconds = best_of(3, lambda d=data, f=filename: read_plan(d, f))
        peak = peak_mb(lambda d=data, f=filename: read_plan(d, f))
        found = len(read_plan(data, filename).plan["measures"])
        per_page = f"{seconds / page_count:7.3f}" if page_count else "      -"
        target = f"< {per_page_target:.3f} s/page" if per_page_target else ""
        print(f"{name:6} {page_count or '-':>5} {seconds:8.3f} {per_page} {peak:8.1f} {found:8d}  {target}")
        if name == "pdf":
            pdf_seconds = seconds
    reading_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bare = best_of(3, lambda: bare_extract_tables(pdf_data))
    print(f"pdfplumber extract_tables() alone over {pages} pages: {bare:.3f} s "
          f"({bare / pages:.3f} s/page); read_plan / bare = {pdf_seconds / bare:.2f}")

    print("refusals (target < 1 s each):")
    with tempfile.TemporaryDirectory() as tmp:
        bomb = bad_files.write_zip_bomb(Path(tmp) / "bomb.docx", 256 * 1024 * 1024).read_bytes()
    bad = {
        "empty": b"",
        "png": bad_files.png_bytes(),
        "random binary": bytes(range(256)) * 400,
        "docx without tables": bad_files.docx_without_tables(),
        "corrupt pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
        "encrypted pdf": bad_files.encrypted_pdf(bad_files.docx_without_tables()),
        "encrypted docx": bad_files.encrypted_docx(),
        "scanned pdf": bad_files.scanned_pdf(),
        f"zip bomb ({len(bomb) // 1024} KB -> 256 MB)": bomb,
        "over size (60 MB)": b"x" * (60 * 1024 * 1024),
    }
    for label, data in bad.items():
        seconds, message = refusal_seconds(data, "bad")
        print(f"  {label:34} {seconds:7.4f} s  {message[:90]}")
    print(f"process peak resident memory while building and reading the three files: {reading_rss:.0f} MB "
          "(target < 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
