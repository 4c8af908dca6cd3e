"""Colour rules, table-driven: (deadlines, reports, today) → colour. No database."""

from datetime import date

import pytest

from fazhi.lib.workdays import WorkCalendar
from fazhi.tracking.judgement import (
    BLUE,
    GREEN,
    GREY,
    RED,
    YELLOW,
    AssessmentFact,
    DeadlineFact,
    ReportFact,
    Rules,
    deadlines_status,
    goal_status,
    is_due_soon,
)

D = date.fromisoformat
RULES = Rules(calendar=WorkCalendar(), tracking_start=D("2022-07-01"))


def by(due):
    return DeadlineFact(kind="by", due_on=D(due))


def every(period):
    return DeadlineFact(kind="every", period=period)


def from_(start):
    return DeadlineFact(kind="from", due_on=D(start))


ONGOING = DeadlineFact(kind="ongoing")


def fact(period_start, period_end, *, state="accepted", status="in_progress", percent=None, submitted=None,
         reviewed=None, evidence=False):
    submitted = D(submitted) if submitted else None
    reviewed = D(reviewed) if reviewed else (submitted if state == "accepted" else None)
    return ReportFact(assignment_id=1, is_consolidated=True, period_start=D(period_start),
                      period_end=D(period_end), state=state, status=status, percent=percent,
                      submitted_on=submitted, reviewed_on=reviewed, has_evidence=evidence)


def q3(**kw):
    return fact("2022-07-01", "2022-09-30", **kw)


def q4(**kw):
    return fact("2022-10-01", "2022-12-31", **kw)


CASES = [
    # (name, deadlines, facts, today, colour, was_overdue)
    ("by: far away, nothing reported", [by("2022-10-31")], [], "2022-07-15", GREEN, False),
    ("by: within 10 workdays", [by("2022-10-31")], [], "2022-10-20", YELLOW, False),
    ("by: 国庆 holidays don't count as workdays", [by("2022-10-31")], [], "2022-10-08", GREEN, False),
    ("by: overdue", [by("2022-10-31")], [], "2022-11-01", RED, True),
    ("by: done on time", [by("2022-10-31")], [q3(status="done", submitted="2022-10-10")], "2022-11-15",
     BLUE, False),
    ("by: done late stays visible", [by("2022-10-31")], [q4(status="done", submitted="2022-11-20")],
     "2022-11-25", BLUE, True),
    ("by: done but not yet accepted is still red", [by("2022-10-31")],
     [q4(state="submitted", status="done", submitted="2022-11-02")], "2022-11-03", RED, True),
    ("by: acceptance after today does not count", [by("2022-10-31")],
     [q3(status="done", submitted="2022-10-10", reviewed="2022-10-25")], "2022-10-12", GREEN, False),
    ("by: behind 序时进度", [by("2022-12-31")],
     [q3(state="submitted", percent=10, submitted="2022-10-10")], "2022-10-15", YELLOW, False),
    ("by: on pace", [by("2022-12-31")],
     [q3(state="submitted", percent=60, submitted="2022-10-10")], "2022-10-15", GREEN, False),
    ("by: 未启动 counts as 0%", [by("2022-12-31")],
     [q3(state="submitted", status="not_started", submitted="2022-10-10")], "2022-10-15", YELLOW, False),
    ("by: 无法完成 before the deadline", [by("2022-12-31")],
     [q3(state="submitted", status="unable", submitted="2022-10-10")], "2022-10-15", YELLOW, False),
    ("by: unknown-year deadline still gets a colour", [by("2027-06-30")], [], "2022-10-15", GREEN, False),
    ("by: before tracking starts", [by("2022-10-31")], [], "2022-06-01", GREY, False),
    ("milestones: judged against the nearest unmet one", [by("2022-09-30"), by("2023-06-30")],
     [q3(percent=40, submitted="2022-09-20")], "2022-11-01", GREEN, False),
    ("milestones: first missed", [by("2022-09-30"), by("2023-06-30")], [], "2022-10-10", RED, True),
    ("milestones: first met late, recovered", [by("2022-09-30"), by("2023-06-30")],
     [q3(percent=40, submitted="2022-10-12")], "2022-11-01", GREEN, True),
    # A perennial task is blue only while every live window is met; once the next quarter
    # runs it is green again (the board's period cells keep the blue).
    ("ongoing: last quarter accepted with evidence, new quarter running", [ONGOING],
     [q3(submitted="2022-10-10", evidence=True)], "2022-10-20", GREEN, False),
    # Both windows met by accepted 推进中 reports: on track, not done (blue needs 已完成).
    ("ongoing: both live windows met", [ONGOING],
     [q3(submitted="2022-10-10", evidence=True), q4(submitted="2022-10-18", evidence=True)], "2022-10-20",
     GREEN, False),
    ("ongoing: both live windows done", [ONGOING],
     [q3(status="done", submitted="2022-10-10", evidence=True),
      q4(status="done", submitted="2022-10-18", evidence=True)], "2022-10-20", BLUE, False),
    ("ongoing: accepted without evidence does not count", [ONGOING],
     [q3(submitted="2022-10-10")], "2022-10-20", RED, True),
    ("ongoing: mid-quarter, nothing yet", [ONGOING], [], "2022-08-10", GREEN, False),
    ("ongoing: due within 10 workdays and nothing submitted", [ONGOING], [], "2022-09-28", YELLOW, False),
    ("ongoing: due soon but submitted", [ONGOING], [q3(state="submitted", submitted="2022-09-27")],
     "2022-09-28", GREEN, False),
    ("ongoing: previous quarter missed", [ONGOING], [], "2022-10-13", RED, True),
    ("ongoing: late report accepted, recovered", [ONGOING],
     [q3(submitted="2022-10-20", evidence=True)], "2022-10-21", GREEN, True),
    ("no deadline is perennial", [], [], "2022-10-13", RED, True),
    ("every year: one accepted report with evidence in the year keeps it on track", [every("year")],
     [fact("2022-08-01", "2022-08-31", submitted="2022-09-05", evidence=True)], "2022-11-20", GREEN, False),
    ("every year: one accepted 已完成 report with evidence in the year is done", [every("year")],
     [fact("2022-08-01", "2022-08-31", status="done", submitted="2022-09-05", evidence=True)], "2022-11-20",
     BLUE, False),
    ("every year: none yet in November", [every("year")], [], "2022-11-20", GREEN, False),
    ("every year: none by year end", [every("year")], [], "2022-12-26", YELLOW, False),
    ("every year: missed", [every("year")], [], "2023-01-10", RED, True),
    ("from: before the start date", [from_("2022-10-01")], [], "2022-08-01", GREY, False),
    ("from: judged from its first quarter on", [from_("2022-10-01")], [], "2022-11-01", GREEN, False),
    ("from: first quarter missed", [from_("2022-10-01")], [], "2023-01-10", RED, True),
    ("by + ongoing: after the by part is done, judged per period", [by("2022-09-30"), ONGOING],
     [q3(status="done", submitted="2022-09-20", evidence=True)], "2022-11-01", GREEN, False),
    ("by + ongoing: by part done, next period missed", [by("2022-09-30"), ONGOING],
     [q3(status="done", submitted="2022-09-20", evidence=True)], "2023-01-10", RED, True),
]


