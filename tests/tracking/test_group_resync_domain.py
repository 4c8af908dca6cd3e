"""Editing a group's members reaches plans already in 调度: 我的填报 follows the directory."""

from datetime import date

from fazhi.orgs.models import UnitGroup
from fazhi.orgs.services import group_set_members
from fazhi.tracking.models import Assignment
from tests.factories import PlanFactory, TaskFactory, tracking_started


def test_a_unit_added_to_a_group_gets_the_groups_tasks(personas):
    towns = UnitGroup.objects.create(jurisdiction=personas.jurisdiction, phrase="各镇（园区）")
    towns.members.add(personas.co_unit)
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    task = TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], co_units=[towns], ongoing=True)
    tracking_started(plan, through=date(2022, 12, 31))
    assert not Assignment.objects.filter(task=task, unit=personas.outsider_unit, is_active=True).exists()

    group_set_members(group=towns, members=[personas.co_unit, personas.outsider_unit], by=personas.office)

    added = Assignment.objects.get(task=task, unit=personas.outsider_unit)
    assert added.is_active and added.role == Assignment.Role.CO


def test_plans_not_yet_tracked_are_left_alone(personas):
    towns = UnitGroup.objects.create(jurisdiction=personas.jurisdiction, phrase="各镇（园区）")
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], co_units=[towns])
    group_set_members(group=towns, members=[personas.outsider_unit], by=personas.office)
    assert not Assignment.objects.filter(task__plan=plan).exists()
