"""Every change of the monitoring cycle, one function per change, one module per thing that changes.

``periods`` (open, close, reopen), ``reports`` (save, submit, return,
approve, recommend), ``evidence`` (attach, remove) and ``reminders``; what
they share is in ``shared`` (private helpers that never open a top-level
transaction). Reading typed numbers and statuses is ``monitoring.parsing``.

Each public service runs in one transaction, takes the acting user as a
keyword-only ``actor`` (``core.actors.Actor``), validates with
``full_clean()``, saves only the fields it changed, writes the audit trail
(who, when, old, new, why) in the same transaction and queues e-mails with
``transaction.on_commit`` so that nobody is told about a change that was
rolled back. Permissions are checked by the caller; services trust their
caller.

Report statuses move only along ``reports.PIPELINE`` (as django-oscar's order
pipeline): a move the table does not allow raises ``InvalidTransition``.

Callers keep ``from planmonitor.monitoring import services`` and
``services.save_report(...)``: this package re-exports the public names,
the parsing helpers included.
"""

from planmonitor.monitoring.parsing import BULGARIAN_STATUS_WORDS, measure_status_from_text, parse_number
from planmonitor.monitoring.services.errors import (
    ConflictError,
    InvalidTransition,
    MonitoringError,
    PeriodLocked,
)
from planmonitor.monitoring.services.evidence import (
    EVIDENCE_CONTENT,
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    add_evidence,
    check_evidence_file,
    remove_evidence,
)
from planmonitor.monitoring.services.periods import (
    allowed_currencies,
    close_period,
    open_period,
    reopen_period,
    yearly_period,
)
from planmonitor.monitoring.services.reminders import send_reminders
from planmonitor.monitoring.services.reports import (
    PIPELINE,
    REPORT_FIELDS,
    ExpenditureInput,
    ReportInput,
    approve_report,
    recommend_measure,
    return_report,
    save_report,
    save_reports,
    submit_report,
)
from planmonitor.monitoring.services.shared import Status

__all__ = [
    "BULGARIAN_STATUS_WORDS", "EVIDENCE_CONTENT", "EVIDENCE_EXTENSIONS", "EVIDENCE_MAX_BYTES", "PIPELINE",
    "REPORT_FIELDS", "ConflictError", "ExpenditureInput", "InvalidTransition", "MonitoringError", "PeriodLocked",
    "ReportInput", "Status", "add_evidence", "allowed_currencies", "approve_report", "check_evidence_file",
    "close_period", "measure_status_from_text", "open_period", "parse_number", "recommend_measure",
    "remove_evidence", "reopen_period", "return_report", "save_report", "save_reports", "send_reminders", "submit_report",
    "yearly_period",
]
