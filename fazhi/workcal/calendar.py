"""The work calendar in force: the national schedule plus this installation's overrides."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from fazhi.lib.workdays import WorkCalendar
from fazhi.workcal.models import CalendarDay, CalendarYear

_cached: WorkCalendar | None = None


def current_calendar() -> WorkCalendar:
    """A ``WorkCalendar`` built from the override tables, cached per process.

    The cache is dropped whenever an override row is saved or deleted in this
    process; other processes pick changes up on restart or ``calendar_invalidate()``.
    """
    global _cached
    if _cached is None:
        overrides = dict(CalendarDay.objects.values_list("day", "is_workday"))
        years = CalendarYear.objects.filter(complete=True).values_list("year", flat=True)
        _cached = WorkCalendar(overrides, complete_years=years)
    return _cached


def calendar_invalidate(**_kwargs) -> None:
    global _cached
    _cached = None


# Cache invalidation only, no domain logic: the admin edits these rows directly.
for _model in (CalendarDay, CalendarYear):
    post_save.connect(calendar_invalidate, sender=_model, dispatch_uid=f"workcal-invalidate-save-{_model.__name__}")
    post_delete.connect(calendar_invalidate, sender=_model, dispatch_uid=f"workcal-invalidate-del-{_model.__name__}")
