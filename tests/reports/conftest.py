"""Report tests write files under a temporary MEDIA_ROOT and run tasks immediately."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_and_tasks(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()  # the portal caches pages under a plan revision; never carry one across tests
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
