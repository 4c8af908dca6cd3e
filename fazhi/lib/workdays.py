"""Working-day arithmetic for Chinese government deadlines. No Django import.

Holidays and 调休 make-up workdays come from the ``chinese_calendar`` package (the
国务院办公厅 schedule, one year at a time), corrected by local overrides. A year
the package does not know and the overrides do not declare complete raises
``CalendarUnknownYear`` instead of guessing from weekdays: 调休 Saturdays are
workdays, so ``weekday()`` alone is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

import chinese_calendar


class CalendarUnknownYear(Exception):
    """The holidays of ``year`` have not been published or not been entered yet."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year} 年的节假日安排尚未录入，请在“工作日历”中补录国务院办公厅公布的放假安排 "
            f"(the holiday schedule for {year} is not known yet; enter the State Council's "
            f"schedule under Work calendar)"
        )


class WorkCalendar:
    """A national calendar plus local overrides.

    ``overrides`` maps a date to True (workday) or False (rest day).
    ``complete_years`` are years entered entirely by hand: a day without an
    override follows the plain week there, even if the package does not know the year.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None, complete_years: Iterable[int] = ()):
        self.overrides = dict(overrides or {})
        self.complete_years = frozenset(complete_years)

    def is_workday(self, d: date) -> bool:
        if d in self.overrides:
            return self.overrides[d]
        if d.year in self.complete_years:
            return d.weekday() < 5
        try:
            return chinese_calendar.is_workday(d)
        except NotImplementedError:
            raise CalendarUnknownYear(d.year) from None

    def next_workday(self, d: date) -> date:
        """``d`` itself if it is a workday, else the first workday after it."""
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def add_workdays(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` not counted). ``n`` may be negative."""
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            d += timedelta(days=step)
            if self.is_workday(d):
                remaining -= 1
        return d

    def add_days(self, d: date, n: int) -> date:
        """A period of ``n`` calendar days from ``d``, by the statutory rule.

        The start day is not counted; a period whose last day is a holiday or rest
        day ends on the first workday after it (民事诉讼法 Art. 85, 行政复议法 Art. 88).
        """
        return self.next_workday(d + timedelta(days=n))

    def workdays_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b`` (0 if ``b <= a``)."""
        count = 0
        d = a
        while d < b:
            d += timedelta(days=1)
            if self.is_workday(d):
                count += 1
        return count


default_calendar = WorkCalendar()


def is_workday(d: date) -> bool:
    return default_calendar.is_workday(d)


def next_workday(d: date) -> date:
    return default_calendar.next_workday(d)


def add_workdays(d: date, n: int) -> date:
    return default_calendar.add_workdays(d, n)


def add_days(d: date, n: int) -> date:
    return default_calendar.add_days(d, n)


def workdays_between(a: date, b: date) -> int:
    return default_calendar.workdays_between(a, b)
