"""Why the monitoring cycle refused a change; each message is for the person who tried."""

from __future__ import annotations


class MonitoringError(Exception):
    """A change the monitoring cycle refuses; the message is for the person who tried."""


class InvalidTransition(MonitoringError):
    """A report status move that ``PIPELINE`` does not allow."""


class ConflictError(MonitoringError):
    """Someone else saved the report after this form was loaded; nothing was overwritten."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class PeriodLocked(MonitoringError):
    """The reporting period is closed; its reports can no longer change."""