@pytest.mark.parametrize("name, deadlines, facts, today, colour, was_overdue", CASES, ids=[c[0] for c in CASES])
def test_colour(name, deadlines, facts, today, colour, was_overdue):
    status = deadlines_status(deadlines, facts, D(today), RULES)
    assert (status.colour, status.was_overdue) == (colour, was_overdue), status.reason


# A goal is 待评估 (grey) until the office assesses it, however late; red only once assessed
# as not achieved and the yearly summary date has passed.
GOAL_CASES = [
    (2022, [], "2021-12-01", GREY),
    (2022, [], "2022-06-01", GREY),
    (2022, [], "2022-12-20", GREY),
    (2022, [], "2023-01-10", GREY),
    (2022, [], "2023-01-17", GREY),
    (2022, [(True, "2023-01-05")], "2023-01-17", BLUE),
    (2022, [(True, "2023-01-05")], "2023-01-04", GREY),  # not assessed yet as of that day
    (2022, [(False, "2022-11-01")], "2022-11-02", YELLOW),
    (2022, [(False, "2023-01-05")], "2023-01-17", RED),
    (2022, [(False, "2022-11-01"), (True, "2023-01-05")], "2023-01-17", BLUE),
    (None, [], "2022-11-02", GREY),
]


@pytest.mark.parametrize("year, assessments, today, colour", GOAL_CASES)
def test_goal_colour(year, assessments, today, colour):
    facts = [AssessmentFact(id=i, achieved=a, on=D(on)) for i, (a, on) in enumerate(assessments, 1)]
    status = goal_status(year=year, assessments=facts, today=D(today), rules=RULES)
    assert status.colour == colour, status.reason
    if not assessments and year is not None and today >= f"{year}-01-01":
        assert status.reason.startswith("待评估")


DUE_SOON_CASES = [
    # (due, today, due_soon_workdays, 临期?)
    ("2022-10-31", "2022-10-20", 10, True),  # 7 workdays left
    ("2022-10-31", "2022-10-20", 5, False),
    ("2022-10-31", "2022-10-08", 10, False),  # 10/8 and 10/9 are 调休 workdays: 17 left
    ("2022-10-31", "2022-10-31", 0, True),
    ("2022-10-31", "2022-11-01", 10, False),  # overdue, not 临期
]


@pytest.mark.parametrize("due, today, threshold, expected", DUE_SOON_CASES)
def test_is_due_soon_uses_the_plans_threshold(due, today, threshold, expected):
    rules = Rules(calendar=WorkCalendar(), tracking_start=D("2022-07-01"), due_soon_workdays=threshold)
    assert is_due_soon(D(due), D(today), rules) is expected


# chinese-calendar does not know 2031; a year entered as complete is known.
PROVISIONAL_CASES = [
    ("a deadline in an unknown year", [by("2031-06-30")], "2022-10-15", RULES, GREEN, True),
    ("a deadline in a known year", [by("2022-12-30")], "2022-10-15", RULES, GREEN, False),
    ("the unknown year entered", [by("2031-06-30")], "2022-10-15",
     Rules(calendar=WorkCalendar(complete_years=range(2027, 2032)), tracking_start=D("2022-07-01")), GREEN, False),
    ("overdue on a known date, judged in an unknown year", [by("2022-10-31")], "2031-03-01", RULES, RED, False),
    ("a perennial window due in an unknown year", [ONGOING], "2030-12-20",
     Rules(calendar=WorkCalendar(), tracking_start=D("2030-10-01")), GREEN, True),
]


@pytest.mark.parametrize("name, deadlines, today, rules, colour, provisional", PROVISIONAL_CASES,
                         ids=[c[0] for c in PROVISIONAL_CASES])
def test_a_status_reckoned_by_the_plain_week_is_provisional(name, deadlines, today, rules, colour, provisional):
    status = deadlines_status(deadlines, [], D(today), rules)
    assert (status.colour, status.provisional) == (colour, provisional), status.reason


def test_a_goal_whose_grace_falls_in_an_unknown_year_is_provisional():
    status = goal_status(year=2030, assessments=[], today=D("2030-06-01"), rules=RULES)
    assert (status.colour, status.provisional) == (GREY, True)
