"""The work calendar in force: the national schedule plus this installation's overrides.

Each process keeps one ``WorkCalendar`` in memory, with the ``CalendarVersion`` stamp it
was built at. Every override write (``fazhi.workcal.services``, which the admin calls too)
replaces the stamp in its own transaction, so any process sees the change at its next check:

* inside a request, the first ``current_calendar()`` compares the stamp (one query) and
  later calls in the same request reuse that answer;
* outside requests (management commands, tests), every call compares it.

Writes that bypass the services (a bare ``.save()``, ``loaddata``) leave the stamp alone:
other processes keep their calendar until the next service write or a restart.
"""

from __future__ import annotations

from dataclasses import dataclass

from asgiref.local import Local

from fazhi.lib.workdays import WorkCalendar
from fazhi.workcal.models import CalendarDay, CalendarVersion, CalendarYear


@dataclass(frozen=True)
class _Built:
    stamp: int | None
    calendar: WorkCalendar


_built: _Built | None = None
# Per request (thread or task): whether the stamp was compared in this request already.
_request = Local()


def calendar_stamp() -> int | None:
    """The stamp in the database; None before the first override write."""
    return CalendarVersion.objects.filter(pk=1).values_list("stamp", flat=True).first()


def current_calendar() -> WorkCalendar:
    """The calendar in force, rebuilt from the override tables when their stamp changed."""
    global _built
    built = _built
    if built is not None and getattr(_request, "checked", False):
        return built.calendar
    stamp = calendar_stamp()  # read before the rows: a write in between only costs a rebuild later
    if built is None or built.stamp != stamp:
        overrides = dict(CalendarDay.objects.values_list("day", "is_workday"))
        years = CalendarYear.objects.filter(complete=True).values_list("year", flat=True)
        built = _built = _Built(stamp, WorkCalendar(overrides, complete_years=years))
    if getattr(_request, "active", False):
        _request.checked = True
    return built.calendar


def calendar_refresh() -> None:
    """Compare the stamp again at the next ``current_calendar()``, even within a request."""
    _request.checked = False


def calendar_invalidate(**_kwargs) -> None:
    """Drop this process's calendar: the next ``current_calendar()`` rebuilds it.

    The services call it so the writing request sees its change at once; tests call it
    between tests, which may write override rows directly, without a new stamp.
    """
    global _built
    _built = None


def request_began(**_kwargs) -> None:
    _request.active = True
    _request.checked = False


def request_ended(**_kwargs) -> None:
    _request.active = False
    _request.checked = False
