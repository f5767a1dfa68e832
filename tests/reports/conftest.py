"""Report tests write files under a temporary MEDIA_ROOT and run tasks immediately."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
