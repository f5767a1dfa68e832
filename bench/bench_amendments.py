"""Concurrent amendments on PostgreSQL: how many updates are lost (the target is 0).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/planmonitor_bench_amendments \\
        .venv/bin/python bench/bench_amendments.py [--rounds 20] [--clients 4]

What it does, step by step:

1. uses the PostgreSQL database in ``DATABASE_URL`` (default
   ``planmonitor_bench_amendments``, created if missing), migrates it and
   imports a fictional plan of 12 measures (a new one on every run);
2. each round, ``--clients`` threads (each with its own connection) amend
   **the same measure** at once, all from an edit form opened at the same
   content (the same ``loaded`` fingerprint, as two people who opened the
   form together): exactly one may succeed, every other one must be told
   (``MeasureConflict``); then ``--clients`` threads amend **different
   measures** at once: all must succeed and every one of their texts must be
   in the plan afterwards;
3. counts lost updates: a second success on the same measure, a text that
   is not the winner's, a different-measure amendment whose text is gone, or
   a version number that does not add up; prints them with the conflicts
   reported and the time taken.

``concurrent_amendments()`` returns the figures as a dict, so a wider
reliability benchmark can import and print it.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/planmonitor_bench_amendments"
MEASURES = 12


def _plan_json(title: str) -> dict:
    return {
        "format": "plan-json/1", "title": title, "municipality": "Бенчово", "period": {"start": 2025, "end": 2028},
        "priorities": [{"name": "Образование", "operational_objective": None, "goals": []}],
        "measures": [
            {"code": f"1.{n}", "text": f"Мярка {n}", "priority": "Образование", "goal": None, "task": None,
             "responsible": "Община", "period": {"raw": None, "start": None, "end": None}, "status": None,
             "funding": {"amount_raw": None, "amount": None, "currency": None, "source": None},
             "indicators": None, "baseline": None, "target": None}
            for n in range(1, MEASURES + 1)
        ],
    }


def _together(jobs: list) -> list:
    """Run the jobs in threads that start at the same moment; return each result or exception."""
    from django.db import connection

    gate = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index: int, job) -> None:
        try:
            gate.wait(30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - counted by the caller
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def concurrent_amendments(rounds: int = 20, clients: int = 4) -> dict:
    """Race amendments as described in the module docstring; Django must be set up. Returns the figures."""
    from planmonitor.accounts.models import Municipality
    from planmonitor.plans import services
    from planmonitor.plans.models import Measure

    municipality, _created = Municipality.objects.get_or_create(name="Бенчово")
    plan = services.import_plan(
        _plan_json(f"Бенчмарк на измененията {time.time_ns()}"), actor=None, municipality=municipality,
        status="adopted",
    )
    measures = list(plan.measures.order_by("position"))
    lost = conflicts = other_errors = successes = 0
    started = time.perf_counter()
    for r in range(rounds):
        target = measures[r % len(measures)]
        loaded = services.measure_fingerprint(services.measure_json(Measure.objects.get(pk=target.pk)))
        texts = [f"Кръг {r}, човек {c}" for c in range(clients)]
        results = _together([
            (lambda text=text, target=target, loaded=loaded: services.amend_measure(
                target, {"text": text}, actor=None, reason=text, loaded=loaded))
            for text in texts
        ])
        won = [text for text, result in zip(texts, results, strict=True) if not isinstance(result, Exception)]
        conflicts += sum(isinstance(result, services.MeasureConflict) for result in results)
        other_errors += sum(isinstance(result, Exception) and not isinstance(result, services.MeasureConflict)
                            for result in results)
        successes += len(won)
        lost += max(0, len(won) - 1)
        if won and Measure.objects.get(pk=target.pk).text != won[0]:
            lost += 1

        others = [measures[(r + 1 + c) % len(measures)] for c in range(min(clients, len(measures) - 1))]
        texts = [f"Кръг {r}, мярка {m.code}" for m in others]
        results = _together([
            (lambda m=m, text=text: services.amend_measure(m, {"text": text}, actor=None, reason=text))
            for m, text in zip(others, texts, strict=True)
        ])
        other_errors += sum(isinstance(result, Exception) for result in results)
        successes += sum(not isinstance(result, Exception) for result in results)
        stored = dict(Measure.objects.filter(pk__in=[m.pk for m in others]).values_list("pk", "text"))
        lost += sum(stored[m.pk] != text for m, text in zip(others, texts, strict=True))
    plan.refresh_from_db()
    if plan.version != 1 + successes:
        lost += abs(plan.version - 1 - successes)
    return {
        "rounds": rounds, "clients": clients, "amendments saved": successes, "conflicts reported": conflicts,
        "other errors": other_errors, "lost updates": lost, "plan versions": plan.version,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    from _load import setup_django

    setup_django(DEFAULT_DB)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    figures = concurrent_amendments(args.rounds, args.clients)
    print(
        f"concurrent amendments ({figures['rounds']} rounds x {figures['clients']} people on one measure, "
        f"then on {figures['clients']} measures): saved {figures['amendments saved']}, "
        f"conflicts reported {figures['conflicts reported']}, other errors {figures['other errors']}, "
        f"plan versions {figures['plan versions']}, {figures['seconds']} s"
    )
    print(f"concurrent amendments: lost updates {figures['lost updates']} (target 0)")
    return 0 if figures["lost updates"] == 0 and figures["other errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
