"""The ``planmonitor`` command: Django's manage.py plus the project's own commands.

Every Django command works (``planmonitor migrate``, ``planmonitor runserver``);
the project's own (``import``, ``export``, ``demo``, ``report``, ``remind``,
``backup``, ``serve``) are management commands of the apps. ``planmonitor
import FILE --json`` is answered before Django starts, so that reading a
document needs no database at all.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit status."""
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 2 and argv[1] == "import" and ("--json" in argv or any(a.startswith("--stage") for a in argv)):
        from planmonitor.ingest.cli import main as ingest_main

        return ingest_main(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planmonitor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
