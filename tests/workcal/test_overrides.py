"""The override tables feed the calendar in force, and 2027 can be entered by hand."""

from datetime import date

import pytest

from fazhi.lib.workdays import CalendarUnknownYear
from fazhi.workcal.calendar import calendar_invalidate, current_calendar
from fazhi.workcal.models import CalendarDay, CalendarYear


@pytest.fixture(autouse=True)
def fresh_calendar():
    # The rolled-back test transaction sends no signals: drop the process cache by hand.
    calendar_invalidate()
    yield
    calendar_invalidate()


@pytest.mark.django_db
def test_table_overrides_apply_and_invalidate_the_cache():
    assert current_calendar().is_workday(date(2025, 10, 13)) is True
    CalendarDay.objects.create(day=date(2025, 10, 13), is_workday=False, note="县里调整")
    assert current_calendar().is_workday(date(2025, 10, 13)) is False
    with pytest.raises(CalendarUnknownYear):
        current_calendar().add_workdays(date(2026, 12, 31), 1)
    CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕X号")
    CalendarDay.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")
    assert current_calendar().add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    CalendarDay.objects.filter(day=date(2025, 10, 13)).delete()  # queryset delete sends no signals
    calendar_invalidate()
    assert current_calendar().is_workday(date(2025, 10, 13)) is True
