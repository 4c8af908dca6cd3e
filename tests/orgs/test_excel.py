"""The directory workbook: export, import back, and per-cell errors."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import Event
from fazhi.demo.directory import demo_directory_load
from fazhi.orgs import services
from fazhi.orgs.excel import directory_export, directory_import
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup


def directory_state(jurisdiction):
    units = {
        unit.name: (
            unit.full_name,
            unit.kind,
            unit.is_sample,
            unit.is_active,
            sorted(a.text for a in unit.aliases.all()),
        )
        for unit in Unit.objects.filter(jurisdiction=jurisdiction).prefetch_related("aliases")
    }
    groups = {
        group.phrase: (sorted(u.name for u in group.members.all()), group.note, group.is_sample)
        for group in UnitGroup.objects.filter(jurisdiction=jurisdiction).prefetch_related("members")
    }
    leaders = dict(Leader.objects.filter(jurisdiction=jurisdiction).values_list("name", "title"))
    return units, groups, leaders


def workbook_bytes(units=(), groups=(), leaders=(), *, sheets=("单位", "单位组", "牵头领导")):
    workbook = Workbook()
    workbook.remove(workbook.active)
    content = {
        "单位": [["名称", "全称", "类别", "别名", "示例数据", "启用"], *units],
        "单位组": [["称谓", "成员单位", "说明"], *groups],
        "牵头领导": [["姓名", "职务"], *leaders],
    }
    for title in sheets:
        sheet = workbook.create_sheet(title)
        for row in content[title]:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_round_trip_into_an_empty_jurisdiction_rebuilds_the_directory(db):
    suixi = demo_directory_load(jurisdiction_name="濉溪县")
    fresh = Jurisdiction.objects.create(name="濉溪县", short_name="县", parent=None)
    result = directory_import(jurisdiction=fresh, file=io.BytesIO(directory_export(suixi)), by=None)
    assert result.errors == []
    assert directory_state(fresh) == directory_state(suixi)
    assert result.created == Unit.objects.filter(jurisdiction=suixi).count() + 4 + 11


def test_reimporting_an_unchanged_export_changes_nothing(db):
    county = demo_directory_load(jurisdiction_name="屯溪区")
    before = directory_state(county)
    events = Event.objects.count()
    result = directory_import(jurisdiction=county, file=io.BytesIO(directory_export(county)), by=None)
    assert (result.errors, result.created, result.updated) == ([], 0, 0)
    assert directory_state(county) == before
    # Only the import's own summary event.
    assert Event.objects.count() == events + 1


def test_export_has_the_three_sheets_with_aliases_joined(db):
    county = demo_directory_load(jurisdiction_name="濉溪县")
    workbook = load_workbook(io.BytesIO(directory_export(county)))
    assert workbook.sheetnames == ["单位", "单位组", "牵头领导"]
    rows = {row[0]: row for row in workbook["单位"].iter_rows(min_row=2, values_only=True)}
    assert rows["县住房和城乡建设局"] == (
        "县住房和城乡建设局",
        "濉溪县住房和城乡建设局",
        "政府部门",
        "县住建局、县人防办",
        "否",
        "是",
    )
    assert rows["濉溪镇"][4] == "是"
    groups = {row[0]: row for row in workbook["单位组"].iter_rows(min_row=2, values_only=True)}
    assert groups["各镇"][1].startswith("濉溪镇、韩村镇、")


def test_export_escapes_cells_that_would_run_as_formulas(personas):
    services.unit_update(unit=personas.lead_unit, full_name='=HYPERLINK("http://evil")', by=None)
    services.leader_create(jurisdiction=personas.jurisdiction, name="@王", title="-1+1", by=None)
    data = directory_export(personas.jurisdiction)
    workbook = load_workbook(io.BytesIO(data))
    unit_row = next(r for r in workbook["单位"].iter_rows(min_row=2) if r[0].value == "县司法局")
    assert unit_row[1].value == '\'=HYPERLINK("http://evil")'
    assert unit_row[1].data_type == "s"
    assert [c.value for c in workbook["牵头领导"][3]] == ["'@王", "'-1+1"]
    # ... and the escape is undone on the way back in.
    directory_import(jurisdiction=personas.jurisdiction, file=io.BytesIO(data), by=None)
    personas.lead_unit.refresh_from_db()
    assert personas.lead_unit.full_name == '=HYPERLINK("http://evil")'


def test_import_upserts_by_name_and_sets_aliases_and_members(personas):
    file = workbook_bytes(
        units=[
            ["县司法局", "濉溪县司法局", "政府部门", "司法局、县法治局", "否", "是"],
            ["县财政局", "濉溪县财政局", "直属机构", "", "否", "否"],
            ["濉溪镇", "", "镇", "", "是", ""],
        ],
        groups=[["各镇", "濉溪镇", "示例数据"], ["县政府各部门", "县法治局、县水利局", ""]],
        leaders=[["钱程", "副县长（常务）"], ["王永涛", "县长"]],
    )
    result = directory_import(jurisdiction=personas.jurisdiction, file=file, by=personas.office)
    assert result.errors == []
    units, groups, leaders = directory_state(personas.jurisdiction)
    assert units["县司法局"][4] == ["县法治局", "司法局"]
    assert units["县财政局"][1:4] == ("direct", False, False)
    assert units["濉溪镇"] == ("", "town", True, True, [])
    assert groups["县政府各部门"][0] == ["县司法局", "县水利局"]
    assert leaders == {"钱程": "副县长（常务）", "王永涛": "县长"}
    assert Event.objects.filter(action="orgs.directory_import", actor=personas.office).count() == 1


def test_an_alias_can_move_between_units_in_one_import(personas):
    services.unit_alias_add(unit=personas.lead_unit, text="法治局", by=None)
    file = workbook_bytes(
        units=[
            ["县司法局", "", "政府部门", "", "否", "是"],
            ["县财政局", "", "政府部门", "法治局", "否", "是"],
        ]
    )
    assert directory_import(jurisdiction=personas.jurisdiction, file=file, by=None).errors == []
    assert UnitAlias.objects.get(text="法治局").unit == personas.co_unit


@pytest.mark.parametrize(
    ("units", "groups", "leaders", "message"),
    [
        (
            [["县审计局", "", "政府部门"], ["县统计局", "", "政府部门"], ["县文旅局", "", "局"]],
            [],
            [],
            "单位表第 4 行“类别”列的“局”无法识别，可选：党委部门、政府部门、直属机构、镇、街道、园区、法院、检察院、人大/政协机关、其他",
        ),
        ([["", "濉溪县审计局", "政府部门"]], [], [], "单位表第 2 行没有填写“名称”"),
        (
            [["县审计局", "", "政府部门"], ["县审计局", "", "政府部门"]],
            [],
            [],
            "单位表第 3 行“名称”列的“县审计局”与第 2 行重复，同一单位只能出现一次",
        ),
        (
            [["县审计局", "", "政府部门", "", "也许"]],
            [],
            [],
            "单位表第 2 行“示例数据”列的“也许”无法识别，请填写“是”或“否”",
        ),
        (
            [["县审计局", "", "政府部门", "县财政局"]],
            [],
            [],
            "单位表第 2 行“别名”列的“县财政局”已是单位“县财政局”的名称或别名，同一称呼不能对应两个单位",
        ),
        (
            [],
            [["各部门", "县司法局、县林业局", ""]],
            [],
            "单位组表第 2 行“成员单位”列的“县林业局”不在单位表或名录中，请先在单位表中添加该单位",
        ),
        (
            [],
            [["县司法局", "县财政局", ""]],
            [],
            "单位组表第 2 行“称谓”列的“县司法局”已是单位“县司法局”的名称或别名，请换一个称谓",
        ),
        ([], [], [["钱程", ""], ["钱程", "副县长"]], "牵头领导表第 3 行“姓名”列的“钱程”与第 2 行重复"),
    ],
)
def test_import_reports_row_errors_and_writes_nothing(personas, units, groups, leaders, message):
    before = directory_state(personas.jurisdiction)
    events = Event.objects.count()
    # A valid row after the bad one must not be written either.
    file = workbook_bytes(units=[*units, ["县新单位", "", "其他"]], groups=groups, leaders=leaders)
    result = directory_import(jurisdiction=personas.jurisdiction, file=file, by=None)
    assert message in [error.message for error in result.errors]
    assert directory_state(personas.jurisdiction) == before
    assert Event.objects.count() == events


def test_import_reports_a_missing_sheet_and_a_changed_header(personas):
    result = directory_import(
        jurisdiction=personas.jurisdiction, file=workbook_bytes(sheets=("单位", "单位组")), by=None
    )
    assert [e.message for e in result.errors] == ["工作簿中没有“牵头领导”工作表，请使用本系统导出的名录文件"]
    workbook = Workbook()
    workbook.active.title = "单位"
    workbook["单位"].append(["单位名称", "类别"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = directory_import(jurisdiction=personas.jurisdiction, file=io.BytesIO(buffer.getvalue()), by=None)
    assert "单位表缺少“名称”列，请勿修改表头" in [e.message for e in result.errors]


def test_import_refuses_a_file_that_is_not_a_workbook(personas):
    result = directory_import(jurisdiction=personas.jurisdiction, file=io.BytesIO(b"not a zip"), by=None)
    assert [e.message for e in result.errors] == ["文件无法读取，请上传由本系统导出的 .xlsx 文件"]
