"""Every change of the monitoring cycle, one function per change.

Each service runs in one transaction, takes the acting user as a keyword-only
``actor``, validates with ``full_clean()``, saves only the fields it changed,
writes the audit trail (who, when, old, new, why) in the same transaction and
queues e-mails with ``transaction.on_commit`` so that nobody is told about a
change that was rolled back. Permissions are checked by the caller through
``planmonitor.accounts.permissions``; services trust their caller.

Report statuses move only along ``PIPELINE`` (as django-oscar's order
pipeline): a move the table does not allow raises ``InvalidTransition``.
Saving a draft is protected by optimistic locking: the caller passes the
``version`` the form was loaded at, the row is locked with
``select_for_update()`` and a stale version raises ``ConflictError`` with
nothing written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.core import money
from planmonitor.core.audit import record
from planmonitor.monitoring.models import (
    Evidence,
    Expenditure,
    IndicatorValue,
    MeasureStatus,
    MonitoringRevision,
    ProgressReport,
    Recommendation,
    ReminderSent,
    ReportingPeriod,
    ReviewComment,
)
from planmonitor.plans.models import Measure, Plan

Status = ProgressReport.Status

#: Which report status may follow which (django-oscar's ``pipeline``). An approved report can
#: be returned so that a wrong value is corrected in the open, with a reason, never silently.
PIPELINE: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.SUBMITTED,),
    Status.SUBMITTED: (Status.RETURNED, Status.APPROVED),
    Status.RETURNED: (Status.SUBMITTED,),
    Status.APPROVED: (Status.RETURNED,),
}


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


# --- input ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenditureInput:
    source: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class ReportInput:
    """What a report form (or a spreadsheet row) says; ``values`` maps indicator id to typed text."""

    measure_status: str = ""
    done_text: str = ""
    people_reached: int | None = None
    women: int | None = None
    men: int | None = None
    children: int | None = None
    adults: int | None = None
    values: dict[int, str] = field(default_factory=dict)
    expenditures: Sequence[ExpenditureInput] = ()


REPORT_FIELDS = ("measure_status", "done_text", "people_reached", "women", "men", "children", "adults")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_number(text: str) -> Decimal | None:
    """Read a number as people type it in Bulgarian: ``1 234,5``, ``1234.5``, ``12``; '' is None.

    Raises ``ValueError`` for anything else, so that a typo is never read as zero.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text or "")
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise ValueError(text) from None


def allowed_currencies(period: ReportingPeriod) -> tuple[str, ...]:
    """Money spent is in the legal currency of its time: leva before 2026-01-01, euro from then on.

    A period that spans the changeover may hold both.
    """
    return tuple(dict.fromkeys((money.currency_on(period.start), money.currency_on(period.end))))


def yearly_period(year: int, *, deadline_days: int = 31) -> tuple[str, date, date, date]:
    """The default period: a calendar year, reports due a month after it ends."""
    end = date(year, 12, 31)
    return str(year), date(year, 1, 1), end, end + timedelta(days=deadline_days)


def _touch(plan_id: int) -> None:
    """Raise the plan's monitoring revision in the caller's transaction (retires cached dashboards)."""
    if MonitoringRevision.objects.filter(plan_id=plan_id).update(number=F("number") + 1):
        return
    try:
        with transaction.atomic():
            MonitoringRevision.objects.create(plan_id=plan_id, number=1)
    except IntegrityError:  # created meanwhile by another transaction
        MonitoringRevision.objects.filter(plan_id=plan_id).update(number=F("number") + 1)


# --- periods --------------------------------------------------------------------------------


@transaction.atomic
def open_period(
    plan: Plan, *, actor: Any, name: str, start: date, end: date, deadline: date
) -> ReportingPeriod:
    """Open a reporting period of an adopted plan; reports can be written in it from now on."""
    if plan.status != Plan.Status.ADOPTED:
        raise ValidationError(_("Reporting periods can only be opened for an adopted plan."))
    period = ReportingPeriod(plan=plan, name=name.strip(), start=start, end=end, deadline=deadline)
    period.full_clean()
    period.save()
    record(period, "period.opened", actor=actor, new=f"{period.name}: {start}–{end}, {deadline}")
    _touch(plan.pk)
    return period


