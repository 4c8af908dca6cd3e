"""One short realistic snippet per annotation variant the importer must accept."""

import pytest

from fazhi.plans.parsing import parse_text
from fazhi.plans.parsing.annotations import split_annotation, split_units

from .helpers import names


def only_task(text: str):
    ledger = parse_text(text)
    assert len(ledger.tasks) == 1, ledger.tasks
    return ledger.tasks[0]


VARIANTS = [
    # (text, leaders, lead units, co units)
    ("（一）加强调解。完善调解机制。〔牵头县领导：王永涛；牵头责任单位：县司法局；协同责任单位：各镇（园区），县政府各部门、各直属机构〕",
     "王永涛", "县司法局", "各镇（园区） 县政府各部门 各直属机构"),
    ("1．完善清理机制。（责任单位：区司法局；配合单位：区政府各部门、各镇人民政府）",
     "", "区司法局", "区政府各部门 各镇人民政府"),
    ("1．完善清理机制。(责任单位:区司法局;配合单位:区政府办)", "", "区司法局", "区政府办"),
    ("（二）推进复议改革。〔牵头单位:市司法局;责任单位:市委编办、市财政局〕", "", "市司法局", "市委编办 市财政局"),
    ("（二）推进复议改革。（市法制局牵头，市监察局、市财政局配合）", "", "市法制局", "市监察局 市财政局"),
    ("2．落实公示制度。【牵头单位：市司法局；参与单位：市直各执法部门】", "", "市司法局", "市直各执法部门"),
    ("2．落实公示制度。[责任部门：市政府办公室；协办单位：市数据资源局]", "", "市政府办公室", "市数据资源局"),
    ("2．落实公示制度。（主责单位：市司法局；配合部门：市财政局）", "", "市司法局", "市财政局"),
    ("2．落实公示制度。〔牵头部门：市司法局；协同单位：各县区政府〕", "", "市司法局", "各县区政府"),
    # Opened with 〔, closed with ]: the brackets need not match.
    ("（三）完善诚信机制。〔牵头县领导: 王永涛; 牵头责任单位: 县发展和改革委员会; 协同责任单位: 各镇(园区), 县政府各部门]",
     "王永涛", "县发展和改革委员会", "各镇(园区) 县政府各部门"),
    # Bold markers around and between the fields.
    ("（四）加强应诉。〔**牵头县领导：钱程；** **牵头责任单位：县司法局；** **协同责任单位：县法院、县检察院**〕",
     "钱程", "县司法局", "县法院 县检察院"),
    ("（五）完善考核。**〔牵头县领导：陈明月、蒋鹏；牵头责任单位：县委依法治县办、县委办公室（县委督查考核办）〕**",
     "陈明月 蒋鹏", "县委依法治县办 县委办公室（县委督查考核办）", ""),
]


@pytest.mark.parametrize(("text", "leaders", "lead", "co"), VARIANTS)
def test_annotation_variant_is_understood(text, leaders, lead, co):
    task = only_task(text)
    assert (task.lead_leaders, task.lead_units, task.co_units) == (names(leaders), names(lead), names(co))
    assert "牵头" not in task.text and "责任" not in task.text


def test_responsibility_line_on_its_own_after_the_paragraph():
    task = only_task("一、总则\n3．建立法律顾问制度。\n责任单位：市司法局；配合单位：市直各部门\n")
    assert (task.number, task.lead_units, task.co_units, task.lines) == ("3", ["市司法局"], ["市直各部门"], (2, 3))
    assert task.text == "建立法律顾问制度。"


def test_annotation_split_by_a_page_break_inside_a_name():
    text = ("（二十）推进政务公开。全面公开清单。**〔牵头县领导：王永涛；牵头责任单位：县政府办公室；协同责任单位：各镇(园**\n"
            "\n区), 县政府各部门、各直属机构]\n")
    task = only_task(text)
    assert task.co_units == ["各镇(园区)", "县政府各部门", "各直属机构"]
    assert task.lines == (1, 3)


def test_annotation_closed_too_early_before_a_page_break():
    text = ("（十九）严肃问责。健全容错纠错机制。〔**牵头县领导：李登玖；** **牵头责任单位：县纪委监委；** "
            "**协同责任单位：各镇**〕\n\n(园区), 县政府各部门、各直属机构]\n")
    assert only_task(text).co_units == ["各镇(园区)", "县政府各部门", "各直属机构"]


def test_paragraph_broken_mid_word_across_a_blank_line():
    text = ("（十）深化行政执法体制改革。积极推进基层综合行政\n\n执法改革，推动行政执法权限和力量向基层延伸。"
            "〔牵头县领导：钱程；牵头责任单位：县司法局〕\n")
    assert "基层综合行政执法改革" in only_task(text).text


