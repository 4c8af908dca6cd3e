"""Every imported plan is tracked at once (assignments, cadence, this month's periods): the screens
and commands that import a plan start tracking in the same transaction (plans never reaches up
into tracking). The hourly ``fazhi remind`` adds each new month's period by itself."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.plans.models import PendingImport, Plan
from fazhi.plans.services import plan_import
from fazhi.tracking.models import Assignment, Period
from fazhi.tracking.services import cadence_for, tracking_start
from fazhi.workcal.calendar import calendar_invalidate
from fazhi.workcal.models import CalendarDay
from fazhi.workcal.services import calendar_year_mark_complete
from tests.plans.ledgers import small_ledger
from tests.plans.test_upload_views import SMALL_PLAN, _preview_form

TODAY = date(2026, 5, 12)  # inside a year chinese-calendar knows, so the due dates are certain
# The plan's 实施期 must reach TODAY, or importing it starts nothing (test_tracking_end.py).
CURRENT_PLAN = SMALL_PLAN.replace("（2021—2025年）", "（2022—2026年）")


def current_ledger():
    return small_ledger(title="濉溪县法治政府建设实施方案（2022—2026年）", period_end=2026)


@pytest.fixture
def clock():
    calendar_invalidate()  # another test's (rolled back) CalendarYear 2027 may still be cached
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def _import(personas, *, by):
    """What the upload screen and ``fazhi import --jurisdiction`` do: store the plan, start tracking."""
    with transaction.atomic():
        plan = plan_import(jurisdiction=personas.jurisdiction, ledger=current_ledger(), source_name="plan.txt",
                           source_sha256="a" * 64, by=by)
        tracking_start(plan=plan, by=by)
    return plan


LEDGER_ASSIGNMENTS = {(1, "县司法局", "lead"), (1, "县财政局", "co"), (2, "县司法局", "co"), (3, "县财政局", "lead")}


def _assignments(plan) -> set[tuple[int, str, str]]:
    return set(Assignment.objects.filter(task__plan=plan, is_active=True)
               .values_list("task__seq", "unit__name", "role"))


def _periods(plan) -> set[tuple[str, date, date, bool]]:
    return set(Period.objects.filter(plan=plan).values_list("kind", "start", "due_on", "due_on_provisional"))


def test_tracking_start_creates_assignments_cadence_and_this_months_periods(personas, clock):
    plan = _import(personas, by=personas.office)
    assert _assignments(plan) == LEDGER_ASSIGNMENTS
    assert cadence_for(plan).tracking_start == date(2026, 5, 1)
    # May's 调度 is due on the 5th workday of June, the second quarter's 盘点 on the 5th of
    # July; the 2026 summary is due in January 2027, a year the calendar does not know yet:
    # 15 January by the plain week, 暂定.
    assert _periods(plan) == {("month", date(2026, 5, 1), date(2026, 6, 5), False),
                              ("quarter", date(2026, 4, 1), date(2026, 7, 7), False),
                              ("year", date(2026, 1, 1), date(2027, 1, 15), True)}
    assert Event.objects.filter(action="assignments.follow", actor=personas.office).exists()


def test_confirming_an_upload_starts_tracking(client, personas, clock):
    pending = PendingImport.objects.create(jurisdiction=personas.jurisdiction, uploaded_by=personas.office,
                                           source_name="plan.txt", sha256="b" * 64, ledger=current_ledger().to_dict())
    client.force_login(personas.office)
    data, _preview = _preview_form(client, pending)
    client.post(reverse("plans:confirm", args=[pending.pk]), data)
    plan = Plan.objects.get()
    assert _assignments(plan) == LEDGER_ASSIGNMENTS
    assert {(k, s) for k, s, _d, _p in _periods(plan)} == {
        ("month", date(2026, 5, 1)), ("quarter", date(2026, 4, 1)), ("year", date(2026, 1, 1))}


def test_command_line_import_starts_tracking_as_the_system(personas, clock, tmp_path):
    path = tmp_path / "small-plan.txt"
    path.write_text(CURRENT_PLAN, encoding="utf-8")
    call_command("import_plan", str(path), jurisdiction=personas.jurisdiction.name)
    plan = Plan.objects.get()
    assert _assignments(plan)
    assert Period.objects.filter(plan=plan).count() == 3
    events = Event.objects.filter(action__in=["assignments.follow", "cadence.update", "periods.generate"])
    assert events.count() == 3 and not events.exclude(actor=None).exists()


def test_import_is_refused_whole_for_someone_not_the_office(personas, clock):
    with pytest.raises(PermissionDenied):
        _import(personas, by=personas.lead_clerk)
    assert not Period.objects.exists() and not Assignment.objects.exists()


def test_tracking_start_is_idempotent_and_an_explicit_start_adds_earlier_periods(personas, clock):
    plan = _import(personas, by=personas.office)
    assert len(tracking_start(plan=plan, by=personas.office, today=TODAY)) == 3
    assert cadence_for(plan).tracking_start == date(2026, 5, 1)
    periods = tracking_start(plan=plan, by=personas.office, starts_on=date(2026, 3, 1), today=TODAY)
    assert {(p.kind, p.start) for p in periods} == {
        ("month", date(2026, 3, 1)), ("month", date(2026, 4, 1)), ("month", date(2026, 5, 1)),
        ("quarter", date(2026, 1, 1)), ("quarter", date(2026, 4, 1)), ("year", date(2026, 1, 1)),
    }


def test_remind_generates_next_months_period_when_the_clock_advances(personas, clock, capsys):
    plan = _import(personas, by=personas.office)
    call_command("remind", today="2026-05-20")
    assert Period.objects.filter(plan=plan).count() == 3
    call_command("remind", today="2026-06-01", dry_run=True)
    out = capsys.readouterr().out
    assert "[将生成]" in out and "2026年6月（2026-07-07前报送）" in out
    assert not Period.objects.filter(plan=plan, start=date(2026, 6, 1)).exists()
    call_command("remind", today="2026-06-01")
    assert "[已生成]" in capsys.readouterr().out
    june = Period.objects.get(plan=plan, kind="month", start=date(2026, 6, 1))
    assert june.due_on == date(2026, 7, 7) and june.state == Period.State.OPEN
    event = Event.objects.filter(action="periods.generate").latest("pk")
    assert event.actor is None and event.data == {"through": "2026-06-01", "created": 1, "provisional": 0}
    call_command("remind", today="2026-06-01")  # hourly: nothing more
    assert Period.objects.filter(plan=plan).count() == 4


def test_remind_confirms_a_provisional_due_date_once_the_year_is_entered(personas, clock, capsys):
    plan = _import(personas, by=personas.office)
    summary = Period.objects.get(plan=plan, kind="year")
    assert (summary.due_on, summary.due_on_provisional) == (date(2027, 1, 15), True)
    calendar_year_mark_complete(year=2027, by=personas.office)
    CalendarDay.objects.create(day=date(2027, 1, 15), is_workday=False, note="示例：当日调休")
    call_command("remind", today="2026-05-20")
    assert "[已确定]" in capsys.readouterr().out
    summary.refresh_from_db()
    assert (summary.due_on, summary.due_on_provisional) == (date(2027, 1, 18), False)
    assert Event.objects.get(action="period.due_confirm").data == {"from": "2027-01-15", "to": "2027-01-18"}
