"""Every imported plan is tracked at once (assignments, cadence, this month's periods), and the
hourly ``fazhi remind`` adds each new month's period by itself."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command

from fazhi.audit.models import Event
from fazhi.plans.models import PendingImport
from fazhi.plans.services import pending_import_confirm, plan_import
from fazhi.tracking.models import Assignment, Period
from fazhi.tracking.services import cadence_for, tracking_start
from fazhi.workcal.calendar import calendar_invalidate
from tests.plans.ledgers import small_ledger

TODAY = date(2026, 5, 12)  # inside a year chinese-calendar knows, so the due dates are certain


@pytest.fixture
def clock():
    calendar_invalidate()  # another test's (rolled back) CalendarYear 2027 may still be cached
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def _import(personas, *, by):
    return plan_import(jurisdiction=personas.jurisdiction, ledger=small_ledger(), source_name="plan.txt",
                       source_sha256="a" * 64, by=by)


LEDGER_ASSIGNMENTS = {(1, "县司法局", "lead"), (1, "县财政局", "co"), (2, "县司法局", "co"), (3, "县财政局", "lead")}


def _assignments(plan) -> set[tuple[int, str, str]]:
    return set(Assignment.objects.filter(task__plan=plan, is_active=True)
               .values_list("task__seq", "unit__name", "role"))


def _periods(plan) -> set[tuple[str, date, date]]:
    return set(Period.objects.filter(plan=plan).values_list("kind", "start", "due_on"))


def test_plan_import_creates_assignments_cadence_and_this_months_periods(personas, clock):
    plan = _import(personas, by=personas.office)
    assert _assignments(plan) == LEDGER_ASSIGNMENTS
    assert cadence_for(plan).tracking_start == date(2026, 5, 1)
    # May's 调度 is due on the 5th workday of June, the second quarter's 盘点 on the 5th of
    # July; the 2026 summary is due in January 2027, a year the calendar does not know yet.
    assert _periods(plan) == {("month", date(2026, 5, 1), date(2026, 6, 5)),
                              ("quarter", date(2026, 4, 1), date(2026, 7, 7))}
    assert Event.objects.filter(action="assignments.sync", actor=personas.office).exists()


def test_pending_import_confirm_starts_tracking(personas, clock):
    pending = PendingImport.objects.create(jurisdiction=personas.jurisdiction, uploaded_by=personas.office,
                                           source_name="plan.txt", sha256="b" * 64, ledger=small_ledger().to_dict())
    plan = pending_import_confirm(pending=pending, decisions=[], by=personas.office)
    assert _assignments(plan) == LEDGER_ASSIGNMENTS
    assert {(k, s) for k, s, _d in _periods(plan)} == {("month", date(2026, 5, 1)), ("quarter", date(2026, 4, 1))}


def test_command_line_import_starts_tracking_as_the_system(personas, clock):
    plan = _import(personas, by=None)
    assert _assignments(plan)
    assert Period.objects.filter(plan=plan).count() == 2
    events = Event.objects.filter(action__in=["assignments.sync", "cadence.update", "periods.generate"])
    assert events.count() == 3 and not events.exclude(actor=None).exists()


def test_import_is_refused_whole_for_someone_not_the_office(personas, clock):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(personas, by=personas.lead_clerk)
    assert not Period.objects.exists() and not Assignment.objects.exists()


def test_tracking_start_is_idempotent_and_an_explicit_start_adds_earlier_periods(personas, clock):
    plan = _import(personas, by=personas.office)
    assert len(tracking_start(plan=plan, by=personas.office, today=TODAY)) == 2
    assert cadence_for(plan).tracking_start == date(2026, 5, 1)
    periods = tracking_start(plan=plan, by=personas.office, starts_on=date(2026, 3, 1), today=TODAY)
    assert {(p.kind, p.start) for p in periods} == {
        ("month", date(2026, 3, 1)), ("month", date(2026, 4, 1)), ("month", date(2026, 5, 1)),
        ("quarter", date(2026, 1, 1)), ("quarter", date(2026, 4, 1)),
    }


def test_remind_generates_next_months_period_when_the_clock_advances(personas, clock, capsys):
    plan = _import(personas, by=personas.office)
    call_command("remind", today="2026-05-20")
    assert Period.objects.filter(plan=plan).count() == 2
    call_command("remind", today="2026-06-01", dry_run=True)
    out = capsys.readouterr().out
    assert "[将生成]" in out and "2026年6月（2026-07-07前报送）" in out
    assert not Period.objects.filter(plan=plan, start=date(2026, 6, 1)).exists()
    call_command("remind", today="2026-06-01")
    assert "[已生成]" in capsys.readouterr().out
    june = Period.objects.get(plan=plan, kind="month", start=date(2026, 6, 1))
    assert june.due_on == date(2026, 7, 7) and june.state == Period.State.OPEN
    event = Event.objects.filter(action="periods.generate").latest("pk")
    assert event.actor is None and event.data == {"through": "2026-06-01", "created": 1}
    call_command("remind", today="2026-06-01")  # hourly: nothing more
    assert Period.objects.filter(plan=plan).count() == 3
