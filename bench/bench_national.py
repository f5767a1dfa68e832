"""Time the national consolidation on a national-sized dataset, as a person runs it.

    .venv/bin/python bench/bench_national.py      # needs PostgreSQL (DATABASE_URL or the default below)

What it does, step by step:

1. uses its own PostgreSQL database (default ``planmonitor_bench_national``),
   migrates it and builds, once, every municipality of the national register
   (28 districts, 265 municipalities), each with an adopted plan of 150
   measures and four years of reports in every state (about 40,000 measures;
   the first run takes some minutes);
2. builds the national consolidation for 2025 in-process and prints its time
   and the process's peak memory;
3. runs ``planmonitor report --national --year 2025`` as a whole process for
   PDF, DOCX and XLSX and prints wall and CPU time (target: 20 s).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _district_data import MEASURES, build_plan  # noqa: E402
from _load import setup_django  # noqa: E402
from bench_pdf_engines import whole_process  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/planmonitor_bench_national"
YEAR, TARGET_S = 2025, 20.0


def build_country() -> None:
    """Every municipality of the register with a plan, once."""
    from django.core.management import call_command

    from planmonitor.accounts import registry
    from planmonitor.accounts.models import District, Municipality

    call_command("migrate", interactive=False, verbosity=0)
    number = 0
    for name in registry.districts():
        district, _ = District.objects.get_or_create(name=name)
        for municipality in registry.municipalities(name):
            number += 1
            if Municipality.objects.filter(name=municipality, district=district).exists():
                continue
            build_plan(district, number, MEASURES, name=municipality)
        print(f"  {name}: {district.municipalities.count()} municipalities", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    setup_django(DEFAULT_DB)
    from planmonitor.reports.national import consolidate_national

    build_country()
    began = time.perf_counter()
    c = consolidate_national(YEAR)
    elapsed = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"national consolidation in-process: {elapsed:.1f} s, {c.municipalities} municipalities, "
          f"{sum(t.totals.measures for t in c.tables)} measures; peak memory {peak:.0f} MiB", flush=True)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("pdf", "docx", "xlsx"):
            best, worst, cpu = whole_process(
                ["report", "--national", "--year", str(YEAR), "--format", fmt, "-o", f"{tmp}/n.{fmt}"], args.repeat
            )
            met = worst <= TARGET_S
            failed |= not met
            print(f"national {fmt}: best {best:.1f} s, worst {worst:.1f} s, CPU {cpu:.1f} s "
                  f"(target <= {TARGET_S:.0f} s: {'met' if met else 'NOT met'})", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
