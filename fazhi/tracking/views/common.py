"""Small helpers shared by the tracking screens."""

from __future__ import annotations

from datetime import date

from fazhi.lib.workdays import CalendarUnknownYear
from fazhi.tracking.models import ProgressReport
from fazhi.workcal.calendar import current_calendar

DUE_SOON_WORKDAYS = 5


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def due_flag(due_on: date, today: date, *, done: bool) -> str:
    """"overdue" (逾期), "due_soon" (临期) or "" for a report not yet submitted."""
    if done:
        return ""
    if today > due_on:
        return "overdue"
    try:
        left = current_calendar().workdays_between(today, due_on)
    except CalendarUnknownYear:
        left = (due_on - today).days * 5 // 7
    return "due_soon" if left <= DUE_SOON_WORKDAYS else ""


def label_transitions(transitions) -> list:
    """Give each ReportTransition readable ``from_label``/``to_label`` for the templates."""
    labels = dict(ProgressReport.State.choices)
    transitions = list(transitions)
    for t in transitions:
        t.from_label = labels.get(t.from_state, t.from_state)
        t.to_label = labels.get(t.to_state, t.to_state)
    return transitions
