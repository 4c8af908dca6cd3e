"""Writing the local calendar: one function per change, each replacing the calendar stamp
in its transaction (every process rebuilds its calendar at its next check) and appending an
audit event. The admin goes through these too."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.access import require_installation_keeper
from fazhi.audit.services import event_record
from fazhi.workcal.calendar import calendar_invalidate
from fazhi.workcal.models import CalendarDay, CalendarVersion, CalendarYear


def require_calendar_keeper(by) -> None:
    """The calendar is shared by every jurisdiction of the installation: only a system administrator
    or the office of the top jurisdiction (the county itself in a one-county installation) keeps it."""
    require_installation_keeper(by, refusal=_("工作日历由全系统共用，请由最上级辖区的依法治办或系统管理员维护"))


def _calendar_changed() -> None:
    CalendarVersion.objects.update_or_create(pk=1, defaults={"stamp": secrets.randbits(62)})
    calendar_invalidate()


def calendar_day_set(*, day: date, is_workday: bool, note: str = "", by) -> CalendarDay:
    """Declare ``day`` a workday (e.g. a 调休 Saturday) or a rest day, replacing any earlier override."""
    require_calendar_keeper(by)
    with transaction.atomic():
        entry = CalendarDay.objects.filter(day=day).first() or CalendarDay(day=day)
        before = None if entry.pk is None else entry.is_workday
        entry.is_workday, entry.note = is_workday, note
        entry.full_clean()
        entry.save()
        _calendar_changed()
        event_record(actor=by, action="calendar.day_set", target=entry,
                     data={"day": day.isoformat(), "is_workday": is_workday, "before": before, "note": note})
    return entry


def calendar_day_clear(*, day: date, by) -> None:
    """Remove the override of ``day``: it follows the national schedule (or the plain week) again."""
    require_calendar_keeper(by)
    with transaction.atomic():
        entry = CalendarDay.objects.filter(day=day).first()
        if entry is None:
            return
        event_record(actor=by, action="calendar.day_clear", target=entry,
                     data={"day": day.isoformat(), "before": entry.is_workday, "note": entry.note})
        entry.delete()
        _calendar_changed()


def calendar_year_mark_complete(*, year: int, note: str = "", by) -> CalendarYear:
    """Declare ``year``'s holidays and 调休 days all entered: other days follow the plain week."""
    return _calendar_year_mark(year=year, complete=True, note=note, by=by)


def calendar_year_mark_incomplete(*, year: int, note: str = "", by) -> CalendarYear:
    """Withdraw ``year``'s completeness: it follows the national schedule, or is unknown if the package lacks it."""
    return _calendar_year_mark(year=year, complete=False, note=note, by=by)


def _calendar_year_mark(*, year: int, complete: bool, note: str, by) -> CalendarYear:
    require_calendar_keeper(by)
    with transaction.atomic():
        entry = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
        entry.complete, entry.note = complete, note
        entry.full_clean()
        entry.save()
        _calendar_changed()
        event_record(actor=by, action="calendar.year_complete" if complete else "calendar.year_incomplete",
                     target=entry, data={"year": year, "note": note})
    return entry


def calendar_year_enter(*, year: int, days: Mapping[date, tuple[bool, str]], note: str = "", by) -> CalendarYear:
    """Enter ``year`` whole from the 国务院办公厅 notice: ``days`` are the days that differ from
    the plain week (weekday holidays → False, weekend 调休上班日 → True, each with a note). They
    replace every override of the year, and the year is marked complete, in one transaction.
    """
    require_calendar_keeper(by)
    problems = []
    for day, (is_workday, _note) in sorted(days.items()):
        if day.year != year:
            problems.append(_("%(day)s不在%(year)d年") % {"day": day.isoformat(), "year": year})
        elif is_workday != (day.weekday() >= 5):
            problems.append(_("%(day)s是周末，只能设为调休上班日") % {"day": day.isoformat()} if day.weekday() >= 5
                            else _("%(day)s是工作日，只能设为放假") % {"day": day.isoformat()})
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        existing = CalendarDay.objects.filter(day__year=year)
        before = {d.isoformat(): works for d, works in existing.values_list("day", "is_workday")}
        existing.delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(day=day, is_workday=is_workday, note=text[:200]) for day, (is_workday, text) in sorted(days.items()))
        entry = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
        entry.complete, entry.note = True, note[:200]
        entry.full_clean()
        entry.save()
        _calendar_changed()
        event_record(actor=by, action="calendar.year_enter", target=entry, data={
            "year": year, "note": note,
            "rest": [d.isoformat() for d, (works, _t) in sorted(days.items()) if not works],
            "work": [d.isoformat() for d, (works, _t) in sorted(days.items()) if works],
            "before": before,
        })
    return entry


def calendar_year_days(year: int) -> dict[date, tuple[bool, str]]:
    """The overrides entered for ``year`` (read only)."""
    return {d: (works, note) for d, works, note in
            CalendarDay.objects.filter(day__year=year).values_list("day", "is_workday", "note")}
