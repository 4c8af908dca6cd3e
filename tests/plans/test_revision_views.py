"""The plan maintenance pages: forms, previews, refusals in words, and what follows in tracking."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from fazhi.documents.excel_ledger import ledger_xlsx_bytes
from fazhi.plans.ledger_columns import task_key
from fazhi.plans.models import Plan, PlanRevision, Task
from fazhi.plans.services import ledger_import_draft_create, task_cancel
from fazhi.tracking.models import Assignment
from fazhi.tracking.services.periods import tracking_start
from tests.factories import PlanFactory, ProgressReportFactory, assignment_of, period_of
from tests.plans.ledger_plan import open_xlsx, row_of, save_xlsx

pytestmark = pytest.mark.django_db


def _tracked(ledger, personas):
    tracking_start(plan=ledger.plan, by=personas.office, starts_on=date(2022, 7, 1), today=date(2022, 7, 31))


def _report_on(task, unit, plan):
    return ProgressReportFactory(assignment=assignment_of(task, unit), period=period_of(plan, "month", "2022-07-01"))


def _task_post(personas, **fields):
    data = {"text": "建立行政执法案卷评查制度。", "lead_picks": [f"unit:{personas.lead_unit.pk}"],
            "co_picks": [f"unit:{personas.co_unit.pk}"], "leader_picks": [f"leader:{personas.leader.pk}"],
            "lead_phrases": "", "co_phrases": "", "leader_phrases": "", "deadlines": "2024年年底前",
            "targets": "评查覆盖率达到100%", "number": "（五）", "seq": "", "heading": "", "reason": "2024年工作要点新增"}
    data.update(fields)
    return data


def test_the_office_adds_a_task_and_its_units_are_asked(client, personas, ledger):
    _tracked(ledger, personas)
    client.force_login(personas.office)
    response = client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas))
    task = Task.objects.get(plan=ledger.plan, seq=5)
    assert response.status_code == 302 and response["Location"] == reverse("plans:task_detail", args=[task.pk])
    assert {(a.unit, a.role) for a in task.assignments.filter(is_active=True)} == {
        (personas.lead_unit, Assignment.Role.LEAD), (personas.co_unit, Assignment.Role.CO)}
    assert ledger.plan.revisions.get(number=2).reason == "2024年工作要点新增"


def test_adding_to_a_plan_not_yet_in_tracking_starts_nothing(client, personas, ledger):
    client.force_login(personas.office)
    client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas))
    assert not Assignment.objects.exists()


def test_the_preview_shows_what_will_be_stored_and_saves_nothing(client, personas, ledger):
    client.force_login(personas.office)
    response = client.post(reverse("plans:task_add", args=[ledger.plan.pk]),
                           _task_post(personas, preview="1", co_phrases="县档案馆", deadlines="每季度\n2024年6月底前"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "县档案馆 · 名录中未找到，暂不分派" in body
    assert "每季度 → 周期性：每季度" in body and "2024年6月底前 → 2024-06-30 前" in body
    assert "评查覆盖率达到100% → 评查覆盖率 ≥ 100%（2024-06-30 前）" in body
    assert ledger.plan.tasks.count() == 4 and not PlanRevision.objects.exists()


def test_an_unreadable_deadline_is_refused_in_words_and_the_form_keeps_its_values(client, personas, ledger):
    client.force_login(personas.office)
    response = client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas, deadlines="尽快"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "完成时限“尽快”无法识别" in body and "建立行政执法案卷评查制度。" in body
    assert ledger.plan.tasks.count() == 4


def test_a_missing_reason_is_asked_for(client, personas, ledger):
    client.force_login(personas.office)
    response = client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas, reason=""))
    assert "请填写修订原因" in response.content.decode() and ledger.plan.tasks.count() == 4


def test_editing_keeps_the_plans_wording_of_units_that_stay(client, personas, ledger):
    client.force_login(personas.office)
    url = reverse("plans:task_edit", args=[ledger.mediation.pk])
    page = client.get(url).content.decode()
    assert "县信访局" in page  # the unmatched phrase comes back typed
    response = client.post(url, _task_post(
        personas, text="加强行政调解工作。", lead_picks=[], lead_phrases="县信访局",
        co_picks=[f"unit:{personas.lead_unit.pk}", f"unit:{personas.co_unit.pk}"], leader_picks=[],
        deadlines="长期坚持", targets="", number="", heading=str(ledger.mediation.heading_id), reason="增加配合单位"))
    assert response.status_code == 302
    entry = ledger.plan.revisions.get(number=2).summary["tasks"][0]
    assert entry["before"] == {"co_units": "县司法局"} and entry["after"] == {"co_units": "县司法局、县财政局"}


def test_a_task_with_reports_offers_cancel_not_delete(client, personas, ledger):
    _tracked(ledger, personas)
    _report_on(ledger.filing, personas.lead_unit, ledger.plan)
    client.force_login(personas.office)
    url = reverse("plans:task_remove", args=[ledger.filing.pk])
    page = client.get(url).content.decode()
    assert "不能删除" in page and 'value="delete"' not in page
    response = client.post(url, {"action": "delete", "reason": "误导入"})
    assert "已有单位填报记录，不能删除" in response.content.decode()
    response = client.post(url, {"action": "cancel", "reason": "上级已取消"})
    assert response.status_code == 302
    assert not ledger.filing.assignments.filter(is_active=True).exists()
    ledger_page = client.get(reverse("plans:plan_ledger", args=[ledger.plan.pk])).content.decode()
    assert "已取消" in ledger_page
    detail = client.get(reverse("plans:task_detail", args=[ledger.filing.pk])).content.decode()
    assert "该任务已取消" in detail and "恢复任务" in detail
    client.force_login(personas.leader_user)
    leaders = client.get(reverse("plans:plan_leaders", args=[ledger.plan.pk])).content.decode()
    assert "完善行政规范性文件备案审查制度" not in leaders and "推进政务公开" in leaders


def test_a_cancelled_task_leaves_the_board_and_the_clerks_page(client, personas, ledger):
    _tracked(ledger, personas)
    client.force_login(personas.office)
    client.post(reverse("plans:task_remove", args=[ledger.openness.pk]), {"action": "cancel", "reason": "不再执行"})
    board = client.get(reverse("tracking:board"), {"plan": ledger.plan.pk}).content.decode()
    assert "推进政务公开" not in board and "加强行政调解工作" in board
    client.force_login(personas.co_clerk)
    home = client.get(reverse("tracking:my_home")).content.decode()
    assert "推进政务公开" not in home and "完善行政规范性文件备案审查制度" in home


def test_a_task_without_reports_is_deleted_from_the_page(client, personas, ledger):
    client.force_login(personas.office)
    response = client.post(reverse("plans:task_remove", args=[ledger.injection.pk]),
                           {"action": "delete", "reason": "误导入"})
    assert response["Location"] == reverse("plans:plan_ledger", args=[ledger.plan.pk])
    assert not Task.objects.filter(pk=ledger.injection.pk).exists()


def test_split_and_merge_through_the_pages(client, personas, ledger):
    client.force_login(personas.office)
    split = reverse("plans:task_split", args=[ledger.openness.pk])
    assert client.get(split).status_code == 200
    fields = {}
    for prefix, text in (("first", "推进政务公开。"), ("second", "推进政务服务标准化。")):
        fields.update({f"{prefix}-{k}": v for k, v in _task_post(
            personas, text=text, co_picks=[], targets="", deadlines="每年",
            seq="4" if prefix == "second" else "").items() if k != "reason"})
    response = client.post(split, {**fields, "reason": "拆分"})
    assert response.status_code == 302
    new_task = ledger.plan.tasks.get(seq=4)  # right after the original, as the form proposes
    assert new_task.text == "推进政务服务标准化。" and ledger.plan.tasks.get(pk=ledger.injection.pk).seq == 5

    merge = reverse("plans:task_merge", args=[ledger.openness.pk])
    chooser = client.get(merge, {"other": new_task.pk}).content.decode()
    assert "还没有填报记录，将被删除" in chooser
    assert "推进政务公开。\n推进政务服务标准化。</textarea>" in chooser  # both texts to start from
    response = client.post(merge, {"other": new_task.pk, **_task_post(
        personas, text="推进政务公开和政务服务标准化。", co_picks=[], targets="", deadlines="每年", reason="合并")})
    assert response.status_code == 302
    assert not Task.objects.filter(pk=new_task.pk).exists()
    assert [r.number for r in ledger.plan.revisions.all()] == [3, 2, 1]


def test_an_archived_plan_shows_no_edit_buttons_and_refuses_edits(client, personas, ledger):
    client.force_login(personas.office)
    manage = reverse("plans:plan_manage", args=[ledger.plan.pk])
    response = client.post(manage, {"action": "archive", "archive-reason": "实施期结束"})
    assert response.status_code == 302
    assert Plan.objects.get(pk=ledger.plan.pk).archived_at is not None
    ledger_page = client.get(reverse("plans:plan_ledger", args=[ledger.plan.pk])).content.decode()
    assert reverse("plans:task_add", args=[ledger.plan.pk]) not in ledger_page and "归档" in ledger_page
    detail = client.get(reverse("plans:task_detail", args=[ledger.filing.pk])).content.decode()
    assert reverse("plans:task_edit", args=[ledger.filing.pk]) not in detail
    response = client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas))
    assert "该方案已归档，不能修改" in response.content.decode()


def test_linking_a_work_plan_to_its_implementation_plan(client, personas, ledger):
    yearly = PlanFactory(jurisdiction=personas.jurisdiction, title="2024年法治政府建设工作要点")
    client.force_login(personas.office)
    manage = reverse("plans:plan_manage", args=[yearly.pk])
    assert ledger.plan.title in client.get(manage).content.decode()  # offered in the picker
    client.post(manage, {"action": "parent", "parent": ledger.plan.pk, "reason": "关联"})
    yearly.refresh_from_db()
    assert yearly.parent == ledger.plan
    page = client.get(reverse("plans:plan_ledger", args=[yearly.pk])).content.decode()
    assert "所属实施方案" in page and ledger.plan.title in page


def test_deleting_a_plan_names_what_goes_and_then_deletes_it(client, personas, ledger):
    client.force_login(personas.office)
    url = reverse("plans:plan_delete", args=[ledger.plan.pk])
    page = client.get(url).content.decode()
    assert "4 项任务及其责任分工" in page and "3 个章节" in page
    response = client.post(url, {"reason": "导入了错误的文件"})
    assert response["Location"] == reverse("plans:ledger")
    assert not Plan.objects.filter(pk=ledger.plan.pk).exists()


def test_a_plan_with_reports_cannot_be_deleted_from_the_page(client, personas, ledger):
    _tracked(ledger, personas)
    _report_on(ledger.filing, personas.lead_unit, ledger.plan)
    client.force_login(personas.office)
    url = reverse("plans:plan_delete", args=[ledger.plan.pk])
    assert "不能删除" in client.get(url).content.decode()
    assert "不能删除" in client.post(url, {"reason": "误导入"}).content.decode()
    assert Plan.objects.filter(pk=ledger.plan.pk).exists()


def test_the_revision_list_and_a_revision_before_and_after(client, personas, ledger):
    client.force_login(personas.office)
    client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas))
    page = client.get(reverse("plans:revisions", args=[ledger.plan.pk])).content.decode()
    assert "导入方案" in page and "2024年工作要点新增" in page and "新增任务 5" in page
    detail = client.get(reverse("plans:revision_detail", args=[ledger.plan.pk, 2])).content.decode()
    assert "建立行政执法案卷评查制度。" in detail and "2024年年底前" in detail and "县司法局" in detail
    assert client.get(reverse("plans:revision_detail", args=[ledger.plan.pk, 9])).status_code == 404


def test_a_plan_never_revised_shows_its_import_as_revision_one(client, personas, ledger):
    client.force_login(personas.office)
    page = client.get(reverse("plans:revisions", args=[ledger.plan.pk])).content.decode()
    assert "导入方案，共 4 项任务" in page
    assert client.get(reverse("plans:revision_detail", args=[ledger.plan.pk, 1])).status_code == 200


@pytest.mark.parametrize("who", ["lead_clerk", "co_clerk", "outsider_clerk", "leader_user"])
def test_no_one_but_the_office_edits_or_reads_revisions(client, personas, ledger, who):
    client.force_login(getattr(personas, who))
    assert client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas)).status_code == 403
    assert client.get(reverse("plans:revisions", args=[ledger.plan.pk])).status_code == 403
    assert ledger.plan.tasks.count() == 4
    page = client.get(reverse("plans:task_detail", args=[ledger.filing.pk])).content.decode()
    assert reverse("plans:task_edit", args=[ledger.filing.pk]) not in page


def test_the_ledger_reimport_writes_a_revision_with_the_reason_given(client, personas, ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.cell(row_of(sheet, task_key(ledger.filing)), 2).value = "完善备案审查制度，实现应备尽备。"
    draft = ledger_import_draft_create(plan=ledger.plan, data=save_xlsx(sheet), filename="台账.xlsx",
                                       by=personas.office)
    client.force_login(personas.office)
    client.post(reverse("plans:ledger_import_apply", args=[ledger.plan.pk, draft.pk]),
                {"accept": [task_key(ledger.filing)], "reason": "按县委依法治县办意见修改"})
    revision = ledger.plan.revisions.get(number=2)
    assert revision.reason == "按县委依法治县办意见修改"
    assert revision.summary["tasks"][0]["after"] == {"text": "完善备案审查制度，实现应备尽备。"}


def _queries_of(client, url) -> int:
    """How many queries one request costs (Django clears its own query log at each request start)."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        assert client.get(url).status_code == 200
    return count


