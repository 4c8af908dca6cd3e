"""A simulated quarter on the real 屯溪 seed, imported the way a county imports it: the
2022年10月底前 task, a 每年至少1次 task, a task with no 时限, and the three yearly goals."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from fazhi.orgs.demo import demo_directory_load
from fazhi.orgs.models import Unit
from fazhi.plans.parsing import parse_path
from fazhi.plans.services import plan_import
from fazhi.tracking.models import Period
from fazhi.tracking.services import tracking_start
from fazhi.tracking.status import BLUE, GREEN, GREY, RED, YELLOW, board_rows, goals_status, rules_for
from fazhi.workcal.calendar import current_calendar
from tests.factories import ClerkFactory, OfficeFactory, ProgressReportFactory, assignment_of

SEED = Path(settings.BASE_DIR) / "demo/seeds/tunxi-district-action-plan-2022-2024.txt"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def tunxi(db):
    district = demo_directory_load(jurisdiction_name="屯溪区")
    office = OfficeFactory(username="office_tunxi", jurisdiction=district)
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
    clerk = ClerkFactory(username="zhengfawei", unit=politics)
    task25 = plan.tasks.get(number="25")
    october = Period.objects.get(plan=plan, kind="month", start=date(2022, 10, 1))
    ProgressReportFactory(assignment=assignment_of(task25, politics), period=october, status="done", evidence=True,
                          clerk=clerk, reviewer=office, submit_on="2022-11-03", review_on="2022-11-04")
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
    assert august[2023] == GREY and august[2024] == GREY
    assert august[2022] in (GREEN, YELLOW)
    # Not marked achieved after the yearly summary date: red.
    assert goal_colours(plan, date(2023, 2, 1))[2022] == RED
