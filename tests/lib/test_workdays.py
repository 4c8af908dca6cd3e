from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.lib.workdays import (
    CalendarUnknownYear,
    WorkCalendar,
    add_days,
    add_workdays,
    is_workday,
    next_workday,
    workdays_between,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2025-01-01", False),  # 元旦
        ("2025-01-26", True),  # Sunday, 春节调休上班
        ("2025-01-28", False),  # 除夕
        ("2025-02-04", False),  # 春节 last day off
        ("2025-02-08", True),  # Saturday make-up day
        ("2025-04-27", True),  # Sunday make-up day before 劳动节
        ("2025-05-05", False),
        ("2025-09-28", True),  # Sunday make-up day before 国庆
        ("2025-10-08", False),  # 国庆+中秋 merged, 8 days
        ("2025-10-11", True),  # Saturday make-up day
        ("2025-10-13", True),  # ordinary Monday
        ("2025-10-12", False),  # ordinary Sunday
        ("2026-01-02", False),
        ("2026-01-04", True),  # Sunday make-up day
        ("2026-02-14", True),  # Saturday make-up day
        ("2026-02-23", False),  # 春节 last day off
        ("2026-02-28", True),
        ("2026-05-09", True),
        ("2026-09-20", True),
        ("2026-10-07", False),
        ("2026-10-10", True),  # Saturday make-up day
    ],
)
def test_it_knows_holidays_and_make_up_workdays(day, expected):
    assert is_workday(D(day)) is expected


@pytest.mark.parametrize(
    "start, n, expected",
    [
        ("2025-09-30", 1, "2025-10-09"),  # over 国庆: 10/1–8 off
        ("2025-09-26", 1, "2025-09-28"),  # Friday → the make-up Sunday
        ("2025-09-30", 5, "2025-10-14"),  # 10/9, 10/10, 10/11 (Sat, make-up), 10/13, 10/14
        ("2026-09-30", 5, "2026-10-13"),  # 10/8, 10/9, 10/10 (Sat, make-up), 10/12, 10/13
        ("2026-01-30", 0, "2026-01-30"),
        ("2025-10-09", -1, "2025-09-30"),
    ],
)
def test_add_workdays_does_not_count_the_start_day(start, n, expected):
    assert add_workdays(D(start), n) == D(expected)


@pytest.mark.parametrize(
    "start, n, expected",
    [
        ("2025-09-16", 15, "2025-10-09"),  # ends 10/1, a holiday → first workday after
        ("2025-03-01", 15, "2025-03-17"),  # ends Sunday 3/16 → Monday
        ("2025-03-03", 15, "2025-03-18"),  # ends on a workday
        ("2026-09-25", 60, "2026-11-24"),  # 60 days from 9/25 → Tuesday 11/24
        ("2026-02-06", 10, "2026-02-24"),  # ends 2/16 in 春节 → 2/24
    ],
)
def test_add_days_rolls_a_period_ending_on_a_rest_day_forward(start, n, expected):
    assert add_days(D(start), n) == D(expected)


def test_next_workday_and_workdays_between():
    assert next_workday(D("2025-10-01")) == D("2025-10-09")
    assert next_workday(D("2025-10-09")) == D("2025-10-09")
    assert workdays_between(D("2025-09-30"), D("2025-10-10")) == 2
    assert workdays_between(D("2025-10-10"), D("2025-09-30")) == 0
    assert workdays_between(D("2026-01-31"), D("2026-02-28")) == 16  # incl. make-up Saturdays 2/14 and 2/28


def test_unknown_year_raises_a_clear_error_instead_of_guessing():
    with pytest.raises(CalendarUnknownYear) as error:
        is_workday(D("2027-01-05"))
    assert "2027 年的节假日安排尚未录入" in str(error.value)
    assert "工作日历" in str(error.value)
    with pytest.raises(CalendarUnknownYear):
        add_workdays(D("2026-12-31"), 1)


