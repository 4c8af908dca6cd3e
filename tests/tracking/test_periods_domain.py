"""Period arithmetic (no database) and the simulate_quarter command."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from fazhi.lib.workdays import WorkCalendar
from fazhi.tracking.models import ReportingCadence
from fazhi.tracking.periods import period_spans, span_of
from tests.factories import PlanFactory, TaskFactory, tracking_started

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
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], due_by="2022-10-31")
    tracking_started(plan, through=date(2022, 12, 31))
    out = io.StringIO()
    call_command("simulate_quarter", "--plan", str(plan.pk), "--start", "2022-10-01", "--days", "40",
                 "--step", "20", stdout=out)
    text = out.getvalue()
    assert "2022-10-01  绿1" in text and "2022-11-10  红1  | 任务 1红*" in text


def test_periods_due_in_an_unknown_year_wait_while_the_others_are_created(personas):
    from fazhi.plans.models import Plan
    from fazhi.tracking.services import periods_awaiting_calendar, periods_generate

    plan = Plan.objects.create(jurisdiction=personas.jurisdiction, title="方案", period_start=2026)
    # chinese-calendar knows 2026 but not 2027: December's 调度, the fourth quarter's 盘点
    # and the 2026 yearly summary are all due in January 2027.
    periods = periods_generate(plan=plan, through=date(2026, 12, 31), by=personas.office)
    kinds = {(p.kind, p.start.month) for p in periods}
    assert ("month", 11) in kinds and ("quarter", 7) in kinds
    assert ("month", 12) not in kinds and ("quarter", 10) not in kinds
    waiting = periods_awaiting_calendar(plan=plan, through=date(2026, 12, 31))
    assert {(s.kind, s.start) for s in waiting} == {
        ("month", date(2026, 12, 1)),
        ("quarter", date(2026, 10, 1)),
        ("year", date(2026, 1, 1)),
    }
