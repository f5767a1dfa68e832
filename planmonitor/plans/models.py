"""A municipal action plan as data: plan, priorities, goals, tasks, measures, indicators, funding.

Numbers are numbers and text stays text: every parsed value (years, amounts,
indicator values) sits beside the raw text the plan states, so that nothing
the document said is lost and export reproduces the imported plan-json.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from planmonitor.accounts.models import Institution, Municipality
from planmonitor.core.models import TimeStamped
from planmonitor.ingest.exact_json import ExactDecoder, ExactEncoder


class Currency(models.TextChoices):
    BGN = "BGN", _("leva")
    EUR = "EUR", _("euro")


class Plan(TimeStamped):
    """One municipality's plan for a period. Adopted plans are public; drafts are not."""

    class Status(models.TextChoices):
        # A plan not yet adopted is a "проект" in Bulgarian; a report not yet approved is a
        # "чернова": the same English word, so the context tells translators which is meant.
        DRAFT = "draft", pgettext_lazy("plan status", "draft")
        ADOPTED = "adopted", pgettext_lazy("plan status", "adopted")
        CLOSED = "closed", pgettext_lazy("plan status", "closed")
        # Imported by mistake and taken back by its coordinator: kept (with its audit trail), shown to nobody
        # outside its municipality, changed by nobody; the same plan may then be imported again.
        WITHDRAWN = "withdrawn", pgettext_lazy("plan status", "withdrawn")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="plans", verbose_name=_("municipality")
    )
    title = models.TextField(_("title"))
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    decision = models.CharField(_("adopting decision"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    source_file = models.CharField(_("imported from"), max_length=300, blank=True)
    #: Raised by every service that changes what a page of the plan shows (``plans.revision.bump``);
    #: every cached page and document is keyed on it. Written only by ``bump``, never by ``save()``
    #: of a loaded plan (services save plans with ``update_fields``).
    revision = models.PositiveBigIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        ordering = ["municipality__name", "-period_start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="plan_period_order"),
            # Parallel imports of one file must not make two plans (issue 11): the loser of the race
            # gets an IntegrityError, which import_plan turns into PlanAlreadyExists.
            models.UniqueConstraint(
                fields=["municipality", "title", "period_start", "period_end"],
                condition=~models.Q(status="withdrawn"),
                name="plan_unique_title_period",
            ),
        ]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.municipality} {self.period_start}–{self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.pk])


#: Statuses anyone, signed in or not, may read: a closed plan was adopted and has run its course.
#: Drafts and withdrawn plans are private. The portal, the consolidated reports and the permission
#: rules all read this one tuple.
PUBLIC_PLAN_STATUSES = (Plan.Status.ADOPTED, Plan.Status.CLOSED)
#: Statuses in which a plan may still be changed (imported drafts, amendments of adopted plans).
EDITABLE_PLAN_STATUSES = (Plan.Status.DRAFT, Plan.Status.ADOPTED)


class PlanVersion(models.Model):
    """A frozen copy of the plan (as plan-json) at one version, with who, when and why.

    The live tables hold the current plan so that progress reports keep
    pointing at the same measures; each amendment first freezes the version
    it replaces, and two snapshots are compared to show what changed.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("version"))
    # Exact JSON: an amount is stored and read back as Decimal with its digits, never as a float.
    snapshot = models.JSONField(_("plan as plan-json"), encoder=ExactEncoder, decoder=ExactDecoder)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.TextField(_("why"), blank=True, help_text=_("For example the council decision."))

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("plan"))
    position = models.PositiveIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    operational_objective = models.TextField(_("operational objective"), blank=True)
    retired_in = models.PositiveIntegerField(
        _("retired in version"), null=True, blank=True,
        help_text=_("Set when an amendment drops the priority while retired measures still belong to it."),
    )

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="goals", verbose_name=_("priority"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("higher goal")
    )
    position = models.PositiveIntegerField(_("position"))
    code = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("title"))

    class Meta:
        ordering = ["priority", "position"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Task(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("goal"))
    position = models.PositiveIntegerField(_("position"))
    code = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("title"))

    class Meta:
        ordering = ["goal", "position"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class MeasureQuerySet(models.QuerySet):
    def current(self) -> MeasureQuerySet:
        """Measures of the plan's current version (retired ones keep their history, not their place)."""
        return self.filter(retired_in__isnull=True)


