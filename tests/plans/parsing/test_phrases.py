"""时限 and 指标 phrase tables, and each text stage on its own."""

import pytest

from fazhi.plans.parsing.deadlines import extract_deadlines
from fazhi.plans.parsing.numbering import match_label
from fazhi.plans.parsing.stages import normalise, rejoin_paragraphs, split_lines
from fazhi.plans.parsing.targets import extract_targets

DEADLINES = [
    # phrase in context, (text, kind, date, period)
    ("2023年年底前实现信息共享", ("2023年年底前", "by", "2023-12-31", None)),
    ("2022年底前完成换证", ("2022年底前", "by", "2022-12-31", None)),
    ("2022年10月底前办结", ("2022年10月底前", "by", "2022-10-31", None)),
    ("2024年2月底前报送", ("2024年2月底前", "by", "2024-02-29", None)),
    ("2022年6月30日前完成", ("2022年6月30日前", "by", "2022-06-30", None)),
    ("2022年第四季度开始逐步推进", ("2022年第四季度开始", "from", "2022-10-01", None)),
    ("2023年第二季度前完成", ("2023年第二季度前", "by", "2023-06-30", None)),
    ("2023年7月起施行", ("2023年7月起", "from", "2023-07-01", None)),
    ("2023年上半年完成", ("2023年上半年", "by", "2023-06-30", None)),
    ("2023年启动，上半年完成", ("上半年", "by", "2023-06-30", None)),
    ("每年开展一次评查", ("每年", "every", None, "year")),
    ("每年度开展评查", ("每年度", "every", None, "year")),
    ("每季度调度一次", ("每季度", "every", None, "quarter")),
    ("每半年报告一次", ("每半年", "every", None, "half")),
    ("每月报送进展", ("每月", "every", None, "month")),
    ("每周通报", ("每周", "every", None, "week")),
    ("“十四五”期间实现全覆盖", ("“十四五”期间", "by", "2025-12-31", None)),
    ("到2025年基本建成", ("到2025年", "by", "2025-12-31", None)),
    ("2021年年底全部设立", ("2021年年底", "by", "2021-12-31", None)),
    ("2022年全面完成各项任务", ("2022年全面完成", "by", "2022-12-31", None)),
    ("2024年起实行", ("2024年起", "from", "2024-01-01", None)),
    ("长期坚持", ("长期坚持", "ongoing", None, None)),
    ("持续推进减证便民", ("持续推进", "ongoing", None, None)),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES)
def test_deadline_phrase_is_normalised(text, expected):
    (deadline,) = extract_deadlines(text)
    assert (deadline.text, deadline.kind, deadline.date.isoformat() if deadline.date else None,
            deadline.period) == expected


def test_no_time_phrase_means_no_deadline():
    assert extract_deadlines("完善行政裁决制度，推进执法公示。") == []


def test_repeated_cadence_is_listed_once():
    assert len(extract_deadlines("每年举办一期培训班，每年组织一次评查")) == 1


