"""Time the yearly report, the district consolidation and the public portal on a district-sized dataset.

    .venv/bin/python bench/bench_reports.py [--clients 20] [--requests 20]

What it does, step by step:

1. uses the PostgreSQL database in ``DATABASE_URL`` (default: the monitoring
   benchmark's ``planmonitor_bench_monitoring``), migrates it and builds, once,
   the same dataset as ``bench_dashboard.py``: a district of 30 municipalities,
   each with an adopted plan of 150 measures and four years of reports in
   every state;
2. writes the yearly report of one 150-measure plan for 2025 as DOCX and as
   PDF, three times each, and prints the best and worst time (target: under
   5 s);
3. builds the district consolidation over the 30 municipalities for 2025
   (page data), then writes it as PDF, DOCX and XLSX, three times each; the
   consolidation plus each file must take under 30 s;
4. serves the application with waitress on a loopback port (debug off) and
   lets ``--clients`` threads (at most 64) fetch each public portal page of
   that plan (plan page, an earlier period, a measure page, the index)
   ``--requests`` times each (at most 500); prints the median and 95th
   percentile latency (target p95 under 200 ms; ``bench_portal.py`` runs this
   part alone).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _district_data import DEFAULT_DB, DISTRICT, prepare  # noqa: E402
from _load import load_arguments, serve, setup_django  # noqa: E402
from bench_portal import time_portal  # noqa: E402

REPORT_TARGET_S, DISTRICT_TARGET_S = 5.0, 30.0
YEAR = 2025


def timed(fn, repeat: int = 1) -> tuple[float, float, object]:
    """Best and worst wall time of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - began)
    return min(times), max(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args = load_arguments(parser, default_requests=20, argv=argv)
    setup_django(DEFAULT_DB)
    import django

    from planmonitor.accounts.models import District
    from planmonitor.plans.models import Plan
    from planmonitor.reports import data, district
    from planmonitor.reports.render import render_report

    prepare()
    the_district = District.objects.get(name=DISTRICT)
    plan = Plan.objects.filter(municipality__district=the_district).order_by("pk").first()
    period = data.period_for_year(plan, YEAR)
    measures = plan.measures.count()
    print(f"dataset: {the_district.municipalities.count()} municipalities; plan {plan.pk} with {measures} measures; "
          f"database {django.db.connection.vendor}", flush=True)

    failed = False
    for fmt in ("docx", "pdf"):
        best, worst, content = timed(lambda fmt=fmt: render_report(plan, period, fmt).content, repeat=3)
        met = worst < REPORT_TARGET_S
        failed |= not met
        print(f"yearly report {fmt}: best {best:.2f} s, worst {worst:.2f} s, {len(content) / 1024:.0f} KiB "
              f"(target < {REPORT_TARGET_S:.0f} s: {'met' if met else 'NOT met'})", flush=True)

    def consolidate():
        c = district.consolidate(the_district.pk, YEAR)
        district.page_tables(c)
        return c

    best, worst, c = timed(consolidate, repeat=2)
    print(f"district consolidation ({len(c.reports)} municipalities reported, {len(c.tables)} priority tables), "
          f"page data: best {best:.2f} s, worst {worst:.2f} s", flush=True)
    for fmt in district.FORMATS:  # each file is the consolidation plus its writer, as from the command line
        w_best, w_worst, content = timed(lambda fmt=fmt: district.render(c, fmt), repeat=3)
        met = worst + w_worst < DISTRICT_TARGET_S
        failed |= not met
        print(f"district report {fmt}: writing best {w_best:.2f} s, worst {w_worst:.2f} s, "
              f"{len(content) / 1024:.0f} KiB; with the consolidation worst {worst + w_worst:.2f} s "
              f"(target < {DISTRICT_TARGET_S:.0f} s: {'met' if met else 'NOT met'})", flush=True)

    server, port = serve(args.threads)
    try:
        failed |= not time_portal(plan, port, server.pid, args.clients, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