def test_overrides_correct_single_days_and_complete_years():
    calendar = WorkCalendar({D("2025-10-13"): False, D("2027-02-06"): True, D("2027-02-10"): False},
                            complete_years=[2027])
    assert calendar.is_workday(D("2025-10-13")) is False  # local day off
    assert calendar.add_workdays(D("2025-10-10"), 1) == D("2025-10-11")
    assert calendar.is_workday(D("2027-02-06")) is True  # Saturday make-up entered by hand
    assert calendar.is_workday(D("2027-02-10")) is False
    assert calendar.is_workday(D("2027-02-11")) is True  # plain Thursday
    assert calendar.add_workdays(D("2026-12-31"), 1) == D("2027-01-01")  # nothing entered: Friday works
    with pytest.raises(CalendarUnknownYear):
        calendar.is_workday(D("2028-01-03"))


@pytest.mark.parametrize(
    "start, n, expected",
    [
        ("2025-10-09", -5, "2025-09-25"),  # back over 国庆: 9/30, 9/29, 9/28 (Sunday, make-up), 9/26, 9/25
        ("2026-01-05", -1, "2026-01-04"),  # the make-up Sunday
        ("2026-01-05", -3, "2025-12-30"),  # back over 元旦 into the previous year
        ("2026-02-24", -1, "2026-02-14"),  # back over 春节 to the make-up Saturday
        ("2025-12-31", 3, "2026-01-06"),  # 1/1–1/3 off: 1/4 (Sunday, make-up), 1/5, 1/6
        ("2020-01-02", 1700, "2026-11-02"),  # through seven years of schedules
    ],
)
def test_add_workdays_crosses_years_both_ways(start, n, expected):
    assert add_workdays(D(start), n) == D(expected)
    assert add_workdays(D(expected), -n) == D(start)


def test_workdays_between_spans_years():
    assert workdays_between(D("2025-12-30"), D("2026-01-05")) == 3  # 12/31, 1/4 (Sunday, make-up), 1/5
    assert workdays_between(D("2019-12-31"), D("2026-12-31")) == sum(
        workdays_between(D(f"{y - 1}-12-31"), D(f"{y}-12-31")) for y in range(2020, 2027))
    assert workdays_between(D("2024-12-31"), D("2025-12-31")) == 248  # 2025: 261 weekdays, 18 of them off, 5 make-up weekend days


def test_crossing_into_an_unknown_year_raises_for_that_year():
    for walk in (lambda: add_workdays(D("2026-12-30"), 3), lambda: workdays_between(D("2026-12-01"), D("2027-01-01")),
                 lambda: next_workday(D("2027-01-01")), lambda: add_days(D("2026-12-20"), 20)):
        with pytest.raises(CalendarUnknownYear) as error:
            walk()
        assert error.value.year == 2027
    with pytest.raises(CalendarUnknownYear) as error:
        add_workdays(D("2004-01-02"), -2)
    assert error.value.year == 2003
    assert add_workdays(D("2026-12-30"), 1) == D("2026-12-31")  # stops short of 2027: no need to know it
    assert add_workdays(D("2027-05-05"), 0) == D("2027-05-05")
    assert add_workdays(D("2003-12-31"), 1) == D("2004-01-02")  # the walk starts the day after
    assert add_workdays(D("2027-01-01"), -1) == D("2026-12-31")
    assert workdays_between(D("2003-12-31"), D("2004-01-02")) == 1


def test_overrides_in_an_unknown_year_answer_until_the_first_day_without_one():
    calendar = WorkCalendar({D("2027-01-01"): False, D("2027-01-02"): True})
    assert calendar.add_workdays(D("2026-12-31"), 1) == D("2027-01-02")
    assert calendar.workdays_between(D("2026-12-30"), D("2027-01-02")) == 2
    assert calendar.next_workday(D("2027-01-01")) == D("2027-01-02")
    with pytest.raises(CalendarUnknownYear):
        calendar.add_workdays(D("2026-12-31"), 2)
    with pytest.raises(CalendarUnknownYear):
        calendar.is_workday(D("2027-01-03"))
    calendar = WorkCalendar({D("2003-12-31"): True, D("2003-12-30"): False, D("2003-12-29"): True})
    assert calendar.add_workdays(D("2004-01-05"), -3) == D("2003-12-29")  # 1/2, 12/31, 12/29
    with pytest.raises(CalendarUnknownYear):
        calendar.add_workdays(D("2004-01-05"), -4)


