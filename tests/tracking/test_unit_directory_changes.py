"""停用 and merging units reach plans in 调度: assignments end or move, reports are never lost."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.accounts.models import Profile
from fazhi.audit.models import Event
from fazhi.notify.models import Notice, UnitChannel
from fazhi.notify.services import notice_create
from fazhi.orgs.matching import match_unit_phrase
from fazhi.orgs.models import Unit
from fazhi.orgs.services import unit_set_active
from fazhi.plans.models import Responsibility
from fazhi.tracking.models import Assignment, ProgressReport, ReminderSent
from fazhi.tracking.services import assignments_follow
from fazhi.tracking.services.units import (
    unit_deactivation_preview,
    unit_merge,
    unit_merge_preview,
    unit_reactivation_preview,
)
from tests.conftest import make_user
from tests.factories import (
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    UnitGroupFactory,
    assignment_of,
    period_of,
    tracking_started,
)


@pytest.fixture
def plan(personas):
    """Task 1 led by 县司法局 with 县财政局; task 2 led by 县财政局 alone; task 3 led by both."""
    plan = PlanFactory(jurisdiction=personas.jurisdiction, title="濉溪县法治政府建设实施方案")
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], co_units=[personas.co_unit], ongoing=True)
    TaskFactory(plan=plan, seq=2, lead_units=[personas.co_unit], ongoing=True)
    TaskFactory(plan=plan, seq=3, lead_units=[personas.lead_unit, personas.co_unit], ongoing=True)
    tracking_started(plan, through=date(2022, 12, 31), by=personas.office)
    return plan


def _task(plan, seq):
    return plan.tasks.get(seq=seq)


# --- 停用 ------------------------------------------------------------------------------------------


def test_deactivation_preview_lists_assignments_leaderless_tasks_and_clerks(personas, plan):
    preview = unit_deactivation_preview(personas.co_unit)
    assert [(a.task.seq, a.role) for a in preview.assignments] == [(1, "co"), (2, "lead"), (3, "lead")]
    # Task 3 keeps 县司法局 as 牵头单位; task 2 would have none.
    assert [task.seq for task in preview.leaderless_tasks] == [2]
    assert [profile.user for profile in preview.clerks] == [personas.co_clerk]


def test_deactivation_ends_assignments_and_keeps_reports(personas, plan):
    report = ProgressReportFactory(assignment=assignment_of(_task(plan, 2), personas.co_unit),
                                   period=period_of(plan, "month", "2022-07-01"))
    unit_set_active(unit=personas.co_unit, is_active=False, by=personas.office)
    assignments_follow(jurisdiction=personas.jurisdiction, by=personas.office)
    assert not Assignment.objects.filter(unit=personas.co_unit, is_active=True).exists()
    assert ProgressReport.objects.filter(pk=report.pk).exists()
    unit_set_active(unit=personas.co_unit, is_active=True, by=personas.office)
    assignments_follow(jurisdiction=personas.jurisdiction, by=personas.office)
    assert Assignment.objects.filter(unit=personas.co_unit, is_active=True).count() == 3


def test_reactivation_preview_lists_the_tasks_named_directly_or_through_a_group(personas, plan):
    group = UnitGroupFactory(jurisdiction=personas.jurisdiction, phrase="县政府各部门", members=[personas.outsider_unit])
    TaskFactory(plan=plan, seq=4, lead_units=[personas.lead_unit], co_units=[group], ongoing=True)
    TaskFactory(plan=PlanFactory(jurisdiction=personas.jurisdiction), seq=1, co_units=[group])  # not in 调度
    unit_set_active(unit=personas.outsider_unit, is_active=False, by=personas.office)
    assert [task.seq for task in unit_reactivation_preview(personas.outsider_unit)] == [4]


# --- merge -----------------------------------------------------------------------------------------


@pytest.fixture
def twin(personas, plan):
    """县法制办: an old entry for 县司法局, with its own task, clerk, report, channel, notice and reminder."""
    twin = UnitFactory(jurisdiction=personas.jurisdiction, name="县法制办", full_name="濉溪县法制办公室")
    group = UnitGroupFactory(jurisdiction=personas.jurisdiction, phrase="县政府各部门", members=[twin])
    TaskFactory(plan=plan, seq=4, lead_units=[twin], ongoing=True)
    TaskFactory(plan=plan, seq=5, co_units=[group], lead_units=[personas.co_unit], ongoing=True)
    assignments_follow(plan=plan, by=personas.office)
    twin.clerk = make_user("twin_clerk", role="clerk", unit=twin)
    twin.report = ProgressReportFactory(assignment=assignment_of(_task(plan, 4), twin),
                                        period=period_of(plan, "month", "2022-07-01"))
    UnitChannel.objects.create(unit=twin, kind=UnitChannel.Kind.EMAIL, target="fzb@example.gov.cn")
    notice_create(kind=Notice.Kind.URGE, unit=twin, title="【催办】县法制办", by=personas.office)
    ReminderSent.objects.create(unit=twin, key="due:1", channel="email")
    return twin


def test_merge_preview_says_what_moves(personas, plan, twin):
    preview = unit_merge_preview(absorbed=twin, survivor=personas.lead_unit)
    assert preview.may_merge
    assert [a.task.seq for a in preview.moved_assignments] == [4, 5]
    assert preview.reports == 1
    assert [p.user for p in preview.clerks] == [twin.clerk]
    assert preview.aliases == ["县法制办", "濉溪县法制办公室"]
    assert preview.groups == ["县政府各部门"]
    assert sum(preview.others.values()) >= 3  # responsibilities, channel, notice


def test_merge_moves_everything_to_the_survivor_and_deletes_the_absorbed_unit(personas, plan, twin):
    survivor = personas.lead_unit
    unit_merge(absorbed=twin, survivor=survivor, by=personas.office)

    assert not Unit.objects.filter(pk=twin.pk).exists()
    report = ProgressReport.objects.get(pk=twin.report.pk)
    assert report.assignment.unit == survivor and report.assignment.is_active
    assert assignment_of(_task(plan, 4), survivor).role == "lead"
    assert assignment_of(_task(plan, 5), survivor).role == "co"
    assert Profile.objects.get(user=twin.clerk).unit == survivor
    assert UnitChannel.objects.get(target="fzb@example.gov.cn").unit == survivor
    assert Notice.objects.get(title="【催办】县法制办").recipient_unit == survivor
    assert ReminderSent.objects.get(key="due:1").unit == survivor
    assert not Responsibility.objects.filter(unit_id=twin.pk).exists()
    # The plan phrase and the full name still find the survivor; the group now reaches it.
    assert match_unit_phrase(personas.jurisdiction, "县法制办").unit == survivor
    assert match_unit_phrase(personas.jurisdiction, "濉溪县法制办公室").unit == survivor
    assert list(survivor.groups.values_list("phrase", flat=True)) == ["县政府各部门"]
    event = Event.objects.get(action="orgs.unit_merge")
    assert event.actor == personas.office
    assert event.data["absorbed"]["name"] == "县法制办"
    assert event.data["moved"]["reports"] == 1
    assert event.data["after"]["survivor"]["aliases"] == ["县法制办", "濉溪县法制办公室"]


def test_a_shared_task_joins_the_reports_under_the_survivors_assignment(personas, plan):
    """Both units answer for task 1: the absorbed unit's July report moves to the survivor's assignment."""
    july = period_of(plan, "month", "2022-07-01")
    co_report = ProgressReportFactory(assignment=assignment_of(_task(plan, 1), personas.co_unit), period=july)
    lead_august = ProgressReportFactory(assignment=assignment_of(_task(plan, 1), personas.lead_unit),
                                        period=period_of(plan, "month", "2022-08-01"))
    unit_merge(absorbed=personas.co_unit, survivor=personas.lead_unit, by=personas.office)
    survivors = assignment_of(_task(plan, 1), personas.lead_unit)
    assert set(survivors.reports.values_list("pk", flat=True)) == {co_report.pk, lead_august.pk}
    assert survivors.role == "lead"
    assert assignment_of(_task(plan, 2), personas.lead_unit).role == "lead"


def test_two_reports_for_the_same_task_and_period_refuse_the_merge_and_change_nothing(personas, plan):
    july = period_of(plan, "month", "2022-07-01")
    ProgressReportFactory(assignment=assignment_of(_task(plan, 1), personas.co_unit), period=july)
    ProgressReportFactory(assignment=assignment_of(_task(plan, 1), personas.lead_unit), period=july)
    preview = unit_merge_preview(absorbed=personas.co_unit, survivor=personas.lead_unit)
    assert not preview.may_merge
    assert "第 1 项任务：两个单位都有" in preview.conflicts[0]
    with pytest.raises(ValidationError):
        unit_merge(absorbed=personas.co_unit, survivor=personas.lead_unit, by=personas.office)
    assert Unit.objects.filter(pk=personas.co_unit.pk).exists()
    assert ProgressReport.objects.filter(assignment__unit=personas.co_unit).count() == 1
    assert not Event.objects.filter(action="orgs.unit_merge").exists()


@pytest.mark.parametrize("case", ["itself", "inactive", "other_county"])
def test_impossible_merges_are_refused_with_a_reason(personas, plan, case):
    survivor = {"itself": personas.lead_unit, "inactive": personas.outsider_unit,
                "other_county": UnitFactory(name="区司法局")}[case]
    if case == "inactive":
        unit_set_active(unit=survivor, is_active=False, by=personas.office)
    expected = {"itself": "不能把单位并入它自己", "inactive": "已停用，不能把其他单位并入它",
                "other_county": "只能合并同一辖区的单位"}[case]
    with pytest.raises(ValidationError, match=expected):
        unit_merge(absorbed=personas.lead_unit, survivor=survivor, by=personas.office)


def test_only_the_office_of_the_jurisdiction_may_merge(personas, plan, other_county_office):
    for user in (personas.lead_clerk, other_county_office):
        with pytest.raises(PermissionDenied):
            unit_merge(absorbed=personas.co_unit, survivor=personas.lead_unit, by=user)