TARGETS = [
    # text, (subject, comparator, value, unit, per, by)
    ("推动行政机关负责人出庭应诉率达到100%", ("行政机关负责人出庭应诉率", ">=", 100, "%", None, None)),
    ("行政机关负责人出庭应诉率保持100%", ("行政机关负责人出庭应诉率", ">=", 100, "%", None, None)),
    ("政务服务事项网上可办率不低于95%", ("政务服务事项网上可办率", ">=", 95, "%", None, None)),
    ("满意率保持在98%以上", ("满意率", ">=", 98, "%", None, None)),
    ("市场主体满意度高于95%", ("市场主体满意度", ">", 95, "%", None, None)),
    ("每人每年接受不少于60学时的培训", (None, ">=", 60, "学时", "person-year", None)),
    ("每名律师每年联系企业至少1次", (None, ">=", 1, "次", "year", None)),
    ("配备2名以上专职调解员", (None, ">=", 2, "名", None, None)),
    ("在事件发生后5小时内发布权威信息", (None, "<=", 5, "小时", None, None)),
    ("公职律师工作覆盖率力争达到30%", ("公职律师工作覆盖率", ">=", 30, "%", None, None)),
    ("每年至少对1件规范性文件开展后评估", (None, ">=", 1, "件", "year", None)),
    ("采购并投入使用4台自助终端", (None, "=", 4, "台", None, None)),
    ("每年应当举办两期以上法治专题讲座", (None, ">=", 2, "期", "year", None)),
    ("每年至少举办一期培训班", (None, ">=", 1, "期", "year", None)),
    ("案件审结率不超过90%", ("案件审结率", "<=", 90, "%", None, None)),
    ("2022年10月底前涉法涉诉信访办结率达90%以上", ("涉法涉诉信访办结率", ">=", 90, "%", None, "2022-10-31")),
    ("行政机关2022年年底公职律师工作覆盖率力争达到30%", ("公职律师工作覆盖率", ">=", 30, "%", None, "2022-12-31")),
    ("一般不少于7个工作日", (None, ">=", 7, "工作日", None, None)),
]


@pytest.mark.parametrize(("text", "expected"), TARGETS)
def test_target_phrase_is_normalised(text, expected):
    (target,) = extract_targets(text)
    assert (target.subject, target.comparator, target.value, target.unit, target.per,
            target.by.isoformat() if target.by else None) == expected


def test_one_target_per_subject_of_a_shared_value():
    targets = extract_targets("行政规范性文件报备率、报备及时率、规范率达100%")
    assert [t.subject for t in targets] == ["行政规范性文件报备率", "报备及时率", "规范率"]
    assert {t.text for t in targets} == {"行政规范性文件报备率、报备及时率、规范率达100%"}


@pytest.mark.parametrize("text", ["推行7×24小时不打烊服务", "实现12345一个号码服务", "逐步实现一支队伍管执法",
                                  "确保1名律师", "开展“6·18网络司法拍卖节”"])
def test_numbers_that_are_not_targets(text):
    assert extract_targets(text) == []


def test_normalise_keeps_line_count_and_removes_markup_and_spaces():
    cleaned = normalise("\ufeff**标题**\r\n\r\n不少于 60 学时\r中共濉溪县委 濉溪县人民政府\n皖事通 APP 与 Web API")
    assert cleaned == ["标题", "", "不少于60学时", "中共濉溪县委 濉溪县人民政府", "皖事通APP与Web API"]


def test_split_lines_keeps_source_line_numbers():
    assert [(line.number, line.text) for line in split_lines(["a", "", "b"])] == [(1, "a"), (3, "b")]


def test_rejoin_glues_page_breaks_but_not_headings():
    lines = split_lines(normalise(
        "四、健全行政决策制度体系，不断提升行政决策公信力和执\n\n行力\n一、总体目标\n对标全国，力争三年创一流。\n"))
    paragraphs = rejoin_paragraphs(lines)
    assert [p.text for p in paragraphs] == [
        "四、健全行政决策制度体系，不断提升行政决策公信力和执行力", "一、总体目标", "对标全国，力争三年创一流。"]
    assert paragraphs[0].lines == [1, 3]


@pytest.mark.parametrize(("text", "family", "written", "value"), [
    ("一、总体目标", "cn", "一、", 1),
    ("（十九）形成监督合力", "paren_cn", "（十九）", 19),
    ("(二十八)全面加强", "paren_cn", "(二十八)", 28),
    ("29．2022年全面完成", "arabic", "29．", 29),
    ("3.建立制度", "arabic", "3.", 3),
    ("（1）规范执法", "paren_arabic", "（1）", 1),
    ("③开展评查", "circled", "③", 3),
])
def test_item_labels(text, family, written, value):
    label = match_label(text)
    assert (label.family, label.written, label.value) == (family, written, value)


@pytest.mark.parametrize("text", ["1.5倍", "2022年底前", "(园区), 县政府", "（此件公开发布）", "12345热线"])
def test_text_that_is_not_a_label(text):
    assert match_label(text) is None