# ---------------------------------------------------------------- the index against a day-by-day walk

class DayByDay:
    """The reference: every day asked of ``chinese_calendar`` in turn, as the calendar worked before its index."""

    def __init__(self, overrides, complete_years):
        self.overrides, self.complete_years = overrides, complete_years

    def is_workday(self, d):
        if d in self.overrides:
            return self.overrides[d]
        if d.year in self.complete_years:
            return d.weekday() < 5
        try:
            return chinese_calendar.is_workday(d)
        except NotImplementedError:
            raise CalendarUnknownYear(d.year) from None

    def next_workday(self, d):
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def add_workdays(self, d, n):
        step, remaining = (1 if n >= 0 else -1), abs(n)
        while remaining:
            d += timedelta(days=step)
            remaining -= self.is_workday(d)
        return d

    def add_days(self, d, n):
        return self.next_workday(d + timedelta(days=n))

    def workdays_between(self, a, b):
        return sum(self.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def outcome(ask):
    try:
        return ask()
    except CalendarUnknownYear as error:
        return ("unknown year", error.year)


known_days = st.dates(date(2020, 1, 1), date(2026, 12, 31))
# Days around New Year, 2019/20 to 2027/28: the package lacks 2027 and 2028.
new_year_days = st.builds(lambda year, offset: date(year, 12, 31) + timedelta(days=offset),
                          st.integers(2019, 2027), st.integers(-12, 12))
days = st.one_of(known_days, new_year_days)


@settings(max_examples=150, deadline=None)
@given(
    overrides=st.dictionaries(days, st.booleans(), max_size=40),
    complete_years=st.sets(st.sampled_from([2021, 2025, 2027]), max_size=2),
    a=days,
    b=days,
    n=st.one_of(st.integers(-12, 12), st.integers(-400, 400)),
)
def test_the_index_agrees_with_a_day_by_day_walk(overrides, complete_years, a, b, n):
    indexed, walked = WorkCalendar(overrides, complete_years), DayByDay(overrides, complete_years)
    for name, args in [("is_workday", (a,)), ("next_workday", (a,)), ("add_workdays", (a, n)),
                       ("add_days", (a, n)), ("workdays_between", (a, b)), ("workdays_between", (b, a))]:
        assert outcome(lambda name=name, args=args: getattr(indexed, name)(*args)) == \
            outcome(lambda name=name, args=args: getattr(walked, name)(*args)), (name, args)


@pytest.mark.parametrize("overrides, complete_years", [
    ({}, ()),
    ({D("2025-12-31"): False, D("2026-01-01"): True, D("2026-01-04"): False}, ()),
    ({D("2027-01-01"): False, D("2027-01-02"): True, D("2027-01-03"): True, D("2027-01-04"): False}, ()),
    ({D("2026-12-31"): False, D("2027-01-04"): False}, (2025, 2027)),
])
def test_every_walk_near_new_year_agrees_with_a_day_by_day_walk(overrides, complete_years):
    indexed, walked = WorkCalendar(overrides, complete_years), DayByDay(overrides, complete_years)
    starts = [date(year, 12, 31) + timedelta(days=offset) for year in range(2019, 2027) for offset in range(-9, 10)]
    for a in starts:
        for n in range(-9, 10):
            for name, args in [("add_workdays", (a, n)), ("add_days", (a, n)),
                               ("workdays_between", (a, a + timedelta(days=n)))]:
                assert outcome(lambda name=name, args=args: getattr(indexed, name)(*args)) == \
                    outcome(lambda name=name, args=args: getattr(walked, name)(*args)), (name, args)
        assert outcome(lambda a=a: indexed.next_workday(a)) == outcome(lambda a=a: walked.next_workday(a)), a
