"""The two signals of a board cell, table-driven over (deadline kind, dates, report state per
unit): the 牵头单位's 报送状态 and the 进展灯 beside it. No database."""

from datetime import date

import pytest

from fazhi.lib.workdays import WorkCalendar
from fazhi.tracking.board import cell_view
from fazhi.tracking.judgement import (
    BLUE,
    GREEN,
    GREY,
    RED,
    YELLOW,
    AssignmentFact,
    DeadlineFact,
    Filing,
    PeriodFact,
    ReportFact,
    Rules,
    Status,
    filing_state,
    task_cell,
    task_filing,
    with_filing,
)

D = date.fromisoformat
RULES = Rules(calendar=WorkCalendar(), tracking_start=D("2022-07-01"))
LEAD, CO1, CO2 = 1, 2, 3
UNITS = [AssignmentFact(LEAD, is_lead=True), AssignmentFact(CO1, is_lead=False), AssignmentFact(CO2, is_lead=False)]
OCTOBER = PeriodFact(start=D("2022-10-01"), end=D("2022-10-31"), due_on=D("2022-11-07"))
NOVEMBER = PeriodFact(start=D("2022-11-01"), end=D("2022-11-30"), due_on=D("2022-12-07"))
DEADLINES = {
    "by far": [DeadlineFact("by", D("2023-06-30"))],
    "by soon": [DeadlineFact("by", D("2022-11-18"))],
    "ongoing": [DeadlineFact("ongoing")],
    "none": [],
    "every year": [DeadlineFact("every", period="year")],
}


def rep(unit, period, state, status="in_progress", *, submitted="2022-11-03", reviewed="2022-11-04", evidence=True,
        percent=None):
    """``state``: draft, submitted, returned or accepted."""
    return ReportFact(assignment_id=unit, is_consolidated=unit == LEAD, period_start=period.start,
                      period_end=period.end, state=state, status=status, percent=percent,
                      submitted_on=None if state == "draft" else D(submitted),
                      reviewed_on=D(reviewed) if state in ("accepted", "returned") else None, has_evidence=evidence)


def signals(deadline, reports, period, today):
    today = D(today)
    reports = list(reports)
    own = {r.assignment_id: r for r in reports if r.period_start == period.start and r.period_end == period.end}
    filing = task_filing(assignments=UNITS, reports=own, period=period, today=today)
    light = with_filing(task_cell(deadlines=DEADLINES[deadline], assignments=UNITS, facts=reports, period=period,
                                  today=today, rules=RULES), filing.lead)
    return filing, light


