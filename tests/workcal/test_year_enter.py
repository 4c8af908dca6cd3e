"""Entering a whole year from the notice: one transaction that replaces the year's overrides,
marks it complete, confirms the provisional due dates it decides and tells the units."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import Event
from fazhi.notify.models import Notice
from fazhi.tracking.services import calendar_year_publish
from fazhi.web.todo import todo_count, todo_for
from fazhi.workcal.calendar import calendar_stamp, current_calendar
from fazhi.workcal.models import CalendarDay, CalendarYear
from fazhi.workcal.notice import notice_parse, schedule_flips
from fazhi.workcal.services import calendar_day_set, calendar_year_enter
from tests.factories import (
    JurisdictionFactory,
    OfficeFactory,
    PlanFactory,
    TaskFactory,
    period_of,
    tracking_started,
)

NOTICE_2027 = (Path(__file__).parents[1] / "fixtures/calendar/notice-2027.txt").read_text(encoding="utf-8")


def flips_2027():
    return schedule_flips(notice_parse(NOTICE_2027, year=2027))


@pytest.fixture
def plan(personas):
    plan = PlanFactory(jurisdiction=personas.jurisdiction, issued_on=date(2026, 10, 1), period_start=2026)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], co_units=[personas.co_unit], ongoing=True)
    tracking_started(plan, through=date(2026, 12, 31), by=personas.office)
    return plan


def test_entering_a_year_replaces_its_overrides_and_marks_it_complete(personas):
    calendar_day_set(day=date(2027, 3, 3), is_workday=False, note="县庆", by=personas.office)
    calendar_day_set(day=date(2026, 12, 31), is_workday=False, note="另一年", by=personas.office)
    stamp = calendar_stamp()
    entry = calendar_year_enter(year=2027, days=flips_2027(), note="国办发明电〔2026〕9号", by=personas.office)
    assert entry.complete and entry.note == "国办发明电〔2026〕9号" and calendar_stamp() != stamp
    assert CalendarDay.objects.filter(day__year=2027).count() == len(flips_2027())
    assert not CalendarDay.objects.filter(day=date(2027, 3, 3)).exists()
    assert CalendarDay.objects.filter(day=date(2026, 12, 31)).exists()  # another year is left alone
    calendar = current_calendar()
    assert calendar.is_workday(date(2027, 2, 8)) is False  # 春节, a Monday
    assert calendar.is_workday(date(2027, 2, 20)) is True  # 调休 Saturday
    assert calendar.is_workday(date(2027, 3, 3)) is True
    event = Event.objects.get(action="calendar.year_enter")
    assert event.data["year"] == 2027 and "2027-02-20" in event.data["work"] and "2027-02-08" in event.data["rest"]
    assert event.data["before"] == {"2027-03-03": False}


@pytest.mark.parametrize(("days", "message"), [
    ({date(2027, 2, 20): (False, "")}, "2027-02-20是周末，只能设为调休上班日"),
    ({date(2027, 2, 8): (True, "")}, "2027-02-08是工作日，只能设为放假"),
    ({date(2026, 12, 31): (False, "")}, "2026-12-31不在2027年"),
])
def test_a_day_that_is_no_change_from_the_plain_week_or_of_another_year_is_refused(personas, days, message):
    with pytest.raises(ValidationError) as refused:
        calendar_year_enter(year=2027, days=days, by=personas.office)
    assert message in refused.value.messages
    assert not CalendarYear.objects.exists() and not Event.objects.filter(action="calendar.year_enter").exists()


def test_a_county_below_an_office_and_clerks_may_not_enter_a_year(personas):
    city = JurisdictionFactory(name="淮北市")
    OfficeFactory(username="huaibei_office", jurisdiction=city)
    county = JurisdictionFactory(name="相山区", parent=city)
    for user in (OfficeFactory(username="county_office", jurisdiction=county), personas.lead_clerk):
        with pytest.raises(PermissionDenied):
            calendar_year_publish(year=2027, days=flips_2027(), by=user)
    assert not CalendarYear.objects.exists()


def test_publishing_confirms_the_provisional_due_dates_and_tells_the_units(personas, plan):
    q4, summary = period_of(plan, "quarter", "2026-10-01"), period_of(plan, "year", "2026-01-01")
    assert q4.due_on_provisional and summary.due_on_provisional
    assert q4.due_on == date(2027, 1, 7)  # the plain week: 1 January counted as a workday
    published = calendar_year_publish(year=2027, days=flips_2027(), note="国办发明电〔2026〕9号", by=personas.office)
    q4.refresh_from_db()
    summary.refresh_from_db()
    assert (q4.due_on, q4.due_on_provisional) == (date(2027, 1, 8), False)
    assert (summary.due_on, summary.due_on_provisional) == (date(2027, 1, 15), False)
    assert {p.pk for p, _was in published.confirmed} >= {q4.pk, summary.pk}
    assert {u.name for u in published.units_told} == {"县司法局", "县财政局"}
    confirms = Event.objects.filter(action="period.due_confirm", actor=personas.office)
    assert confirms.get(target_id=str(q4.pk)).data == {"from": "2027-01-07", "to": "2027-01-08"}
    notice = Notice.objects.get(recipient_unit=personas.lead_unit)
    assert notice.kind == Notice.Kind.DUE_DATE and notice.title == "报送截止日已确定"
    assert f"《{plan.title}》2026年第4季度：截止日确定为 2027-01-08（原暂定 2027-01-07）" in notice.text
    assert f"《{plan.title}》2026年度：截止日确定为 2027-01-15（与暂定日期相同）" in notice.text
    assert not Notice.objects.filter(recipient_unit=personas.outsider_unit).exists()


def test_publishing_is_one_transaction(personas, plan, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("notice store down")

    monkeypatch.setattr("fazhi.tracking.services.periods.notice_create", broken)
    with pytest.raises(RuntimeError):
        calendar_year_publish(year=2027, days=flips_2027(), by=personas.office)
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()
    assert period_of(plan, "quarter", "2026-10-01").due_on_provisional


def test_publishing_a_year_no_period_waits_for_tells_nobody(personas):
    published = calendar_year_publish(year=2027, days=flips_2027(), by=personas.office)
    assert published.confirmed == [] and published.units_told == [] and not Notice.objects.exists()


def test_the_clerk_finds_the_notice_on_todo_and_the_badge_counts_it(personas, plan):
    calendar_year_publish(year=2027, days=flips_2027(), by=personas.office)
    today = date(2026, 12, 2)
    todo = todo_for(personas.lead_clerk, today=today)
    assert [n.title for n in todo.notices] == ["报送截止日已确定"]
    assert todo_count(personas.lead_clerk, today=today) == todo.total
