from datetime import date

import pytest

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
