"""屯溪区推进法治政府建设率先突破三年行动方案: items 1–33 are tasks, three yearly goals.

Expected values are written out from reading the document, one row per task.
"""

import pytest

from fazhi.plans.parsing import ledger_with_trace

from .helpers import TUNXI, deadline_tuples, names, target_tuples

TOWNS = "各镇人民政府 各街道办事处"
DEPTS = "区政府各部门 " + TOWNS
EVERY_YEAR = ("every", "year")
JUDICIAL = "区司法局"

# lead units, co units, deadlines, targets (subject, cmp, value, unit, per, by); the number is the row index.
EXPECTED = {
    1: (JUDICIAL, DEPTS, [], []),
    2: (JUDICIAL, "区数据资源局 " + DEPTS, [], []),
    3: (JUDICIAL, "区政府办", [], []),
    4: (JUDICIAL, "区政府办", [], [("行政规范性文件报备率", ">=", 100, "%", None, None),
                                  ("报备及时率", ">=", 100, "%", None, None),
                                  ("规范率", ">=", 100, "%", None, None)]),
    5: (JUDICIAL, "区政府办", [EVERY_YEAR], [(None, ">=", 1, "件", "year", None)]),
    6: (JUDICIAL, DEPTS, [], []),
    7: (JUDICIAL, TOWNS, [("from", "2022-10-01"), EVERY_YEAR], []),
    8: ("区委编办 区司法局", "区文旅体局 区市场监管局 区生态环境分局 区交运局 区农业农村局 区应急局 区城管执法局",
        [], []),
    9: ("区委组织部", "区委编办 区人社局 区司法局", [], []),
    10: (JUDICIAL, "区政府有关部门 " + TOWNS, [], []),
    11: (JUDICIAL, DEPTS, [], []),
    12: (JUDICIAL, DEPTS, [], []),
    13: (JUDICIAL, DEPTS, [EVERY_YEAR], [("重大执法决定法制审核执行率", ">=", 100, "%", None, None),
                                         (None, ">=", 1, "次", "year", None)]),
    14: (JUDICIAL, "区人社局 区财政局", [EVERY_YEAR, ("by", "2022-12-31")],
         [(None, ">=", 60, "学时", "person-year", None)]),
    15: (JUDICIAL, DEPTS, [], []),
    16: (JUDICIAL, DEPTS, [], []),
    17: (JUDICIAL, DEPTS, [], [("行政机关负责人出庭应诉率", ">=", 100, "%", None, None)]),
    18: (JUDICIAL, "区委编办 区法院", [("by", "2022-12-31")], []),
    19: (JUDICIAL, "区法院 区检察院 屯溪公安分局", [], [("司法建议、检察建议按期办复率", ">=", 100, "%", None, None)]),
    20: ("区发改委", "区法院 区司法局 区市场监管局 " + TOWNS, [], []),
    21: ("区委编办 区政府办 区司法局", "区数据资源局", [], []),
    22: ("区数据资源局", DEPTS, [], []),
    23: ("区政府办", DEPTS, [], []),
    24: (JUDICIAL, "区委政法委 区法院 区工商联 " + TOWNS, [],
         [("人民群众对化解社会矛盾纠纷工作的满意度", ">=", 90, "%", None, None),
          (None, ">=", 2, "名", None, None), (None, ">=", 1, "名", None, None)]),
    25: ("区委政法委", "区信访局 区法院 区检察院 屯溪公安分局 区司法局", [("by", "2022-10-31")],
         [("涉法涉诉信访办结率", ">=", 90, "%", None, "2022-10-31")]),
    26: ("区应急局", "屯溪公安分局 区卫健委 区委网信办 " + TOWNS, [],
         [(None, "<=", 5, "小时", None, None), (None, "<=", 24, "小时", None, None)]),
    27: ("区卫健委", TOWNS, [], []),
    28: (JUDICIAL, DEPTS, [], []),
    29: (JUDICIAL, TOWNS, [("by", "2022-12-31")],
         [(None, "=", 4, "台", None, None),
          ("区、镇、村（居）公共法律服务实体平台建成率", "=", 100, "%", None, None),
          ("12348公共法律服务热线平台服务满意率", ">=", 98, "%", None, None),
          ("安徽法律服务网咨询解答满意率", ">=", 98, "%", None, None)]),
    30: (JUDICIAL, "", [EVERY_YEAR], [(None, ">=", 1, "家", None, None), (None, ">=", 1, "次", "year", None)]),
    31: (JUDICIAL, "区法宣办 区委宣传部 " + TOWNS, [], []),
    32: ("区委组织部", DEPTS, [], []),
    33: ("区法宣办", DEPTS, [EVERY_YEAR],
         [(None, ">=", 2, "期", "year", None), (None, ">=", 1, "次", None, None), (None, ">=", 1, "次", None, None),
          ("就职进行宪法宣誓率", ">=", 100, "%", None, None)]),
}

