import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Event
from fazhi.documents.excel_ledger import ledger_xlsx_bytes
from fazhi.plans.ledger_columns import task_key
from fazhi.plans.ledger_import import ImportDiff, ledger_import_preview, not_xlsx_message
from fazhi.plans.models import Responsibility
from fazhi.plans.services import ledger_import_apply
from tests.plans.ledger_plan import open_xlsx, row_of, save_xlsx

pytestmark = pytest.mark.django_db

TEXT, LEADERS, LEADS, COS, DEADLINES, TARGETS, KEY = 2, 3, 4, 5, 6, 7, 8


def _edited(ledger, edits: dict[tuple[str, int], object]) -> bytes:
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    for (key, column), value in edits.items():
        sheet.cell(row_of(sheet, key), column).value = value
    return save_xlsx(sheet)


def test_round_trip_shows_no_changes(ledger):
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=ledger_xlsx_bytes(ledger.plan))
    assert (diff.changes, diff.errors, diff.missing) == ([], [], [])
    assert diff.rows_read == 4


def test_an_edited_cell_gives_exactly_that_change(ledger):
    data = _edited(ledger, {(task_key(ledger.filing), DEADLINES): "2024年6月30日前"})
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data)
    assert diff.errors == []
    [change] = diff.changes
    assert (change.key, change.seq, change.row) == (task_key(ledger.filing), 1, 6)
    assert [(c.field, c.label, c.old, c.new) for c in change.changes] == [
        ("deadlines", "完成时限", "2023年年底前", "2024年6月30日前")
    ]
    assert change.values["deadlines"][0]["date"] == "2024-06-30"


def test_blank_rows_and_spaces_are_tolerated(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.cell(sheet.max_row + 3, 2).value = "   "
    row = row_of(sheet, task_key(ledger.filing))
    sheet.cell(row, COS).value = " 县财政局，县政府各部门 "
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=save_xlsx(sheet))
    assert (diff.changes, diff.errors) == ([], [])


def test_an_unreadable_deadline_is_reported_by_row_and_column(ledger):
    data = _edited(ledger, {(task_key(ledger.filing), DEADLINES): "2023年年度前"})
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data)
    assert diff.changes == []
    assert [(e.row, e.column, e.message) for e in diff.errors] == [
        (6, "完成时限", "第 6 行“完成时限”列的“2023年年度前”无法识别，请改为如“2023年12月31日前”的格式")
    ]


def test_an_unreadable_target_is_reported(ledger):
    data = _edited(ledger, {(task_key(ledger.filing), TARGETS): "大幅提高"})
    [error] = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data).errors
    assert error.message == "第 6 行“量化指标”列的“大幅提高”无法识别，请改为如“报备率达到100%”的格式"


def test_empty_task_text_and_lead_units_are_errors(ledger):
    data = _edited(ledger, {(task_key(ledger.filing), TEXT): None, (task_key(ledger.mediation), LEADS): ""})
    messages = [e.message for e in ledger_import_preview(plan=ledger.plan, xlsx_bytes=data).errors]
    assert messages == [
        "第 6 行“任务内容”列为空，请填写任务内容；导入不会删除任务",
        "第 7 行“牵头单位”列为空，请至少填写一个牵头单位",
    ]


def test_unknown_foreign_missing_and_duplicate_keys_are_errors(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.cell(row_of(sheet, task_key(ledger.mediation)), KEY).value = f"{ledger.plan.pk}-99"
    sheet.cell(row_of(sheet, task_key(ledger.openness)), KEY).value = f"{ledger.plan.pk + 1}-3"
    sheet.cell(row_of(sheet, task_key(ledger.injection)), KEY).value = task_key(ledger.filing)
    sheet.append([5, "新增的任务", "", "县司法局"])
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=save_xlsx(sheet))
    messages = [e.message for e in diff.errors]
    assert messages == [
        f"第 7 行的任务编号“{ledger.plan.pk}-99”在本方案中不存在，请勿修改“任务编号”列",
        f"第 9 行的任务编号“{ledger.plan.pk + 1}-3”属于另一个方案，请导入本方案导出的台账",
        f"第 10 行的任务编号“{task_key(ledger.filing)}”与第 6 行重复，请删除其中一行",
        "第 11 行没有“任务编号”：导入只能修改已有任务，不能新增；请在方案中新增任务，或删除该行",
    ]
    assert {m.seq for m in diff.missing} == {2, 3, 4}


def test_deleted_rows_are_reported_not_applied(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.delete_rows(row_of(sheet, task_key(ledger.openness)))
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=save_xlsx(sheet))
    assert diff.errors == [] and diff.changes == []
    assert [(m.seq, m.text) for m in diff.missing] == [(3, "推进政务公开。")]


def test_a_formula_typed_into_a_cell_is_refused(ledger):
    data = _edited(ledger, {(task_key(ledger.filing), TEXT): "=HYPERLINK(\"http://x\")"})
    [error] = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data).errors
    assert error.message == "第 6 行“任务内容”列是公式，请改为文字"


