from django.contrib import admin
from django.db import transaction

from fazhi.workcal.models import CalendarDay, CalendarYear
from fazhi.workcal.services import (
    calendar_day_clear,
    calendar_day_set,
    calendar_year_mark_complete,
    calendar_year_mark_incomplete,
)

# The admin writes through the services, so every change replaces the calendar stamp
# (all processes rebuild their calendar) and leaves an audit event. To move an override
# to another day, delete it and add a new one.


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"
    search_fields = ["note"]

    def get_readonly_fields(self, request, obj=None):
        return ["day"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        obj.pk = calendar_day_set(day=obj.day, is_workday=obj.is_workday, note=obj.note, by=request.user).pk

    def delete_model(self, request, obj):
        calendar_day_clear(day=obj.day, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for day in queryset.values_list("day", flat=True):
                calendar_day_clear(day=day, by=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "complete", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj is not None else []

    # A year is withdrawn by unticking “已完整录入”, which the services record; no deleting.
    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        mark = calendar_year_mark_complete if obj.complete else calendar_year_mark_incomplete
        obj.pk = mark(year=obj.year, note=obj.note, by=request.user).pk
