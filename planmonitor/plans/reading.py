"""The reader as this deployment configures it: one place that turns Django settings into ``ReadSettings``.

The web import (``tasks.parse_import``), the ``import`` command and the
institution linking all read with these settings, the same ones the system
check looks at (``core.checks``): ``PLANMONITOR_SOFFICE`` for LibreOffice and
``PLANMONITOR_INSTITUTIONS`` for the deployment's own institution registry
(a CSV with the columns of ``planmonitor/ingest/data/institutions.csv``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def reader_settings(**overrides: Any) -> Any:
    """``ReadSettings`` from the deployment's settings (LibreOffice path, institution registry)."""
    from planmonitor.ingest.settings import ReadSettings

    values: dict[str, Any] = {}
    if getattr(settings, "PLANMONITOR_SOFFICE", ""):
        values["libreoffice_path"] = settings.PLANMONITOR_SOFFICE
    if getattr(settings, "PLANMONITOR_INSTITUTIONS", ""):
        values["institutions_path"] = str(settings.PLANMONITOR_INSTITUTIONS)
    if getattr(settings, "PLANMONITOR_TESSERACT", ""):
        values["tesseract_path"] = settings.PLANMONITOR_TESSERACT
    return ReadSettings.resolve(values, **overrides)


def institution_registry() -> tuple:
    """The built-in institution registry plus the deployment's CSV, as the reader loads it."""
    from planmonitor.ingest.institutions import load_registry

    return load_registry(getattr(settings, "PLANMONITOR_INSTITUTIONS", "") or None)


def read_plan(data: bytes, filename: str, progress: Any = None) -> Any:
    """``ingest.read_plan`` with the deployment's settings; raises ``IngestError`` for a file it refuses,
    including one in which it finds no measure at all. ``progress(done, total)`` follows a scan's pages."""
    from planmonitor.ingest import read_plan as read
    from planmonitor.ingest.errors import IngestError

    result = read(data, filename, reader_settings(), progress)
    if not result.plan.get("measures"):
        raise IngestError(
            f"{filename}: не е намерена нито една мярка. Проверете дали това е планът за действие "
            "(таблица с колона „Мерки“ или „Дейности“).",
            f"{filename}: no measure was found. Check that this is the action plan "
            "(a table with a column “Measures” or “Activities”).",
        )
    return result
