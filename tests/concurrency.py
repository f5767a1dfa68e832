"""Make two threads overlap for certain, so that a concurrency test fails whenever the lock is missing.

A test that starts two threads and hopes they overlap passes by luck: one
thread may finish before the other starts. ``Rendezvous`` holds each thread
at a chosen point inside its transaction until the other thread is there too,
or is waiting for a database lock that the first one holds (read live from
PostgreSQL's ``pg_locks``). So:

* without the lock, both threads read the same old state before either
  writes, and the test sees the lost update;
* with the lock, the second thread waits for it, the first goes on at once,
  and nothing waits for a timeout.

PostgreSQL only (SQLite has no row locks and no ``pg_locks``).
"""

from __future__ import annotations

import threading
import time

from django.db import connection

TIMEOUT = 20.0


def backend_pid() -> int:
    """The PostgreSQL backend of this thread's connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def is_waiting_for_a_lock(pids: list[int]) -> bool:
    """Is any of these backends waiting for a lock right now? (pg_locks is live, not a snapshot)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE pid = ANY(%s) AND NOT granted", [pids])
        return cursor.fetchone()[0] > 0


def wait_until_waiting_for_a_lock(pid: int, timeout: float = TIMEOUT) -> None:
    """Block until backend ``pid`` waits for a lock; fail the test if it never does."""
    deadline = time.monotonic() + timeout
    while not is_waiting_for_a_lock([pid]):
        if time.monotonic() > deadline:
            raise AssertionError(f"backend {pid} never waited for a lock")
        time.sleep(0.01)


class Rendezvous:
    """A meeting point for ``parties`` threads, each of which calls ``register()`` first, then ``wait()``."""

    def __init__(self, parties: int = 2, timeout: float = TIMEOUT) -> None:
        self.parties, self.timeout = parties, timeout
        self.pids: dict[int, int] = {}
        self.arrived: set[int] = set()
        self.outcomes: list[str] = []
        self._lock = threading.Lock()

    def register(self) -> None:
        """Note this thread's database backend, so the others can see it wait for a lock."""
        pid = backend_pid()
        with self._lock:
            self.pids[threading.get_ident()] = pid

    def wait(self) -> str:
        """Return "together" when every party arrived, "blocked" when another one waits for a lock."""
        me = threading.get_ident()
        with self._lock:
            self.arrived.add(me)
        deadline = time.monotonic() + self.timeout
        while True:
            with self._lock:
                if len(self.arrived) >= self.parties:
                    self.outcomes.append("together")
                    return "together"
                others = [pid for thread, pid in self.pids.items() if thread != me and thread not in self.arrived]
            if others and is_waiting_for_a_lock(others):
                with self._lock:
                    self.outcomes.append("blocked")
                return "blocked"
            if time.monotonic() > deadline:
                raise AssertionError("the other thread neither arrived nor waited for a lock")
            time.sleep(0.01)