@pytest.mark.parametrize("data", [b"not a workbook", b"", b"PK\x03\x04broken"])
def test_a_file_that_is_not_xlsx_is_refused(ledger, data):
    with pytest.raises(ValidationError) as caught:
        ledger_import_preview(plan=ledger.plan, xlsx_bytes=data)
    assert caught.value.messages == [not_xlsx_message()]
    assert not_xlsx_message() == "该文件不是 Excel 工作簿（.xlsx），请用“导出台账”下载的模板修改后再导入"


def test_a_zip_that_is_not_a_workbook_is_refused(ledger):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ValidationError) as caught:
        ledger_import_preview(plan=ledger.plan, xlsx_bytes=buffer.getvalue())
    assert caught.value.messages == [not_xlsx_message()]


def test_a_workbook_without_the_header_is_refused(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.cell(3, 8).value = "编号"
    with pytest.raises(ValidationError, match="找不到表头"):
        ledger_import_preview(plan=ledger.plan, xlsx_bytes=save_xlsx(sheet))


def test_apply_writes_the_changes_and_audits_each_task(ledger, personas):
    data = _edited(ledger, {
        (task_key(ledger.filing), TEXT): "完善行政规范性文件备案审查制度，实现应备尽备。",
        (task_key(ledger.filing), COS): "县政府各部门、县水利局",
        (task_key(ledger.filing), DEADLINES): "2024年6月30日前\n长期坚持",
        (task_key(ledger.openness), TARGETS): "公开率达到95%",
        (task_key(ledger.openness), LEADERS): "",
    })
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data)
    assert diff.errors == []
    changed = ledger_import_apply(plan=ledger.plan, diff=ImportDiff.from_dict(diff.to_dict()), by=personas.office)
    assert [t.seq for t in changed] == [1, 3]

    filing = ledger.filing
    filing.refresh_from_db()
    assert filing.text == "完善行政规范性文件备案审查制度，实现应备尽备。"
    co = list(filing.responsibilities.filter(role=Responsibility.Role.CO))
    assert [(r.phrase, r.position, r.unit, r.group is not None) for r in co] == [
        ("县政府各部门", 0, None, True), ("县水利局", 1, personas.outsider_unit, False)
    ]
    assert [(d.text, d.kind, d.due_on) for d in filing.deadlines.all()] == [
        ("2024年6月30日前", "by", date(2024, 6, 30)), ("长期坚持", "ongoing", None)
    ]
    [target] = ledger.openness.targets.all()
    assert (target.text, target.value, target.unit) == ("公开率达到95%", 95, "%")
    assert not ledger.openness.responsibilities.filter(role=Responsibility.Role.LEAD_LEADER).exists()

    events = Event.objects.filter(action="task.ledger_import").order_by("id")
    assert [e.target_id for e in events] == [str(filing.pk), str(ledger.openness.pk)]
    assert events[0].actor == personas.office
    assert {c["field"] for c in events[0].data["changes"]} == {"text", "co_units", "deadlines"}
    assert Event.objects.filter(action="plan.ledger_import", target_id=str(ledger.plan.pk)).exists()

    # The written plan exports to what was imported.
    again = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data)
    assert (again.changes, again.errors) == ([], [])


def test_apply_keeps_only_accepted_tasks(ledger, personas):
    data = _edited(ledger, {(task_key(ledger.filing), TEXT): "甲", (task_key(ledger.openness), TEXT): "乙"})
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data)
    ledger_import_apply(plan=ledger.plan, diff=diff, by=personas.office, accepted={task_key(ledger.openness)})
    ledger.filing.refresh_from_db()
    ledger.openness.refresh_from_db()
    assert (ledger.filing.text, ledger.openness.text) == ("完善行政规范性文件备案审查制度。", "乙")


def test_apply_refuses_when_the_plan_changed_after_the_preview(ledger, personas):
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=_edited(ledger, {(task_key(ledger.filing), TEXT): "甲"}))
    ledger.mediation.text = "加强行政调解工作，化解矛盾纠纷。"
    ledger.mediation.save()
    with pytest.raises(ValidationError) as caught:
        ledger_import_apply(plan=ledger.plan, diff=diff, by=personas.office)
    assert caught.value.code == "stale"
    ledger.filing.refresh_from_db()
    assert ledger.filing.text == "完善行政规范性文件备案审查制度。"


def test_apply_refuses_a_diff_with_errors(ledger, personas):
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=_edited(ledger, {
        (task_key(ledger.filing), TEXT): "甲", (task_key(ledger.openness), DEADLINES): "2023年年度前"}))
    with pytest.raises(ValidationError):
        ledger_import_apply(plan=ledger.plan, diff=diff, by=personas.office)
    assert not Event.objects.filter(action="task.ledger_import").exists()


def test_a_date_typed_into_the_deadline_cell_reads_as_by_that_date(ledger):
    data = _edited(ledger, {(task_key(ledger.filing), DEADLINES): date(2024, 3, 31)})
    [change] = ledger_import_preview(plan=ledger.plan, xlsx_bytes=data).changes
    assert change.changes[0].new == "2024年3月31日前"
    assert change.values["deadlines"][0]["date"] == "2024-03-31"


def test_preview_takes_a_fixed_number_of_queries(ledger, django_assert_max_num_queries):
    data = ledger_xlsx_bytes(ledger.plan)
    with django_assert_max_num_queries(10):
        ledger_import_preview(plan=ledger.plan, xlsx_bytes=data)
