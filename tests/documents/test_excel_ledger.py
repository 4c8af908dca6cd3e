import zipfile
from io import BytesIO

import pytest

from fazhi.documents.excel_ledger import ledger_workbook, ledger_xlsx_bytes
from fazhi.plans.ledger_columns import COLUMNS, task_key
from fazhi.plans.ledger_import import ledger_import_preview
from fazhi.plans.queries import ledger_tasks
from tests.plans.ledger_plan import INJECTION_TEXT, open_xlsx, row_of

pytestmark = pytest.mark.django_db

HEADER = ["序号", "任务内容", "牵头领导", "牵头单位", "配合单位", "完成时限", "量化指标", "任务编号"]


def _keys(sheet) -> set[str]:
    return {sheet.cell(row, 8).value for row in range(4, sheet.max_row + 1)} - {None}


def test_it_writes_title_subtitle_and_header(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    assert sheet.title == "任务台账"
    assert sheet["A1"].value == "濉溪县法治政府建设实施方案（2021—2025年） 任务台账"
    assert "A1:G1" in {str(r) for r in sheet.merged_cells.ranges}
    assert "文号：濉发〔2022〕15号" in sheet["A2"].value and "导出时间：" in sheet["A2"].value
    assert [cell.value for cell in sheet[3]] == HEADER
    assert sheet["B3"].font.b


def test_it_writes_section_rows_before_their_tasks(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    column_a = [sheet.cell(row, 1).value for row in range(4, sheet.max_row + 1)]
    assert column_a == ["一、健全政府机构职能体系", "（一）推进政府机构职能优化", 1, 2, "二、健全依法行政制度体系", 3, 4]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A4:G4", "A5:G5", "A8:G8"} <= merged
    assert sheet["A4"].font.b and sheet["A4"].fill.fgColor.rgb.endswith("DDEBF7")


def test_it_writes_task_cells_joined_and_wrapped(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    assert [cell.value for cell in sheet[6]] == [
        1, "完善行政规范性文件备案审查制度。", "钱程", "县司法局", "县财政局、县政府各部门",
        "2023年年底前\n（2023年12月31日）", "报备率达到100%", task_key(ledger.filing),
    ]
    assert all(sheet.cell(6, column).alignment.wrap_text for column in range(2, 8))
    assert sheet.row_dimensions[6].height >= 15


def test_it_sets_up_the_page_for_a4_landscape(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.print_area.endswith("!$A$1:$G$10")
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert sheet.column_dimensions["H"].hidden
    printed_width = sum(column.width for column in COLUMNS[:7])
    assert 140 <= printed_width <= 180  # fits A4 landscape at a readable scale


def test_unit_export_holds_exactly_the_tasks_reaching_the_unit(ledger, personas):
    for unit in (personas.lead_unit, personas.co_unit, personas.outsider_unit):
        sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan, unit=unit))
        assert _keys(sheet) == {task_key(t) for t in ledger_tasks(ledger.plan, unit=unit)}
        assert sheet["A1"].value.endswith(f"任务台账（{unit.name}）")
    # The outsider gets task 1 through the group phrase 县政府各部门 and task 4 directly.
    assert _keys(open_xlsx(ledger_xlsx_bytes(ledger.plan, unit=personas.outsider_unit))) == {
        task_key(ledger.filing), task_key(ledger.injection)
    }


def test_unit_export_leaves_out_sections_without_its_tasks(ledger, personas):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan, unit=personas.lead_unit))
    assert "二、健全依法行政制度体系" not in [sheet.cell(row, 1).value for row in range(4, sheet.max_row + 1)]


def test_leader_export_holds_exactly_the_tasks_the_leader_leads(ledger, personas):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan, leader=personas.leader))
    assert _keys(sheet) == {task_key(ledger.filing), task_key(ledger.openness)}
    assert _keys(sheet) == {task_key(t) for t in ledger_tasks(ledger.plan, leader=personas.leader)}
    assert sheet["A1"].value.endswith("（牵头领导：钱程）")


def test_formula_like_text_is_written_as_text(ledger):
    data = ledger_xlsx_bytes(ledger.plan)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = open_xlsx(data)
    cell = sheet.cell(row_of(sheet, task_key(ledger.injection)), 2)
    assert cell.data_type == "s"
    assert cell.value == "'" + INJECTION_TEXT


def test_formula_like_text_reimports_unchanged(ledger):
    diff = ledger_import_preview(plan=ledger.plan, xlsx_bytes=ledger_xlsx_bytes(ledger.plan))
    assert diff.changes == [] and diff.errors == []


def test_export_takes_a_fixed_number_of_queries(ledger, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        ledger_workbook(ledger.plan)


def test_control_characters_from_a_docx_do_not_break_the_export(ledger):
    ledger.mediation.text = "加强行政调解\x0b工作。"
    ledger.mediation.save()
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    assert sheet.cell(row_of(sheet, task_key(ledger.mediation)), 2).value == "加强行政调解工作。"
