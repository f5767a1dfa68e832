"""planmonitor: hold, follow and report on municipal action plans."""

__version__ = "0.1.0"
