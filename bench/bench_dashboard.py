"""Latency of the plan dashboard and the district page on a district-sized dataset, on PostgreSQL.

    .venv/bin/python bench/bench_dashboard.py            # DATABASE_URL defaults to planmonitor_bench_monitoring

What it does, step by step:

1. uses the PostgreSQL database in ``DATABASE_URL`` (default:
   ``planmonitor_bench_monitoring`` on 127.0.0.1:5432, created if missing) and
   migrates it;
2. builds, once, a district of 30 municipalities, each with an adopted plan of
   150 measures (6 priorities, two indicators and one funding line per
   measure), four yearly reporting periods and a report per measure and
   year (mostly approved, some submitted, returned or draft) with indicator
   values and money spent: 18 000 reports;
3. serves the application with waitress in a process of its own on a free
   loopback port, debug off;
4. for each page (one plan's dashboard as its coordinator, the district
   comparison as the district coordinator) times one cold request, then lets
   20 client threads, each on its own keep-alive connection with its own
   session, fetch it ``--requests`` times; prints median and 95th-percentile
   latency and throughput.

Target: p95 under 200 ms. The district page is cached under the revisions of
the district's plans (``plans.revision``); its cold figure is
the uncached cost.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _district_data import DEFAULT_DB, DISTRICT, MEASURES, PLANS, prepare  # noqa: E402
from _load import fetch, load_arguments, percentile, process_cpu, run_clients, serve, setup_django  # noqa: E402

TARGET_P95_MS = 200.0


def session_cookie(username: str) -> str:
    """A logged-in session for ``username``, stored in the database the server reads."""
    from django.conf import settings
    from django.test import Client

    from planmonitor.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measure_page(
    port: int, server_pid: int, path: str, cookie: str, clients: int, requests: int, marker: bytes
) -> dict:
    """Cold latency, then ``clients`` x ``requests`` warm GETs: median and p95 in ms, server CPU per request."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cold = fetch(conn, path, marker, cookie)
    for _ in range(3):
        fetch(conn, path, marker, cookie)
    conn.close()
    cpu_before = process_cpu(server_pid)
    latencies, wall = run_clients(port, path, clients, requests, marker=marker, cookie=cookie)
    cpu = process_cpu(server_pid) - cpu_before
    return {"cold": cold, "n": len(latencies), "wall": wall, "median": statistics.median(latencies),
            "p95": percentile(latencies, 0.95), "cpu_ms": cpu / len(latencies) * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args = load_arguments(parser, default_requests=20, argv=argv)
    setup_django(DEFAULT_DB)
    import django
    from django.urls import reverse

    from planmonitor.accounts.models import District, User
    from planmonitor.monitoring.models import ProgressReport

    prepare()
    district = District.objects.get(name=DISTRICT)
    coordinator = User.objects.get(username="bench-coordinator")
    plan = coordinator.municipality.plans.get()
    pages = [
        ("plan dashboard", reverse("monitoring:dashboard", args=[plan.pk]), session_cookie("bench-coordinator"),
         b"table class=\"indicators\""),
        ("district page", reverse("monitoring:district", args=[district.pk]), session_cookie("bench-district"),
         b"table class=\"district\""),
    ]
    reports = ProgressReport.objects.filter(measure__plan__municipality__district=district).count()
    server, port = serve(args.threads)
    results = []
    try:
        for name, path, cookie, marker in pages:
            results.append((name, path, measure_page(port, server.pid, path, cookie, args.clients, args.requests,
                                                     marker)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"dataset: {PLANS} plans x {MEASURES} measures, {reports} reports, database {django.db.connection.vendor}")
    failed = False
    for name, path, r in results:
        met = r["p95"] < TARGET_P95_MS
        failed |= not met
        print(f"{name} {path}: cold {r['cold']:.1f} ms; {args.clients} clients x {args.requests} = {r['n']} requests "
              f"in {r['wall']:.2f} s ({r['n'] / r['wall']:.0f}/s, server CPU {r['cpu_ms']:.1f} ms per request); median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms "
              f"(target p95 < {TARGET_P95_MS:.0f} ms: {'met' if met else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