CASES = [
    # (name, deadline kind, reports, period, today, lead 报送状态, 配合单位 filed, 进展灯)
    ("nothing filed, past due: by far", "by far", [], OCTOBER, "2022-12-02", "overdue", 0, RED),
    ("nothing filed, past due: ongoing", "ongoing", [], OCTOBER, "2022-12-02", "overdue", 0, RED),
    ("nothing filed, past due: no deadline", "none", [], OCTOBER, "2022-12-02", "overdue", 0, RED),
    ("nothing filed, past due: every year", "every year", [], OCTOBER, "2022-12-02", "overdue", 0, RED),
    ("a draft is not filed", "ongoing", [rep(LEAD, OCTOBER, "draft")], OCTOBER, "2022-12-02", "overdue", 0, RED),
    ("returned and past due", "by far", [rep(LEAD, OCTOBER, "returned")], OCTOBER, "2022-12-02", "returned", 0, RED),
    ("returned before due", "by far", [rep(LEAD, OCTOBER, "returned")], OCTOBER, "2022-11-05", "returned", 0, GREEN),
    ("co-units filing does not fill the lead's report", "ongoing",
     [rep(CO1, OCTOBER, "submitted"), rep(CO2, OCTOBER, "accepted")], OCTOBER, "2022-12-02", "overdue", 2, RED),
    ("period running", "by far", [], NOVEMBER, "2022-11-20", "not_due", 0, GREEN),
    ("between end and due", "ongoing", [], NOVEMBER, "2022-12-02", "to_file", 0, GREEN),
    ("filed, awaiting review", "by far", [rep(LEAD, OCTOBER, "submitted", percent=60)], OCTOBER, "2022-12-02",
     "filed", 0, GREEN),
    ("a report submitted after today is not yet filed", "by far",
     [rep(LEAD, OCTOBER, "submitted", submitted="2022-12-05")], OCTOBER, "2022-12-02", "overdue", 0, RED),
    ("accepted 推进中 60% is not done", "by far", [rep(LEAD, OCTOBER, "accepted", percent=60)], OCTOBER,
     "2022-12-02", "accepted", 0, GREEN),
    ("accepted 推进中 with evidence, perennial: not done", "ongoing", [rep(LEAD, OCTOBER, "accepted", percent=60)],
     OCTOBER, "2022-12-02", "accepted", 0, GREEN),
    ("accepted 已完成: done", "by far", [rep(LEAD, OCTOBER, "accepted", "done")], OCTOBER, "2022-12-02",
     "accepted", 0, BLUE),
    ("accepted 已完成, perennial: done for its own period", "ongoing", [rep(LEAD, OCTOBER, "accepted", "done")],
     OCTOBER, "2022-12-02", "accepted", 0, BLUE),
    ("October done does not make November blue", "ongoing", [rep(LEAD, OCTOBER, "accepted", "done")],
     NOVEMBER, "2022-12-02", "to_file", 0, GREEN),
    ("October done, November overdue: red", "ongoing", [rep(LEAD, OCTOBER, "accepted", "done")],
     NOVEMBER, "2022-12-09", "overdue", 0, RED),
    ("已完成 submitted, not yet accepted: not blue", "by far", [rep(LEAD, OCTOBER, "submitted", "done")],
     OCTOBER, "2022-12-02", "filed", 0, GREEN),
    ("已完成 accepted from a co-unit only: not blue", "by far", [rep(CO1, OCTOBER, "accepted", "done")],
     OCTOBER, "2022-12-02", "overdue", 1, RED),
    ("临期 and overdue report: red, not yellow", "by soon", [], OCTOBER, "2022-11-10", "overdue", 0, RED),
    ("task done earlier stays blue; the mark says 逾期未报", "by far",
     [rep(LEAD, OCTOBER, "accepted", "done")], NOVEMBER, "2022-12-09", "overdue", 0, BLUE),
    ("future period", "by far", [], NOVEMBER, "2022-10-20", "not_due", 0, GREY),
]


@pytest.mark.parametrize("name, deadline, reports, period, today, lead, co_filed, colour", CASES,
                         ids=[c[0] for c in CASES])
def test_cell_signals(name, deadline, reports, period, today, lead, co_filed, colour):
    filing, light = signals(deadline, reports, period, today)
    assert (filing.lead.state, filing.co_filed, filing.co_total) == (lead, co_filed, 2)
    assert light.colour == colour, light.reason


@pytest.mark.parametrize("deadline", sorted(DEADLINES))
@pytest.mark.parametrize("today", ["2022-11-08", "2022-12-02", "2023-03-01"])
@pytest.mark.parametrize("lead_state", [None, "draft", "returned"])
@pytest.mark.parametrize("co_state", [None, "submitted", "accepted"])
def test_an_overdue_unfiled_report_is_never_green(deadline, today, lead_state, co_state):
    reports = [rep(LEAD, OCTOBER, lead_state)] if lead_state else []
    reports += [rep(CO1, OCTOBER, co_state, "done")] if co_state else []
    filing, light = signals(deadline, reports, OCTOBER, today)
    assert filing.lead.late
    assert light.colour not in (GREEN, YELLOW)


@pytest.mark.parametrize("deadline", sorted(DEADLINES))
@pytest.mark.parametrize("state, status", [("accepted", "in_progress"), ("submitted", "done"),
                                           ("accepted", "unable"), ("returned", "done")])
