"""The command line through its real entry points, as a person or a script runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.conftest import SEEDS

ROOT = Path(__file__).resolve().parents[2]
PLANMONITOR = ROOT / ".venv" / "bin" / "planmonitor"


def run(*args: str) -> subprocess.CompletedProcess:
    """``planmonitor ARGS`` with no database configured, so a database access would fail."""
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "PYTHONIOENCODING": "utf-8"}
    command = [str(PLANMONITOR)] if PLANMONITOR.exists() else [sys.executable, "-m", "planmonitor"]
    return subprocess.run([*command, *args], capture_output=True, timeout=120, env=env, cwd=ROOT, check=False)  # noqa: S603


def test_import_seed_json_prints_plan_json_and_warnings(shared_dir):
    seed = shared_dir / "seeds" / SEEDS["tvarditsa-2024-2027"]
    done = run("import", str(seed), "--json")
    assert done.returncode == 0, done.stderr.decode()
    plan = json.loads(done.stdout.decode("utf-8"))
    assert plan["format"] == "plan-json/1"
    assert len(plan["measures"]) == 64
    assert "Твърдица" in done.stdout.decode("utf-8")  # UTF-8, not \u escapes
    lines = done.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == len(plan["warnings"]) > 0
    assert "Traceback" not in done.stderr.decode("utf-8")


def test_python_dash_m_works_too(shared_dir):
    seed = shared_dir / "seeds" / SEEDS["kazanlak-2017-2020"]
    done = subprocess.run([sys.executable, "-m", "planmonitor.ingest", str(seed)], capture_output=True, timeout=120,  # noqa: S603
                          cwd=ROOT, check=False)
    assert done.returncode == 0
    assert len(json.loads(done.stdout)["measures"]) == 116


@pytest.mark.parametrize(
    ("content", "bg", "en"),
    [
        (b"", "Файлът е празен.", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Неподдържан вид файл", "Unsupported file type"),
        (b"PK\x03\x04broken", "повреден", "damaged"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path, content, bg, en):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    for lang, expected in (("bg", bg), ("en", en)):
        done = run("import", str(bad), "--json", "--lang", lang)
        err = done.stderr.decode("utf-8")
        assert done.returncode == 2
        assert done.stdout == b""
        assert len(err.strip().splitlines()) == 1, err
        assert expected in err
        assert "Traceback" not in err


def test_missing_file_is_exit_2(tmp_path):
    done = run("import", str(tmp_path / "none.txt"), "--json")
    assert done.returncode == 2
    assert len(done.stderr.decode().strip().splitlines()) == 1


@pytest.mark.parametrize("stage", ["sniff", "document", "cells", "layout", "structure"])
def test_every_stage_prints_json(shared_dir, stage):
    seed = shared_dir / "seeds" / SEEDS["tvarditsa-2024-2027"]
    done = run("import", str(seed), "--stage", stage)
    assert done.returncode == 0, done.stderr.decode()
    value = json.loads(done.stdout)
    if stage == "sniff":
        assert value["format"] == "text"
    else:
        assert value["kind"] in {"Document", "Layout", "PlanStructure"}


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Само текст за плана.", "Без таблици."], "не е намерена таблица с мерки"),
        (["№\tНаименование\tМярка\tКоличество\tЕд. цена", "1\tХартия А4\tбр.\t100\t5,20 лв."], "Количество"),
    ],
)
def test_a_file_without_a_plan_table_is_one_line_exit_2(tmp_path, lines, expected):
    """Issue 15 point 12: no plan table, or a price list, is refused: exit 2, one line, nothing on stdout."""
    path = tmp_path / "not-a-plan.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    done = run("import", str(path), "--json")
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert done.stdout == b""
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err
