"""Django's database sessions, read with one plain SQL statement instead of a queryset.

Every signed-in page reads the session first. Building and compiling the
ORM query for it cost more interpreter time than running it (about as much
as the rest of a cached dashboard page); the statement and its result are
the same as ``django.contrib.sessions.backends.db``'s, and everything else
(writing, expiry, ``clearsessions``) is Django's own.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    """``SESSION_ENGINE = "planmonitor.core.sessions"``: the database backend with a cheaper read."""

    @classmethod
    @functools.cache
    def _select_sql(cls) -> str:
        meta = cls.get_model_class()._meta
        column = {name: meta.get_field(name).column for name in ("session_key", "session_data", "expire_date")}
        return (
            f'SELECT {column["session_data"]} FROM {meta.db_table} '
            f'WHERE {column["session_key"]} = %s AND {column["expire_date"]} > %s'
        )

    def load(self) -> dict[str, Any]:
        """The session's data, or an empty session (and no key) when it is missing or expired, as Django does."""
        if not self._validate_session_key(self.session_key):
            self._session_key = None
            return {}
        connection = connections[router.db_for_read(self.model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(self._select_sql(), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
