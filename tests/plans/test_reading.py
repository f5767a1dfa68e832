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


def test_import_json_reads_with_the_deployments_libreoffice(monkeypatch, tmp_path, capsys):
    """``planmonitor import FILE --json`` (no Django) takes PLANMONITOR_SOFFICE from the environment too."""
    from planmonitor.ingest.cli import main

    doc = tmp_path / "plan.doc"  # a .doc (an ODT is read without LibreOffice now)
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    monkeypatch.setenv("PLANMONITOR_SOFFICE", str(tmp_path / "no-soffice"))
    assert main([str(doc), "--json"]) == 2
    assert "не е инсталиран" in capsys.readouterr().err  # the configured program, not the one on PATH
