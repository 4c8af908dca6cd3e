"""The calendar in force: the override tables feed it, 2027 can be entered by hand, and a
change written by another process is seen at the next check, once per request."""

import secrets
from datetime import date

import pytest
from django.db import connection, transaction

from fazhi.lib.workdays import CalendarUnknownYear
from fazhi.workcal.calendar import calendar_refresh, current_calendar, request_began, request_ended
from fazhi.workcal.services import (
    calendar_day_clear,
    calendar_day_set,
    calendar_year_mark_complete,
    calendar_year_mark_incomplete,
)

MONDAY = date(2025, 10, 13)


def another_worker_sets_a_holiday(day: date) -> None:
    """What a write in another gunicorn worker looks like from here: new rows and a new stamp,
    and nothing in this process told about them."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO workcal_calendarday (day, is_workday, note) VALUES (%s, %s, %s)",
                       [day, False, "县里调整"])
        cursor.execute("INSERT INTO workcal_calendarversion (id, stamp, changed_at) VALUES (1, %s, %s) "
                       "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp",
                       [secrets.randbits(62), "2026-12-02 08:00:00"])


def test_overrides_apply_and_2027_can_be_entered_by_hand(personas):
    assert current_calendar().is_workday(MONDAY) is True
    calendar_day_set(day=MONDAY, is_workday=False, note="县里调整", by=personas.office)
    assert current_calendar().is_workday(MONDAY) is False
    with pytest.raises(CalendarUnknownYear):
        current_calendar().add_workdays(date(2026, 12, 31), 1)
    calendar_year_mark_complete(year=2027, note="国办发明电〔2026〕X号", by=personas.office)
    calendar_day_set(day=date(2027, 1, 1), is_workday=False, note="元旦", by=personas.office)
    assert current_calendar().add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    calendar_day_clear(day=MONDAY, by=personas.office)
    assert current_calendar().is_workday(MONDAY) is True
    calendar_year_mark_incomplete(year=2027, by=personas.office)
    assert current_calendar().is_workday(date(2027, 1, 1)) is False  # the override alone still answers
    with pytest.raises(CalendarUnknownYear):
        current_calendar().is_workday(date(2027, 1, 4))


def test_outside_requests_a_change_by_another_process_is_seen_at_the_next_call(db, django_assert_num_queries):
    assert current_calendar().is_workday(MONDAY) is True
    with django_assert_num_queries(1):  # the stamp, unchanged: the process's calendar is reused
        assert current_calendar().is_workday(MONDAY) is True
    another_worker_sets_a_holiday(MONDAY)
    with django_assert_num_queries(3):  # the stamp, then the two override tables
        assert current_calendar().is_workday(MONDAY) is False


def test_in_a_request_the_stamp_is_compared_once_and_the_next_request_sees_the_change(db, django_assert_num_queries):
    current_calendar()
    request_began()
    with django_assert_num_queries(1):
        assert current_calendar().is_workday(MONDAY) is True
    another_worker_sets_a_holiday(MONDAY)
    with django_assert_num_queries(0):
        assert current_calendar().is_workday(MONDAY) is True  # this request keeps what it checked
    calendar_refresh()
    assert current_calendar().is_workday(MONDAY) is False  # unless asked to look again
    request_ended()

    another_worker_sets_a_holiday(date(2025, 10, 14))
    request_began()
    try:
        with django_assert_num_queries(3):
            assert current_calendar().is_workday(date(2025, 10, 14)) is False
        with django_assert_num_queries(0):
            current_calendar()
    finally:
        request_ended()


def test_a_rolled_back_write_does_not_stay_in_the_process(personas):
    assert current_calendar().is_workday(MONDAY) is True
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_day_set(day=MONDAY, is_workday=False, by=personas.office)
        assert current_calendar().is_workday(MONDAY) is False  # built from the uncommitted row
        raise RuntimeError("the rest of the request failed")
    assert current_calendar().is_workday(MONDAY) is True
    # The next real write gets a stamp of its own, never the rolled-back one again.
    calendar_day_set(day=date(2025, 10, 14), is_workday=False, by=personas.office)
    calendar = current_calendar()
    assert calendar.is_workday(MONDAY) is True and calendar.is_workday(date(2025, 10, 14)) is False