def test_blue_needs_an_accepted_done_consolidated_report(deadline, state, status):
    _filing, light = signals(deadline, [rep(LEAD, OCTOBER, state, status)], OCTOBER, "2022-12-02")
    assert light.colour != BLUE
    _filing, light = signals(deadline, [rep(LEAD, OCTOBER, "accepted", "done")], OCTOBER, "2022-12-02")
    assert light.colour == BLUE


FILING_CASES = [
    # (report state or None, submitted, reviewed, today, 报送状态, late)
    (None, None, None, "2022-10-20", "not_due", False),
    (None, None, None, "2022-11-01", "to_file", False),
    (None, None, None, "2022-11-07", "to_file", False),
    (None, None, None, "2022-11-08", "overdue", True),
    ("draft", None, None, "2022-11-08", "overdue", True),
    ("submitted", "2022-11-03", None, "2022-11-08", "filed", False),
    ("submitted", "2022-11-10", None, "2022-11-12", "filed", False),
    ("returned", "2022-11-03", "2022-11-04", "2022-11-05", "returned", False),
    ("returned", "2022-11-03", "2022-11-04", "2022-11-09", "returned", True),
    ("returned", "2022-11-03", "2022-11-10", "2022-11-09", "filed", False),  # not yet returned that day
    ("accepted", "2022-11-03", "2022-11-04", "2022-11-09", "accepted", False),
]


@pytest.mark.parametrize("state, submitted, reviewed, today, expected, late", FILING_CASES)
def test_filing_state(state, submitted, reviewed, today, expected, late):
    report = None
    if state:
        report = ReportFact(assignment_id=LEAD, is_consolidated=True, period_start=OCTOBER.start,
                            period_end=OCTOBER.end, state=state, status="in_progress",
                            submitted_on=D(submitted) if submitted else None,
                            reviewed_on=D(reviewed) if reviewed else None)
    filing = filing_state(period=OCTOBER, report=report, today=D(today))
    assert (filing.state, filing.late) == (expected, late)
    late_filed = filing_state(period=OCTOBER, report=report, today=D("2022-11-12")) if state == "submitted" else None
    if late_filed is not None and submitted == "2022-11-10":
        assert late_filed.filed_late and late_filed.reason == "逾期报送"


def test_an_overdue_unfiled_report_is_red_for_sure_even_where_the_light_was_provisional():
    """The 2027 calendar not yet entered makes a perennial task's light 暂定 (its window is due in
    2027), but October's report being overdue on 2026-12-02 is no estimate: the cell's red
    must not carry the 暂定 mark."""
    provisional_green = Status(GREEN, "按期推进", D("2027-01-07"), provisional=True)
    overdue = Filing("overdue", D("2026-11-06"), late=True)
    light = with_filing(provisional_green, overdue)
    assert (light.colour, light.provisional) == (RED, False)
    not_due = Filing("not_due", D("2027-01-07"))
    assert with_filing(provisional_green, not_due).provisional is True


def test_with_two_lead_units_the_cell_says_how_many_filed():
    """Task 4 of 濉溪 has two 牵头单位: one filed its consolidated report, one did not. The cell
    stays 逾期未报 (the worst), and says “牵头单位 1/2 已报送” so the filed report beside it is
    no contradiction."""
    lead2 = 4
    units = [*UNITS, AssignmentFact(lead2, is_lead=True)]
    filing = task_filing(assignments=units, reports={LEAD: rep(LEAD, OCTOBER, "submitted")}, period=OCTOBER,
                         today=D("2022-12-02"))
    assert (filing.lead.state, filing.lead_filed, filing.lead_total) == ("overdue", 1, 2)
    assert filing.lead_text == "牵头单位 1/2 已报送"
    tooltip = cell_view(None, None, Status(RED, "逾期未报"), None, filing=filing)["tooltip"]
    assert "牵头单位 1/2 已报送" in tooltip and "配合单位 0/2 已报送" in tooltip
    one_lead = task_filing(assignments=UNITS, reports={}, period=OCTOBER, today=D("2022-12-02"))
    assert one_lead.lead_text == ""
