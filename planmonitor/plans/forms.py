"""Forms for changing a plan by hand: a measure's fields, its removal, the plan's status, an upload.

Each form only validates and turns its fields into what a service takes (a
plan-json measure dict); the service does the change.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from planmonitor.core.uploads import check_upload_size
from planmonitor.plans.models import Currency, Plan

UPLOAD_EXTENSIONS = (".docx", ".doc", ".odt", ".ods", ".pdf", ".xlsx", ".xls", ".html", ".htm", ".txt", ".json")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (for example the council decision)"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MeasureForm(ReasonForm):
    """A measure as plan-json fields, with the reason of the amendment."""

    code = forms.CharField(label=_("Number"), max_length=20, required=False)
    text = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 3}))
    priority = forms.ChoiceField(label=_("Priority"))
    goal = forms.CharField(label=_("Goal (its number)"), max_length=300, required=False)
    task = forms.CharField(label=_("Task (its number)"), max_length=300, required=False)
    responsible = forms.CharField(label=_("Responsible"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    period_raw = forms.CharField(label=_("Period (as written)"), max_length=300, required=False)
    period_start = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100, required=False)
    period_end = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2100, required=False)
    status = forms.CharField(label=_("Status (as written)"), max_length=200, required=False)
    amount_raw = forms.CharField(label=_("Money (as written)"), required=False)
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=Decimal(0), required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=[("", "–"), *Currency.choices], required=False)
    source = forms.CharField(label=_("Funding source"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    indicators = forms.CharField(label=_("Indicators"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    baseline = forms.CharField(label=_("Current value"), required=False)
    target = forms.CharField(label=_("Target value"), required=False)
    #: The measure's fingerprint when the form was opened (``services.measure_fingerprint``).
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "code", "text", "priority", "goal", "task", "responsible", "period_raw", "period_start", "period_end",
        "status", "amount_raw", "amount", "currency", "source", "indicators", "baseline", "target", "reason",
    ]

    def __init__(self, *args, priorities: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [(name, name) for name in priorities]

    @classmethod
    def initial_from(cls, measure_json: dict) -> dict:
        """Form values for a plan-json measure."""
        period, funding = measure_json.get("period") or {}, measure_json.get("funding") or {}
        return {
            "code": measure_json.get("code"), "text": measure_json.get("text"), "priority": measure_json.get("priority"),
            "goal": measure_json.get("goal"), "task": measure_json.get("task"),
            "responsible": measure_json.get("responsible"), "period_raw": period.get("raw"),
            "period_start": period.get("start"), "period_end": period.get("end"), "status": measure_json.get("status"),
            "amount_raw": funding.get("amount_raw"), "amount": funding.get("amount"),
            "currency": funding.get("currency"), "source": funding.get("source"),
            "indicators": measure_json.get("indicators"), "baseline": measure_json.get("baseline"),
            "target": measure_json.get("target"),
        }

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The last year comes before the first."))
        if data.get("amount") is not None and not data.get("currency"):
            self.add_error("currency", _("Say in which currency the amount is."))
        return data

    def measure_json(self) -> dict:
        """The cleaned values as plan-json measure fields (empty text becomes null, as in plan-json)."""
        data = self.cleaned_data

        def text(name: str) -> str | None:
            return (data.get(name) or "").strip() or None

        amount = data.get("amount")
        return {
            "code": text("code"), "text": data["text"].strip(), "priority": data["priority"],
            "goal": text("goal"), "task": text("task"), "responsible": text("responsible"),
            "period": {"raw": text("period_raw"), "start": data.get("period_start"), "end": data.get("period_end")},
            "status": text("status"),
            "funding": {
                "amount_raw": text("amount_raw"), "amount": amount,
                "currency": text("currency"), "source": text("source"),
            },
            "indicators": text("indicators"), "baseline": text("baseline"), "target": text("target"),
        }


class StatusForm(forms.Form):
    """Adopt or close a plan: the statuses its current one allows (withdrawing has its own page), confirmed."""

    status = forms.ChoiceField(label=_("New status"), choices=Plan.Status.choices)
    decision = forms.CharField(label=_("Decision (number and date)"), max_length=300, required=False)
    confirm = forms.BooleanField(
        label=_("I confirm this change: an adopted plan is public on the portal; a closed plan can no longer be changed."),
    )

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            self.fields["status"].choices = [(value, label) for value, label in Plan.Status.choices if value in allowed]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("status") == Plan.Status.ADOPTED and not (data.get("decision") or "").strip():
            self.add_error("decision", _("Give the council decision that adopted the plan (number and date)."))
        return data


class WithdrawForm(forms.Form):
    """Withdraw a plan imported by mistake: why, and a confirmation."""

    reason = forms.CharField(
        label=_("Why is the plan withdrawn?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: the plan leaves the portal and can no longer be changed; it stays in the audit trail."),
    )


class PublishForm(forms.Form):
    """Publishing an import: the reviewer confirms the plan's municipality, title and period."""

    confirm = forms.BooleanField(label=_("I checked the municipality, the title and the period of the plan."))
    new_version = forms.BooleanField(
        label=_("If this plan is already stored, make this its new version"), required=False,
    )


class UploadForm(forms.Form):
    """A plan document, or the address of a plan published on the web (one of the two).

    The address is downloaded here, within ``ingest.fetch``'s bounds (the
    deployment's ``PLANMONITOR_FETCH_MAX_MB`` and ``PLANMONITOR_FETCH_TIMEOUT``;
    internal network addresses refused unless ``PLANMONITOR_FETCH_PRIVATE``), so
    the view hands ``services.start_import`` a file either way, and an address
    that cannot be read is said at the field at once.
    """

    file = forms.FileField(
        label=_("Plan document"), required=False,
        help_text=_("DOCX, PDF, XLSX, ODT, a saved web page (HTML) or a text file, as the municipality has it."),
    )
    url = forms.URLField(
        label=_("Or the plan's web address"), required=False, max_length=2000, assume_scheme="https",
        help_text=_("The address of the page or document where the municipality published the plan (http or https)."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        upload = check_upload_size(upload)
        if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
            raise forms.ValidationError(
                _("This kind of file cannot be read. Use one of: %(kinds)s.") % {"kinds": ", ".join(UPLOAD_EXTENSIONS)}
            )
        return upload

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        if data.get("file") and data.get("url"):
            raise forms.ValidationError(_("Give either a file or an address, not both."))
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Choose the plan document or give the address where it is published."))
        if data.get("url"):
            data["file"] = self._download(data["url"])
        return data

    def _download(self, url: str) -> ContentFile:
        """The page at ``url`` as a file for ``start_import``; a refusal is the url field's error."""
        from django.conf import settings

        from planmonitor.ingest.errors import IngestError
        from planmonitor.ingest.fetch import fetch_plan

        try:
            fetched = fetch_plan(
                url, max_bytes=settings.PLANMONITOR_FETCH_MAX_BYTES, timeout=settings.PLANMONITOR_FETCH_TIMEOUT,
                allow_private=settings.PLANMONITOR_FETCH_PRIVATE,
            )
        except IngestError as error:
            self.add_error("url", error.message("en" if translation.get_language() == "en" else "bg"))
            return None
        return ContentFile(fetched.data, name=fetched.filename)
