"""Generated report files: one row per generation, kept with its period, numbered by version.

A coordinator asks for a report; a background task writes the file and
moves the row from queued to running to done (or failed), updating
``progress`` as it goes so the page can show it. Regenerating never replaces
a file: it makes the next version. ``is_final`` records whether the data was
final when the file was written (period closed, every report approved): only
final versions are published on the portal. ``unit`` is who prepared the
report, as its title page says; the next request of the plan starts from it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planmonitor.monitoring.models import ReportingPeriod
from planmonitor.plans.models import Plan


def report_path(instance: GeneratedReport, filename: str) -> str:
    """Files sit by plan and period, named so a downloaded copy says what it is."""
    return f"reports/{instance.plan_id}/{instance.period_id}/{filename}"


class GeneratedReport(models.Model):
    """One generated file of the yearly report of a plan for a period."""

    class Format(models.TextChoices):
        DOCX = "docx", _("Word (DOCX)")
        PDF = "pdf", _("PDF")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being generated")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="generated_reports", verbose_name=_("plan"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="generated_reports", verbose_name=_("reporting period")
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=report_path, blank=True, max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    is_final = models.BooleanField(_("final"), default=False)
    unit = models.CharField(
        _("prepared by"), max_length=300, blank=True,
        help_text=_("The unit named on the title page; empty: the municipality's monitoring unit."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(
        _("started at"), null=True, blank=True,
        help_text=_("When a worker began writing the file: the time limit for a stalled worker counts from here."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "period", "format", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "format", "version"], name="generated_report_version_unique"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="generated_report_progress_percent"),
        ]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")

    def __str__(self) -> str:
        return f"{self.plan} {self.period} {self.format} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)

    def filename(self) -> str:
        """A readable download name: municipality, period, version."""
        return f"monitoring-{self.plan_id}-{self.period.name}-v{self.version}.{self.format}".replace(" ", "_")
