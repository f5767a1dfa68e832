"""System checks that tell an administrator what the deployment is missing.

``planmonitor check`` (and every command) reports them: a missing LibreOffice
means legacy .doc/.odt files cannot be imported; a missing compiled ``bg``
catalogue means the interface would fall back to English.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.compatibility)
def check_libreoffice(app_configs=None, **kwargs) -> list[Warning]:
    """LibreOffice converts legacy .doc/.odt/.xls for the importer."""
    path = settings.PLANMONITOR_SOFFICE or shutil.which("soffice") or shutil.which("libreoffice")
    if path and Path(path).exists():
        return []
    return [
        Warning(
            "LibreOffice (soffice) was not found: legacy .doc, .odt and .xls files cannot be imported.",
            hint="Install Debian's libreoffice-writer-nogui or set PLANMONITOR_SOFFICE.",
            id="planmonitor.W001",
        )
    ]


@register(Tags.compatibility)
def check_institution_registry(app_configs=None, **kwargs) -> list[Warning]:
    """The deployment's institution registry (PLANMONITOR_INSTITUTIONS) must be readable: the importer uses it."""
    path = getattr(settings, "PLANMONITOR_INSTITUTIONS", "")
    if not path:
        return []
    from planmonitor.ingest.errors import IngestError
    from planmonitor.ingest.institutions import load_registry

    try:
        load_registry(path)
    except IngestError as error:
        return [Warning(
            f"The institution registry cannot be used: {error.message('en')}",
            hint="Set PLANMONITOR_INSTITUTIONS to a readable UTF-8 CSV file, or unset it.",
            id="planmonitor.W003",
        )]
    return []


@register(Tags.translation)
def check_bg_catalogue(app_configs=None, **kwargs) -> list[Warning]:
    """The interface is Bulgarian first: its compiled catalogue must be there."""
    mo = Path(settings.BASE_DIR) / "locale" / "bg" / "LC_MESSAGES" / "django.mo"
    if mo.exists():
        return []
    return [
        Warning(
            "The Bulgarian catalogue is not compiled: the interface will show English.",
            hint="Run 'planmonitor compilemessages'.",
            id="planmonitor.W002",
        )
    ]
