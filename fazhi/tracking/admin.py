"""Admin pages for tracking: settings are edited here; reports only read."""

from django.contrib import admin

from fazhi.core.admin import AuditedAdmin, ReadOnlyAdmin
from fazhi.tracking.models import (
    Assignment,
    GoalAssessment,
    Period,
    PeriodSnapshot,
    ProgressReport,
    ReminderSent,
    ReportingCadence,
    ReportTransition,
    ReportVersion,
)


@admin.register(ReportingCadence)
class ReportingCadenceAdmin(AuditedAdmin):
    list_display = ["plan", "monthly", "quarterly", "yearly", "perennial_kind", "due_soon_workdays",
                    "behind_threshold"]

    def audit_jurisdiction(self, obj):
        return obj.plan.jurisdiction




@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ["plan", "kind", "start", "end", "due_on", "due_on_provisional", "state"]
    list_filter = ["kind", "state", "due_on_provisional"]


@admin.register(PeriodSnapshot)
class PeriodSnapshotAdmin(ReadOnlyAdmin):
    """Append-only: shown, never changed or deleted."""

    list_display = ["period", "reason", "created_at", "by", "sha256"]
    list_filter = ["reason"]
    search_fields = ["sha256"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["unit__name", "task__text"]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "at", "comment"]


class VersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "by", "by_outsider", "at", "status", "percent", "narrative"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "period", "status", "state", "is_late", "written_by_outsider", "submitted_at"]
    list_filter = ["state", "status", "is_late", "written_by_outsider"]
    inlines = [TransitionInline, VersionInline]


@admin.register(ReportVersion)
class ReportVersionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "by", "by_outsider", "at"]
    list_filter = ["by_outsider"]


@admin.register(GoalAssessment)
class GoalAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["goal", "achieved", "by", "at"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["unit", "key", "channel", "ok", "attempts", "sent_at"]
    list_filter = ["ok"]
    search_fields = ["unit__name", "key"]
