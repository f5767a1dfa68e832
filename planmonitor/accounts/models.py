"""People and the bodies they belong to: districts, municipalities, institutions, users."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """An oblast (област): the level that consolidates its municipalities' reports."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (община) that adopts and follows its own plan."""

    name = models.CharField(_("name"), max_length=120)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="municipalities",
        verbose_name=_("district"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "district"], name="municipality_unique_in_district")]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Institution(models.Model):
    """A body that answers for measures: a ministry, an agency, a school, an NGO.

    The registry is seeded from ``planmonitor.ingest`` institution data and
    extended by each deployment; measures link to it so that an institution's
    page lists everything it answers for across plans.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("national body")
        REGIONAL = "regional", _("regional body")
        MUNICIPAL = "municipal", _("municipality or municipal service")
        SCHOOL = "school", _("school or kindergarten")
        HEALTH = "health", _("health")
        SOCIAL = "social", _("social services")
        LABOUR = "labour", _("labour")
        POLICE = "police", _("police and justice")
        CULTURE = "culture", _("culture")
        NGO = "ngo", _("non-governmental organisation")
        OTHER = "other", _("other")

    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    name = models.CharField(_("full name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="institutions",
        verbose_name=_("municipality"), help_text=_("Empty for national and regional bodies."),
    )
    # When the row last changed (the back office's list). Cached plan pages are retired by the plans'
    # revision, which plans.services.registry raises when an institution is saved.
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["abbreviation", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "municipality"], name="institution_unique_name"),
        ]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.abbreviation or self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:institution", args=[self.pk])


class User(AbstractUser):
    """A person who signs in. Their role and the body they belong to decide what they see.

    * coordinator: a municipal coordinator (monitoring unit) of ``municipality``;
    * reporter: reports for ``institution`` in ``municipality``;
    * district: a district coordinator who reads all plans of ``district``;
    * admin: runs the deployment (is_staff/is_superuser as well).
    """

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("municipal coordinator")
        REPORTER = "reporter", _("institution reporter")
        DISTRICT = "district", _("district coordinator")
        NATIONAL = "national", _("national coordinator")
        ADMIN = "admin", _("administrator")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("municipality"),
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("district"),
    )
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("institution"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        """A reporter reports for an institution of their own municipality (or a national or regional body).

        Why: a reporter sees and reports the measures of their institution in
        their municipality's plan; a school of another municipality would show
        them nothing, or another municipality's measures.
        """
        super().clean()
        if self.role != self.Role.REPORTER or self.institution_id is None:
            return
        home = self.institution.municipality_id
        if self.municipality_id is None:
            raise ValidationError({"municipality": _("A reporter needs the municipality they report for.")})
        if home is not None and home != self.municipality_id:
            raise ValidationError({"institution": _(
                "%(institution)s belongs to the municipality %(other)s, not to %(municipality)s."
            ) % {"institution": self.institution, "other": self.institution.municipality,
                 "municipality": self.municipality}})
