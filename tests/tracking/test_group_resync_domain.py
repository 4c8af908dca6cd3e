"""Directory edits reach plans already in 调度: 我的填报 follows the directory through
``assignments_follow``, which the directory screens call after each write and
``fazhi remind`` runs hourly."""

from fazhi.orgs.models import UnitGroup
from fazhi.orgs.services import group_set_members
from fazhi.tracking.models import Assignment
from fazhi.tracking.services import assignments_follow
from tests.tracking.domain_helpers import add_task, make_plan, start_tracking


def test_a_unit_added_to_a_group_gets_the_groups_tasks(personas):
    towns = UnitGroup.objects.create(jurisdiction=personas.jurisdiction, phrase="各镇（园区）")
    towns.members.add(personas.co_unit)
    plan = make_plan(personas)
    task = add_task(plan, 1, lead=personas.lead_unit, group=towns, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas)
    assert not Assignment.objects.filter(task=task, unit=personas.outsider_unit, is_active=True).exists()

    group_set_members(group=towns, members=[personas.co_unit, personas.outsider_unit], by=personas.office)
    assignments_follow(jurisdiction=personas.jurisdiction, by=personas.office)

    added = Assignment.objects.get(task=task, unit=personas.outsider_unit)
    assert added.is_active and added.role == Assignment.Role.CO


def test_plans_not_yet_tracked_are_left_alone(personas):
    towns = UnitGroup.objects.create(jurisdiction=personas.jurisdiction, phrase="各镇（园区）")
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, group=towns)
    group_set_members(group=towns, members=[personas.outsider_unit], by=personas.office)
    assignments_follow(jurisdiction=personas.jurisdiction, by=personas.office)
    assert not Assignment.objects.filter(task__plan=plan).exists()
