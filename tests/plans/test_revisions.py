"""Plan maintenance as revisions: each use case writes a numbered revision and an audit event,
and tracking follows who a task reaches."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import Event
from fazhi.plans.models import Plan, PlanRevision, Task
from fazhi.plans.services import (
    TaskInput,
    plan_archive,
    plan_delete,
    plan_parent_set,
    task_add,
    task_cancel,
    task_delete,
    task_input_parse,
    task_merge,
    task_restore,
    task_split,
    task_update,
)
from fazhi.tracking.models import Assignment, Period
from fazhi.tracking.reminders import owed_items
from fazhi.tracking.services import assignments_follow
from fazhi.tracking.services.assignments import tracked_plans
from fazhi.tracking.services.periods import periods_missing, tracking_start
from fazhi.workcal.calendar import current_calendar
from tests.factories import PlanFactory, ProgressReportFactory, assignment_of, period_of

pytestmark = pytest.mark.django_db


def _input(**fields) -> TaskInput:
    values = {"text": "建立行政执法案卷评查制度。", "lead_units": ["县司法局"], "co_units": ["县财政局"],
              "lead_leaders": ["钱程"], "deadlines": ["2024年年底前"], "targets": ["评查覆盖率达到100%"]}
    values.update(fields)
    return TaskInput(**values)


def _tracked(plan, personas):
    tracking_start(plan=plan, by=personas.office, starts_on=date(2022, 7, 1), today=date(2022, 7, 31))


def _july(plan):
    return period_of(plan, "month", "2022-07-01")


def _revisions(plan) -> list[PlanRevision]:
    return list(plan.revisions.order_by("number"))


def test_adding_a_task_maps_units_parses_deadlines_and_writes_revision_two(personas, ledger):
    plan = ledger.plan
    task = task_add(plan=plan, data=_input(heading_id=ledger.openness.heading_id, number="（五）"),
                    by=personas.office, reason="2024年工作要点新增")
    assert task.seq == 5 and task.number == "（五）"
    units = {(r.role, r.unit) for r in task.responsibilities.all() if r.unit}
    assert units == {("lead", personas.lead_unit), ("co", personas.co_unit)}
    assert task.responsibilities.get(role="leader").leader == personas.leader
    deadline = task.deadlines.get()
    assert (deadline.text, deadline.kind, deadline.due_on) == ("2024年年底前", "by", date(2024, 12, 31))
    target = task.targets.get()
    assert (target.value, target.unit, target.due_on) == (100, "%", date(2024, 12, 31))
    revisions = _revisions(plan)
    assert [(r.number, r.reason) for r in revisions] == [(1, "导入方案"), (2, "2024年工作要点新增")]
    entry = revisions[1].summary["tasks"][0]
    assert entry["op"] == "added" and entry["seq"] == 5 and entry["after"]["lead_units"] == "县司法局"
    assert revisions[1].by == personas.office
    assert Event.objects.filter(action="task.add", target_id=str(task.pk)).exists()
    assert Event.objects.filter(action="plan.revision", data__revision=2).exists()


def test_a_new_task_reaches_its_units_once_assignments_follow(personas, ledger):
    _tracked(ledger.plan, personas)
    task = task_add(plan=ledger.plan, data=_input(), by=personas.office, reason="补录漏导入的任务")
    assignments_follow(plan=ledger.plan, by=personas.office)
    assert {(a.unit, a.role) for a in task.assignments.all()} == {
        (personas.lead_unit, Assignment.Role.LEAD), (personas.co_unit, Assignment.Role.CO)}


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": " "}, "请填写任务内容"),
    ({"lead_units": []}, "请至少指定一个牵头单位"),
    ({"deadlines": ["尽快"]}, "完成时限“尽快”无法识别"),
    ({"targets": ["大幅提升"]}, "量化指标“大幅提升”无法识别"),
])
def test_a_bad_task_is_refused_with_a_message_and_changes_nothing(personas, ledger, fields, message):
    with pytest.raises(ValidationError) as error:
        task_add(plan=ledger.plan, data=_input(**fields), by=personas.office, reason="新增")
    assert any(message in m for m in error.value.messages)
    assert ledger.plan.tasks.count() == 4 and not PlanRevision.objects.exists()


def test_a_new_task_at_a_taken_number_is_inserted_there_and_the_rest_move_down(personas, ledger):
    task = task_add(plan=ledger.plan, data=_input(seq=3, heading_id=ledger.openness.heading_id), by=personas.office,
                    reason="插入到第二部分开头")
    assert task.seq == 3
    assert [t.text for t in ledger.plan.tasks.order_by("seq")][2:] == [task.text, "推进政务公开。", ledger.injection.text]
    assert _revisions(ledger.plan)[-1].summary["tasks"][0]["renumbered"] == 2


def test_an_edited_task_is_not_moved_onto_a_taken_number(personas, ledger):
    task = ledger.openness
    data = _input(text=task.text, lead_units=["县财政局"], co_units=[], lead_leaders=["钱程"], deadlines=["每年"],
                  targets=[], heading_id=task.heading_id, seq=1)
    with pytest.raises(ValidationError, match="序号 1 已被任务"):
        task_update(task=task, data=data, by=personas.office, reason="调整顺序")


def test_a_reason_is_required(personas, ledger):
    with pytest.raises(ValidationError, match="请填写修订原因"):
        task_add(plan=ledger.plan, data=_input(), by=personas.office, reason="  ")


def test_only_the_plans_office_edits_it(personas, ledger, other_county_office):
    for who in (personas.lead_clerk, personas.leader_user, other_county_office):
        with pytest.raises(PermissionDenied):
            task_add(plan=ledger.plan, data=_input(), by=who, reason="新增")


def test_the_preview_parse_lists_every_problem():
    parsed = task_input_parse(_input(lead_units=[], deadlines=["每季度", "以后再说"]))
    assert [d.period for d in parsed.deadlines] == ["quarter"]
    assert len(parsed.errors) == 2


def test_editing_a_task_keeps_only_the_changed_fields_before_and_after(personas, ledger):
    task = ledger.filing
    data = _input(text=task.text, lead_units=["县司法局"], co_units=["县财政局", "县政府各部门"],
                  lead_leaders=["钱程"], deadlines=["2024年6月30日前"], targets=["报备率达到100%"],
                  heading_id=task.heading_id)
    task_update(task=task, data=data, by=personas.office, reason="时限调整")
    entry = _revisions(ledger.plan)[-1].summary["tasks"][0]
    assert entry["op"] == "changed"
    assert entry["before"] == {"deadlines": "2023年年底前\n（2023年12月31日）"}
    assert entry["after"] == {"deadlines": "2024年6月30日前"}


def test_an_edit_that_changes_nothing_is_refused(personas, ledger):
    task = ledger.openness
    data = _input(text=task.text, lead_units=["县财政局"], co_units=[], lead_leaders=["钱程"], deadlines=["每年"],
                  targets=[], heading_id=task.heading_id)
    with pytest.raises(ValidationError, match="没有修改"):
        task_update(task=task, data=data, by=personas.office, reason="核对")


def test_changing_the_lead_unit_moves_the_assignment(personas, ledger):
    _tracked(ledger.plan, personas)
    task = ledger.openness
    task_update(task=task, data=_input(text=task.text, lead_units=["县水利局"], co_units=[], lead_leaders=[],
                                       deadlines=["每年"], targets=[]), by=personas.office, reason="分工调整")
    assignments_follow(plan=ledger.plan, by=personas.office)
    active = {a.unit for a in task.assignments.filter(is_active=True)}
    assert active == {personas.outsider_unit}
    assert not assignment_of(task, personas.co_unit).is_active


def test_a_task_without_reports_is_deleted(personas, ledger):
    _tracked(ledger.plan, personas)
    seq = ledger.injection.seq
    task_delete(task=ledger.injection, by=personas.office, reason="误导入")
    assert not Task.objects.filter(plan=ledger.plan, seq=seq).exists()
    entry = _revisions(ledger.plan)[-1].summary["tasks"][0]
    assert entry["op"] == "removed" and entry["before"]["lead_units"] == "县水利局"
    assert Event.objects.filter(action="task.delete", data__seq=seq).exists()


def test_a_task_with_reports_is_not_deleted_but_may_be_cancelled(personas, ledger):
    _tracked(ledger.plan, personas)
    lead = assignment_of(ledger.filing, personas.lead_unit)
    report = ProgressReportFactory(assignment=lead, period=_july(ledger.plan))
    with pytest.raises(ValidationError, match="已有单位填报记录，不能删除"):
        task_delete(task=ledger.filing, by=personas.office, reason="误导入")
    assert Task.objects.filter(pk=ledger.filing.pk).exists()
    assert len(_revisions(ledger.plan)) == 0

    task_cancel(task=ledger.filing, by=personas.office, reason="上级已取消此项工作")
    assignments_follow(plan=ledger.plan, by=personas.office)
    ledger.filing.refresh_from_db()
    assert ledger.filing.state == Task.State.CANCELLED
    assert not ledger.filing.assignments.filter(is_active=True).exists()
    report.refresh_from_db()  # the report stays, readable
    assert report.assignment_id == lead.pk
    entry = _revisions(ledger.plan)[-1].summary["tasks"][0]
    assert (entry["op"], entry["before"]["state"], entry["after"]["state"]) == ("cancelled", "执行中", "已取消")

    task_restore(task=ledger.filing, by=personas.office, reason="恢复执行")
    assignments_follow(plan=ledger.plan, by=personas.office)
    assert assignment_of(ledger.filing, personas.lead_unit).is_active


def test_splitting_keeps_the_reports_on_the_original_task(personas, ledger):
    _tracked(ledger.plan, personas)
    lead = assignment_of(ledger.filing, personas.lead_unit)
    report = ProgressReportFactory(assignment=lead, period=_july(ledger.plan))
    first = _input(text="完善行政规范性文件备案审查制度。", lead_units=["县司法局"], co_units=[], lead_leaders=["钱程"],
                   deadlines=["2023年年底前"], targets=["报备率达到100%"], heading_id=ledger.filing.heading_id)
    second = _input(text="开展规范性文件清理。", lead_units=["县财政局"], co_units=[], lead_leaders=[],
                    deadlines=["每年"], targets=[], heading_id=ledger.filing.heading_id)
    task, new_task = task_split(task=ledger.filing, first=first, second=replace(second, seq=2), by=personas.office,
                                reason="一项拆为两项分别调度")
    assignments_follow(plan=ledger.plan, by=personas.office)
    assert task.pk == ledger.filing.pk and (task.seq, new_task.seq) == (1, 2)
    assert ledger.plan.tasks.get(pk=ledger.mediation.pk).seq == 3  # moved down to make room
    report.refresh_from_db()
    assert report.assignment.task_id == task.pk
    assert {a.unit for a in new_task.assignments.filter(is_active=True)} == {personas.co_unit}
    assert not assignment_of(task, personas.co_unit).is_active  # 县财政局 left the original task
    ops = [e["op"] for e in _revisions(ledger.plan)[-1].summary["tasks"]]
    assert ops == ["split", "added"]


def test_merging_deletes_the_other_task_when_nobody_reported_on_it(personas, ledger):
    data = _input(text="推进政务公开，加强行政调解。", lead_units=["县财政局"], co_units=["县司法局"], lead_leaders=["钱程"],
                  deadlines=["每年"], targets=[], heading_id=ledger.openness.heading_id)
    task_merge(task=ledger.openness, other=ledger.mediation, data=data, by=personas.office, reason="合并同类任务")
    assert not Task.objects.filter(pk=ledger.mediation.pk).exists()
    entries = _revisions(ledger.plan)[-1].summary["tasks"]
    assert [(e["op"], e["seq"]) for e in entries] == [("merged", 3), ("removed", 2)]
    assert entries[1]["merged_into"] == 3


def test_merging_cancels_the_other_task_when_it_has_reports(personas, ledger):
    _tracked(ledger.plan, personas)
    co = assignment_of(ledger.mediation, personas.lead_unit)
    ProgressReportFactory(assignment=co, period=_july(ledger.plan))
    data = _input(text="推进政务公开，加强行政调解。", lead_units=["县财政局"], co_units=["县司法局"], lead_leaders=[],
                  deadlines=["每年"], targets=[])
    task = task_merge(task=ledger.openness, other=ledger.mediation, data=data, by=personas.office, reason="合并")
    assignments_follow(plan=ledger.plan, by=personas.office)
    ledger.mediation.refresh_from_db()
    assert ledger.mediation.state == Task.State.CANCELLED and ledger.mediation.merged_into == task
    assert not ledger.mediation.assignments.filter(is_active=True).exists()
    assert assignment_of(task, personas.lead_unit).is_active  # 县司法局 now answers on the merged task


def test_an_archived_plan_is_read_only_and_gets_no_periods(personas, ledger):
    _tracked(ledger.plan, personas)
    plan_archive(plan=ledger.plan, by=personas.office, reason="方案实施期结束")
    assert ledger.plan not in tracked_plans()
    assert periods_missing(plan=ledger.plan, through=date(2023, 12, 31)) == []
    with pytest.raises(ValidationError, match="已归档"):
        task_add(plan=ledger.plan, data=_input(), by=personas.office, reason="新增")
    plan_archive(plan=ledger.plan, by=personas.office, reason="继续调度", archived=False)
    assert ledger.plan in tracked_plans()
    summary = _revisions(ledger.plan)[-1].summary
    assert summary["plan"] == {"archived": {"before": True, "after": False}}


def test_a_plan_without_reports_is_deleted_with_everything_under_it(personas, ledger):
    _tracked(ledger.plan, personas)
    pk = ledger.plan.pk
    plan_delete(plan=ledger.plan, by=personas.office, reason="导入了错误的文件")
    assert not Plan.objects.filter(pk=pk).exists()
    assert not Period.objects.filter(plan_id=pk).exists()
    assert Event.objects.filter(action="plan.delete", target_id=str(pk), data__tasks=4).exists()


def test_a_plan_with_reports_is_not_deleted(personas, ledger):
    _tracked(ledger.plan, personas)
    ProgressReportFactory(assignment=assignment_of(ledger.filing, personas.lead_unit),
                          period=_july(ledger.plan))
    with pytest.raises(ValidationError, match="已有单位填报记录，不能删除"):
        plan_delete(plan=ledger.plan, by=personas.office, reason="导入了错误的文件")
    assert Plan.objects.filter(pk=ledger.plan.pk).exists()


def test_a_work_plan_links_to_its_multi_year_plan_of_the_same_county(personas, ledger, other_county_office):
    yearly = PlanFactory(jurisdiction=personas.jurisdiction, title="2024年法治政府建设工作要点")
    plan_parent_set(plan=yearly, parent=ledger.plan, by=personas.office, reason="关联实施方案")
    yearly.refresh_from_db()
    assert yearly.parent == ledger.plan
    assert _revisions(yearly)[-1].summary["plan"]["parent"] == {"before": "", "after": ledger.plan.title}
    with pytest.raises(ValidationError, match="不能关联方案自身"):
        plan_parent_set(plan=ledger.plan, parent=yearly, by=personas.office, reason="误操作")
    elsewhere = PlanFactory(jurisdiction=other_county_office.profile.jurisdiction)
    with pytest.raises(ValidationError, match="只能关联本辖区"):
        plan_parent_set(plan=yearly, parent=elsewhere, by=personas.office, reason="误操作")


def test_revision_numbers_follow_one_another(personas, ledger):
    for reason in ("第一次", "第二次"):
        task_add(plan=ledger.plan, data=_input(), by=personas.office, reason=reason)
    assert [r.number for r in _revisions(ledger.plan)] == [1, 2, 3]


def test_nobody_is_reminded_of_an_archived_plan(personas, ledger):
    _tracked(ledger.plan, personas)
    late = date(2022, 8, 25)
    assert owed_items(late, current_calendar(), plan=ledger.plan)  # July's reports are overdue
    plan_archive(plan=ledger.plan, by=personas.office, reason="方案实施期结束")
    assert owed_items(late, current_calendar(), plan=ledger.plan) == {}