SECTIONS = {"（一）": range(1, 8), "（二）": range(8, 15), "（三）": range(15, 21), "（四）": range(21, 28),
            "（五）": range(28, 34)}


@pytest.fixture(scope="module")
def result():
    return ledger_with_trace(TUNXI.read_text(encoding="utf-8"))


def test_items_1_to_33_are_tasks(result):
    assert [t.number for t in result.ledger.tasks] == [str(n) for n in range(1, 34)]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_task_matches_the_document(result, number):
    lead, co, deadlines, targets = EXPECTED[number]
    task = result.ledger.tasks[number - 1]
    assert task.lead_leaders == []
    assert task.lead_units == names(lead)
    assert task.co_units == names(co)
    assert deadline_tuples(task) == deadlines
    assert target_tuples(task) == targets


def test_tasks_stand_under_the_second_level_headings(result):
    by_id = {h.id: h for h in result.ledger.headings}
    for number, seqs in SECTIONS.items():
        for seq in seqs:
            heading = by_id[result.ledger.tasks[seq - 1].heading]
            assert (heading.number, heading.level) == (number, 2)
            assert by_id[heading.parent].number == "二、"


def test_heading_intro_sentences_are_heading_text_not_noise(result):
    first = next(h for h in result.ledger.headings if h.number == "（一）")
    assert first.title == "全面优化行政制度供给"
    assert result.line_roles[19] == "heading"
    assert result.ledger.unparsed == []


def test_organisation_section_is_headings_without_tasks(result):
    organisation = [h for h in result.ledger.headings if h.line and h.line >= 57]
    assert [(h.number, h.title) for h in organisation] == [
        ("三、", "组织保障"), ("（一）", "加强组织领导"), ("（二）", "开展示范创建"), ("（三）", "强化推动落实"),
        ("（四）", "加大宣传力度")]
    assert all(result.line_roles[n] == "heading" for n in range(57, 62))


def test_three_yearly_goals_with_their_targets(result):
    goals = result.ledger.goals
    assert [g.year for g in goals] == [2022, 2023, 2024]
    assert target_tuples(goals[0]) == [
        ("政务服务事项网上可办率", ">=", 95, "%", None, "2022-12-31"),
        ("重大行政决策合法性审查率", ">=", 100, "%", None, "2022-12-31"),
        ("集体讨论率", ">=", 100, "%", None, "2022-12-31"),
        ("区镇两级政府和村（居）法律顾问覆盖率", ">=", 100, "%", None, "2022-12-31"),
        ("行政机关负责人出庭应诉率", ">=", 100, "%", None, "2022-12-31"),
    ]
    assert target_tuples(goals[1]) == [
        ("法院生效判决执行率", "=", 100, "%", None, "2023-12-31"),
        ("行政复议决定履行率", "=", 100, "%", None, "2023-12-31"),
        ("区镇两级人民政府、区政府工作部门主要负责人年终述法率", "=", 100, "%", None, "2023-12-31"),
    ]
    assert target_tuples(goals[2]) == [
        ("第三方调查市场主体满意度", ">", 95, "%", None, "2024-12-31"),
        ("人民群众对法治政府建设满意度", ">=", 95, "%", None, "2024-12-31"),
    ]


def test_plan_metadata(result):
    plan = result.ledger.plan
    assert plan.title == "屯溪区推进法治政府建设率先突破三年行动方案（2022－2024年）"
    assert plan.issuers == ["黄山市屯溪区人民政府"]
    assert (plan.doc_number, plan.issued_on) == (None, None)
    assert (plan.period_start, plan.period_end) == (2022, 2024)


def test_item_25_with_ascii_colon_and_item_30_without_co_units(result):
    assert result.ledger.tasks[24].annotation == "（责任单位:区委政法委；配合单位：区信访局、区法院、区检察院、屯溪公安分局、区司法局）"
    assert result.ledger.tasks[29].co_units == []


def test_trailing_deng_is_removed(result):
    assert result.ledger.tasks[18].co_units[-1] == "屯溪公安分局"
    assert result.ledger.tasks[20].co_units == ["区数据资源局"]
