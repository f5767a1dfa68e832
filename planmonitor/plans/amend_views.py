"""Pages that change a stored plan: amend, add or remove a measure, change status, compare versions.

Every change is an amendment made through ``planmonitor.plans.services``,
which keeps the earlier version and records who, when and why.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from planmonitor.plans import selectors, services
from planmonitor.plans.diff import compare_versions
from planmonitor.plans.forms import MeasureForm, ReasonForm, StatusForm, WithdrawForm
from planmonitor.plans.models import Plan
from planmonitor.plans.permissions import access_measure, access_plan
from planmonitor.plans.services import PlanError


def _priority_names(plan) -> list[str]:
    return list(plan.priorities.filter(retired_in__isnull=True).order_by("position").values_list("name", flat=True))


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Amend one measure's fields; the reason (e.g. the council decision) is required."""
    measure = access_measure(request.user, pk, edit=True)
    plan = measure.plan
    current = services.measure_json(selectors.measure_detail(measure))
    initial = {**MeasureForm.initial_from(current), "loaded": services.measure_fingerprint(current)}
    form = MeasureForm(request.POST or None, initial=initial, priorities=_priority_names(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_measure(
                measure, form.measure_json(), actor=request.user, reason=form.cleaned_data["reason"],
                loaded=form.cleaned_data["loaded"] or None,
            )
        except services.MeasureConflict as error:
            # What was typed stays; a second save, knowing, overwrites the newer version.
            data = request.POST.copy()
            data["loaded"] = error.current
            form = MeasureForm(data, initial=initial, priorities=_priority_names(plan))
            form.is_valid()
            form.add_error(None, str(error))
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The measure was amended; the earlier version is kept."))
            return redirect(measure.get_absolute_url())
    return render(request, "plans/measure_form.html", {"form": form, "plan": plan, "measure": measure})


@login_required
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a measure to the plan as an amendment."""
    plan = access_plan(request.user, pk, edit=True)
    form = MeasureForm(request.POST or None, priorities=_priority_names(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_measure(plan, form.measure_json(), actor=request.user, reason=form.cleaned_data["reason"])
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The measure was added; the earlier version is kept."))
            return redirect(plan.get_absolute_url())
    return render(request, "plans/measure_form.html", {"form": form, "plan": plan, "measure": None})


@login_required
def measure_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a measure out of the plan as an amendment (earlier versions still hold it)."""
    measure = access_measure(request.user, pk, edit=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_measure(measure, actor=request.user, reason=form.cleaned_data["reason"])
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The measure was removed; the earlier version is kept."))
            return redirect(measure.plan.get_absolute_url())
    return render(request, "plans/measure_remove.html", {"form": form, "measure": measure, "plan": measure.plan})


@login_required
def plan_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Adopt or close a plan, with the council decision: a separate step the coordinator confirms."""
    plan = access_plan(request.user, pk, edit=True)
    allowed = [s for s in services.STATUS_TRANSITIONS.get(plan.status, ()) if s != Plan.Status.WITHDRAWN]
    form = StatusForm(request.POST or None, initial={"status": allowed[0] if allowed else plan.status,
                                                     "decision": plan.decision}, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_plan_status(
                plan, form.cleaned_data["status"], actor=request.user, decision=form.cleaned_data["decision"]
            )
        except PlanError as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, _("The plan's status was changed."))
            return redirect(plan.get_absolute_url())
    return render(request, "plans/plan_status.html", {"form": form, "plan": plan})


@login_required
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a plan imported by mistake (a draft or an adopted plan), with why; kept in the audit trail."""
    plan = access_plan(request.user, pk, edit=True)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_plan(plan, actor=request.user, reason=form.cleaned_data["reason"])
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The plan was withdrawn. It is no longer public; the audit trail keeps it."))
            return redirect("plans:list")
    return render(request, "plans/plan_withdraw.html", {"form": form, "plan": plan})


def plan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's versions (who, when, why) and the difference between any two of them."""
    plan = access_plan(request.user, pk)
    if not request.user.is_authenticated:
        return redirect("portal:plan", plan.pk)  # versions name source files: staff only (plans.views.to_portal)
    versions = list(selectors.plan_versions(plan))
    numbers = [v.number for v in versions]

    def chosen(name: str, default: int | None) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in numbers else default

    new = chosen("b", numbers[0] if numbers else None)
    old = chosen("a", numbers[1] if len(numbers) > 1 else new)
    diff = None
    if old is not None and new is not None and old != new:
        snapshots = dict(plan.versions.filter(number__in=[old, new]).values_list("number", "snapshot"))
        diff = compare_versions(snapshots[old], snapshots[new])
    context = {"plan": plan, "versions": versions, "old": old, "new": new, "diff": diff}
    return render(request, "plans/plan_versions.html", context)
