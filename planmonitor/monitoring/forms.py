"""Forms of the monitoring pages. They check shapes; the services check the rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planmonitor.core.uploads import check_upload_size
from planmonitor.monitoring.models import MeasureStatus
from planmonitor.monitoring.selectors import ReportPage
from planmonitor.monitoring.services import (
    ExpenditureInput,
    ReportInput,
    allowed_currencies,
    check_evidence_file,
    yearly_period,
)
from planmonitor.monitoring.xlsx_guard import check_xlsx_upload
from planmonitor.plans.models import Currency

EXPENDITURE_ROWS = 3
PEOPLE_FIELDS = ("people_reached", "women", "men", "children", "adults")


class ReportForm(forms.Form):
    """One progress report: status, what was done, indicator values, money, people, evidence.

    Indicator fields are named ``value_<indicator id>``; money rows
    ``exp_source_<n>``, ``exp_amount_<n>``, ``exp_currency_<n>``. Values are
    kept as typed: the service parses numbers so that the raw text is stored
    beside them.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    measure_status = forms.ChoiceField(
        label=_("Status of the measure"), required=False, choices=[("", "—"), *MeasureStatus.choices]
    )
    done_text = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    people_reached = forms.IntegerField(label=_("People reached"), required=False, min_value=0)
    women = forms.IntegerField(label=_("of them women"), required=False, min_value=0)
    men = forms.IntegerField(label=_("of them men"), required=False, min_value=0)
    children = forms.IntegerField(label=_("of them children"), required=False, min_value=0)
    adults = forms.IntegerField(label=_("of them adults"), required=False, min_value=0)
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_description = forms.CharField(label=_("Description of the evidence"), required=False, max_length=300)

    def __init__(self, page: ReportPage, *args: Any, **kwargs: Any) -> None:
        self.page = page
        if not args and "initial" not in kwargs:
            kwargs["initial"] = self._initial(page)
        super().__init__(*args, **kwargs)
        self.indicator_fields: list[tuple[Any, forms.BoundField]] = []
        for indicator in page.indicators:
            name = f"value_{indicator.pk}"
            # Always a text input (numeric ones only ask for the decimal keypad): a number input
            # blanks whatever is not a plain number ("проведено", "1 234,5"), and the next save
            # would erase it. The service checks numbers and keeps an unchanged value as it is.
            attrs = {"inputmode": "decimal", "autocomplete": "off"} if indicator.is_numeric else {}
            self.fields[name] = forms.CharField(label=indicator.name, required=False,
                                                widget=forms.TextInput(attrs=attrs))
        currencies = allowed_currencies(page.period)
        for n in range(max(EXPENDITURE_ROWS, len(page.expenditures) + 1)):
            self.fields[f"exp_source_{n}"] = forms.CharField(label=_("Source"), required=False, max_length=300)
            self.fields[f"exp_amount_{n}"] = forms.DecimalField(
                label=_("Amount spent"), required=False, min_value=0, max_digits=16, decimal_places=2
            )
            self.fields[f"exp_currency_{n}"] = forms.ChoiceField(
                label=_("Currency"), required=False, choices=[c for c in Currency.choices if c[0] in currencies],
                initial=currencies[-1],
            )
        self.expenditure_count = max(EXPENDITURE_ROWS, len(page.expenditures) + 1)

    @staticmethod
    def _initial(page: ReportPage) -> dict[str, Any]:
        report = page.report
        initial: dict[str, Any] = {"version": report.version if report else 0}
        if report is not None:
            initial["measure_status"] = report.measure_status
            initial["done_text"] = report.done_text
            for name in PEOPLE_FIELDS:
                initial[name] = getattr(report, name)
        for indicator_id, value in page.values.items():
            # As typed ("1 234,5", "проведено"): re-saving the form unchanged must change nothing.
            initial[f"value_{indicator_id}"] = value.raw
        for n, e in enumerate(page.expenditures):
            initial[f"exp_source_{n}"] = e.source
            initial[f"exp_amount_{n}"] = e.amount
            initial[f"exp_currency_{n}"] = e.currency
        return initial

    def indicator_rows(self) -> list[tuple[Any, forms.BoundField, Any]]:
        """(indicator, its field, its saved value) for the template."""
        return [(i, self[f"value_{i.pk}"], self.page.values.get(i.pk)) for i in self.page.indicators]

    def expenditure_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"exp_source_{n}"], self[f"exp_amount_{n}"], self[f"exp_currency_{n}"])
            for n in range(self.expenditure_count)
        ]

    def people_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PEOPLE_FIELDS]

    def clean_evidence_file(self) -> Any:
        """Check the file before anything is saved, so the report and its evidence stay together."""
        file = check_upload_size(self.cleaned_data.get("evidence_file"))
        if file:
            try:
                check_evidence_file(file)
            except ValidationError as error:
                raise ValidationError(error.message_dict["evidence_file"]) from None
        return file

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in range(self.expenditure_count):
            source, amount = data.get(f"exp_source_{n}"), data.get(f"exp_amount_{n}")
            if amount is not None and not source:
                self.add_error(f"exp_source_{n}", _("Say where the money came from."))
            if source and amount is None:
                self.add_error(f"exp_amount_{n}", _("Enter the amount spent."))
        return data

    def to_input(self) -> ReportInput:
        """The form's content as the service's input."""
        data = self.cleaned_data
        spending = [
            ExpenditureInput(data[f"exp_source_{n}"], data[f"exp_amount_{n}"], data[f"exp_currency_{n}"])
            for n in range(self.expenditure_count)
            if data.get(f"exp_source_{n}") and data.get(f"exp_amount_{n}") is not None
        ]
        return ReportInput(
            measure_status=data["measure_status"],
            done_text=data["done_text"],
            values={i.pk: data.get(f"value_{i.pk}", "") for i in self.page.indicators},
            expenditures=spending,
            **{name: data[name] for name in PEOPLE_FIELDS},
        )

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ValidationError beside the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            if name.startswith("expenditure_"):
                name = "exp_amount_" + name.removeprefix("expenditure_")
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should be corrected"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation of the monitoring unit (corrective measure)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodForm(forms.Form):
    """A new reporting period: a calendar year by default, any dates allowed."""

    name = forms.CharField(label=_("Name"), max_length=100)
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    deadline = forms.DateField(
        label=_("Deadline for reports"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    @classmethod
    def for_year(cls, year: int) -> PeriodForm:
        name, start, end, deadline = yearly_period(year)
        return cls(initial={"name": name, "start": start, "end": end, "deadline": deadline})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end, deadline = data.get("start"), data.get("end"), data.get("deadline")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("end", _("The end comes before the start."))
        if isinstance(start, date) and isinstance(deadline, date) and deadline < start:
            self.add_error("deadline", _("The deadline comes before the start."))
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), max_length=500)


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(label=_("Filled spreadsheet (XLSX)"))

    def clean_file(self) -> Any:
        """Size, then the archive's directory: a workbook that would unpack too far is never opened."""
        return check_xlsx_upload(check_upload_size(self.cleaned_data["file"]))
