"""The reader with the deployment's settings (issue 15): one place for the web import, the command and the check."""

from __future__ import annotations

from planmonitor.core.checks import check_institution_registry
from planmonitor.plans.reading import reader_settings


def test_reader_settings_come_from_the_deployment(settings, tmp_path):
    registry = tmp_path / "institutions.csv"
    registry.write_text("abbreviation,name,kind,aliases\n", encoding="utf-8")
    settings.PLANMONITOR_SOFFICE = "/opt/libreoffice/program/soffice"
    settings.PLANMONITOR_INSTITUTIONS = str(registry)
    read = reader_settings()
    assert (read.libreoffice_path, read.institutions_path) == ("/opt/libreoffice/program/soffice", str(registry))
    assert check_institution_registry() == []


def test_the_system_check_names_an_unreadable_registry(settings, tmp_path):
    settings.PLANMONITOR_INSTITUTIONS = str(tmp_path / "missing.csv")
    assert [w.id for w in check_institution_registry()] == ["planmonitor.W003"]
