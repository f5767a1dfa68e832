"""End-to-end fixtures shared by every e2e file: the accessibility check (axe-core)."""

from __future__ import annotations

import pytest

from tests.e2e.axe import check_page


@pytest.fixture
def axe_check(output_dir):
    """``axe_check(page, "area/name")``: run axe-core now; fail on a serious or critical violation."""
    def check(page, name: str) -> list[dict]:
        return check_page(page, name, output_dir)

    return check
