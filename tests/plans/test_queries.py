from fazhi.plans.queries import ledger_tasks
from tests.factories import PlanFactory, TaskFactory, UnitGroupFactory


def _plan_with_tasks(personas):
    county = personas.jurisdiction
    plan = PlanFactory(jurisdiction=county, title="测试方案", issued_on=None)
    all_departments = UnitGroupFactory(jurisdiction=county, phrase="县政府各部门",
                                       members=[personas.co_unit, personas.outsider_unit])
    direct = TaskFactory(plan=plan, seq=1, text="完善行政规范性文件备案审查", lead_units=[personas.lead_unit],
                         leaders=[personas.leader], targets=[("报备率100%", 100, "%")])
    via_group = TaskFactory(plan=plan, seq=2, text="加强行政调解", lead_units=[personas.lead_unit],
                            co_units=[all_departments], due_by="2023-12-31", due_by__text="2023年年底前")
    unrelated = TaskFactory(plan=plan, seq=3, text="推进政务公开", lead_units=["县政府办公室"])
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
