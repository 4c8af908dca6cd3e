"""Colour rules, table-driven: (deadlines, reports, today) → colour. No database."""

from datetime import date

import pytest

from fazhi.lib.workdays import WorkCalendar
from fazhi.plans.models import Deadline, Goal
from fazhi.tracking.models import GoalAssessment
from fazhi.tracking.status import (
    BLUE,
    GREEN,
    GREY,
    RED,
    YELLOW,
    ReportFact,
    Rules,
    deadlines_status,
    goal_status,
)

D = date.fromisoformat
RULES = Rules(calendar=WorkCalendar(), tracking_start=D("2022-07-01"))


def by(due):
    return Deadline(kind="by", due_on=D(due), text=due)


def every(period):
    return Deadline(kind="every", period=period, text=period)


def from_(start):
    return Deadline(kind="from", due_on=D(start), text=start)


ONGOING = Deadline(kind="ongoing", text="长期坚持")


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
    ("ongoing: both live windows met", [ONGOING],
     [q3(submitted="2022-10-10", evidence=True), q4(submitted="2022-10-18", evidence=True)], "2022-10-20",
     BLUE, False),
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
    ("every year: one accepted report with evidence in the year is enough", [every("year")],
     [fact("2022-08-01", "2022-08-31", submitted="2022-09-05", evidence=True)], "2022-11-20", BLUE, False),
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


def _assessment(achieved, on):
    from django.utils import timezone

    from tests.factories import at

    a = GoalAssessment(achieved=achieved)
    a.at = at(on)
    a.pk = 1
    assert timezone.is_aware(a.at)
    return a


GOAL_CASES = [
    (2022, [], "2021-12-01", GREY),
    (2022, [], "2022-06-01", GREEN),
    (2022, [], "2022-12-20", YELLOW),
    (2022, [], "2023-01-10", YELLOW),  # office may still assess until the yearly summary is due
    (2022, [], "2023-01-17", RED),
    (2022, [(True, "2023-01-05")], "2023-01-17", BLUE),
    (2022, [(True, "2023-01-05")], "2023-01-04", YELLOW),  # not assessed yet as of that day
    (2022, [(False, "2022-11-01")], "2022-11-02", YELLOW),
    (None, [], "2022-11-02", GREY),
]


@pytest.mark.parametrize("year, assessments, today, colour", GOAL_CASES)
def test_goal_colour(year, assessments, today, colour):
    goal = Goal(year=year, text="法治政府建设率先突破", position=1)
    status = goal_status(goal, assessments=[_assessment(a, on) for a, on in assessments], today=D(today),
                         rules=RULES)
    assert status.colour == colour, status.reason
