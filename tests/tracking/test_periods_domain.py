"""Period arithmetic, provisional due dates in a year the calendar does not know, and the
simulate_quarter command."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from fazhi.accounts.access import SYSTEM
from fazhi.audit.models import Event
from fazhi.lib.workdays import WorkCalendar
from fazhi.plans.models import Plan
from fazhi.tracking.models import Period, ReportingCadence
from fazhi.tracking.periods import period_spans, span_of, unknown_calendar_years
from fazhi.tracking.services import periods_awaiting_calendar, periods_generate
from fazhi.tracking.services.periods import periods_confirmable
from fazhi.workcal.services import calendar_day_set, calendar_year_mark_complete
from tests.tracking.domain_helpers import add_task, make_plan, period, start_tracking

D = date.fromisoformat


@pytest.mark.parametrize(
    "kind, day, start, end",
    [("month", "2024-02-10", "2024-02-01", "2024-02-29"), ("quarter", "2022-11-30", "2022-10-01", "2022-12-31"),
     ("half", "2022-07-01", "2022-07-01", "2022-12-31"), ("year", "2025-06-01", "2025-01-01", "2025-12-31")],
)
def test_span_of(kind, day, start, end):
    assert span_of(kind, D(day)) == (D(start), D(end))


def test_period_spans_use_the_work_calendar():
    cadence = ReportingCadence(monthly=False)
    spans = period_spans(cadence=cadence, since=D("2025-07-15"), through=D("2025-12-31"), calendar=WorkCalendar())
    assert [(s.kind, s.start, s.due_on) for s in spans] == [
        ("year", D("2025-01-01"), D("2026-01-15")),
        ("quarter", D("2025-07-01"), D("2025-10-14")),  # 国庆 10/1–8 off, 10/11 a make-up Saturday
        ("quarter", D("2025-10-01"), D("2026-01-08")),  # 元旦 1/1–3 off, 1/4 a make-up Sunday
    ]


def test_simulate_quarter_prints_colours(personas):
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, deadlines=[("by", "2022-10-31", "")])
    start_tracking(plan, personas)
    out = io.StringIO()
    call_command("simulate_quarter", "--plan", str(plan.pk), "--start", "2022-10-01", "--days", "40",
                 "--step", "20", stdout=out)
    text = out.getvalue()
    assert "2022-10-01  绿1" in text and "2022-11-10  红1  | 任务 1红*" in text


def test_a_period_due_in_an_unknown_year_is_created_with_a_provisional_due_date(personas):
    plan = Plan.objects.create(jurisdiction=personas.jurisdiction, title="方案", period_start=2026)
    # chinese-calendar knows 2026 but not 2027: December's 调度, the fourth quarter's 盘点
    # and the 2026 yearly summary are all due in January 2027, reckoned by the plain week.
    periods = periods_generate(plan=plan, through=date(2026, 12, 31), by=personas.office)
    provisional = {(p.kind, p.start): p.due_on for p in periods if p.due_on_provisional}
    assert provisional == {
        ("month", D("2026-12-01")): D("2027-01-07"),  # 1/1 is a Friday: the 5th weekday after 12/31
        ("quarter", D("2026-10-01")): D("2027-01-07"),
        ("year", D("2026-01-01")): D("2027-01-15"),
    }
    november = next(p for p in periods if (p.kind, p.start) == ("month", D("2026-11-01")))
    assert not november.due_on_provisional and november.due_on == D("2026-12-07")
    assert [(p.kind, p.start) for p in periods_awaiting_calendar(plan=plan, through=date(2026, 12, 31))] == [
        ("year", D("2026-01-01")), ("quarter", D("2026-10-01")), ("month", D("2026-12-01"))]
    assert Event.objects.get(action="periods.generate").data["provisional"] == 3


def test_entering_the_year_confirms_the_provisional_due_dates(personas):
    plan = Plan.objects.create(jurisdiction=personas.jurisdiction, title="方案", period_start=2026)
    periods_generate(plan=plan, through=date(2026, 12, 31), by=personas.office)
    # The office enters 2027: 元旦 1/1 is a rest day, the rest follows the plain week.
    calendar_year_mark_complete(year=2027, by=personas.office)
    calendar_day_set(day=D("2027-01-01"), is_workday=False, note="元旦", by=personas.office)
    assert [p.label for p, _due in periods_confirmable(plan=plan)] == ["2026年度", "2026年第4季度", "2026年12月"]
    periods_generate(plan=plan, through=date(2026, 12, 31), by=SYSTEM)  # the hourly run
    december = period(plan, "month", "2026-12-01")
    assert (december.due_on, december.due_on_provisional) == (D("2027-01-08"), False)
    assert not Period.objects.filter(plan=plan, due_on_provisional=True).exists()
    event = Event.objects.get(action="period.due_confirm", target_id=str(december.pk))
    assert event.data == {"from": "2027-01-07", "to": "2027-01-08"} and event.actor is None
    periods_generate(plan=plan, through=date(2026, 12, 31), by=SYSTEM)
    assert Event.objects.filter(action="period.due_confirm").count() == 3


def test_unknown_calendar_years_names_the_year_to_enter():
    spans = period_spans(cadence=ReportingCadence(monthly=False, yearly=False), since=D("2026-10-01"),
                         through=D("2026-12-31"), calendar=WorkCalendar())
    assert [(s.due_on, s.due_on_provisional) for s in spans] == [(D("2027-01-07"), True)]
    assert unknown_calendar_years(spans, WorkCalendar()) == [2027]
