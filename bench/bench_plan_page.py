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
   times as a browser does (accepting gzip; the time includes unpacking it);
   prints median and 95th-percentile latency and the throughput.

Target: p95 under 150 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/planmonitor_bench"
DEFAULT_PLAN = ROOT.parent / "shared" / "groundtruth" / "kazanlak-2017-2020.json"
TARGET_P95_MS = 150.0


def ensure_database(url: str) -> None:
    """Create the benchmark database on the server if it does not exist yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(threads: int) -> tuple[subprocess.Popen, int]:
    """Start waitress in its own process (its own interpreter lock) on a free loopback port."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "waitress", "--host=127.0.0.1", f"--port={port}", f"--threads={threads}",
         "--connection-limit=200", "planmonitor.wsgi:application"],
        env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def fetch(conn: http.client.HTTPConnection, path: str, marker: bytes = b"measure-title", cookie: str = "") -> float:
    """One GET on a kept-alive connection; its latency in ms. A page without ``marker`` is an error.

    Shared by every load benchmark (plan page, dashboards, portal) so they measure the same way.
    """
    headers = {"Accept-Encoding": "gzip", "Accept-Language": "bg"}
    if cookie:
        headers["Cookie"] = cookie
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    if response.getheader("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200 or marker not in body:
        raise RuntimeError(f"unexpected response {response.status} for {path}")
    return elapsed


def run_clients(
    port: int, path: str, clients: int, requests: int, marker: bytes = b"measure-title", cookie: str = ""
) -> tuple[list[float], float]:
    """``clients`` threads, each fetching ``path`` ``requests`` times; all latencies and the wall time."""
    latencies: list[float] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        start_gate.wait()
        for _ in range(requests):
            mine.append(fetch(conn, path, marker, cookie))
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def load_arguments(
    parser: argparse.ArgumentParser, default_requests: int, argv: list[str] | None = None
) -> argparse.Namespace:
    """The options every load benchmark shares, parsed and bounded (loads stay small and local)."""
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument(
        "--requests", type=int, default=default_requests, help=f"requests per client (default {default_requests})"
    )
    parser.add_argument("--threads", type=int, default=8, help="server threads (default 8)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64:
        parser.error("--clients must be between 1 and 64")
    if not 1 <= args.requests <= 500:
        parser.error("--requests must be between 1 and 500")
    return args


def setup_django(default_db: str) -> None:
    """Point Django at the benchmark database (created if missing) in production mode, and start it."""
    os.environ.setdefault("DATABASE_URL", default_db)
    os.environ.setdefault("PLANMONITOR_DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + os.urandom(16).hex())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planmonitor.settings")
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        print("warning: DATABASE_URL is not PostgreSQL; the target is stated for PostgreSQL", file=sys.stderr)
    else:
        ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


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
    path = f"/plans/{plan_id}/"
    cache.clear()  # a local cache; the server process starts with its own, empty
    server, port = serve(args.threads)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cold = fetch(conn, path)
        for _ in range(5):
            fetch(conn, path)
        conn.close()
        server_cpu_before, client_cpu_before = process_cpu(server.pid), time.process_time()
        latencies, wall = run_clients(port, path, args.clients, args.requests)
        server_cpu, client_cpu = process_cpu(server.pid) - server_cpu_before, time.process_time() - client_cpu_before
    finally:
        server.terminate()
        server.wait(timeout=10)
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"plan page {path}: {plan.measures.count()} measures, database {django.db.connection.vendor}")
    print(f"cold (nothing cached): {cold:.1f} ms")
    print(f"{args.clients} clients x {args.requests} requests = {len(latencies)} requests in {wall:.2f} s "
          f"({len(latencies) / wall:.0f} requests/s)")
    print(f"CPU used: server {server_cpu:.2f} s, clients {client_cpu:.2f} s (of {wall:.2f} s on {os.cpu_count()} cores)")
    print(f"median {median:.1f} ms, p95 {p95:.1f} ms (target p95 < {TARGET_P95_MS:.0f} ms: "
          f"{'met' if p95 < TARGET_P95_MS else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
