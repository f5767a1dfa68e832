"""The back office for monitoring: read-only, because every change goes through the services.

Editing reports here would skip the optimistic lock, the status pipeline and
the audit trail (the failure Akvo RSR's bulk approval shows), so the admin
lists and shows; people change reports on the monitoring pages.
"""

from __future__ import annotations

from django.contrib import admin

from planmonitor.monitoring.models import (
    Evidence,
    Expenditure,
    IndicatorValue,
    ProgressReport,
    Recommendation,
    ReminderSent,
    ReportingPeriod,
    ReviewComment,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    can_delete = False
    readonly_fields = ("indicator", "value", "text", "raw")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ExpenditureInline(admin.TabularInline):
    model = Expenditure
    extra = 0
    can_delete = False
    readonly_fields = ("source", "amount", "currency")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ("name", "plan", "start", "end", "deadline", "status")
    list_filter = ("status",)
    search_fields = ("name", "plan__municipality__name")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("measure", "period", "status", "measure_status", "version", "submitted_at", "approved_at")
    list_filter = ("status", "measure_status")
    search_fields = ("measure__text", "measure__code")
    list_select_related = ("measure", "period")
    inlines = (ValueInline, ExpenditureInline)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("report", "description", "url", "file", "added_by", "added_at")
    list_select_related = ("report__measure", "report__period", "added_by")


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ("report", "author", "at")
    list_select_related = ("report__measure", "report__period", "author")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("measure", "period", "author", "at")
    list_select_related = ("measure", "period", "author")


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ("user", "period", "days_before", "measure_count", "sent_at")
