"""A simulated quarter on the real 屯溪 seed, imported the way a county imports it: the
2022年10月底前 task, a 每年至少1次 task, a task with no 时限, and the three yearly goals."""

from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.demo.directory import demo_directory_load
from fazhi.orgs.models import Unit
from fazhi.plans.parsing import parse_path
from fazhi.plans.services import plan_import
from fazhi.tracking.board import board_rows, goals_status, rules_for
from fazhi.tracking.judgement import BLUE, GREEN, GREY, RED, YELLOW
from fazhi.tracking.models import GoalAssessment, Period
from fazhi.tracking.services import goal_assess, tracking_start
from fazhi.workcal.calendar import current_calendar
from tests.conftest import make_user
from tests.tracking.domain_helpers import assignment, report

SEED = Path(settings.BASE_DIR) / "demo/seeds/tunxi-district-action-plan-2022-2024.txt"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tunxi(db):
    district = demo_directory_load(jurisdiction_name="屯溪区")
    office = make_user("office_tunxi", role=Role.OFFICE, jurisdiction=district)
    plan = plan_import(jurisdiction=district, ledger=parse_path(SEED), source_name=SEED.name,
                       source_sha256="t" * 64, by=office)
    tracking_start(plan=plan, by=office, starts_on=date(2022, 7, 1), today=date(2022, 12, 31))
    return plan, district, office


def colours(plan, today):
    rows = board_rows(plan, periods=[], today=today, calendar=current_calendar())
    return {int(r.task.number): r.status for r in rows}


def goal_colours(plan, today):
    rules = rules_for(plan, calendar=current_calendar())
    return {g.year: s.colour for g, s in goals_status(plan, today=today, rules=rules)}


def test_every_seed_task_gets_a_colour_and_the_dated_ones_move_with_the_clock(tunxi):
    plan, district, office = tunxi
    assert set(colours(plan, date(2022, 7, 15))) == set(range(1, 34))

    # 25: 2022年10月底前 涉法涉诉信访办结率达90%以上 (区委政法委 leads).
    assert colours(plan, date(2022, 7, 15))[25].colour == GREEN
    assert colours(plan, date(2022, 10, 24))[25].colour == YELLOW  # within 10 working days, not done
    late = colours(plan, date(2022, 11, 2))[25]
    assert late.colour == RED and late.was_overdue

    # The lead unit reports it done with evidence; the office accepts: late, then recovered.
    politics = Unit.objects.get(jurisdiction=district, name="区委政法委")
    clerk = make_user("zhengfawei", role=Role.CLERK, jurisdiction=district, unit=politics)
    task25 = plan.tasks.get(number="25")
    october = Period.objects.get(plan=plan, kind="month", start=date(2022, 10, 1))
    reviewers = SimpleNamespace(office=office, lead_unit=None)
    report(reviewers, assignment(task25, politics), october, status="done", evidence=True, clerk=clerk,
           submit_on="2022-11-03", accept_on="2022-11-04")
    recovered = colours(plan, date(2022, 11, 7))[25]
    assert recovered.colour == BLUE and recovered.was_overdue


def test_a_yearly_task_and_an_undated_task_are_judged_per_period(tunxi):
    plan, district, office = tunxi
    # 13: 每年至少组织1次行政执法案卷评查; 28: no 时限 at all (perennial, checked quarterly).
    july = colours(plan, date(2022, 7, 15))
    assert july[13].colour in (GREEN, GREY) and july[28].colour in (GREEN, GREY)
    # After the third quarter's 盘点 is due with nothing accepted, the undated task is red.
    assert colours(plan, date(2022, 10, 31))[28].colour == RED


def test_the_three_yearly_goals_have_their_own_status(tunxi):
    plan, district, office = tunxi
    assert set(goal_colours(plan, date(2022, 8, 1))) == {2022, 2023, 2024}
    august = goal_colours(plan, date(2022, 8, 1))
    # Unassessed goals read 待评估 (grey), even after the yearly summary date, not red 目标未实现.
    assert august == {2022: GREY, 2023: GREY, 2024: GREY}
    assert goal_colours(plan, date(2023, 2, 1))[2022] == GREY
    goal = plan.goals.get(year=2022)
    goal_assess(goal=goal, achieved=False, note="未达标", by=office)
    GoalAssessment.objects.filter(goal=goal).update(at=timezone.make_aware(datetime(2023, 1, 10, 10)))
    assert goal_colours(plan, date(2023, 2, 1))[2022] == RED  # assessed as not achieved
