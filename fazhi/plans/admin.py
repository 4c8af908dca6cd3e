"""Read-mostly admin: plans are written by plan_import, so the admin shows them and allows little else."""

from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin as BaseReadOnlyAdmin
from fazhi.core.admin import ReadOnlyInline
from fazhi.plans.models import Deadline, Goal, Heading, PendingImport, Plan, Responsibility, Target, Task


class ReadOnlyAdmin(BaseReadOnlyAdmin):
    deletable = True  # a wrongly imported plan can be removed by a system administrator


class HeadingInline(ReadOnlyInline):
    model = Heading
    fields = ("number", "title", "level", "parent", "line")


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ("year", "text", "line")


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "jurisdiction", "doc_number", "period_start", "period_end", "imported_at", "imported_by")
    list_filter = ("jurisdiction",)
    search_fields = ("title", "doc_number", "source_name")
    readonly_fields = ("source_sha256", "imported_at")
    inlines = [HeadingInline, GoalInline]


class ResponsibilityInline(ReadOnlyInline):
    model = Responsibility
    fields = ("role", "phrase", "unit", "group", "leader", "position")


class DeadlineInline(ReadOnlyInline):
    model = Deadline
    fields = ("text", "kind", "due_on", "period")


class TargetInline(ReadOnlyInline):
    model = Target
    fk_name = "task"
    fields = ("text", "subject", "comparator", "value", "unit", "per", "due_on")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("seq", "short_text", "plan", "heading")
    list_filter = ("plan",)
    search_fields = ("text", "annotation")
    list_select_related = ("plan", "heading")
    inlines = [ResponsibilityInline, DeadlineInline, TargetInline]

    @admin.display(description="任务内容")
    def short_text(self, obj):
        return obj.text[:60]


@admin.register(Responsibility)
class ResponsibilityAdmin(ReadOnlyAdmin):
    list_display = ("phrase", "role", "unit", "group", "leader", "task")
    list_filter = ("role", "task__plan")
    search_fields = ("phrase",)
    list_select_related = ("unit", "group", "leader", "task")


@admin.register(PendingImport)
class PendingImportAdmin(ReadOnlyAdmin):
    list_display = ("source_name", "jurisdiction", "uploaded_by", "created_at", "plan")
    exclude = ("ledger",)
