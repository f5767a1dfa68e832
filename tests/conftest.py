"""Shared test fixtures: a headless Chromium for end-to-end tests, output folders, the shared folder.

A fresh clone has no ``../shared`` folder (seeds, ground truth, scorer): the
tests that need it ask for the ``shared_dir`` fixture, which skips
them with the reason, and the run's header says which folder was looked
for. Everything else runs on what the repository ships.

End-to-end tests use Debian's chromium through Playwright (Playwright's own
browser download does not work on closed networks); screenshots go under
``test-output/`` so that a person can look at every main page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"
CHROMIUM = os.environ.get("PLANMONITOR_CHROMIUM", "/usr/bin/chromium")
SHARED_DIR = Path(os.environ.get("PLANMONITOR_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))
SHARED_MISSING = (
    f"needs the shared folder {SHARED_DIR} (seeds, ground truth, scorer), which this checkout does not have; "
    "set PLANMONITOR_SHARED to it"
)


def pytest_report_header(config) -> str:
    """Say at the top of the run whether the tests that need ``../shared`` will run."""
    if SHARED_DIR.is_dir():
        return f"planmonitor shared folder: {SHARED_DIR}"
    return f"planmonitor shared folder: {SHARED_DIR} is missing: the tests that need it are skipped"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: pages are cached under their plans' ids and revisions
    (``plans.revision``), which start again from the same numbers in every test's database."""
    from django.conf import settings

    if not settings.configured:
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave screenshots, rendered pages and generated files for people to look at."""
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only shared folder: seeds, ground truth, scorer; the test is skipped when it is missing."""
    if not SHARED_DIR.is_dir():
        pytest.skip(SHARED_MISSING)
    return SHARED_DIR



@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (own cookies) per test, in Bulgarian."""
    context = browser.new_context(locale="bg-BG", base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15000)
    pg = context.new_page()
    yield pg
    context.close()
