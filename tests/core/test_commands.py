"""The project's commands speak Bulgarian, stop with one line on a wrong path or number, and say all their options."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def planmonitor(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m planmonitor ARGS`` as a person would, in Bulgarian (the default)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "planmonitor.settings"}
    return subprocess.run([sys.executable, "-m", "planmonitor", *args], capture_output=True, text=True,  # noqa: S603
                          env=env, cwd=ROOT, timeout=120, check=False)


@pytest.mark.parametrize("command", [
    ["report", "1", "--year", "2025", "-o"],
    ["backup", "-o"],
])
def test_a_missing_output_folder_is_one_line_not_a_traceback(command, tmp_path):
    target = str(tmp_path / "no-such-folder" / "out.pdf")
    done = planmonitor(*command, target)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert "не съществува" in lines[0] and str(tmp_path / "no-such-folder") in lines[0]


def test_remind_with_negative_days_fails():
    done = planmonitor("remind", "--days", "-1")
    assert done.returncode != 0
    assert "--days трябва да е 0 или повече" in done.stderr


def test_help_import_lists_json_and_stage():
    done = planmonitor("help", "import")
    assert done.returncode == 0
    assert "--json" in done.stdout and "--stage" in done.stdout and "sniff" in done.stdout


@pytest.mark.django_db
def test_command_messages_are_bulgarian(tmp_path):
    out = StringIO()
    call_command("remind", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "Изпратени напомняния: 0."
    out = StringIO()
    call_command("backup", "-o", str(tmp_path / "copy.json"), "--media", stdout=out)
    assert "байта" in out.getvalue() and "Качени файлове:" in out.getvalue()
    with pytest.raises(CommandError, match="Няма план с номер 999"):
        call_command("report", "999", "--year", "2025", "-o", str(tmp_path / "r.pdf"))
    with pytest.raises(CommandError, match="не съществува"):
        call_command("export", "999", "-o", str(tmp_path / "none" / "plan.json"))
