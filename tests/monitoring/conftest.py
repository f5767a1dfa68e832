"""Monitoring tests start with an empty cache: rendered dashboards are cached under plan revisions."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
