"""Where a command writes its file: checked first, so a wrong path is one line, not a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def writable_output(path: Path) -> Path:
    """``path`` if a file can be written there; else a ``CommandError`` (exit status 2) that says why.

    Checked before the work starts, so a report that takes seconds to build is
    not thrown away because of a typing mistake in the folder name.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CommandError(_("%(file)s is a folder: name the file to write.") % {"file": path}, returncode=2)
    if not folder.is_dir():
        raise CommandError(_("The folder %(folder)s does not exist: create it or name another.") % {"folder": folder},
                           returncode=2)
    if not os.access(folder, os.W_OK):
        raise CommandError(_("Cannot write in the folder %(folder)s.") % {"folder": folder}, returncode=2)
    return path
