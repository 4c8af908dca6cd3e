"""Reporting-period arithmetic: which periods a plan has and when each is due. No writes here;
``fazhi.tracking.services.periods`` stores them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.lib.workdays import CalendarUnknownYear, WorkCalendar


@dataclass(frozen=True)
class PeriodSpan:
    kind: str  # "month" | "quarter" | "year"
    start: date
    end: date
    due_on: date | None


def month_end(d: date) -> date:
    first_next = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def span_of(kind: str, d: date) -> tuple[date, date]:
    """The month, quarter, half-year or year containing ``d``."""
    if kind == "month":
        return date(d.year, d.month, 1), month_end(d)
    if kind == "quarter":
        first_month = (d.month - 1) // 3 * 3 + 1
        start = date(d.year, first_month, 1)
        return start, month_end(date(d.year, first_month + 2, 1))
    if kind == "half":
        start = date(d.year, 1 if d.month <= 6 else 7, 1)
        return start, month_end(date(d.year, start.month + 5, 1))
    if kind == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    raise ValueError(f"unknown period kind {kind!r}")


def period_due_on(kind: str, end: date, cadence, calendar: WorkCalendar) -> date:
    """When a period's report is due under ``cadence``.

    Monthly and quarterly: the N-th working day after the period ends. Yearly: the
    configured day of the next year, rolled to the next workday if it is a rest day.
    """
    if kind == "month":
        return calendar.add_workdays(end, cadence.monthly_due_workdays)
    if kind == "quarter":
        return calendar.add_workdays(end, cadence.quarterly_due_workdays)
    return calendar.next_workday(date(end.year + 1, cadence.yearly_due_month, cadence.yearly_due_day))


def enabled_kinds(cadence) -> list[str]:
    kinds = []
    if cadence.monthly:
        kinds.append("month")
    if cadence.quarterly:
        kinds.append("quarter")
    if cadence.yearly:
        kinds.append("year")
    return kinds


def period_spans(
    *, cadence, since: date, through: date, calendar: WorkCalendar, skip_unknown_years: bool = False
) -> list[PeriodSpan]:
    """Every enabled period that starts on or before ``through`` and ends on or after ``since``.

    A due date in a year the calendar does not know raises ``CalendarUnknownYear``;
    with ``skip_unknown_years`` such spans are returned with ``due_on=None`` instead.
    """
    spans = []
    for kind in enabled_kinds(cadence):
        start, end = span_of(kind, since)
        while start <= through:
            try:
                due_on = period_due_on(kind, end, cadence, calendar)
            except CalendarUnknownYear:
                if not skip_unknown_years:
                    raise
                due_on = None
            spans.append(PeriodSpan(kind, start, end, due_on))
            start, end = span_of(kind, end + timedelta(days=1))
    return sorted(spans, key=lambda s: (s.start, s.end))


def plan_tracking_start(plan, cadence=None) -> date:
    """Where tracking of a plan begins: the cadence's ``tracking_start`` if the office set
    one, else the plan's issue date, else 1 January of its first year."""
    if cadence is not None and cadence.tracking_start:
        return cadence.tracking_start
    if plan.issued_on:
        return plan.issued_on
    if plan.period_start:
        return date(plan.period_start, 1, 1)
    return date(plan.imported_at.year, 1, 1) if plan.imported_at else date.today()
