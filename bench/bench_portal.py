"""Latency of the public portal's plan page and measure page under 20 clients, on PostgreSQL.

    .venv/bin/python bench/bench_portal.py [--clients 20] [--requests 25]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/planmonitor_bench_portal .venv/bin/python bench/bench_portal.py

What it does, step by step:

1. uses the PostgreSQL database in ``DATABASE_URL`` (default: the monitoring
   benchmark's ``planmonitor_bench_monitoring``), migrates it and builds, once,
   the dataset of ``bench_dashboard.py``: 30 municipalities, each with an
   adopted plan of 150 measures and four years of reports in every state;
2. serves the application with waitress in a process of its own (debug off);
3. for each portal page of the first plan (the plan page on its default
   period, the plan page on an earlier period, one measure page, the index)
   times one cold request (nothing cached: the plan's data is gathered and
   the page rendered), then lets ``--clients`` threads, each on its own
   keep-alive connection and without cookies (anonymous visitors), fetch it
   ``--requests`` times; prints median and 95th percentile;
4. raises the plan's revision (``plans.revision.bump``, as every service
   changing the plan or its monitoring does) and times the first plan page
   after it: the page cache follows the plan's revision, so this request
   pays for gathering and rendering again.

Target: p95 under 200 ms for the plan page and the measure page (2 cores).
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _district_data import DEFAULT_DB, DISTRICT, prepare  # noqa: E402
from _load import fetch, load_arguments, percentile, process_cpu, run_clients, serve, setup_django  # noqa: E402

TARGET_P95_MS = 200.0


def portal_pages(plan) -> list[tuple[str, str, bytes, bool]]:
    """(name, path, a marker the page must hold, whether the target applies) for the portal pages of ``plan``."""
    periods = list(plan.periods.order_by("end"))
    measure = plan.measures.order_by("position").first()
    return [
        ("plan page", f"/portal/plans/{plan.pk}/", f'id="m{measure.pk}"'.encode(), True),
        ("plan page, earlier period", f"/portal/plans/{plan.pk}/?period={periods[0].pk}",
         f'id="m{measure.pk}"'.encode(), True),
        ("measure page", f"/portal/plans/{plan.pk}/measures/{measure.pk}/", f'id="p{periods[-1].pk}"'.encode(), True),
        ("portal index", "/portal/", f"/portal/plans/{plan.pk}/".encode(), False),
    ]


def time_portal(plan, port: int, server_pid: int, clients: int, requests: int) -> bool:
    """Print cold and loaded latencies of every portal page of ``plan``; True when every target is met."""
    from django.db import transaction

    from planmonitor.plans.revision import bump

    met_all = True
    for name, path, marker, targeted in portal_pages(plan):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        cold = fetch(conn, path, marker)
        conn.close()
        cpu_before = process_cpu(server_pid)
        latencies, wall = run_clients(port, path, clients, requests, marker=marker)
        cpu = process_cpu(server_pid) - cpu_before
        p95 = percentile(latencies, 0.95)
        verdict = ""
        if targeted:
            met = p95 < TARGET_P95_MS
            met_all &= met
            verdict = f" (target p95 < {TARGET_P95_MS:.0f} ms: {'met' if met else 'NOT met'})"
        print(f"{name} {path}: cold {cold:.1f} ms; {clients} clients x {requests} = {len(latencies)} requests in "
              f"{wall:.2f} s ({len(latencies) / wall:.0f}/s, server CPU {cpu / len(latencies) * 1000:.1f} ms "
              f"per request); median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms{verdict}", flush=True)
    with transaction.atomic():
        bump(plan.pk)
    name, path, marker, _targeted = portal_pages(plan)[0]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    after = fetch(conn, path, marker)
    again = fetch(conn, path, marker)
    conn.close()
    print(f"{name} after the plan changed: first request {after:.1f} ms (gathers and renders again), "
          f"next {again:.1f} ms", flush=True)
    return met_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args = load_arguments(parser, default_requests=25, argv=argv)
    setup_django(DEFAULT_DB)
    import django

    from planmonitor.plans.models import Plan

    prepare()
    plan = Plan.objects.filter(municipality__district__name=DISTRICT).order_by("pk").first()
    print(f"plan {plan.pk}: {plan.measures.count()} measures, {plan.periods.count()} reporting periods; "
          f"database {django.db.connection.vendor}", flush=True)
    server, port = serve(args.threads)
    try:
        met = time_portal(plan, port, server.pid, args.clients, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
