"""濉溪县法治政府建设实施方案: every annotated paragraph under （三）–（二十九） is a task.

Expected values are written out from reading the document, one row per task.
"""

from datetime import date

import pytest

from fazhi.plans.parsing import ledger_with_trace

from .helpers import SUIXI, deadline_tuples, names, target_tuples

FW = "各镇（园区） 县政府各部门 各直属机构"
HW = "各镇(园区) 县政府各部门 各直属机构"
DEPTS = "县政府各部门 各直属机构"
EVERY_YEAR = ("every", "year")
ONGOING = ("ongoing", None)

# number, lead leaders, lead units, co units, deadlines, targets (subject, cmp, value, unit, per, by)
EXPECTED = [
    ("（三）", "王永涛 葛剑", "县政府办公室 县发展和改革委员会 县委机构编制委员会办公室", FW, [], []),
    (None, "葛剑 鲍锐", "县委机构编制委员会办公室 县市场监督管理局", "县政府办公室 县司法局 县数据资源管理局", [], []),
    ("(四)", "王永涛 葛剑 鲍锐",
     "县政府办公室 县委机构编制委员会办公室 县发展和改革委员会 县市场监督管理局 县司法局 县数据资源管理局", HW,
     [ONGOING], []),
    (None, "王永涛 钱程", "县发展和改革委员会 县司法局", FW, [], []),
    (None, "鲍锐", "县数据资源管理局", FW, [ONGOING], []),
    ("（五）", "吴飞 鲍锐", "人大常委会监司工委 县政府办公室 县司法局 县商务局 县市场监督管理局", DEPTS, [], []),
    ("（六）", "钱程", "县政府办公室 县司法局", FW, [], []),
    ("(七)", "王永涛 钱程", "县政府办公室 县司法局", FW, [], []),
    ("(八)", "钱程", "县司法局 县政府办公室", FW, [], [(None, ">=", 7, "工作日", None, None)]),
    ("（九）", "王永涛 蒋鹏", "县政府办公室 县委办公室（县委督查考核办） 县司法局", FW, [], []),
    ("（十）", "葛剑 钱程", "县委机构编制委员会办公室 县委政法委 县检察院 县司法局 县财政局",
     "各镇（园区） 县法院 县政府各部门 各直属机构", [("by", "2023-12-31")], []),
    ("（十一）", "钱程", "县司法局", HW, [], []),
    ("(十二)", "钱程", "县司法局", DEPTS, [], []),
    (None, "钱程", "县司法局", DEPTS, [EVERY_YEAR], []),
    ("(十三)", "王永涛 马明", "县应急管理局 县卫生健康委员会", "各镇（园区）", [], []),
    (None, "马明", "县卫生健康委员会 县应急管理局 县公安局",
     "各镇（园区） 县住建局（县人防办） 县防震服务中心 县民政局", [], []),
    ("（十四）", "王永涛", "县应急管理局",
     "各镇（园区） 县卫生健康委员会 县财政局 县人力资源和社会保障局 县民政局", [], []),
    ("(十五)", "钱程", "县司法局", "各镇（园区） 县委政法委 县政府各部门 各直属机构", [], []),
    ("(十六)", "钱程", "县司法局", FW, [], []),
    ("(十七)", "钱程", "县司法局 县委机构编制委员会办公室 县财政局", FW, [("by", "2022-12-31")], []),
    ("（十八）", "钱程", "县司法局", "各镇（园区） 县法院 县检察院 县政府各部门 各直属机构", [],
     [("行政机关负责人出庭应诉率", ">=", 100, "%", None, None)]),
    ("（十九）", "李登玖 刘鏊", "县纪委监委 县审计局 县委组织部", FW, [], []),
    (None, "李登玖", "县纪委监委", HW, [], []),
    ("(二十)", "王永涛", "县政府办公室 县委办公室(县委督查考核办) 县纪委监委", HW, [], []),
    (None, "王永涛", "县政府办公室", HW, [], []),
    (None, "王永涛", "县发展和改革委员会", HW, [], []),
    ("(二十一)", "鲍锐", "县数据资源管理局 县政府办公室 人大常委会监司工委 县司法局", HW, [], []),
    ("(二十二)", "王永涛 鲍锐", "县政府办公室 县数据资源管理局", HW, [], []),
    ("(二十三)", "钱程", "县司法局", FW, [], []),
    ("(二十四)", "陈明月 蒋鹏", "县委办公室 县委依法治县办", FW, [], []),
    ("（二十五）", "陈明月", "县委依法治县办", FW, [], []),
    # The alias bracket is written half open, half full width across a page break: kept as written.
    ("（二十六）", "陈明月 蒋鹏", "县委依法治县办 县委办公室（县委督查考核办)", HW, [], []),
    ("(二十七)", "陈明月", "县委依法治县办", HW, [], []),
    ("(二十八)", "王永涛 葛剑", "县政府办公室 县委组织部 县司法局 县委党校", FW, [EVERY_YEAR],
     [(None, ">=", 1, "期", "year", None), (None, ">=", 2, "期", "year", None), (None, ">=", 1, "次", None, None)]),
    (None, "葛剑 钱程", "县委组织部 县委机构编制委员会办公室 县司法局 县人力资源和社会保障局", FW,
     [EVERY_YEAR, ("by", "2021-12-31"), ("by", "2022-12-31"), ("by", "2025-12-31")],
     [(None, ">=", 60, "学时", "person-year", None), ("公职律师工作覆盖率", ">=", 30, "%", None, "2022-12-31")]),
    ("（二十九）", "张华", "县委宣传部 县法宣办 县委依法治县办", FW, [], []),
]