def _set_period_status(period: ReportingPeriod, status: str, *, actor: Any, reason: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == status:
        return period
    old = period.status
    period.status = status
    period.save(update_fields=["status", "updated_at"])
    record(period, f"period.{status}", actor=actor, field="status", old=old, new=status, reason=reason)
    _touch(period.plan_id)
    return period


@transaction.atomic
def close_period(period: ReportingPeriod, *, actor: Any, reason: str = "") -> ReportingPeriod:
    """Close a period: its reports are locked from now on."""
    return _set_period_status(period, ReportingPeriod.Status.CLOSED, actor=actor, reason=reason)


@transaction.atomic
def reopen_period(period: ReportingPeriod, *, actor: Any, reason: str) -> ReportingPeriod:
    """Reopen a closed period (e.g. to correct a value); a reason is required and kept."""
    if not reason.strip():
        raise ValidationError(_("Say why the period is reopened."))
    return _set_period_status(period, ReportingPeriod.Status.OPEN, actor=actor, reason=reason)


# --- reports --------------------------------------------------------------------------------


def _open_period(period: ReportingPeriod) -> ReportingPeriod:
    """Re-read the period and refuse if it is closed.

    The period row is read, not locked: locking it would make every save of
    every report of the period wait for each other. A save that races with
    closing the period finishes as if it came just before the close.
    """
    period = ReportingPeriod.objects.get(pk=period.pk)
    if period.is_locked:
        raise PeriodLocked(_("The period %(name)s is closed; its reports can no longer change.") % {"name": period.name})
    return period


def _lock_report(report: ProgressReport, version: int | None) -> ProgressReport:
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            _("Someone else saved this report after you opened it (now version %(version)s). Nothing was overwritten.")
            % {"version": locked.version},
            current_version=locked.version,
        )
    return locked


def _expenditure_summary(items: Iterable[Any]) -> str:
    return "; ".join(f"{e.source.strip()}: {Decimal(e.amount).quantize(money.CENT)} {e.currency}" for e in items)


@transaction.atomic
def save_report(
    measure: Measure, period: ReportingPeriod, data: ReportInput, *, actor: Any, version: int
) -> ProgressReport:
    """Save a draft (or returned) report of ``measure`` for ``period``.

    ``version`` is the report version the form was loaded at (0 when there
    was no report yet). If the report has moved on since, ``ConflictError``
    is raised and nothing is written: two people never overwrite each other
    silently. Every changed field is audited with its old and new value.
    """
    period = _open_period(period)
    if Measure.objects.filter(pk=measure.pk, retired_in__isnull=False).exists():
        raise MonitoringError(_("This measure is no longer in the plan; its reports are kept as they were."))
    existing = ProgressReport.objects.filter(measure=measure, period=period).first()
    if existing is None:
        if version != 0:
            raise ConflictError(_("This report no longer exists."), current_version=0)
        report = ProgressReport(measure=measure, period=period, version=0)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            # Someone created the report between our read and our insert.
            current = ProgressReport.objects.get(measure=measure, period=period)
            raise ConflictError(
                _("Someone else saved this report after you opened it (now version %(version)s). "
                  "Nothing was overwritten.") % {"version": current.version},
                current_version=current.version,
            ) from None
        record(report, "report.created", actor=actor)
    else:
        report = _lock_report(existing, version)
    if not report.is_editable:
        raise InvalidTransition(
            _("A report that is %(status)s cannot be edited.") % {"status": report.get_status_display()}
        )

    errors: dict[str, list[str]] = {}
    changed: list[str] = []
    for name in REPORT_FIELDS:
        new = getattr(data, name)
        old = getattr(report, name)
        if name in ("measure_status", "done_text"):
            new = (new or "").strip()
        if old != new:
            setattr(report, name, new)
            changed.append(name)
            record(report, "report.saved", actor=actor, field=name, old=old, new=new)
    for name, total_of in (("women", "men"), ("children", "adults")):
        a, b = getattr(report, name), getattr(report, total_of)
        if report.people_reached is not None and a is not None and b is not None and a + b > report.people_reached:
            errors[name] = [_("The breakdown adds up to more than the people reached.")]

    indicators = {i.pk: i for i in measure.indicators.all()}
    current_values = {v.indicator_id: v for v in report.values.all()}
    for indicator_id, raw in data.values.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            errors[f"value_{indicator_id}"] = [_("This indicator does not belong to the measure.")]
            continue
        raw = (raw or "").strip()
        value = current_values.get(indicator_id)
        old_raw = value.raw if value else ""
        if raw == old_raw:
            # Unchanged: kept as it is, of whatever kind it was saved (a text value of an indicator
            # that has since got a numeric target stays, it is never re-read or erased).
            continue
        number: Decimal | None = None
        if indicator.is_numeric:
            try:
                number = parse_number(raw)
            except ValueError:
                errors[f"value_{indicator_id}"] = [_("Enter a number, e.g. 12 or 1 234,5.")]
                continue
        record(report, "report.saved", actor=actor, field=f"indicator:{indicator_id}", old=old_raw, new=raw)
        changed.append(f"indicator:{indicator_id}")
        if not raw:
            if value:
                value.delete()
            continue
        if value is None:
            value = IndicatorValue(report=report, indicator=indicator)
        value.raw = raw
        value.value = number
        value.text = "" if indicator.is_numeric else raw
        try:
            value.full_clean(exclude=["report"])
        except ValidationError as error:
            errors[f"value_{indicator_id}"] = error.messages
            continue
        value.save()

    allowed = allowed_currencies(period)
    new_spending = [e for e in data.expenditures if e.source.strip() or e.amount]
    for n, e in enumerate(new_spending):
        if e.currency not in allowed:
            errors[f"expenditure_{n}"] = [
                _("Money spent in this period is in %(currencies)s.") % {"currencies": ", ".join(allowed)}
            ]
        if e.amount is None or e.amount < 0:
            errors[f"expenditure_{n}"] = [_("Enter the amount spent (0 or more).")]
    old_spending = list(report.expenditures.all())
    if _expenditure_summary(old_spending) != _expenditure_summary(new_spending) and not errors:
        record(
            report, "report.saved", actor=actor, field="expenditures",
            old=_expenditure_summary(old_spending), new=_expenditure_summary(new_spending),
        )
        changed.append("expenditures")
        report.expenditures.all().delete()
        Expenditure.objects.bulk_create(
            [Expenditure(report=report, source=e.source.strip(), amount=e.amount, currency=e.currency) for e in new_spending]
        )
    if errors:
        raise ValidationError(errors)
    if not changed and report.version > 0:
        return report  # nothing to save: the version stays, so nobody else gets a needless conflict

    report.version += 1
    report.full_clean(validate_constraints=False)
    report.save(update_fields=[*REPORT_FIELDS, "version", "updated_at"])
    _touch(measure.plan_id)
    return report


