"""Why a change to a plan was refused: each ``str()`` is a sentence for a person (translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from planmonitor.plans.models import (
    Plan,
)


class PlanError(Exception):
    """A plan change that cannot be made; ``str()`` is a sentence for a person (translated)."""


class PlanJsonError(PlanError):
    """The plan-json given is not a plan we can store (a missing title, period, name...)."""


class PlanAlreadyExists(PlanError):
    """The same municipality already has a plan with this title and period."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        super().__init__(
            _(
                "The municipality %(municipality)s already has the plan “%(title)s” for %(start)s–%(end)s "
                "(number %(id)s). Import it as a new version of that plan, or change the title or period."
            )
            % {
                "municipality": plan.municipality.name,
                "title": plan.title,
                "start": plan.period_start,
                "end": plan.period_end,
                "id": plan.pk,
            }
        )


class PlanStatusError(PlanError):
    """A status change that the transition table does not allow."""


class MeasureConflict(PlanError):
    """Someone else amended the measure after this form was loaded; nothing was overwritten.

    ``current`` is the measure's fingerprint now: a form that sends it back
    is a conscious overwrite (the same rule as progress reports' versions).
    """

    def __init__(self, current: str) -> None:
        self.current = current
        super().__init__(
            _("Someone else changed this measure after you opened it; nothing was overwritten. "
              "Your text is still in the form: compare it with the plan's latest version and save again.")
        )


class ImportChanged(PlanError):
    """The list of measures changed (in another tab) since the page was shown: nothing was saved."""

    def __init__(self) -> None:
        super().__init__(_("The list of measures changed since this page was shown (in another tab?). "
                           "Reload the page; nothing was saved from this field."))

