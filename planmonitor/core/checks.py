"""System checks that tell an administrator what the deployment is missing.

``planmonitor check`` (and every command) reports them: a missing LibreOffice
means legacy .doc/.odt files cannot be imported, a missing Tesseract that
scanned PDFs cannot; a missing compiled ``bg``
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
def check_tesseract(app_configs=None, **kwargs) -> list[Warning]:
    """Tesseract with its Bulgarian data reads scanned PDFs; without it such an import is refused.

    The import says so to the person who uploads a scan; this tells the
    administrator before anyone does. The language list is asked of the
    program itself, as the data may be missing while the program is there.
    """
    from planmonitor.ingest.readers.ocr_tesseract import INSTALL, LANGUAGE, find_tesseract, languages

    program = find_tesseract(settings.PLANMONITOR_TESSERACT or None)
    if program is None:
        problem = "Tesseract was not found"
    elif LANGUAGE not in languages(program):
        problem = f"Tesseract has no '{LANGUAGE}' language data"
    else:
        return []
    return [Warning(
        f"{problem}: scanned PDFs (no text layer) cannot be imported.",
        hint=f"Install it with '{INSTALL}', or set PLANMONITOR_TESSERACT to the program.",
        id="planmonitor.W005",
    )]


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


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "testserver"}


@register(Tags.security)
def check_https_for_a_public_host(app_configs=None, **kwargs) -> list[Warning]:
    """A site served under a public name with debug off must send its cookies over HTTPS only.

    HTTPS is opt-in (``PLANMONITOR_HTTPS=1``) because ``./scripts/start``
    serves a laptop over plain HTTP on 127.0.0.1; a server that forgets it
    sends session and CSRF cookies in clear. Django says so only under
    ``check --deploy``; this check says it at every start (``serve`` too).
    """
    public = [host for host in settings.ALLOWED_HOSTS if host not in LOCAL_HOSTS]
    if settings.DEBUG or not public or settings.SESSION_COOKIE_SECURE:
        return []
    return [Warning(
        f"The site answers to {', '.join(public)} but its session and CSRF cookies are also sent over plain HTTP.",
        hint="Serve it over HTTPS and set PLANMONITOR_HTTPS=1 (and PLANMONITOR_BEHIND_PROXY=1 behind a proxy); "
             "see docs/deployment.md.",
        id="planmonitor.W004",
    )]