def _move(report: ProgressReport, to: str, *, actor: Any, reason: str = "") -> None:
    """Move a locked report to ``to`` if ``PIPELINE`` allows it, and audit the move."""
    if to not in PIPELINE.get(report.status, ()):
        raise InvalidTransition(
            _("A report that is %(old)s cannot become %(new)s.")
            % {"old": report.get_status_display(), "new": Status(to).label}
        )
    old = report.status
    report.status = to
    report.version += 1
    record(report, f"report.{to}", actor=actor, field="status", old=old, new=to, reason=reason)
    _touch(report.measure.plan_id)


def _emails(users: Iterable[Any]) -> list[str]:
    return sorted({u.email for u in users if u.email and u.is_active})


def _notify(recipients: list[str], subject: str, body: str) -> None:
    """Send an e-mail once the transaction commits; a rolled back change tells nobody."""
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    )


def _report_url(report: ProgressReport) -> str:
    return settings.PLANMONITOR_BASE_URL.rstrip("/") + report.get_absolute_url()


@transaction.atomic
def submit_report(report: ProgressReport, *, actor: Any, version: int | None = None) -> ProgressReport:
    """Send a report to the monitoring unit for review; it needs at least the measure's status."""
    _open_period(report.period)
    report = _lock_report(report, version)
    if not report.measure_status:
        raise ValidationError({"measure_status": [_("Choose the status of the measure before submitting.")]})
    _move(report, Status.SUBMITTED, actor=actor)
    report.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "version", "submitted_by", "submitted_at", "updated_at"])
    from planmonitor.accounts.models import User

    coordinators = User.objects.filter(role=User.Role.COORDINATOR, municipality_id=report.measure.plan.municipality_id)
    _notify(
        _emails(coordinators),
        _("Report submitted: %(measure)s") % {"measure": report.measure},
        _("A progress report is waiting for your review:\n%(url)s") % {"url": _report_url(report)},
    )
    return report


