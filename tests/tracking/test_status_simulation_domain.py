"""A simulated quarter (July–October 2022) on a realistic 濉溪 plan and the 屯溪 yearly goals:
a fake clock moves day by day, reports are submitted and reviewed on their dates, and the
colours are checked at several dates. Also the board's query count."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from fazhi.orgs.models import Jurisdiction, Unit
from fazhi.plans.models import Goal, Plan
from fazhi.tracking.board import board_rows, goals_status, rules_for
from fazhi.tracking.judgement import BLUE, GREEN, GREY, RED, YELLOW
from fazhi.tracking.models import GoalAssessment
from fazhi.tracking.services import cadence_update, goal_assess
from fazhi.workcal.calendar import current_calendar
from tests.tracking.domain_helpers import add_task, assignment, at, make_plan, period, report, start_tracking

D = date.fromisoformat


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def suixi(personas):
    plan = make_plan(personas)
    lead, co = personas.lead_unit, personas.co_unit
    add_task(plan, 1, text="2022年10月底前完成行政执法“三项制度”专项检查", lead=lead, co=[co],
             deadlines=[("by", "2022-10-31", "")], leader=personas.leader)
    add_task(plan, 2, text="每年至少1次组织旁听庭审", lead=lead, deadlines=[("every", None, "year")])
    add_task(plan, 3, text="长期坚持落实行政规范性文件备案审查", lead=co, deadlines=[("ongoing", None, "")])
    add_task(plan, 4, text="2022年第四季度开始推行行政执法案卷评查", lead=lead, deadlines=[("from", "2022-10-01", "")])
    add_task(plan, 5, text="2022年9月底前出台免罚清单", lead=lead, deadlines=[("by", "2022-09-30", "")])
    start_tracking(plan, personas, through=date(2022, 12, 31))
    return plan


def _events(plan, personas):
    """Day → actions, as the units and the office did them."""
    t = {seq: plan.tasks.get(seq=seq) for seq in range(1, 6)}
    lead, co = personas.lead_unit, personas.co_unit
    july, september = period(plan, "month", "2022-07-01"), period(plan, "month", "2022-09-01")
    q3 = period(plan, "quarter", "2022-07-01")
    return {
        D("2022-08-03"): [lambda: report(personas, assignment(t[1], lead), july, percent=20,
                                         submit_on="2022-08-03", accept_on="2022-08-04")],
        D("2022-10-10"): [
            lambda: report(personas, assignment(t[1], lead), september, status="done", percent=100,
                           submit_on="2022-10-10", accept_on="2022-10-12"),
            lambda: report(personas, assignment(t[2], lead), q3, evidence=True, submit_on="2022-10-09",
                           accept_on="2022-10-10"),
        ],
        D("2022-10-17"): [lambda: report(personas, assignment(t[3], co), q3, evidence=True,
                                         submit_on="2022-10-17", accept_on="2022-10-18")],
    }


# date → {task seq: (colour, was_overdue)}. Task 2 (每年至少1次) had a 推进中 report with evidence
# accepted on 10-10: its year is on track (green), not done — blue needs an accepted 已完成 report.
EXPECTED = {
    D("2022-07-15"): {1: (GREEN, False), 2: (GREEN, False), 3: (GREEN, False), 4: (GREY, False), 5: (GREEN, False)},
    # Task 1 is behind 序时进度 (20% reported, 62% of the time gone); task 5 has 11 workdays left.
    D("2022-09-15"): {1: (YELLOW, False), 2: (GREEN, False), 3: (GREEN, False), 4: (GREY, False),
                      5: (GREEN, False)},
    D("2022-09-28"): {3: (YELLOW, False), 5: (YELLOW, False)},
    # Task 1 reported 已完成 (100%) yesterday, awaiting review: on track, not yet blue.
    D("2022-10-11"): {1: (GREEN, False), 2: (GREEN, False), 3: (YELLOW, False), 4: (GREEN, False), 5: (RED, True)},
    D("2022-10-13"): {1: (BLUE, False), 2: (GREEN, False), 3: (RED, True), 4: (GREEN, False), 5: (RED, True)},
    D("2022-10-19"): {1: (BLUE, False), 2: (GREEN, False), 3: (GREEN, True), 4: (GREEN, False), 5: (RED, True)},
}


def test_a_simulated_quarter_gives_the_right_colours(suixi, personas):
    events = _events(suixi, personas)
    periods = [period(suixi, "quarter", "2022-07-01"), period(suixi, "quarter", "2022-10-01")]
    seen = {}
    day = D("2022-07-01")
    while day <= D("2022-10-31"):
        for action in events.get(day, []):
            action()
        if day in EXPECTED:
            rows = board_rows(suixi, periods=periods, today=day)
            seen[day] = {r.task.seq: (r.status.colour, r.status.was_overdue) for r in rows
                         if r.task.seq in EXPECTED[day]}
        day += timedelta(days=1)
    assert seen == EXPECTED
    # The quarter cells keep history: task 3's third quarter was met late; task 4 had nothing due in Q3.
    rows = {r.task.seq: r for r in board_rows(suixi, periods=periods, today=D("2022-10-19"))}
    assert [(c.colour, c.was_overdue) for c in rows[3].cells] == [(GREEN, True), (GREEN, False)]
    assert rows[4].cells[0].colour == GREY
    assert rows[5].cells[0].colour == RED
    # The 报送状态 of each 牵头单位 for the third quarter's 盘点 (due 10-12) beside the light: task 1
    # was reported done in a monthly report (blue) but its 盘点 was never filed, so the cell says 逾期未报;
    # the fourth quarter is still running (未到期). 配合单位 counts go in the tooltip.
    # Task 4 starts in the fourth quarter: it owes nothing for the third.
    assert {seq: [f.lead.state if f.lead else None for f in r.filings] for seq, r in rows.items()} == {
        1: ["overdue", "not_due"], 2: ["accepted", "not_due"], 3: ["accepted", "not_due"], 4: [None, "not_due"],
        5: ["overdue", "not_due"]}
    assert rows[1].filings[0].co_text == "配合单位 0/1 已报送"
    assert not any(c.colour == GREEN and f.lead and f.lead.late
                   for r in rows.values() for c, f in zip(r.cells, r.filings, strict=True))
    # The September column: by default the third quarter's 盘点 serves September too
    # (``quarter_replaces_month``), so tasks 2 and 3, which filed it, are not 逾期未报 there.
    september = period(suixi, "month", "2022-09-01")
    month = {r.task.seq: r.cells[0] for r in board_rows(suixi, periods=[september], today=D("2022-10-19"))}
    assert month[1].colour == BLUE  # its 已完成 report of September, accepted
    assert month[2].colour == GREEN and month[3].colour == GREEN
    # Where the office asks for both, the units that filed no monthly report are red 逾期未报, not green.
    cadence_update(plan=suixi, by=personas.office, quarter_replaces_month=False)
    month = {r.task.seq: r.cells[0] for r in board_rows(suixi, periods=[september], today=D("2022-10-19"))}
    assert month[1].colour == BLUE
    assert month[2].colour == RED and month[2].reason.startswith("逾期未报")
    assert month[3].colour == RED and month[3].reason.startswith("逾期未报")
    assert [u.name for u in rows[1].lead_units] == ["县司法局"] and [u.name for u in rows[1].co_units] == ["县财政局"]


def test_tunxi_yearly_goals(personas):
    tunxi = Jurisdiction.objects.create(name="屯溪区", short_name="区")
    Unit.objects.create(jurisdiction=tunxi, name="区司法局")
    plan = Plan.objects.create(jurisdiction=tunxi, title="屯溪区法治政府建设实施方案", issued_on=date(2022, 5, 1))
    goals = [Goal.objects.create(plan=plan, year=y, text=f"{y}年目标", position=y) for y in (2022, 2023, 2024)]
    from tests.conftest import make_user

    office = make_user("tunxi_office", role="office", jurisdiction=tunxi)
    rules = rules_for(plan, calendar=current_calendar())

    def colours(day):
        return [s.colour for _g, s in goals_status(plan, today=D(day), rules=rules)]

    # Goals are 待评估 (grey) until the office assesses them, not red after the summary date.
    assert colours("2022-07-15") == [GREY, GREY, GREY]
    assert colours("2022-12-26") == [GREY, GREY, GREY]
    goal_assess(goal=goals[0], achieved=True, note="全年目标完成", by=office)
    GoalAssessment.objects.filter(goal=goals[0]).update(at=at("2023-01-05"))
    assert colours("2023-01-10") == [BLUE, GREY, GREY]
    goal_assess(goal=goals[1], achieved=False, note="尚未达标", by=office)
    GoalAssessment.objects.filter(goal=goals[1]).update(at=at("2023-12-20"))
    assert colours("2024-01-15") == [BLUE, YELLOW, GREY]  # 2023 may still be reassessed until 1/15
    assert colours("2024-01-20") == [BLUE, RED, GREY]  # assessed not achieved: red
    assert goals_status(plan, today=D("2025-03-01"), rules=rules)[2][1].reason.startswith("待评估")
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied; clerks never assess goals
        goal_assess(goal=goals[1], achieved=True, by=personas.lead_clerk)
    assert timezone.is_aware(GoalAssessment.objects.first().at)


def test_board_loads_in_a_fixed_number_of_queries(suixi, personas, django_assert_num_queries):
    periods = list(suixi.periods.filter(kind="quarter"))
    current_calendar()  # cached per process; outside a request each call still compares its stamp: 1 query
    board_rows(suixi, periods=periods, today=D("2022-10-19"))
    report(personas, assignment(suixi.tasks.get(seq=3), personas.co_unit), periods[0], evidence=True,
           submit_on="2022-10-17", accept_on="2022-10-18")
    add_task(suixi, 6, lead=personas.co_unit, deadlines=[("by", "2023-06-30", "")])
    with django_assert_num_queries(7):
        rows = board_rows(suixi, periods=periods, today=D("2022-10-19"))
    assert len(rows) == 6
    with django_assert_num_queries(7):
        assert [r.task.seq for r in board_rows(suixi, periods=periods, today=D("2022-10-19"),
                                               unit=personas.co_unit)] == [1, 3, 6]
    with django_assert_num_queries(7):
        assert [r.task.seq for r in board_rows(suixi, periods=periods, today=D("2022-10-19"),
                                               leader=personas.leader)] == [1]
    from fazhi.plans.models import Heading

    heading = Heading.objects.create(plan=suixi, key="h1", level=1, number="一、", title="依法全面履行政府职能",
                                     position=1)
    suixi.tasks.filter(seq__in=[2, 3]).update(heading=heading)
    assert [r.task.seq for r in board_rows(suixi, periods=periods, today=D("2022-10-19"),
                                           heading=heading)] == [2, 3]
