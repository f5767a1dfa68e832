"""``planmonitor backup`` writes a copy that holds the data."""

from __future__ import annotations

import json
import sqlite3

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.reports import factories


@pytest.mark.django_db
def test_json_backup_holds_plans_and_reports(tmp_path):
    built = factories.full_year()
    out = tmp_path / "copy.json"
    call_command("backup", "-o", str(out))
    rows = json.loads(out.read_text())
    models = {r["model"] for r in rows}
    assert {"plans.plan", "plans.measure", "monitoring.progressreport", "monitoring.indicatorvalue"} <= models
    assert any(r["model"] == "plans.plan" and r["fields"]["title"] == built.plan.title for r in rows)


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_is_a_working_database(tmp_path):
    """Outside a transaction (as in production) SQLite copies a consistent snapshot."""
    if connection.vendor != "sqlite":
        pytest.skip("the .sqlite3 copy is for SQLite deployments")
    built = factories.full_year()
    out = tmp_path / "copy.sqlite3"
    call_command("backup", "-o", str(out))
    with sqlite3.connect(out) as db:
        assert db.execute("select title from plans_plan").fetchall() == [(built.plan.title,)]


@pytest.mark.django_db
def test_unknown_ending_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"\.json, \.sqlite3, \.dump, \.sql или \.tar\.gz"):
        call_command("backup", "-o", str(tmp_path / "copy.txt"))


@pytest.mark.django_db(transaction=True)
def test_pg_dump_backup_on_postgresql(tmp_path):
    """On PostgreSQL, a .sql copy is pg_dump's plain SQL with the plan's rows in it."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL deployments")
    built = factories.full_year()
    out = tmp_path / "copy.sql"
    call_command("backup", "-o", str(out))
    text = out.read_text()
    assert "CREATE TABLE public.plans_plan" in text and built.plan.title in text
