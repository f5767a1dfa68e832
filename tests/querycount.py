"""Assert that a page's query count does not grow with the data: count it on a small and a big dataset, compare.

A cap such as ``django_assert_max_num_queries(12)`` passes by luck: a page
with a query per measure stays under 12 on a three-measure test plan, and
the real plan of 116 measures then costs 120. So a query-count test here
builds the same kind of data twice, small and big (5 measures and 50; one
plan and ten; one report and ten), requests the page for each and asserts
the two counts are *equal*. When they differ, the message names both counts
and the statements that were repeated more often for the big data: that is
the N+1 to fix.

Each count starts from an empty page cache (``cold``), so the page really
computes what it shows; pass ``cold=False`` to compare pages served from the
cache. Log people in before counting (one ``Client`` per dataset, see
``logged_in``), so the log-in's own queries are not counted.

Set ``PLANMONITOR_QUERYCOUNTS=/some/file`` to have every comparison append
``what<TAB>small<TAB>big`` to that file (the figures for a review).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SMALL = 5
BIG = 50

_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def count_queries(action: Callable[[], Any], *, cold: bool = True) -> tuple[int, list[str]]:
    """Run ``action`` once (after emptying the cache when ``cold``) and return its query count and statements."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured), [q["sql"] for q in captured.captured_queries]


def _shape(sql: str) -> str:
    """The statement without its literal values, so the same query for two different rows counts as one shape."""
    return _LITERALS.sub("?", sql)


def _grown(small: list[str], big: list[str]) -> str:
    """The statement shapes the big dataset ran more often than the small one, most repeated first."""
    more = Counter(map(_shape, big))
    more.subtract(Counter(map(_shape, small)))
    lines = [f"  {n:+d} x {sql[:300]}" for sql, n in more.most_common() if n]
    return "\n".join(lines[:8])


def _record(what: str, small: int, big: int) -> None:
    path = os.environ.get("PLANMONITOR_QUERYCOUNTS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{what}\t{small}\t{big}\n")


def assert_same_count(
    small: Callable[[], Any], big: Callable[[], Any], *, what: str, cold: bool = True
) -> tuple[int, int]:
    """Count ``small()`` and ``big()``; fail naming both counts unless they are equal. Returns (small, big)."""
    n_small, sql_small = count_queries(small, cold=cold)
    n_big, sql_big = count_queries(big, cold=cold)
    _record(what, n_small, n_big)
    assert n_small == n_big, (
        f"{what}: {n_small} queries on the small dataset, {n_big} on the big one; the count grows with the "
        f"data. Statements that differ:\n{_grown(sql_small, sql_big)}"
    )
    return n_small, n_big


def assert_count_stays(action: Callable[[], Any], grow: Callable[[], Any], *, what: str, cold: bool = True
                       ) -> tuple[int, int]:
    """Count ``action()``, add data with ``grow()`` (not counted), count ``action()`` again; fail unless equal.

    For pages that show the whole deployment (the plan list, search, the
    portal's index): the same address before and after more plans exist.
    """
    n_small, sql_small = count_queries(action, cold=cold)
    grow()
    n_big, sql_big = count_queries(action, cold=cold)
    _record(what, n_small, n_big)
    assert n_small == n_big, (
        f"{what}: {n_small} queries before the data grew, {n_big} after; the count grows with the "
        f"data. Statements that differ:\n{_grown(sql_small, sql_big)}"
    )
    return n_small, n_big


def logged_in(user: Any | None) -> Client:
    """A fresh test client, logged in as ``user`` (anonymous when None), before any query is counted."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def get(client: Client, url: str, data: dict | None = None, *, follow: bool = False, status: int = 200
        ) -> Callable[[], Any]:
    """A request to count: GET ``url`` and check the status, so a count of an error page is never compared."""
    def request() -> Any:
        response = client.get(url, data or {}, follow=follow)
        assert response.status_code == status, f"GET {url} {data or ''}: {response.status_code}, expected {status}"
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # a streamed export runs its queries while it is read
        else:
            response.content  # noqa: B018 - a lazy template response renders (and queries) here
        return response

    return request