def test_the_revision_list_costs_the_same_queries_however_many_revisions(client, personas, ledger):
    client.force_login(personas.office)
    url = reverse("plans:revisions", args=[ledger.plan.pk])
    client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas))
    few = _queries_of(client, url)
    assert few > 2
    for reason in ("第二次", "第三次", "第四次"):
        client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas, reason=reason))
    assert _queries_of(client, url) == few
    assert "第四次" in client.get(url).content.decode()


def test_an_archived_plan_refuses_a_ledger_reimport_in_words(client, personas, ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.cell(row_of(sheet, task_key(ledger.filing)), 2).value = "完善备案审查制度。"
    draft = ledger_import_draft_create(plan=ledger.plan, data=save_xlsx(sheet), filename="台账.xlsx",
                                       by=personas.office)
    client.force_login(personas.office)
    client.post(reverse("plans:plan_manage", args=[ledger.plan.pk]), {"action": "archive", "archive-reason": "结束"})
    response = client.post(reverse("plans:ledger_import_apply", args=[ledger.plan.pk, draft.pk]),
                           {"accept": [task_key(ledger.filing)]}, follow=True)
    assert "该方案已归档，不能修改" in response.content.decode()
    assert Task.objects.get(pk=ledger.filing.pk).text == ledger.filing.text


def test_the_excel_ledger_strikes_a_cancelled_task_and_a_units_cut_leaves_it_out(personas, ledger):
    task_cancel(task=ledger.openness, by=personas.office, reason="不再执行")
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    cell = sheet.cell(row_of(sheet, task_key(ledger.openness)), 2)
    assert cell.value == "推进政务公开。" and cell.font.strike
    assert not sheet.cell(row_of(sheet, task_key(ledger.filing)), 2).font.strike
    cut = open_xlsx(ledger_xlsx_bytes(ledger.plan, unit=personas.co_unit))
    texts = [cut.cell(r, 2).value for r in range(1, cut.max_row + 1)]
    assert "推进政务公开。" not in texts and "完善行政规范性文件备案审查制度。" in texts


def test_a_picked_group_is_stored_as_the_group_and_reaches_its_members(client, personas, ledger):
    _tracked(ledger, personas)
    group = ledger.filing.responsibilities.get(role="co", group__isnull=False).group
    client.force_login(personas.office)
    client.post(reverse("plans:task_add", args=[ledger.plan.pk]), _task_post(personas, co_picks=[f"group:{group.pk}"]))
    task = ledger.plan.tasks.get(seq=5)
    assert task.responsibilities.get(role="co").group == group
    assert {a.unit for a in task.assignments.filter(role="co")} == {personas.co_unit, personas.outsider_unit}