@pytest.mark.parametrize(("raw", "expected"), [
    ("县司法局、县财政局等", "县司法局 县财政局"),
    ("区法院、区检察院、屯溪公安分局等", "区法院 区检察院 屯溪公安分局"),
    ("各镇（园区），县政府各部门、各直属机构", "各镇（园区） 县政府各部门 各直属机构"),
    ("各镇(园区), 县政府各部门", "各镇(园区) 县政府各部门"),
    ("县住建局（县人防办）、县民政局", "县住建局（县人防办） 县民政局"),
    ("县委办公室（县委督查考核办、县信访局）；县司法局", "县委办公室（县委督查考核办、县信访局） 县司法局"),
    ("王永涛、葛剑", "王永涛 葛剑"),
    ("市司法局;市财政局,市审计局", "市司法局 市财政局 市审计局"),
])
def test_units_split_at_top_level_only(raw, expected):
    assert split_units(raw) == names(expected)


def test_stray_spaces_around_digits_are_removed():
    task = only_task("5．确保每人每年接受不少于 60 学时的培训，2022 年底前完成换证。（责任单位：区司法局）")
    assert task.text == "确保每人每年接受不少于60学时的培训，2022年底前完成换证。"
    assert [(t.value, t.unit) for t in task.targets] == [(60, "学时")]
    assert [d.date.isoformat() for d in task.deadlines if d.date] == ["2022-12-31"]


@pytest.mark.parametrize("text", ["（此件公开发布）", "（2021版）", "（2022－2024年）", "（见附件）"])
def test_ordinary_brackets_are_not_annotations(text):
    assert split_annotation("完成清理工作" + text) is None


def test_numbering_styles_full_and_half_width_with_or_without_spaces():
    text = ("一、总体要求\n（一） 目标\n1. 第一项工作。（责任单位：甲局）\n2．第二项工作。（责任单位：乙局）\n"
            "3、第三项工作。（责任单位：丙局）\n(二)保障\n4 ．第四项工作。(责任单位:丁局)\n")
    ledger = parse_text(text)
    assert [t.number for t in ledger.tasks] == ["1", "2", "3", "4"]
    assert [(h.number, h.level) for h in ledger.headings] == [("一、", 1), ("（一）", 2), ("(二)", 2)]


def test_plan_without_annotations_takes_its_lowest_numbered_items_as_tasks():
    text = "一、工作任务\n（一）规范执法\n1．推行执法公示。\n2．推行全过程记录。\n（二）强化监督\n3．开展案卷评查。\n"
    ledger = parse_text(text)
    assert [(t.number, t.text) for t in ledger.tasks] == [
        ("1", "推行执法公示。"), ("2", "推行全过程记录。"), ("3", "开展案卷评查。")]
    by_id = {h.id: h for h in ledger.headings}
    assert by_id[ledger.tasks[2].heading].title == "强化监督"
    assert all(t.lead_units == [] for t in ledger.tasks)


def test_stray_annotation_without_a_paragraph_is_reported():
    text = "（一）推进改革。（责任单位：甲局）\n（责任单位：乙局）\n"
    ledger = parse_text(text)
    assert len(ledger.tasks) == 1
    assert [u.line for u in ledger.unparsed] == [2]
    assert "annotation" in ledger.unparsed[0].reason


def test_unannotated_paragraph_between_tasks_is_unparsed_with_a_reason():
    text = "（一）推进改革。（责任单位：甲局）\n这一段没有责任单位。\n（二）推进公开。（责任单位：乙局）\n"
    ledger = parse_text(text)
    assert [u.line for u in ledger.unparsed] == [2]
    assert "没有标注责任单位" in ledger.unparsed[0].reason


@pytest.mark.parametrize("annotation", [
    "（牵头单位：市司法局，配合单位：市直各部门、各县区政府）",
    "（牵头单位：市司法局 配合单位：市直各部门、各县区政府）",
    "（牵头单位：市司法局；配合单位：市直各部门；各县区政府）",
    "(牵头单位:市司法局;配合单位:市直各部门,各县区政府)。",
])
def test_fields_separated_by_commas_spaces_or_semicolons(annotation):
    task = only_task("（一）推进行政复议规范化建设。" + annotation)
    assert (task.lead_units, task.co_units) == (["市司法局"], ["市直各部门", "各县区政府"])


def test_leader_field_variants():
    task = only_task("（一）推进改革。（责任领导：张三、李四；责任单位：市司法局；完成时限：2023年6月底前）")
    assert (task.lead_leaders, task.lead_units) == (["张三", "李四"], ["市司法局"])
    assert [d.date.isoformat() for d in task.deadlines] == ["2023-06-30"]
    assert task.text == "推进改革。"
