"""Evidence attached to a report: files checked by their content, links, and their removal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from planmonitor.core.actors import Actor
from planmonitor.core.audit import record
from planmonitor.monitoring.models import (
    Evidence,
    ProgressReport,
)
from planmonitor.monitoring.services.errors import (
    InvalidTransition,
)
from planmonitor.monitoring.services.shared import (
    _lock_report,
    _open_period,
)
from planmonitor.plans.revision import bump

#: Evidence people attach: documents, spreadsheets, pictures, archives. Nothing a browser would run.
EVIDENCE_EXTENSIONS = ("pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "jpg", "jpeg",
                       "png", "gif", "webp", "zip")
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
_OFFICE_ZIPS = {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"}
_OLE2 = "ole2"  # the container of .doc and .xls (filetype names it only for some of them)
#: What the content of a file with each extension may be, in filetype's names; ``None``: plain text.
EVIDENCE_CONTENT: dict[str, set[str] | None] = {
    "pdf": {"pdf"}, "rtf": {"rtf"}, "jpg": {"jpg"}, "jpeg": {"jpg"}, "png": {"png"}, "gif": {"gif"},
    "webp": {"webp"}, "doc": {"doc", _OLE2}, "xls": {"xls", _OLE2},
    "docx": {"docx", "zip"}, "xlsx": {"xlsx", "zip"}, "odt": {"odt", "zip"}, "ods": {"ods", "zip"},
    "zip": _OFFICE_ZIPS, "txt": None, "csv": None,
}


def _content_kind(head: bytes) -> str | None:
    """What the first bytes of a file say it is (``filetype``'s name), or None when they say nothing."""
    import filetype

    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE2
    kind = filetype.guess(head)
    return kind.extension if kind else None


def check_evidence_file(file: UploadedFile) -> None:
    """Refuse files of unexpected kinds or sizes before they are stored.

    The name is not enough: the content must be what the extension says (an
    EXE renamed ``.pdf`` is refused), and a ``.txt``/``.csv`` must be text.
    """
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if "." in (file.name or "") else ""
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationError({"evidence_file": [
            _("Attach a document, spreadsheet, picture or archive (%(kinds)s).")
            % {"kinds": ", ".join(EVIDENCE_EXTENSIONS)}
        ]})
    if file.size is not None and file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence_file": [
            _("The file is larger than %(mb)s MB.") % {"mb": EVIDENCE_MAX_BYTES // (1024 * 1024)}
        ]})
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = _content_kind(head)
    allowed = EVIDENCE_CONTENT[extension]
    if allowed is None:
        ok = kind is None and b"\x00" not in head
    else:
        ok = kind in allowed
    if not ok:
        raise ValidationError({"evidence_file": [
            _("The content of %(name)s is not a .%(extension)s file. Attach the document itself.")
            % {"name": file.name, "extension": extension}
        ]})


@transaction.atomic(durable=True)
def add_evidence(
    report: ProgressReport, *, actor: Actor, file: UploadedFile | None = None, url: str = "", description: str = ""
) -> list[Evidence]:
    """Attach a file, a link, or both to an editable report.

    A file and a link given together are two pieces of evidence (each shown
    and removable on its own), both with the description; nothing given is an error.
    """
    period = _open_period(report.period)
    report = _lock_report(report, None)
    if not report.is_editable:
        raise InvalidTransition(
            _("A report that is %(status)s cannot be edited.") % {"status": report.get_status_display()}
        )
    description = (description or "").strip()[:300]
    items = []
    if file is not None:
        check_evidence_file(file)
        items.append(Evidence(report=report, file=file, description=description, added_by=actor))
    if (url or "").strip() or not items:
        items.append(Evidence(report=report, url=(url or "").strip(), description=description, added_by=actor))
    for evidence in items:
        evidence.full_clean()
        evidence.save()
        record(report, "report.evidence_added", actor=actor, field="evidence", new=evidence.url or evidence.file.name)
    bump(period.plan_id)
    return items


@transaction.atomic(durable=True)
def remove_evidence(evidence: Evidence, *, actor: Actor) -> None:
    """Remove evidence from an editable report; the audit keeps its name."""
    report = _lock_report(evidence.report, None)
    period = _open_period(report.period)
    if not report.is_editable:
        raise InvalidTransition(
            _("A report that is %(status)s cannot be edited.") % {"status": report.get_status_display()}
        )
    record(report, "report.evidence_removed", actor=actor, field="evidence", old=evidence.url or evidence.file.name)
    evidence.delete()
    bump(period.plan_id)

