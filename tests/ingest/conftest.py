"""Fixtures for the reader's tests: the shared scorer, the seeds, a small text-plan builder."""

from __future__ import annotations

import importlib.util

import pytest

from planmonitor.ingest import read_plan

SEEDS = {
    "kazanlak-2017-2020": "000_a29297c3ca37ad82.txt",
    "tvarditsa-2024-2027": "002_61ec8140535515d3.txt",
}


@pytest.fixture(scope="session")
def scorer(shared_dir):
    """The shared ``score_plan`` module, imported from its file (it is not a package)."""
    spec = importlib.util.spec_from_file_location("score_plan_shared", shared_dir / "tools" / "score_plan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def text_plan(*lines: str) -> bytes:
    """A text dump from lines; cells are separated by " | " in the source and become tabs."""
    return "\n".join(line.replace(" | ", "\t") for line in lines).encode("utf-8")


def read_text(*lines: str) -> dict:
    """plan-json of a text dump built from ``lines``."""
    return read_plan(text_plan(*lines), "plan.txt").plan
