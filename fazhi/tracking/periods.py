"""Reporting-period arithmetic: which periods a plan has and when each is due. No writes here;
``fazhi.tracking.services.periods`` stores them.

One policy for a year the work calendar does not know yet (its holidays are not published or
not entered): reckon with the plain week, Monday to Friday, and mark what was reckoned that
way provisional (暂定). ``FallbackCalendar`` does the reckoning, ``FallbackCalendar.knows``
tells whether a result is provisional; period generation and the colour rules both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.lib.workdays import WorkCalendar


class FallbackCalendar(WorkCalendar):
    """``calendar`` on the years it knows, the plain week in a year it does not."""

    def __init__(self, calendar: WorkCalendar):
        super().__init__(calendar.overrides, calendar.complete_years, plain_week_for_unknown_years=True)

    def knows(self, first: date, last: date) -> bool:
        """Whether every year from ``first``'s to ``last``'s is known: if not, working days
        reckoned between them are provisional."""
        return not self.unknown_years(first, last)

    def unknown_years(self, first: date, last: date) -> list[int]:
        low, high = sorted((first.year, last.year))
        return [year for year in range(low, high + 1) if not self.knows_year(year)]


def with_fallback(calendar: WorkCalendar) -> FallbackCalendar:
    return calendar if isinstance(calendar, FallbackCalendar) else FallbackCalendar(calendar)


@dataclass(frozen=True)
class PeriodSpan:
    kind: str  # "month" | "quarter" | "year"
    start: date
    end: date
    due_on: date
    due_on_provisional: bool = False


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
    Raises ``CalendarUnknownYear`` unless ``calendar`` is a ``FallbackCalendar``.
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


def period_due(kind: str, end: date, cadence, calendar: WorkCalendar) -> tuple[date, bool]:
    """``period_due_on`` by the plain week where the calendar does not know the year, and
    whether that made it provisional."""
    fallback = with_fallback(calendar)
    due_on = period_due_on(kind, end, cadence, fallback)
    return due_on, not fallback.knows(end, due_on)


def period_spans(*, cadence, since: date, through: date, calendar: WorkCalendar,
                 until: date | None = None) -> list[PeriodSpan]:
    """Every enabled period that starts on or before ``through`` (and on or before ``until``,
    where tracking ends) and ends on or after ``since``; a due date in a year the calendar does
    not know is provisional. A period begun by ``until`` still comes whole: the yearly summary
    of a plan's last year is due the next January."""
    spans = []
    last_start = through if until is None else min(through, until)
    calendar = with_fallback(calendar)  # once: each wrap rebuilds the year indexes
    for kind in enabled_kinds(cadence):
        start, end = span_of(kind, since)
        while start <= last_start:
            due_on, provisional = period_due(kind, end, cadence, calendar)
            spans.append(PeriodSpan(kind, start, end, due_on, provisional))
            start, end = span_of(kind, end + timedelta(days=1))
    return sorted(spans, key=lambda s: (s.start, s.end))


def unknown_calendar_years(periods, calendar: WorkCalendar) -> list[int]:
    """The years whose holidays the office should enter to confirm these periods' provisional
    due dates (each period has ``end`` and ``due_on``)."""
    fallback = with_fallback(calendar)
    return sorted({year for p in periods for year in fallback.unknown_years(p.end, p.due_on)})


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


def plan_tracking_end(plan, cadence=None) -> date | None:
    """The last day on which a period of the plan may start: the cadence's ``tracking_end`` if
    the office set one (an extension, or 结束调度), else 31 December of the plan's last year
    (its 实施期), else none: a plan without a stated 实施期 is tracked until the office ends it."""
    if cadence is not None and cadence.tracking_end:
        return cadence.tracking_end
    if plan.period_end:
        return date(plan.period_end, 12, 31)
    return None


def tracking_has_ended(plan, cadence, today: date) -> bool:
    """Whether no period of the plan may start any more after ``today``."""
    end = plan_tracking_end(plan, cadence)
    return end is not None and end < today


def month_replaced_by_quarter(kind: str, start: date, cadence) -> bool:
    """Whether a month's 调度 is served by its quarter's 盘点 (``quarter_replaces_month``): the
    third month of a quarter (March, June, September, December) of a plan with quarterly
    盘点. Such a month period still exists (the board keeps its column, old reports on it stay
    readable), but nobody is asked for it and nothing counts it as missing: its 报送状态 is
    that of the quarter's report."""
    return (kind == "month" and start.month % 3 == 0 and bool(getattr(cadence, "quarterly", False))
            and bool(getattr(cadence, "quarter_replaces_month", False)))


def quarter_span_of(start: date) -> tuple[date, date]:
    return span_of("quarter", start)
