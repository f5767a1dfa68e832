"""Compare the PDF engines on the same report data, then time `planmonitor report` as a whole process.

    .venv/bin/python bench/bench_pdf_engines.py            # needs PostgreSQL (DATABASE_URL or the default)
    pip install weasyprint                                 # for the WeasyPrint column (optional)

What it does, step by step:

1. builds (once) the benchmark dataset of ``_district_data.py``: a district of
   30 municipalities with plans of 150 measures, and one plan of 400 measures,
   with four years of reports;
2. gathers the 2025 report data of a 150-measure and the 400-measure plan
   once, then lays each out as PDF three times with each engine: Typst (what
   planmonitor uses, ``reports/typst_report.py``) and WeasyPrint (the HTML/CSS
   path planmonitor used before, kept in ``bench/weasyprint_engine/``), and
   prints the best and worst time, pages and size of each; the same for the
   district consolidation of 30 municipalities;
3. runs ``planmonitor report`` as a whole process, as a person does (Python
   start, Django, the database, the layout, the file), three times for each of:
   yearly PDF and DOCX of 150 and 400 measures, the district PDF; prints wall
   time and CPU time against the targets (150 measures <= 1.5 s, 400 <= 4 s,
   district of 30 <= 3 s).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _district_data import DEFAULT_DB, DISTRICT, LARGE_DISTRICT, prepare  # noqa: E402
from _load import setup_django  # noqa: E402

YEAR = 2025
TARGETS = {"yearly 150": 1.5, "yearly 400": 4.0, "district 30": 3.0}


def timed(fn, repeat: int = 3) -> tuple[float, float, bytes]:
    times, result = [], b""
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return min(times), max(times), result


def pages(pdf: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def whole_process(args: list[str], repeat: int = 3) -> tuple[float, float, float]:
    """Best and worst wall time and the best CPU time (user + system) of ``planmonitor *args``."""
    command = [str(Path(sys.executable).with_name("planmonitor")), *args]
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=os.environ.copy(), timeout=600)  # noqa: S603
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return min(walls), max(walls), min(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django(DEFAULT_DB)
    from django.utils import translation

    from planmonitor.accounts.models import District
    from planmonitor.plans.models import Plan
    from planmonitor.reports import data, district, typst_report

    prepare()
    plans = {
        "yearly 150": Plan.objects.filter(municipality__district__name=DISTRICT).order_by("pk").first(),
        "yearly 400": Plan.objects.filter(municipality__district__name=LARGE_DISTRICT).order_by("pk").first(),
    }
    try:
        from weasyprint_engine import district as weasy_district
        from weasyprint_engine import engine as weasy
    except ImportError:  # WeasyPrint is not installed: Typst alone
        weasy = weasy_district = None

    print("== PDF engines, layout only (the same data for both)")
    for label, plan in plans.items():
        with translation.override("bg"):
            report = data.gather(plan, data.period_for_year(plan, YEAR))
        engines = [("typst", lambda r=report: typst_report.render_pdf(r))]
        if weasy:
            engines.append(("weasyprint", lambda r=report: weasy.render_pdf(r)))
        for engine, fn in engines:
            best, worst, pdf = timed(fn, args.repeat)
            print(f"{label} measures, {engine:10}: best {best:.2f} s, worst {worst:.2f} s, "
                  f"{pages(pdf)} pages, {len(pdf) / 1024:.0f} KiB", flush=True)
    the_district = District.objects.get(name=DISTRICT)
    consolidation = district.consolidate(the_district.pk, YEAR)
    engines = [("typst", lambda: district.render(consolidation, "pdf"))]
    if weasy_district:
        engines.append(("weasyprint", lambda: weasy_district.render_pdf(consolidation)))
    for engine, fn in engines:
        best, worst, pdf = timed(fn, args.repeat)
        print(f"district 30, {engine:10}: best {best:.2f} s, worst {worst:.2f} s, {pages(pdf)} pages", flush=True)

    print("== planmonitor report as a whole process (wall; CPU)")
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for label, plan in plans.items():
            for fmt in ("pdf", "docx"):
                runs.append((f"{label} {fmt}", label if fmt == "pdf" else None,
                             ["report", str(plan.pk), "--year", str(YEAR), "--format", fmt, "-o", f"{tmp}/r.{fmt}"]))
        runs.append(("district 30 pdf", "district 30",
                     ["report", "--district", DISTRICT, "--year", str(YEAR), "--format", "pdf", "-o", f"{tmp}/d.pdf"]))
        failed = False
        for label, target_key, command in runs:
            best, worst, cpu = whole_process(command, args.repeat)
            target = TARGETS.get(target_key or "")
            verdict = ""
            if target:
                met = worst <= target
                failed |= not met
                verdict = f" (target <= {target:.1f} s: {'met' if met else 'NOT met'})"
            print(f"{label:18}: best {best:.2f} s, worst {worst:.2f} s, CPU {cpu:.2f} s{verdict}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
