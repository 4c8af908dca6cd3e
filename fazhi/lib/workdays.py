"""Working-day arithmetic for Chinese government deadlines. No Django import.

Holidays and 调休 make-up workdays come from the ``chinese_calendar`` package (the
国务院办公厅 schedule, one year at a time), corrected by local overrides. A year
the package does not know and the overrides do not declare complete raises
``CalendarUnknownYear`` instead of guessing from weekdays: 调休 Saturdays are
workdays, so ``weekday()`` alone is wrong.

Each calendar keeps, per year and built on first use, the sorted ordinals of that
year's workdays; every question is then a ``bisect`` or two per year it touches,
not a walk day by day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

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


def _package_years() -> range:
    # chinese_calendar.is_workday accepts exactly the years between its first and last holiday.
    return range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


@cache
def _national_workdays(year: int) -> tuple[int, ...] | None:
    """The ordinals of ``year``'s workdays by the 国务院办公厅 schedule; None if the package does not know it.

    Reads the package's tables with the rule of ``chinese_calendar.is_workday``, without
    its per-call check of the whole table.
    """
    if year not in _package_years():
        return None
    holidays, workdays = chinese_calendar.holidays, chinese_calendar.workdays
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    return tuple(
        o for o in range(first, last + 1)
        if (d := date.fromordinal(o)) in workdays or (d.weekday() < 5 and d not in holidays)
    )


@cache
def _plain_week_workdays(year: int) -> tuple[int, ...]:
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    return tuple(o for o in range(first, last + 1) if date.fromordinal(o).weekday() < 5)


class WorkCalendar:
    """A national calendar plus local overrides.

    ``overrides`` maps a date to True (workday) or False (rest day); it is read once,
    at construction. ``complete_years`` are years entered entirely by hand: a day
    without an override follows the plain week there, whether or not the package knows the year.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None, complete_years: Iterable[int] = (), *,
                 plain_week_for_unknown_years: bool = False):
        self.overrides = MappingProxyType(dict(overrides or {}))
        self.complete_years = frozenset(complete_years)
        # The one policy for a year nobody has entered yet, when a caller opts in: reckon it by the
        # plain week (its results are provisional; ``knows_year`` tells which years those are).
        self.plain_week_for_unknown_years = plain_week_for_unknown_years
        by_year: defaultdict[int, dict[int, bool]] = defaultdict(dict)
        for d, works in self.overrides.items():
            by_year[d.year][d.toordinal()] = works
        self._overrides_by_year = dict(by_year)
        self._years: dict[int, tuple[int, ...] | list[int] | None] = {}
        # A calendar never changes once built, so its answers can be kept: a board asks the same
        # window due dates for every task.
        self._answers: dict[tuple, object] = {}

    def _year(self, year: int) -> tuple[int, ...] | list[int] | None:
        """The sorted ordinals of ``year``'s workdays.

        Raises ``CalendarUnknownYear`` for a year neither the package nor ``complete_years``
        covers; None if such a year has overrides on some days (callers then walk it day
        by day, which answers on the overridden days and raises on the first other one).
        """
        try:
            days = self._years[year]
        except KeyError:
            days = self._years[year] = self._year_build(year)
        if days is None and year not in self._overrides_by_year:
            raise CalendarUnknownYear(year)
        return days

    def knows_year(self, year: int) -> bool:
        """Whether ``year``'s holidays are known (by the package or entered as complete)."""
        return year in self.complete_years or _national_workdays(year) is not None

    def _year_build(self, year: int) -> tuple[int, ...] | list[int] | None:
        base = _plain_week_workdays(year) if year in self.complete_years else _national_workdays(year)
        if base is None and self.plain_week_for_unknown_years:
            base = _plain_week_workdays(year)
        local = self._overrides_by_year.get(year)
        if base is None or not local:
            return base
        days = set(base)
        days.difference_update(o for o, works in local.items() if not works)
        days.update(o for o, works in local.items() if works)
        return sorted(days)

    def is_workday(self, d: date) -> bool:
        if d in self.overrides:
            return self.overrides[d]
        days = self._year(d.year)
        if days is None:
            raise CalendarUnknownYear(d.year)
        o = d.toordinal()
        i = bisect_left(days, o)
        return i < len(days) and days[i] == o

    def next_workday(self, d: date) -> date:
        """``d`` itself if it is a workday, else the first workday after it."""
        key = ("next", d)
        if key not in self._answers:
            self._answers[key] = self._next_workday(d)
        return self._answers[key]

    def _next_workday(self, d: date) -> date:
        o, year = d.toordinal(), d.year
        while True:
            days = self._year(year)
            if days is None:
                return self._walk_next_workday(d)  # the rest of d's year has no workday: the walk skips it
            i = bisect_left(days, o)
            if i < len(days):
                return date.fromordinal(days[i])
            year += 1

    def add_workdays(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` not counted). ``n`` may be negative."""
        key = ("add", d, n)
        if key not in self._answers:
            self._answers[key] = self._add_workdays(d, n)
        return self._answers[key]

    def _add_workdays(self, d: date, n: int) -> date:
        if n == 0:
            return d
        o, remaining = d.toordinal(), abs(n)
        if n > 0:
            year = (d + timedelta(days=1)).year
            while True:
                days = self._year(year)
                if days is None:
                    return self._walk_add_workdays(max(d, date(year - 1, 12, 31)), remaining)
                i = bisect_right(days, o)  # the first workday after d in this year
                if i + remaining <= len(days):
                    return date.fromordinal(days[i + remaining - 1])
                remaining -= len(days) - i
                year += 1
        year = (d - timedelta(days=1)).year
        while True:
            days = self._year(year)
            if days is None:
                return self._walk_add_workdays(min(d, date(year, 12, 31) + timedelta(days=1)), -remaining)
            i = bisect_left(days, o)  # workdays before d in this year
            if i >= remaining:
                return date.fromordinal(days[i - remaining])
            remaining -= i
            year -= 1

    def add_days(self, d: date, n: int) -> date:
        """A period of ``n`` calendar days from ``d``, by the statutory rule.

        The start day is not counted; a period whose last day is a holiday or rest
        day ends on the first workday after it (民事诉讼法 Art. 85, 行政复议法 Art. 88).
        """
        return self.next_workday(d + timedelta(days=n))

    def workdays_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b`` (0 if ``b <= a``)."""
        key = ("between", a, b)
        if key not in self._answers:
            self._answers[key] = self._workdays_between(a, b)
        return self._answers[key]

    def _workdays_between(self, a: date, b: date) -> int:
        if b <= a:
            return 0
        after, through = a.toordinal(), b.toordinal()
        count = 0
        for year in range((a + timedelta(days=1)).year, b.year + 1):
            days = self._year(year)
            if days is None:
                return count + self._walk_workdays_between(max(a, date(year - 1, 12, 31)), b)
            count += bisect_right(days, through) - bisect_right(days, after)
        return count

    # Day-by-day walks, only for a year the calendar does not know but has overrides in:
    # they answer on the overridden days and raise on the first day without one.

    def _walk_next_workday(self, d: date) -> date:
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def _walk_add_workdays(self, d: date, n: int) -> date:
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            d += timedelta(days=step)
            if self.is_workday(d):
                remaining -= 1
        return d

    def _walk_workdays_between(self, a: date, b: date) -> int:
        count = 0
        while a < b:
            a += timedelta(days=1)
            count += self.is_workday(a)
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
