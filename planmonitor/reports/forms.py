"""Forms of the reports pages: asking for a yearly report, and the district report's options."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from planmonitor.reports.models import GeneratedReport

UNIT_MAX_LENGTH = GeneratedReport._meta.get_field("unit").max_length


class ReportRequestForm(forms.Form):
    """A new version of a plan's yearly report: its format and who prepared it.

    The period comes as a hidden field of the page's form per period and is
    looked up through the plan in the view (a period of another plan is a
    404, not a form error). The unit is prefilled by the view with the unit
    of the plan's last report, so a regeneration keeps it unless changed.
    """

    format = forms.ChoiceField(label=_("Format"), choices=GeneratedReport.Format.choices)
    unit = forms.CharField(
        label=_("Prepared by"), max_length=UNIT_MAX_LENGTH, required=False,
        widget=forms.TextInput(attrs={"size": 50}),
    )

    def clean_unit(self) -> str:
        return " ".join(self.cleaned_data["unit"].split())


class DistrictReportForm(forms.Form):
    """Who prepared the district report, for its title page (empty: the district administration)."""

    unit = forms.CharField(
        label=_("Prepared by"), max_length=UNIT_MAX_LENGTH, required=False,
        widget=forms.TextInput(attrs={"size": 40}),
    )

    def show_default_unit(self, text: str) -> None:
        """Show what an empty field stands for (the district administration) as the field's placeholder."""
        self.fields["unit"].widget.attrs["placeholder"] = text

    def clean_unit(self) -> str:
        return " ".join(self.cleaned_data["unit"].split())
