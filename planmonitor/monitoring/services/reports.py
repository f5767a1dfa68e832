"""Progress reports: saved as drafts (optimistic locking), then submitted, returned, approved along ``PIPELINE``.

Saving a draft is protected by optimistic locking: the caller passes the
``version`` the form was loaded at, the row is locked with
``select_for_update()`` and a stale version raises ``ConflictError`` with
nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planmonitor.core import money
from planmonitor.core.actors import Actor, user_or_none
from planmonitor.core.audit import record
from planmonitor.monitoring.models import (
    REPORT_PIPELINE,
    Expenditure,
    IndicatorValue,
    ProgressReport,
    Recommendation,
    ReportingPeriod,
    ReviewComment,
)
from planmonitor.monitoring.parsing import parse_number
from planmonitor.monitoring.services.errors import (
    ConflictError,
    InvalidTransition,
    MonitoringError,
)
from planmonitor.monitoring.services.periods import allowed_currencies
from planmonitor.monitoring.services.shared import (
    Status,
    _emails,
    _lock_report,
    _notify,
    _open_period,
    _report_url,
)
from planmonitor.plans.models import Measure
from planmonitor.plans.revision import bump, lock_plan

#: Which report status may follow which: the model's rule, one definition (``models.REPORT_PIPELINE``).
PIPELINE = REPORT_PIPELINE


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


def _expenditure_summary(items: Iterable[Any]) -> str:
    return "; ".join(f"{e.source.strip()}: {Decimal(e.amount).quantize(money.CENT)} {e.currency}" for e in items)


@transaction.atomic(durable=True)
def save_report(
    measure: Measure, period: ReportingPeriod, data: ReportInput, *, actor: Actor, version: int
) -> ProgressReport:
    """Save a draft (or returned) report of ``measure`` for ``period``.

    ``version`` is the report version the form was loaded at (0 when there
    was no report yet). If the report has moved on since, ``ConflictError``
    is raised and nothing is written: two people never overwrite each other
    silently. Every changed field is audited with its old and new value.
    """
    return _save_report(measure, period, data, actor=actor, version=version)


@transaction.atomic(durable=True)
def save_reports(
    period: ReportingPeriod, entries: Sequence[tuple[Measure, ReportInput, int]], *, actor: Actor
) -> list[ProgressReport | MonitoringError | ValidationError]:
    """Save many reports of one period all or nothing (a filled-in spreadsheet): ``(measure, data, version)`` each.

    Returns, in order, each saved report or why it was refused (a
    ``MonitoringError`` or a ``ValidationError`` naming its fields). If any
    is refused, nothing at all is written, so a sheet is never half taken.
    """
    outcomes: list[ProgressReport | MonitoringError | ValidationError] = []
    for measure, data, version in entries:
        try:
            with transaction.atomic():
                outcomes.append(_save_report(measure, period, data, actor=actor, version=version))
        except (MonitoringError, ValidationError) as error:
            outcomes.append(error)
    if any(not isinstance(outcome, ProgressReport) for outcome in outcomes):
        transaction.set_rollback(True)
    return outcomes


def _save_report(
    measure: Measure, period: ReportingPeriod, data: ReportInput, *, actor: Actor, version: int
) -> ProgressReport:
    """``save_report`` inside the caller's transaction (shared with ``save_reports``)."""
    period = _open_period(period)
    lock_plan(measure.plan_id)  # before the report's rows: the order amendments lock in
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
    bump(measure.plan_id)
    return report




def _move(report: ProgressReport, to: str, *, actor: Actor, reason: str = "") -> None:
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
    bump(report.measure.plan_id)



@transaction.atomic(durable=True)
def submit_report(report: ProgressReport, *, actor: Actor, version: int | None = None) -> ProgressReport:
    """Send a report to the monitoring unit for review; it needs at least the measure's status."""
    _open_period(report.period)
    report = _lock_report(report, version)
    if not report.measure_status:
        raise ValidationError({"measure_status": [_("Choose the status of the measure before submitting.")]})
    _move(report, Status.SUBMITTED, actor=actor)
    report.submitted_by = user_or_none(actor)
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


@transaction.atomic(durable=True)
def return_report(
    report: ProgressReport, *, actor: Actor, comment: str, version: int | None = None
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


@transaction.atomic(durable=True)
def approve_report(report: ProgressReport, *, actor: Actor, version: int | None = None) -> ProgressReport:
    """Approve a submitted report: from now on its values count in progress and are public."""
    _open_period(report.period)
    report = _lock_report(report, version)
    _move(report, Status.APPROVED, actor=actor)
    report.approved_by = user_or_none(actor)
    report.approved_at = timezone.now()
    report.save(update_fields=["status", "version", "approved_by", "approved_at", "updated_at"])
    return report


@transaction.atomic(durable=True)
def recommend_measure(
    measure: Measure, *, actor: Actor, text: str, period: ReportingPeriod | None = None
) -> Recommendation:
    """Write the monitoring unit's recommendation (corrective measure) on a measure."""
    lock_plan(measure.plan_id)
    recommendation = Recommendation(measure=measure, period=period, author=actor, text=(text or "").strip())
    recommendation.full_clean()
    recommendation.save()
    record(measure, "measure.recommended", actor=actor, field="recommendation", new=recommendation.text)
    bump(measure.plan_id)
    return recommendation

