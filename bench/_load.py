"""What the load benchmarks share: a benchmark database, a waitress server, client threads, percentiles.

``bench_plan_page.py``, ``bench_dashboard.py``, ``bench_portal.py`` and
``bench_reports.py`` import it (they put ``bench/`` on ``sys.path``, as a
script's own folder is). Not a benchmark itself.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
