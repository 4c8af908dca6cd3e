"""Writing the local calendar: each write replaces the stamp and leaves an audit event; only the
依法治县办 and administrators may write; the admin goes through the same functions."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fazhi.accounts.models import Role
from fazhi.audit.models import Event
from fazhi.orgs.models import Jurisdiction
from fazhi.workcal.calendar import calendar_stamp, current_calendar
from fazhi.workcal.models import CalendarDay, CalendarYear
from fazhi.workcal.services import calendar_day_clear, calendar_day_set, calendar_year_mark_complete
from tests.conftest import make_user

SATURDAY = date(2025, 10, 18)


def test_setting_a_day_twice_updates_it_and_records_both_changes(personas):
    stamps = {calendar_stamp()}
    calendar_day_set(day=SATURDAY, is_workday=True, note="县庆调休上班", by=personas.office)
    stamps.add(calendar_stamp())
    calendar_day_set(day=SATURDAY, is_workday=False, note="取消调休", by=personas.office)
    stamps.add(calendar_stamp())
    assert len(stamps) == 3
    entry = CalendarDay.objects.get()
    assert (entry.day, entry.is_workday, entry.note) == (SATURDAY, False, "取消调休")
    events = list(Event.objects.filter(action="calendar.day_set").order_by("id"))
    assert [e.data["before"] for e in events] == [None, True]
    assert [e.data["is_workday"] for e in events] == [True, False]
    assert {e.actor for e in events} == {personas.office}


def test_clearing_a_day_records_what_it_was(personas):
    calendar_day_set(day=SATURDAY, is_workday=True, note="县庆调休上班", by=personas.office)
    stamp = calendar_stamp()
    calendar_day_clear(day=SATURDAY, by=personas.office)
    assert not CalendarDay.objects.exists() and calendar_stamp() != stamp
    cleared = Event.objects.get(action="calendar.day_clear")
    assert cleared.data == {"day": "2025-10-18", "before": True, "note": "县庆调休上班"}
    calendar_day_clear(day=SATURDAY, by=personas.office)  # nothing left to clear: no event, no change
    assert Event.objects.filter(action="calendar.day_clear").count() == 1


def test_marking_a_year_complete_is_recorded(personas):
    entry = calendar_year_mark_complete(year=2027, note="国办发明电〔2026〕X号", by=personas.admin)
    assert entry.complete and CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕X号"
    event = Event.objects.get(action="calendar.year_complete")
    assert event.target_id == str(entry.pk) and event.data["year"] == 2027
    assert current_calendar().is_workday(date(2027, 3, 1)) is True


@pytest.mark.parametrize("who", ["lead_clerk", "leader_user"])
def test_only_the_office_and_administrators_write_the_calendar(personas, who):
    stamp = calendar_stamp()
    with pytest.raises(PermissionDenied):
        calendar_day_set(day=SATURDAY, is_workday=True, by=getattr(personas, who))
    with pytest.raises(PermissionDenied):
        calendar_year_mark_complete(year=2027, by=getattr(personas, who))
    assert calendar_stamp() == stamp and not Event.objects.exists()


def test_an_invalid_note_changes_nothing(personas):
    stamp = calendar_stamp()
    with pytest.raises(ValidationError):
        calendar_day_set(day=SATURDAY, is_workday=True, note="长" * 201, by=personas.office)
    assert calendar_stamp() == stamp and not CalendarDay.objects.exists()


def test_the_admin_writes_through_the_services(client, personas):
    client.force_login(personas.admin)
    assert current_calendar().is_workday(SATURDAY) is False
    response = client.post(reverse("admin:workcal_calendarday_add"),
                           {"day": "2025-10-18", "is_workday": "on", "note": "县庆调休上班"})
    assert response.status_code == 302
    assert current_calendar().is_workday(SATURDAY) is True
    assert Event.objects.filter(action="calendar.day_set", actor=personas.admin).count() == 1

    entry = CalendarDay.objects.get(day=SATURDAY)
    client.post(reverse("admin:workcal_calendarday_change", args=[entry.pk]), {"note": "改为休息"})
    entry.refresh_from_db()
    assert entry.day == SATURDAY and entry.is_workday is False and entry.note == "改为休息"
    assert current_calendar().is_workday(SATURDAY) is False

    client.post(reverse("admin:workcal_calendarday_delete", args=[entry.pk]), {"post": "yes"})
    assert not CalendarDay.objects.exists()
    assert Event.objects.filter(action="calendar.day_clear").count() == 1

    days = [calendar_day_set(day=d, is_workday=False, by=personas.office) for d in (date(2025, 10, 13), SATURDAY)]
    client.post(reverse("admin:workcal_calendarday_changelist"),
                {"action": "delete_selected", "_selected_action": [d.pk for d in days], "post": "yes"})
    assert not CalendarDay.objects.exists()
    assert Event.objects.filter(action="calendar.day_clear").count() == 3
    assert current_calendar().is_workday(date(2025, 10, 13)) is True

    client.post(reverse("admin:workcal_calendaryear_add"), {"year": "2027", "complete": "on", "note": "国办发明电"})
    assert current_calendar().is_workday(date(2027, 3, 1)) is True
    year = CalendarYear.objects.get(year=2027)
    client.post(reverse("admin:workcal_calendaryear_change", args=[year.pk]), {"note": "撤回"})
    assert CalendarYear.objects.get(year=2027).complete is False
    assert [e.action for e in Event.objects.order_by("id")][-2:] == ["calendar.year_complete",
                                                                     "calendar.year_incomplete"]


def test_only_the_highest_office_or_an_admin_keeps_the_shared_calendar(personas):
    calendar_day_set(day=date(2027, 1, 1), is_workday=False, note="元旦", by=personas.office)  # a county on its own
    city = Jurisdiction.objects.create(name="淮北市", short_name="市", level=Jurisdiction.Level.CITY)
    personas.jurisdiction.parent = city
    personas.jurisdiction.save()
    county_office = make_user("county_office", role=Role.OFFICE, jurisdiction=personas.jurisdiction)
    city_office = make_user("city", role=Role.OFFICE, jurisdiction=city)  # a city with no office keeps nothing
    with pytest.raises(PermissionDenied):
        calendar_day_set(day=date(2027, 1, 2), is_workday=False, by=county_office)
    calendar_day_set(day=date(2027, 1, 2), is_workday=False, by=city_office)