class Measure(models.Model):
    """A leaf action of the plan: what is done, by whom, when, with what money, measured how.

    A measure that an amendment removes is deleted only if nothing was ever
    reported on it; otherwise it is *retired* (``retired_in``, ``retired_at``):
    it leaves the current plan, its to-do lists and new periods, but its
    reports, the periods that hold them and every yearly report stay as they
    were (the monitoring foreign keys to it are PROTECT).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan"))
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures", verbose_name=_("priority"))
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures", verbose_name=_("goal")
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures", verbose_name=_("task")
    )
    position = models.PositiveIntegerField(_("position"))
    code = models.CharField(_("number"), max_length=20, blank=True)
    text = models.TextField(_("measure"))
    responsible_raw = models.TextField(_("responsible (as written)"), blank=True)
    institutions = models.ManyToManyField(
        Institution, blank=True, related_name="measures", verbose_name=_("responsible institutions")
    )
    period_raw = models.CharField(_("period (as written)"), max_length=300, blank=True)
    period_start = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    status_raw = models.CharField(_("status (as written)"), max_length=200, blank=True)
    indicators_raw = models.TextField(_("indicators (as written)"), blank=True)
    baseline_raw = models.TextField(_("current value (as written)"), blank=True)
    target_raw = models.TextField(_("target value (as written)"), blank=True)
    goal_ref = models.CharField(
        _("goal (as written)"), max_length=300, blank=True,
        help_text=_("The goal the plan names for this measure, kept when it matches none of the plan's goals."),
    )
    task_ref = models.CharField(
        _("task (as written)"), max_length=300, blank=True,
        help_text=_("The task the plan names for this measure, kept when it matches none of the plan's tasks."),
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    retired_in = models.PositiveIntegerField(
        _("retired in version"), null=True, blank=True,
        help_text=_("The plan version that no longer has this measure; its reported history is kept."),
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position"]
        indexes = [models.Index(fields=["plan", "code"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="measure_period_order",
            ),
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}".strip()

    def get_absolute_url(self) -> str:
        return reverse("plans:measure", args=[self.pk])

    @property
    def is_retired(self) -> bool:
        return self.retired_in is not None


class Funding(models.Model):
    """Money planned for a measure: the amount as written and parsed, its currency, its source."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("measure"))
    amount_raw = models.TextField(_("amount (as written)"), blank=True)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    source = models.TextField(_("source"), blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        ordering = ["measure", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | ~models.Q(currency=""), name="funding_amount_has_currency"
            ),
        ]
        verbose_name = _("funding")
        verbose_name_plural = _("funding")

    def __str__(self) -> str:
        return self.amount_raw or self.source


class Indicator(models.Model):
    """How a measure's result is measured, with its baseline and cumulative target.

    ``cumulative`` is True for "с натрупване" targets, where values of the
    plan's years add up; False for a level (e.g. number of mediators employed).
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("measure"))
    position = models.PositiveIntegerField(_("position"), default=1)
    name = models.TextField(_("indicator"))
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    baseline_raw = models.TextField(_("current value (as written)"), blank=True)
    baseline = models.DecimalField(_("current value"), max_digits=16, decimal_places=2, null=True, blank=True)
    target_raw = models.TextField(_("target value (as written)"), blank=True)
    target = models.DecimalField(_("target value"), max_digits=16, decimal_places=2, null=True, blank=True)
    cumulative = models.BooleanField(_("cumulative"), default=True)

    class Meta:
        ordering = ["measure", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name[:80]

    @property
    def is_numeric(self) -> bool:
        return self.target is not None


class ImportSession(TimeStamped):
    """An uploaded plan under review: parsed in the background, corrected, then published.

    Nothing becomes a ``Plan`` until the uploader publishes; until then the
    parsed plan-json (with the user's corrections) and the reader's warnings
    live here, so a page reload or a second tab never loses what was typed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be read")
        PARSING = "parsing", _("being read")
        READY = "ready", _("ready for review")
        FAILED = "failed", _("could not be read")
        PUBLISHED = "published", _("published")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.CharField(_("stage"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("reading started"), null=True, blank=True, help_text=_(
        "When a worker began reading the file: the time limit for a stalled worker counts from here."))
    plan_json = models.JSONField(_("plan as read"), null=True, blank=True, encoder=ExactEncoder, decoder=ExactDecoder)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_sessions", verbose_name=_("uploaded by")
    )
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_sessions",
        verbose_name=_("published plan"),
    )
    #: Raised by every change of the list of measures (split, add, delete), so a field saved from a
    #: page showing the old list is refused instead of landing on another measure.
    revision = models.PositiveIntegerField(_("revision of the measure list"), default=0)
    #: Names the institution registry does not know that the reviewer confirmed as institutions.
    new_institutions = models.JSONField(_("new institutions confirmed"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import under review")
        verbose_name_plural = _("imports under review")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("plans:import_review", args=[self.pk])