@pytest.fixture(scope="module")
def result():
    return ledger_with_trace(SUIXI.read_text(encoding="utf-8"))


def test_it_finds_every_annotated_paragraph_as_a_task(result):
    assert len(result.ledger.tasks) == len(EXPECTED) == 36
    assert [t.seq for t in result.ledger.tasks] == list(range(1, 37))


@pytest.mark.parametrize("seq", range(1, len(EXPECTED) + 1))
def test_task_matches_the_document(result, seq):
    number, leaders, lead, co, deadlines, targets = EXPECTED[seq - 1]
    task = result.ledger.tasks[seq - 1]
    assert task.number == number
    assert task.lead_leaders == names(leaders)
    assert task.lead_units == names(lead)
    assert task.co_units == names(co)
    assert deadline_tuples(task) == deadlines
    assert target_tuples(task) == targets


def test_plan_metadata(result):
    plan = result.ledger.plan
    assert plan.title == "濉溪县法治政府建设实施方案(2021—2025年)"
    assert plan.issuers == ["中共濉溪县委", "濉溪县人民政府"]
    assert plan.doc_number == "濉发〔2022〕15号"
    assert plan.issued_on == date(2022, 4, 11)
    assert (plan.period_start, plan.period_end) == (2021, 2025)


def test_headings_form_a_two_level_tree(result):
    headings = result.ledger.headings
    assert [h.number for h in headings if h.level == 1] == [
        "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、"]
    guide, goal = [h for h in headings if h.level == 2]
    assert (guide.number, guide.title, guide.parent) == ("(一)", "指导思想", headings[0].id)
    assert (goal.number, goal.title) == ("(二)", "总体目标")
    # 四、 is broken across a page break (lines 56–58) and comes out whole.
    fourth = headings[5]
    assert fourth.title == "健全行政决策制度体系，不断提升行政决策公信力和执行力"
    assert fourth.line == 56


def test_the_overall_goal_is_a_goal_of_2025(result):
    (goal,) = result.ledger.goals
    assert goal.year == 2025
    assert goal.text.startswith("到2025年，政府行为全面纳入法治轨道")
    assert "行政执法体制机制基本完善" in goal.text  # broken mid-word across lines 28–30


def test_tasks_stand_under_their_section_headings(result):
    by_id = {h.id: h for h in result.ledger.headings}
    tasks = result.ledger.tasks
    assert by_id[tasks[0].heading].number == "二、"
    assert by_id[tasks[-1].heading].number == "十、"
    assert tasks[0].text.startswith("推进政府机构职能优化协同高效。")


def test_annotation_split_across_a_page_break_is_whole(result):
    task = result.ledger.tasks[22]
    assert task.lines == (114, 116)
    assert task.annotation == "〔牵头县领导：李登玖；牵头责任单位：县纪委监委；协同责任单位：各镇(园区),县政府各部门、各直属机构]"
    assert result.line_roles[116] == "task"


def test_annotation_on_its_own_line_belongs_to_the_paragraph_above(result):
    task = result.ledger.tasks[1]
    assert task.lines == (36, 38)
    assert task.text.endswith("普遍落实“非禁即入”。")
    assert result.line_roles[38] == "annotation"


def test_paragraph_broken_mid_word_is_rejoined(result):
    task = result.ledger.tasks[34]
    assert "县人力资源和社会保障局" in task.annotation
    assert result.ledger.tasks[3].text.count("新型监管机制") == 1


def test_markup_is_removed_from_text_and_annotation(result):
    for task in result.ledger.tasks:
        assert "**" not in task.text and "**" not in (task.annotation or "")


def test_nothing_is_left_unparsed_and_closing_matter_is_back_matter(result):
    assert result.ledger.unparsed == []
    assert result.line_roles[162] == "back"
    assert result.line_roles[166] == "back"
    assert result.line_roles[22] == "front"
    assert result.line_roles[3] == "front"
