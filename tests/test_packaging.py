"""The install prints no packaging warnings, and the sample plans of the demo install with the package."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.licenses import canonicalize_license_expression
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def test_license_is_an_spdx_expression_setuptools_accepts_without_warning():
    """setuptools >= 77 warns on ``license = { text = ... }`` (a TOML table); an SPDX string is the current form."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    license_ = project["project"]["license"]
    assert isinstance(license_, str) and canonicalize_license_expression(license_) == license_
    setuptools = next(Requirement(r) for r in project["build-system"]["requires"] if r.startswith("setuptools"))
    assert not setuptools.specifier.contains("76.9"), "an SPDX license string needs setuptools >= 77"


def test_the_demo_plans_are_package_data():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "demo_plans/*" in project["tool"]["setuptools"]["package-data"]["*"]
    assert sorted(p.suffix for p in (ROOT / "planmonitor" / "monitoring" / "demo_plans").iterdir()) == [".docx", ".xlsx"]
