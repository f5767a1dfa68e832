"""The monitoring cycle as data: reporting periods, progress reports and what they carry.

A reporting period belongs to a plan (yearly by default, any dates allowed).
For each measure and period there is at most one progress report, written by
a reporter of a responsible institution and reviewed by the municipality's
monitoring unit. A report holds the measure's status, what was done, one
value per indicator, money spent by source, people reached, and evidence.

Every change goes through ``planmonitor.monitoring.services``; the models
only state what a valid row is (``Meta.constraints``), never side effects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planmonitor.core.models import TimeStamped
from planmonitor.plans.models import Currency, Indicator, Measure, Plan


class MeasureStatus(models.TextChoices):
    """The status of a measure as the plans themselves write it."""

    DONE = "done", _("completed")
    IN_PROGRESS = "in_progress", _("in progress")
    PARTLY_DONE = "partly_done", _("partly completed")
    NOT_DONE = "not_done", _("not completed")
    POSTPONED = "postponed", _("postponed")
    DROPPED = "dropped", _("dropped")


class ReportingPeriod(TimeStamped):
    """A span of time a plan is reported on, with a deadline. A closed period is locked."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=100)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    deadline = models.DateField(_("deadline for reports"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["plan", "start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="period_unique_name"),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_order"),
            models.CheckConstraint(condition=models.Q(deadline__gte=models.F("start")), name="period_deadline_after_start"),
        ]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:period", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.CLOSED


class ProgressReport(TimeStamped):
    """What one measure achieved in one period, as reported and reviewed.

    ``version`` grows by one with every saved change; a form carries the
    version it was loaded at, so that a save over someone else's newer save
    is refused instead of silently overwriting it (optimistic locking).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("approved")

    # PROTECT: reports are history (approved ones are in yearly reports given to the council and in
    # open data); a measure with reports is retired by an amendment, never deleted.
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reports", verbose_name=_("measure"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("reporting period")
    )
    status = models.CharField(_("report status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    measure_status = models.CharField(
        _("status of the measure"), max_length=20, choices=MeasureStatus.choices, blank=True
    )
    done_text = models.TextField(_("what was done"), blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    women = models.PositiveIntegerField(_("of them women"), null=True, blank=True)
    men = models.PositiveIntegerField(_("of them men"), null=True, blank=True)
    children = models.PositiveIntegerField(_("of them children"), null=True, blank=True)
    adults = models.PositiveIntegerField(_("of them adults"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["period", "measure"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="report_unique_per_period"),
        ]
        indexes = [models.Index(fields=["period", "status"])]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.measure.code or self.measure_id} / {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report", args=[self.measure_id, self.period_id])

    @property
    def is_editable(self) -> bool:
        """A draft or a returned report can be written; a submitted one waits for review."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def awaits_review(self) -> bool:
        """Submitted: the monitoring unit has a decision to take."""
        return self.status == self.Status.SUBMITTED

    def can_move_to(self, status: str, *, period: ReportingPeriod) -> bool:
        """Does ``REPORT_PIPELINE`` allow this report to become ``status`` now? Never in a closed period.

        ``period`` is the report's own, passed in because the pages already hold it (no query).
        """
        return not period.is_locked and status in REPORT_PIPELINE.get(self.status, ())


#: Which report status may follow which (django-oscar's ``pipeline``). An approved report can
#: be returned so that a wrong value is corrected in the open, with a reason, never silently.
REPORT_PIPELINE: dict[str, tuple[str, ...]] = {
    ProgressReport.Status.DRAFT: (ProgressReport.Status.SUBMITTED,),
    ProgressReport.Status.SUBMITTED: (ProgressReport.Status.RETURNED, ProgressReport.Status.APPROVED),
    ProgressReport.Status.RETURNED: (ProgressReport.Status.SUBMITTED,),
    ProgressReport.Status.APPROVED: (ProgressReport.Status.RETURNED,),
}


class IndicatorValue(models.Model):
    """The value an indicator reached in a report's period: a number where it is numeric, else text.

    ``raw`` keeps what the person typed; ``value`` is the parsed number.
    For cumulative indicators the value is the period's own contribution; for
    levels it is the level at the end of the period (see ``progress``).
    """

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("report"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("value as text"), blank=True)
    raw = models.TextField(_("as typed"), blank=True)

    class Meta:
        ordering = ["report", "indicator__position"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="value_unique_per_report")]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return self.raw or self.text or str(self.value)


class Expenditure(models.Model):
    """Money spent on a measure in a period, from one source, in the currency of its time."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="expenditures", verbose_name=_("report")
    )
    source = models.CharField(_("source of funding"), max_length=300)
    amount = models.DecimalField(_("amount spent"), max_digits=16, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)

    class Meta:
        ordering = ["report", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="expenditure_not_negative"),
        ]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} {self.source}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Files are grouped by period and measure so a folder holds one report's evidence."""
    return f"evidence/{instance.report.period_id}/{instance.report.measure_id}/{filename}"


class Evidence(models.Model):
    """Proof of what was done: an uploaded file or a link, with a description."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=500)
    description = models.CharField(_("description"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("added by"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(file="") | ~models.Q(url=""), name="evidence_file_or_url"),
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description or self.url or self.file.name

    def get_absolute_url(self) -> str:
        if self.url:
            return self.url
        return reverse("monitoring:evidence", args=[self.pk])


class ReviewComment(models.Model):
    """A reviewer's comment on a report, e.g. why it was returned. Internal, never public."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.text[:80]


class Recommendation(models.Model):
    """The monitoring unit's recommendation (corrective measure) on a measure, optionally for a period."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("measure")
    )
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations",
        verbose_name=_("reporting period"),
    )  # a recommendation is the measure's history: a period deleted (one opened by mistake) does not take it
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    text = models.TextField(_("recommendation"))

    class Meta:
        ordering = ["measure", "at", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]


class ReminderSent(models.Model):
    """One reminder e-mail sent to one person for one period at one distance from the deadline.

    The unique constraint is what makes ``planmonitor remind`` safe to run
    from cron as often as one likes: the same reminder can never go twice.
    """

    class Kind(models.TextChoices):
        DUE = "due", _("reports due")
        LATE = "late", _("late reports")
        LATE_SUMMARY = "late_summary", _("late reporters, to the coordinator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("to"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("reporting period")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DUE)
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    measure_count = models.PositiveIntegerField(_("measures listed"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period", "kind", "days_before"], name="reminder_sent_once"),
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.user} {self.period} {self.kind} -{self.days_before}"
