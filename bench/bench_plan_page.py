"""Latency of the plan page with the Kazanlak plan loaded, under 20 concurrent clients, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/planmonitor_bench .venv/bin/python bench/bench_plan_page.py

What it does, step by step:

1. uses the PostgreSQL database in ``DATABASE_URL`` (default: ``planmonitor_bench`` on
   127.0.0.1:5432, created if missing), migrates it, and imports the labelled
   Kazanlak plan (116 measures) as an adopted plan unless it is already there;
2. serves the application with waitress (a multi-threaded WSGI server) in a
   process of its own, on a free loopback port, with debug off;
3. times one cold request (nothing cached), then lets 20 client threads, each on
   its own keep-alive connection, fetch the anonymous plan page ``--requests``
   times as a browser does (accepting gzip; the time includes unpacking it).
   An anonymous visitor of the staff address ``/plans/<id>/`` is sent to the
   portal's page of the plan (issue 10), so the page timed is ``/portal/plans/<id>/``;
   prints median and 95th-percentile latency and the throughput.

Target: p95 under 150 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import fetch, load_arguments, percentile, process_cpu, run_clients, serve, setup_django  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/planmonitor_bench"
DEFAULT_PLAN = ROOT.parent / "shared" / "groundtruth" / "kazanlak-2017-2020.json"
TARGET_P95_MS = 150.0


def load_plan(path: Path) -> int:
    """Migrate and import the plan (adopted) once; return its id."""
    from django.core.management import call_command

    from planmonitor.plans.models import Plan
    from planmonitor.plans.services import import_plan

    call_command("migrate", interactive=False, verbosity=0)
    plan_json = json.loads(path.read_text(encoding="utf-8"))
    found = Plan.objects.filter(title=plan_json["title"].strip()).first()
    if found is None:
        found = import_plan(plan_json, actor=None, status="adopted", district_name="Стара Загора", source_file=path.name)
    return found.pk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plan", type=Path, default=DEFAULT_PLAN, help="plan-json file to load (Kazanlak)")
    args = load_arguments(parser, default_requests=25, argv=argv)
    setup_django(DEFAULT_DB)
    import django
    from django.core.cache import cache

    from planmonitor.plans.models import Plan

    plan_id = load_plan(args.plan)
    plan = Plan.objects.get(pk=plan_id)
    path = f"/portal/plans/{plan_id}/"  # where /plans/<id>/ sends an anonymous visitor
    marker = f'id="m{plan.measures.order_by("position").first().pk}"'.encode()  # the first measure is there
    cache.clear()  # a local cache; the server process starts with its own, empty
    server, port = serve(args.threads)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cold = fetch(conn, path, marker)
        for _ in range(5):
            fetch(conn, path, marker)
        conn.close()
        server_cpu_before, client_cpu_before = process_cpu(server.pid), time.process_time()
        latencies, wall = run_clients(port, path, args.clients, args.requests, marker=marker)
        server_cpu, client_cpu = process_cpu(server.pid) - server_cpu_before, time.process_time() - client_cpu_before
    finally:
        server.terminate()
        server.wait(timeout=10)
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"plan page {path}: {plan.measures.count()} measures, database {django.db.connection.vendor}")
    print(f"cold (nothing cached): {cold:.1f} ms")
    print(f"{args.clients} clients x {args.requests} requests = {len(latencies)} requests in {wall:.2f} s "
          f"({len(latencies) / wall:.0f} requests/s)")
    print(f"CPU used: server {server_cpu:.2f} s, clients {client_cpu:.2f} s (of {wall:.2f} s on {os.cpu_count()} cores); "
          f"server CPU {server_cpu / len(latencies) * 1000:.2f} ms per request (holds from machine to machine)")
    print(f"median {median:.1f} ms, p95 {p95:.1f} ms (target p95 < {TARGET_P95_MS:.0f} ms: "
          f"{'met' if p95 < TARGET_P95_MS else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