@transaction.atomic
def return_report(
    report: ProgressReport, *, actor: Any, comment: str, version: int | None = None
) -> ProgressReport:
    """Return a report for correction. The comment is required: it tells the reporter what to fix."""
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Say what should be corrected.")]})
    _open_period(report.period)
    report = _lock_report(report, version)
    _move(report, Status.RETURNED, actor=actor, reason=comment.strip())
    report.approved_by = None
    report.approved_at = None
    report.save(update_fields=["status", "version", "approved_by", "approved_at", "updated_at"])
    ReviewComment.objects.create(report=report, author=actor, text=comment.strip())
    if report.submitted_by:
        _notify(
            _emails([report.submitted_by]),
            _("Report returned: %(measure)s") % {"measure": report.measure},
            _("Your progress report was returned for correction:\n\n%(comment)s\n\n%(url)s")
            % {"comment": comment.strip(), "url": _report_url(report)},
        )
    return report


@transaction.atomic
def approve_report(report: ProgressReport, *, actor: Any, version: int | None = None) -> ProgressReport:
    """Approve a submitted report: from now on its values count in progress and are public."""
    _open_period(report.period)
    report = _lock_report(report, version)
    _move(report, Status.APPROVED, actor=actor)
    report.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    report.approved_at = timezone.now()
    report.save(update_fields=["status", "version", "approved_by", "approved_at", "updated_at"])
    return report


@transaction.atomic
def recommend_measure(
    measure: Measure, *, actor: Any, text: str, period: ReportingPeriod | None = None
) -> Recommendation:
    """Write the monitoring unit's recommendation (corrective measure) on a measure."""
    recommendation = Recommendation(measure=measure, period=period, author=actor, text=(text or "").strip())
    recommendation.full_clean()
    recommendation.save()
    record(measure, "measure.recommended", actor=actor, field="recommendation", new=recommendation.text)
    return recommendation


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


@transaction.atomic
def add_evidence(
    report: ProgressReport, *, actor: Any, file: UploadedFile | None = None, url: str = "", description: str = ""
) -> list[Evidence]:
    """Attach a file, a link, or both to an editable report.

    A file and a link given together are two pieces of evidence (each shown
    and removable on its own), both with the description; nothing given is an error.
    """
    _open_period(report.period)
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
    return items


@transaction.atomic
def remove_evidence(evidence: Evidence, *, actor: Any) -> None:
    """Remove evidence from an editable report; the audit keeps its name."""
    report = _lock_report(evidence.report, None)
    _open_period(report.period)
    if not report.is_editable:
        raise InvalidTransition(
            _("A report that is %(status)s cannot be edited.") % {"status": report.get_status_display()}
        )
    record(report, "report.evidence_removed", actor=actor, field="evidence", old=evidence.url or evidence.file.name)
    evidence.delete()


# --- reminders ------------------------------------------------------------------------------


def _reminder_targets(period: ReportingPeriod) -> dict[Any, list[Measure]]:
    """Reporters of ``period``'s plan with measures not yet submitted, each with their measures."""
    from planmonitor.accounts.models import User

    reported = ProgressReport.objects.filter(
        period=period, status__in=(Status.SUBMITTED, Status.APPROVED)
    ).values("measure_id")
    measures = (
        Measure.objects.current().filter(plan_id=period.plan_id).exclude(pk__in=reported)
        .prefetch_related("institutions")
    )
    by_institution: dict[int, list[Measure]] = {}
    for m in measures:
        for inst in m.institutions.all():
            by_institution.setdefault(inst.pk, []).append(m)
    reporters = User.objects.filter(
        role=User.Role.REPORTER, is_active=True, municipality_id=period.plan.municipality_id,
        institution_id__in=list(by_institution),
    ).exclude(email="")
    return {u: by_institution[u.institution_id] for u in reporters}


