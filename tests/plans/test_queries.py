from fazhi.orgs.models import UnitGroup
from fazhi.plans.models import Deadline, Plan, Responsibility, Target, Task
from fazhi.plans.queries import ledger_tasks


def _plan_with_tasks(personas):
    county = personas.jurisdiction
    plan = Plan.objects.create(jurisdiction=county, title="测试方案")
    all_departments = UnitGroup.objects.create(jurisdiction=county, phrase="县政府各部门")
    all_departments.members.add(personas.co_unit, personas.outsider_unit)
    direct = Task.objects.create(plan=plan, seq=1, text="完善行政规范性文件备案审查")
    Responsibility.objects.create(task=direct, role="lead", phrase="县司法局", unit=personas.lead_unit)
    Responsibility.objects.create(task=direct, role="leader", phrase="钱程", leader=personas.leader)
    Target.objects.create(task=direct, text="报备率100%", value=100, unit="%")
    via_group = Task.objects.create(plan=plan, seq=2, text="加强行政调解")
    Responsibility.objects.create(task=via_group, role="lead", phrase="县司法局", unit=personas.lead_unit)
    Responsibility.objects.create(task=via_group, role="co", phrase="县政府各部门", group=all_departments)
    Deadline.objects.create(task=via_group, text="2023年年底前", kind="by", due_on="2023-12-31")
    unrelated = Task.objects.create(plan=plan, seq=3, text="推进政务公开")
    Responsibility.objects.create(task=unrelated, role="lead", phrase="县政府办公室")
    return plan, direct, via_group, unrelated


def test_unit_sees_tasks_reached_directly_and_through_groups(personas):
    plan, direct, via_group, unrelated = _plan_with_tasks(personas)
    assert list(ledger_tasks(plan, unit=personas.lead_unit)) == [direct, via_group]
    assert list(ledger_tasks(plan, unit=personas.co_unit)) == [via_group]
    assert list(ledger_tasks(plan, unit=personas.co_unit, role="lead")) == []


def test_filters_by_leader_year_target_and_text(personas):
    plan, direct, via_group, unrelated = _plan_with_tasks(personas)
    assert list(ledger_tasks(plan, leader=personas.leader)) == [direct]
    assert list(ledger_tasks(plan, deadline_year=2023)) == [via_group]
    assert list(ledger_tasks(plan, has_target=True)) == [direct]
    assert list(ledger_tasks(plan, has_target=False)) == [via_group, unrelated]
    assert list(ledger_tasks(plan, text="政务公开")) == [unrelated]


def test_ledger_rows_load_in_constant_queries(personas, django_assert_num_queries):
    plan, *_ = _plan_with_tasks(personas)
    with django_assert_num_queries(4):
        rows = list(ledger_tasks(plan))
        for task in rows:
            list(task.responsibilities.all()), list(task.deadlines.all()), list(task.targets.all())


def test_sorts_by_deadline_and_lead_unit(personas):
    plan, direct, via_group, unrelated = _plan_with_tasks(personas)
    assert list(ledger_tasks(plan, sort="deadline")) == [via_group, direct, unrelated]
    assert list(ledger_tasks(plan, sort="lead_unit")) == [direct, via_group, unrelated]
