"""Back office for plans. Changes of state (status) go through the services, like every other change.

The plan content itself (priorities, goals, measures) is read-only here:
changing it outside an amendment would skip the version history, so the
admin links to the plan's own amendment pages instead.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.options import csrf_protect_m, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from planmonitor.plans import services
from planmonitor.plans.models import (
    Funding,
    Goal,
    ImportSession,
    Indicator,
    Measure,
    Plan,
    PlanVersion,
    Priority,
    Task,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PriorityInline(ReadOnlyInline):
    model = Priority
    fields = ["position", "name", "operational_objective"]


class VersionInline(ReadOnlyInline):
    model = PlanVersion
    fields = ["number", "created_at", "author", "reason"]
    readonly_fields = fields


class PlanAdminForm(forms.ModelForm):
    """Refuses, at the field, a second plan with the same municipality, title and period."""

    class Meta:
        model = Plan
        fields = ["municipality", "title", "period_start", "period_end", "status", "decision"]

    def clean(self) -> dict:
        data = super().clean()
        if self.instance.pk is None and data.get("municipality") and data.get("title"):
            existing = Plan.objects.filter(
                municipality=data["municipality"], title=data["title"].strip(),
                period_start=data.get("period_start"), period_end=data.get("period_end"),
            ).first()
            if existing is not None:
                raise forms.ValidationError(str(services.PlanAlreadyExists(existing)))
        return data


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    form = PlanAdminForm
    list_display = ["title_short", "municipality", "period_start", "period_end", "status", "version", "updated_at"]
    list_filter = ["status", "municipality__district", "municipality"]
    search_fields = ["title", "municipality__name"]
    list_select_related = ["municipality"]
    readonly_fields = ["version", "source_file", "created_at", "updated_at", "site_link"]
    fields = ["municipality", "title", "period_start", "period_end", "status", "decision", *readonly_fields]
    inlines = [PriorityInline, VersionInline]

    @admin.display(description=_("title"))
    def title_short(self, plan: Plan) -> str:
        return plan.title[:90]

    @admin.display(description=_("on the site"))
    def site_link(self, plan: Plan) -> str:
        if plan.pk is None:
            return "–"  # a plan being added has no page yet
        return format_html('<a href="{}">{}</a>', plan.get_absolute_url(), _("open the plan page"))

    def get_readonly_fields(self, request, obj=None):
        # An existing plan's content changes only by amendment (with a version); its status through set_plan_status.
        if obj is not None:
            return [*self.readonly_fields, "municipality", "title", "period_start", "period_end"]
        return self.readonly_fields

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Django's admin runs a POST inside its own transaction; here the service's transaction is the one.

        Every change of a plan is a top-level service (``transaction.atomic(durable=True)``), which refuses
        to run inside another transaction; the inlines of this page are read-only, so nothing else is saved.
        """
        return self._changeform_view(request, object_id, form_url, extra_context)

    @csrf_protect_m
    def delete_view(self, request, object_id, extra_context=None):
        """Without Django's own transaction around it: ``delete_model`` calls the (durable) service."""
        return self._delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj: Plan) -> None:
        """Through ``delete_plan``, so the audit trail says who deleted which plan."""
        services.delete_plan(obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        """The list's "delete selected": each plan through ``delete_plan``, each with its audit entry."""
        for plan in queryset:
            services.delete_plan(plan, actor=request.user)

    def get_deleted_objects(self, objs, request):
        """Django's list of what a deletion takes, plus one sentence saying why a plan with history stays.

        Progress reports and generated monitoring reports point at their
        reporting period with ``PROTECT`` (a report given to the council is the
        plan's history), so deleting such a plan is refused; Django lists the
        protected rows, and this says in words what to do instead.
        """
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # The plan's own content (priorities, measures, money, indicators, versions, empty periods) cannot be
        # deleted on its own pages (only amended); deleting the whole plan takes it along, on the plan's permission.
        perms_needed = set()
        if protected:
            messages.error(request, _(
                "The plan cannot be deleted: it has progress reports or generated monitoring reports, which are "
                "kept as the plan's history. If the plan was imported by mistake, withdraw it instead "
                "(status \"withdrawn\")."
            ))
        return deleted, model_count, perms_needed, protected

    def save_model(self, request, obj: Plan, form, change: bool) -> None:
        """A new plan goes through ``create_plan`` (version 1, audit); a status change through ``set_plan_status``,
        a new council decision alone through ``record_plan_decision``."""
        if not change:
            plan = services.create_plan(
                actor=request.user, municipality=obj.municipality, title=obj.title, period_start=obj.period_start,
                period_end=obj.period_end, status=obj.status, decision=obj.decision,
            )
            obj.pk = plan.pk
            obj._state.adding = False
            obj.refresh_from_db()
            return
        try:
            if "status" in form.changed_data:
                services.set_plan_status(obj, obj.status, actor=request.user, decision=obj.decision)
            elif "decision" in form.changed_data:
                services.record_plan_decision(obj, obj.decision, actor=request.user)
        except services.PlanError as error:
            messages.error(request, str(error))
        obj.refresh_from_db()


class FundingInline(ReadOnlyInline):
    model = Funding
    fields = ["amount_raw", "amount", "currency", "source"]


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["position", "name", "unit", "baseline_raw", "baseline", "target_raw", "target", "cumulative"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["code", "text_short", "plan", "priority", "status_raw", "period_raw"]
    list_filter = ["plan__status", "plan__municipality", "institutions__kind"]
    search_fields = ["code", "text", "responsible_raw", "indicators_raw"]
    list_select_related = ["plan__municipality", "priority"]
    inlines = [FundingInline, IndicatorInline]

    @admin.display(description=_("measure"))
    def text_short(self, measure: Measure) -> str:
        return measure.text[:90]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # amend on the plan pages, which keep the version history

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # "remove a measure" on the plan pages: a version, the reason, retired if it has history


class ContentAdmin(admin.ModelAdmin):
    """Plan content shown for reference; it changes by amendment only.

    Deleting here would also skip the amendment: a priority takes its
    measures with it, and a deleted ``PlanVersion`` is history lost, all
    without a version or an audit entry.
    """

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Priority)
class PriorityAdmin(ContentAdmin):
    list_display = ["name", "plan", "position"]
    list_filter = ["plan__municipality"]
    search_fields = ["name"]
    list_select_related = ["plan__municipality"]


@admin.register(Goal)
class GoalAdmin(ContentAdmin):
    list_display = ["code", "title", "priority", "parent"]
    search_fields = ["code", "title"]
    list_select_related = ["priority", "parent"]


@admin.register(Task)
class TaskAdmin(ContentAdmin):
    list_display = ["code", "title", "goal"]
    search_fields = ["code", "title"]
    list_select_related = ["goal"]


@admin.register(Funding)
class FundingAdmin(ContentAdmin):
    list_display = ["measure", "amount", "currency", "amount_raw", "source"]
    list_filter = ["currency"]
    search_fields = ["amount_raw", "source"]
    list_select_related = ["measure"]


@admin.register(Indicator)
class IndicatorAdmin(ContentAdmin):
    list_display = ["name", "measure", "baseline", "target", "unit", "cumulative"]
    list_filter = ["cumulative"]
    search_fields = ["name", "baseline_raw", "target_raw"]
    list_select_related = ["measure"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ContentAdmin):
    list_display = ["plan", "number", "created_at", "author", "reason"]
    list_filter = ["plan__municipality"]
    list_select_related = ["plan__municipality", "author"]
    exclude = ["snapshot"]


@admin.register(ImportSession)
class ImportSessionAdmin(admin.ModelAdmin):
    list_display = ["filename", "status", "progress", "created_by", "created_at", "plan"]
    list_filter = ["status"]
    search_fields = ["filename", "created_by__username"]
    list_select_related = ["created_by", "plan"]
    readonly_fields = ["file", "filename", "status", "progress", "progress_note", "error", "warnings", "plan", "created_by"]
    exclude = ["plan_json"]

    def has_add_permission(self, request) -> bool:
        return False  # uploads go through the review page, which reads the file


class ServiceSavedAdmin:
    """The back office page of a body that plans print (``accounts.admin`` lays it out): saved through a
    ``plans.services.registry`` service, which retires the cached pages of every plan that shows it.

    Django's admin runs a POST inside its own transaction; the service's durable transaction is the one here.
    A row that plans can point at without protecting it (an institution answering for measures) is deleted
    through its service too, one row at a time; municipalities and districts are protected by their plans,
    so deleting one changes no plan.
    """

    save_service = None
    delete_service = None

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.delete_service is not None:
            actions.pop("delete_selected", None)
        return actions

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change: bool) -> None:
        type(self).save_service(obj, actor=request.user)

    @csrf_protect_m
    def delete_view(self, request, object_id, extra_context=None):
        if self.delete_service is None:
            return super().delete_view(request, object_id, extra_context)
        return self._delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj) -> None:
        if self.delete_service is None:
            return super().delete_model(request, obj)
        type(self).delete_service(obj, actor=request.user)


def _register_through_services() -> None:
    """Register the institution, municipality and district pages again, saving through the plans' services."""
    from planmonitor.accounts import admin as accounts_admin
    from planmonitor.accounts.models import District, Institution, Municipality

    pages = (
        (Institution, accounts_admin.InstitutionAdmin, services.save_institution, services.delete_institution),
        (Municipality, accounts_admin.MunicipalityAdmin, services.save_municipality, None),
        (District, accounts_admin.DistrictAdmin, services.save_district, None),
    )
    for model, base, save, delete in pages:
        page = type(base.__name__, (ServiceSavedAdmin, base), {
            "save_service": staticmethod(save), "delete_service": staticmethod(delete) if delete else None,
        })
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, page)


_register_through_services()
