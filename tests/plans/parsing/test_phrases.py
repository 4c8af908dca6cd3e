"""时限 and 指标 phrase tables, and each text stage on its own."""

import pytest

from fazhi.plans.parsing.deadlines import extract_deadlines, find_deadlines
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


YEARLESS_DEADLINES = [
    # phrase in a task of a one-year 工作要点 (plan year 2025), (text, date)
    ("6月底前出台实施细则", ("6月底前", "2025-06-30")),
    ("9月底前完成评估", ("9月底前", "2025-09-30")),
    ("3月31日前报送年度报告", ("3月31日前", "2025-03-31")),
    ("1月31日前公开上年度法治政府建设情况", ("1月31日前", "2025-01-31")),
    ("年底前全面完成清理", ("年底前", "2025-12-31")),
    ("年内建成示范点", ("年内", "2025-12-31")),
    ("11月中旬前组织考核", ("11月中旬前", "2025-11-20")),
    ("十月底前完成", ("十月底前", "2025-10-31")),
    ("三季度末前完成", ("三季度末前", "2025-09-30")),
    ("第二季度前完成", ("第二季度前", "2025-06-30")),
    ("上半年完成", ("上半年", "2025-06-30")),
    ("下半年开展专项督察", ("下半年", "2025-12-31")),
    ("2026年启动，6月底前完成首批", ("6月底前", "2026-06-30")),
    ("报送2024年度报告，1月31日前公开", ("1月31日前", "2025-01-31")),
]


@pytest.mark.parametrize(("text", "expected"), YEARLESS_DEADLINES)
def test_a_phrase_without_year_takes_the_plans_year(text, expected):
    (deadline,) = [d for d in extract_deadlines(text, year=2025) if d.kind == "by"]
    assert (deadline.text, deadline.date.isoformat()) == expected


@pytest.mark.parametrize("text", ["6月底前出台实施细则", "年底前全面完成清理", "3月31日前报送"])
def test_a_phrase_without_year_in_a_plan_without_year_gives_no_deadline(text):
    assert extract_deadlines(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("2019年实现县乡两级全覆盖", ("2019年实现", "2019-12-31")),
    ("2020年建成公共法律服务平台", ("2020年建成", "2020-12-31")),
])
def test_a_year_with_a_result_verb_is_a_deadline(text, expected):
    (deadline,) = extract_deadlines(text, year=2019)
    assert (deadline.text, deadline.date.isoformat()) == expected


@pytest.mark.parametrize("text", ["三年内完成", "每月10日前报送", "近两年内", "16月", "5年内实现"])
def test_durations_and_cadences_are_not_dated_by_the_plan_year(text):
    assert all(d.kind != "by" for d in extract_deadlines(text, year=2025))


def test_a_cadence_and_a_yearless_date_are_both_read():
    assert [(d.kind, d.date.isoformat() if d.date else d.period) for d in extract_deadlines(
        "每年6月底前报告上年度工作", year=2025)] == [("every", "year"), ("by", "2025-06-30")]


YEARLY_TARGETS = [
    # text, (target text, comparator, value, unit, per, by) with plan year 2025
    ("每季度评查行政执法案卷不少于10卷", ("不少于10卷", ">=", 10, "卷", "quarter", None)),
    ("法治政府建设考核得分不低于3分", ("不低于3分", ">=", 3, "分", None, None)),
    ("每年办理4至5件行政复议示范案件", ("4至5件", ">=", 4, "件", "year", None)),
    ("梳理公布43项证明事项清单", ("43项", "=", 43, "项", None, None)),
    ("共清理12件规范性文件", ("12件", "=", 12, "件", None, None)),
    ("6月底前行政复议纠错率达到100%", ("行政复议纠错率达到100%", ">=", 100, "%", None, "2025-06-30")),
    ("年底前执法案卷合格率达90%以上", ("执法案卷合格率达90%以上", ">=", 90, "%", None, "2025-12-31")),
    ("9月底前培训执法人员不少于300人次", ("不少于300人次", ">=", 300, "人次", None, "2025-09-30")),
]


@pytest.mark.parametrize(("text", "expected"), YEARLY_TARGETS)
def test_target_in_a_yearly_plan(text, expected):
    (target,) = extract_targets(text, year=2025)
    assert (target.text, target.comparator, target.value, target.unit, target.per,
            target.by.isoformat() if target.by else None) == expected


@pytest.mark.parametrize("text", ["6月底前行政复议纠错率达到100%", "年底前执法案卷合格率达90%以上",
                                  "3月31日前报送率达100%"])
@pytest.mark.parametrize("year", [2025, None])
def test_a_deadline_phrase_is_never_inside_a_target(text, year):
    (target,) = extract_targets(text, year=year)
    assert not any(found.deadline.text in target.text for found in find_deadlines(text))
    assert not any(word in (target.subject or "") for word in ("底前", "日前", "年底"))


@pytest.mark.parametrize("text", ["列入第3项", "每季度开展一次评查", "完成2次", "梳理2024年清单"])
def test_counts_that_are_not_targets(text):
    assert extract_targets(text, year=2025) == []
