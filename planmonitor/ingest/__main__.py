"""``python -m planmonitor.ingest FILE``: the same as ``planmonitor import FILE --json``."""

import sys

from planmonitor.ingest.cli import main

sys.exit(main(sys.argv[1:]))
