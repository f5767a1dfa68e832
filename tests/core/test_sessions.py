"""The session store reads with one plain statement and behaves as Django's database sessions do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planmonitor.accounts.models import User
from planmonitor.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_reads_what_django_wrote_in_one_query():
    django_store = DjangoSessionStore()
    django_store["answer"] = 42
    django_store.create()
    with CaptureQueriesContext(connection) as queries:
        loaded = SessionStore(django_store.session_key).load()
    assert loaded == {"answer": 42} == DjangoSessionStore(django_store.session_key).load()
    assert len(queries) == 1


@pytest.mark.parametrize("key", [None, "short", "nosuchsessionkey0123456789abcdef"])
def test_a_missing_session_is_empty_and_loses_its_key(key):
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None


def test_an_expired_session_is_empty():
    store = SessionStore()
    store["answer"] = 42
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    again = SessionStore(store.session_key)
    assert again.load() == {}
    assert again.session_key is None


def test_log_in_and_out_through_the_pages(client, settings):
    assert settings.SESSION_ENGINE == "planmonitor.core.sessions"
    user = User.objects.create_user("sessions-user", password="a long enough password 1")
    client.force_login(user)
    assert client.get("/plans/").wsgi_request.user == user
    client.logout()
    assert not client.get("/plans/").wsgi_request.user.is_authenticated
