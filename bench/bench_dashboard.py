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

Target: p95 under 200 ms. The district page is cached under a fingerprint of
the district's data (see ``selectors.district_overview``); its cold figure is
the uncached cost.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_plan_page import fetch, load_arguments, percentile, run_clients, serve, setup_django  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/planmonitor_bench_monitoring"
TARGET_P95_MS = 200.0
PLANS, MEASURES, YEARS = 30, 150, (2022, 2023, 2024, 2025)
DISTRICT = "Bench district"


def build_dataset() -> None:
    """Create the district-sized dataset once (bulk inserts; no audit rows, since no one acted)."""
    from planmonitor.accounts.models import District, Institution, Municipality, User
    from planmonitor.monitoring.models import Expenditure, IndicatorValue, ProgressReport, ReportingPeriod
    from planmonitor.plans.models import Funding, Indicator, Measure, Plan, Priority

    district, _ = District.objects.get_or_create(name=DISTRICT)
    if Plan.objects.filter(municipality__district=district).count() >= PLANS:
        return
    print(f"building {PLANS} plans x {MEASURES} measures x {len(YEARS)} years ...", flush=True)
    for p in range(PLANS):
        town = Municipality.objects.create(name=f"Bench town {p + 1:02d}", district=district)
        institutions = [Institution.objects.create(name=f"Bench institution {p}-{i}", municipality=town) for i in range(5)]
        plan = Plan.objects.create(municipality=town, title=f"Bench plan {p + 1}", period_start=YEARS[0],
                                   period_end=YEARS[-1] + 2, status=Plan.Status.ADOPTED)
        priorities = Priority.objects.bulk_create(
            [Priority(plan=plan, position=i + 1, name=f"Priority {i + 1}") for i in range(6)]
        )
        measures = Measure.objects.bulk_create([
            Measure(plan=plan, priority=priorities[i % 6], position=i + 1, code=f"{i + 1}.",
                    text=f"Bench measure {i + 1} of plan {p + 1}")
            for i in range(MEASURES)
        ])
        Measure.institutions.through.objects.bulk_create([
            Measure.institutions.through(measure_id=m.pk, institution_id=institutions[i % 5].pk)
            for i, m in enumerate(measures)
        ])
        indicators = Indicator.objects.bulk_create([
            ind for m in measures for ind in (
                Indicator(measure=m, position=1, name=f"Count {m.position}", baseline=Decimal(0), target=Decimal(200),
                          target_raw="200", cumulative=True),
                Indicator(measure=m, position=2, name=f"Level {m.position}", baseline=Decimal(2), target=Decimal(10),
                          target_raw="10", cumulative=False),
            )
        ])
        Funding.objects.bulk_create([
            Funding(measure=m, amount=Decimal(5000 + m.position), currency="BGN", source="Budget") for m in measures
        ])
        periods = ReportingPeriod.objects.bulk_create([
            ReportingPeriod(plan=plan, name=str(y), start=date(y, 1, 1), end=date(y, 12, 31),
                            deadline=date(y + 1, 1, 31),
                            status=ReportingPeriod.Status.OPEN if y == YEARS[-1] else ReportingPeriod.Status.CLOSED)
            for y in YEARS
        ])
        statuses = ["approved"] * 7 + ["submitted", "returned", "draft"]
        reports = ProgressReport.objects.bulk_create([
            ProgressReport(measure=m, period=per, status=statuses[(m.position + k) % 10] if k == len(YEARS) - 1 else "approved",
                           measure_status=["in_progress", "done", "partly_done"][m.position % 3], version=1,
                           done_text="Bench text", people_reached=10)
            for k, per in enumerate(periods) for m in measures
        ])
        by_measure = {}
        for ind in indicators:
            by_measure.setdefault(ind.measure_id, []).append(ind)
        IndicatorValue.objects.bulk_create([
            IndicatorValue(report=r, indicator=ind, value=Decimal(r.measure.position % 40), raw=str(r.measure.position % 40))
            for r in reports for ind in by_measure[r.measure_id]
        ])
        Expenditure.objects.bulk_create([
            Expenditure(report=r, source="Budget", amount=Decimal(900), currency="BGN") for r in reports
        ])
        if p == 0:
            coordinator = User.objects.create(username="bench-coordinator", role=User.Role.COORDINATOR, municipality=town)
            coordinator.set_unusable_password()
            coordinator.save(update_fields=["password"])
        print(f"  plan {p + 1}/{PLANS}", flush=True)
    user = User.objects.create(username="bench-district", role=User.Role.DISTRICT, district=district)
    user.set_unusable_password()
    user.save(update_fields=["password"])


def session_cookie(username: str) -> str:
    """A logged-in session for ``username``, stored in the database the server reads."""
    from django.conf import settings
    from django.test import Client

    from planmonitor.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measure_page(port: int, path: str, cookie: str, clients: int, requests: int, marker: bytes) -> dict:
    """Cold latency, then ``clients`` x ``requests`` warm GETs: median and p95 in ms."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cold = fetch(conn, path, marker, cookie)
    for _ in range(3):
        fetch(conn, path, marker, cookie)
    conn.close()
    latencies, wall = run_clients(port, path, clients, requests, marker=marker, cookie=cookie)
    return {"cold": cold, "n": len(latencies), "wall": wall, "median": statistics.median(latencies),
            "p95": percentile(latencies, 0.95)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args = load_arguments(parser, default_requests=20, argv=argv)
    setup_django(DEFAULT_DB)
    import django
    from django.core.management import call_command
    from django.urls import reverse

    from planmonitor.accounts.models import District, User
    from planmonitor.monitoring.models import ProgressReport

    call_command("migrate", interactive=False, verbosity=0)
    build_dataset()
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
            results.append((name, path, measure_page(port, path, cookie, args.clients, args.requests, marker)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"dataset: {PLANS} plans x {MEASURES} measures, {reports} reports, database {django.db.connection.vendor}")
    failed = False
    for name, path, r in results:
        met = r["p95"] < TARGET_P95_MS
        failed |= not met
        print(f"{name} {path}: cold {r['cold']:.1f} ms; {args.clients} clients x {args.requests} = {r['n']} requests "
              f"in {r['wall']:.2f} s ({r['n'] / r['wall']:.0f}/s); median {r['median']:.1f} ms, p95 {r['p95']:.1f} ms "
              f"(target p95 < {TARGET_P95_MS:.0f} ms: {'met' if met else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