def send_reminders(*, days: int, today: date | None = None, actor: Any = None) -> list[ReminderSent]:
    """Remind reporters of unsubmitted reports: before the deadline, and once after it.

    Before: reporters of open periods whose deadline is within ``days`` days.
    After: once the deadline has passed and the period is still open, each
    reporter still missing reports gets one "late report" e-mail, and the
    plan's coordinators one list of who is late, so that nobody is forgotten
    once a deadline passes. One e-mail per person, period and kind lists all
    their missing reports; a ``ReminderSent`` row (unique per person, period,
    kind and ``days``) is written in the same transaction as the e-mail is
    queued, so running this twice never sends the same reminder twice.
    """
    today = today or timezone.localdate()
    base = settings.PLANMONITOR_BASE_URL.rstrip("/")
    open_periods = ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).select_related(
        "plan__municipality"
    )
    sent: list[ReminderSent] = []
    for period in open_periods.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days)):
        deadline = period.deadline.strftime("%d.%m.%Y")
        for user, measures in _reminder_targets(period).items():
            reminder = _remind_once(
                user, period, ReminderSent.Kind.DUE, days, len(measures), actor=actor,
                subject=_("Reports due by %(deadline)s") % {"deadline": deadline},
                body=_("These progress reports for %(period)s are not submitted yet:\n%(measures)s\n\n%(url)s")
                % {"period": period.name, "measures": _lines(measures), "url": base + "/monitoring/todo/"},
            )
            sent += [reminder] if reminder else []
    for period in open_periods.filter(deadline__lt=today):
        deadline = period.deadline.strftime("%d.%m.%Y")
        late = _reminder_targets(period)
        for user, measures in late.items():
            reminder = _remind_once(
                user, period, ReminderSent.Kind.LATE, 0, len(measures), actor=actor,
                subject=_("Late report: the deadline was %(deadline)s") % {"deadline": deadline},
                body=_(
                    "The deadline for the progress reports of %(period)s was %(deadline)s. "
                    "These are not submitted yet:\n%(measures)s\n\n%(url)s"
                ) % {"period": period.name, "deadline": deadline, "measures": _lines(measures),
                     "url": base + "/monitoring/todo/"},
            )
            sent += [reminder] if reminder else []
        if late:
            sent += _tell_coordinators_who_is_late(period, late, actor=actor, url=base + f"/monitoring/periods/{period.pk}/")
    return sent


def _lines(items: Any) -> str:
    return "\n".join(f"- {item}" for item in items)


def _remind_once(
    user: Any, period: ReportingPeriod, kind: str, days: int, count: int, *, actor: Any, subject: str, body: str,
) -> ReminderSent | None:
    """Write the ``ReminderSent`` row and queue the e-mail together; None if it was sent before."""
    try:
        with transaction.atomic():
            reminder = ReminderSent.objects.create(
                user=user, period=period, kind=kind, days_before=days, measure_count=count
            )
            record(reminder, f"reminder.{kind}", actor=actor, new=user.email)
            _notify([user.email], subject, body)
    except IntegrityError:
        return None  # already reminded: the unique constraint says so
    return reminder


def _tell_coordinators_who_is_late(
    period: ReportingPeriod, late: dict[Any, list[Measure]], *, actor: Any, url: str
) -> list[ReminderSent]:
    """One e-mail per coordinator of the plan's municipality listing the late reporters, once per period."""
    from planmonitor.accounts.models import User

    coordinators = User.objects.filter(
        role=User.Role.COORDINATOR, is_active=True, municipality_id=period.plan.municipality_id
    ).exclude(email="")
    who = _lines(
        _("%(name)s (%(institution)s): %(count)s reports")
        % {"name": user.get_full_name() or user.username, "institution": user.institution, "count": len(measures)}
        for user, measures in sorted(late.items(), key=lambda item: item[0].username)
    )
    sent = []
    for coordinator in coordinators:
        reminder = _remind_once(
            coordinator, period, ReminderSent.Kind.LATE_SUMMARY, 0, sum(len(m) for m in late.values()),
            actor=actor,
            subject=_("Late reporters for %(period)s") % {"period": period.name},
            body=_("The deadline of %(period)s was %(deadline)s. Still not reported:\n%(who)s\n\n%(url)s")
            % {"period": period.name, "deadline": period.deadline.strftime("%d.%m.%Y"), "who": who, "url": url},
        )
        sent += [reminder] if reminder else []
    return sent


def measure_status_from_text(text: str) -> str | None:
    """Match a status typed in a spreadsheet to a ``MeasureStatus``: its code or any label."""
    wanted = (text or "").strip().casefold()
    if not wanted:
        return ""
    for choice in MeasureStatus:
        if wanted in (choice.value.casefold(), str(choice.label).casefold()):
            return choice.value
    return BULGARIAN_STATUS_WORDS.get(wanted)


#: The statuses as the plans write them, so that a spreadsheet filled in Bulgarian is read
#: whatever the interface language of the person who uploads it.
BULGARIAN_STATUS_WORDS: dict[str, str] = {
    "изпълнена": MeasureStatus.DONE,
    "в изпълнение": MeasureStatus.IN_PROGRESS,
    "частично изпълнена": MeasureStatus.PARTLY_DONE,
    "неизпълнена": MeasureStatus.NOT_DONE,
    "отложена": MeasureStatus.POSTPONED,
    "отпаднала": MeasureStatus.DROPPED,
}
