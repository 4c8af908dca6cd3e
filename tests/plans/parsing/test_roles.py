"""Role grammar beyond 牵头/配合 labels: one realistic annotation per row, expected roles written out."""

import pytest

from fazhi.lib.hanzi import TO_SIMPLIFIED, to_simplified
from fazhi.plans.parsing import parse_text
from fazhi.plans.parsing.annotations import (
    Responsibility,
    looks_like_annotation_start,
    parse_fields,
    split_annotation,
    split_names,
    split_units,
)
from fazhi.plans.parsing.rolewords import LABELS, VERBS

from .helpers import names

ROLE_SENTENCES = [
    # (paragraph, lead units, co units, inferred)
    # 会同: the units before it lead, those after it help.
    ("（一）完善重大行政决策程序制度，严格落实公众参与、专家论证等法定程序。（县政府办会同县司法局办理）",
     "县政府办", "县司法局", False),
    ("3．加强政府法律顾问队伍建设。（县司法局会同县财政局、县人社局负责）", "县司法局", "县财政局 县人社局", False),
    ("3．加强政府法律顾问队伍建设。（由县司法局会同县财政局负责）", "县司法局", "县财政局", False),
    ("3．建立健全行政裁量权基准制度。（市司法局牵头，会同市直各行政执法部门落实）",
     "市司法局", "市直各行政执法部门", False),
    # Units before a plain verb all lead.
    ("（二）推行重大行政决策事项目录管理。（县政府办、县司法局办理）", "县政府办 县司法局", "", False),
    ("（二）推行重大行政决策事项目录管理。（县政府办负责）", "县政府办", "", False),
    ("5．全面主动落实政务公开。（县政府办、县数据资源局共同负责）", "县政府办 县数据资源局", "", False),
    ("6．加强审计监督。（县审计局按职责分工负责）", "县审计局", "", False),
    ("8．发挥人民调解作用。（县司法局、各乡镇人民政府按职责分工分别负责）", "县司法局 各乡镇人民政府", "", False),
    # 各负其责 / 按职责分工负责 beside a named lead: those units help.
    ("（四）自觉接受人大监督、民主监督。（县政府办牵头，县直各单位及相关部门各负其责）",
     "县政府办", "县直各单位 相关部门", False),
    ("（四）深化“放管服”改革。（市政务服务中心牵头，市直各部门按职责分工负责）", "市政务服务中心", "市直各部门", False),
    ("7．推进行政复议体制改革。（县司法局牵头，各乡镇人民政府、县信访局配合）",
     "县司法局", "各乡镇人民政府 县信访局", False),
    ("7．推进行政复议体制改革。（县司法局为牵头单位，县信访局为配合单位）", "县司法局", "县信访局", False),
    ("7．推进行政复议体制改革。（县司法局牵头负责，县信访局协助）", "县司法局", "县信访局", False),
    # A bracketed bare unit list: lead units, marked inferred.
    ("2．健全重大行政决策公众参与机制。（县司法局、县政府办）", "县司法局 县政府办", "", True),
    ("2．规范行政执法行为。（县城管执法局）", "县城管执法局", "", True),
    ("2．加强乡镇法治建设。（各乡镇、县直各单位）", "各乡镇 县直各单位", "", True),
    # A unit clause without role word beside a lead clause: it helps, and the reading is inferred.
    ("2．加强乡镇法治建设。（县司法局牵头；各乡镇人民政府）", "县司法局", "各乡镇人民政府", True),
    # Traditional script: read as simplified.
    ("（三）推進行政執法公示。（縣司法局牽頭，縣直各執法部門按職責分工負責）", "县司法局", "县直各执法部门", False),
    ("（三）推進行政執法公示。（牽頭單位：縣司法局；配合單位：縣財政局）", "县司法局", "县财政局", False),
    # Stray spaces from PDF or web text.
    ("（三）推进行政执法公示。（牵 头单位：县司法局；责任单位：县人力 资源社会保障局、县数据 资源局）",
     "县司法局", "县人力资源社会保障局 县数据资源局", False),
    ("（三）推进行政执法公示。（县司法局牵 头，县财政局配 合）", "县司法局", "县财政局", False),
    # 及 between whole units, trailing qualifiers.
    ("（二）推进“互联网+政务服务”。（责任单位：市信息办及相关部门按职责分工分别负责）", "市信息办 相关部门", "", False),
    ("（二）推进“互联网+政务服务”。（牵头单位：市数据资源局；配合单位：市财政局、市审计局等有关部门）",
     "市数据资源局", "市财政局 市审计局", False),
    # A time clause inside an inline annotation goes to the 完成时限 text, not to units.
    ("（二）开展规范性文件清理。（县司法局负责，2023年6月底前完成）", "县司法局", "", False),
]


@pytest.mark.parametrize(("paragraph", "lead", "co", "inferred"), ROLE_SENTENCES)
def test_role_grammar(paragraph, lead, co, inferred):
    annotated = split_annotation(paragraph)
    assert annotated is not None
    responsibility = annotated.responsibility
    assert (responsibility.lead_units, responsibility.co_units) == (names(lead), names(co))
    assert responsibility.inferred is inferred
    # The text keeps the paragraph as written and the annotation is the bracket group, as written.
    assert paragraph == annotated.text + annotated.annotation


def test_the_task_carries_the_roles_and_the_plain_text():
    ledger = parse_text("一、提升行政决策水平\n（一）完善重大行政决策程序制度。（县政府办会同县司法局办理）\n")
    task = ledger.tasks[0]
    assert (task.text, task.lead_units, task.co_units) == ("完善重大行政决策程序制度。", ["县政府办"], ["县司法局"])


def test_a_time_clause_of_an_inline_annotation_becomes_a_deadline():
    task = parse_text("（二）开展规范性文件清理。（县司法局负责，2023年6月底前完成）\n").tasks[0]
    assert [d.date.isoformat() for d in task.deadlines if d.date] == ["2023-06-30"]


@pytest.mark.parametrize("paragraph", [
    "完成清理工作（此件公开发布）",
    "完成清理工作（2021版）",
    "完成清理工作（见附件）",
    "完成清理工作（试行）",
    "完成清理工作（修订）",
    "由县政府办公室统一组织（以下简称县政府办）",
    "推进综合行政执法改革（含乡镇）",
    "各地按要求推进（由各地自行负责）",
    "做好试点工作（试点单位）",
    "依法审查（国务院令第711号）",
])
def test_ordinary_brackets_are_not_annotations(paragraph):
    assert split_annotation(paragraph) is None


SEPARATE_LINES = [
    # (the lines after the item, lead units, co units)
    ("牵头单位：县政府办\n责任单位：县司法局\n", "县政府办", "县司法局"),
    ("牵头单位：县委组织部\n责任单位：县司法局、县直各单位\n", "县委组织部", "县司法局 县直各单位"),
    # The other order: the 牵头 line still leads.
    ("责任单位：县司法局、县直各单位\n牵头单位：县委组织部\n", "县委组织部", "县司法局 县直各单位"),
    ("牵头单位：县数据资源局\n配合单位：县政务服务中心、各乡镇人民政府\n", "县数据资源局", "县政务服务中心 各乡镇人民政府"),
    # Without a 牵头 line, 责任单位 are the lead units.
    ("责任单位：县司法局\n配合单位：县财政局\n", "县司法局", "县财政局"),
    ("牽頭單位：縣司法局\n責任單位：縣直有關部門\n", "县司法局", "县直有关部门"),
    ("牵头县领导：王永涛\n牵头单位：县司法局\n责任单位：县财政局\n", "县司法局", "县财政局"),
    ("牵 头单位：县司法局\n责任单位：县人力 资源社会保障局\n", "县司法局", "县人力资源社会保障局"),
]


@pytest.mark.parametrize(("lines", "lead", "co"), SEPARATE_LINES)
def test_separate_label_lines(lines, lead, co):
    ledger = parse_text("一、深入学习贯彻习近平法治思想\n2．组织开展领导干部应知应会法律法规知识测试。\n" + lines)
    assert len(ledger.tasks) == 1 and ledger.unparsed == []
    task = ledger.tasks[0]
    assert (task.lead_units, task.co_units) == (names(lead), names(co))


@pytest.mark.parametrize(("held", "extra", "lead", "co"), [
    (Responsibility(lead_units=["甲局"], named_lead=True), Responsibility(lead_units=["乙局"]), "甲局", "乙局"),
    (Responsibility(lead_units=["乙局"]), Responsibility(lead_units=["甲局"], named_lead=True), "甲局", "乙局"),
    (Responsibility(lead_units=["甲局"]), Responsibility(lead_units=["乙局"]), "甲局 乙局", ""),
    (Responsibility(lead_units=["甲局"], named_lead=True), Responsibility(co_units=["乙局", "甲局"]), "甲局", "乙局"),
])
def test_absorbing_a_further_annotation_line(held, extra, lead, co):
    held.absorb(extra)
    assert (held.lead_units, held.co_units) == (names(lead), names(co))


UNIT_LISTS = [
    ("市信息办及相关部门", "市信息办 相关部门"),
    ("县委宣传部和县文明办", "县委宣传部 县文明办"),
    ("县应急管理局与县消防救援大队", "县应急管理局 县消防救援大队"),
    # 和 inside one name stays.
    ("县住房和城乡建设局、县发展和改革委员会", "县住房和城乡建设局 县发展和改革委员会"),
    ("县人力资源和社会保障局及各乡镇", "县人力资源和社会保障局 各乡镇"),
    ("区工商业联合会", "区工商业联合会"),
    ("含山县司法局和含山县财政局", "含山县司法局 含山县财政局"),
    # Trailing qualifiers.
    ("县司法局、县财政局等有关部门", "县司法局 县财政局"),
    ("各乡镇、县直各单位按职责分工分别负责", "各乡镇 县直各单位"),
    ("县直各部门按职责分工负责", "县直各部门"),
    ("县财政局等相关单位", "县财政局"),
    # Spaces from extraction inside a name, spaces between names.
    ("县人力 资源社会保障局", "县人力资源社会保障局"),
    ("区 人社局、区数据 资源局", "区人社局 区数据资源局"),
    ("区委 宣传部", "区委宣传部"),
    ("县法院 县检察院", "县法院 县检察院"),
    ("各镇(园区) 县政府各部门", "各镇(园区) 县政府各部门"),
    ("县委办公室（县委督查考核办、县信访局）；县司法局", "县委办公室（县委督查考核办、县信访局） 县司法局"),
]


@pytest.mark.parametrize(("raw", "expected"), UNIT_LISTS)
def test_unit_lists(raw, expected):
    assert split_units(raw) == names(expected)


@pytest.mark.parametrize(("raw", "expected"), [
    ("王永涛、葛剑", "王永涛 葛剑"),
    ("陈明月 蒋鹏", "陈明月 蒋鹏"),
    ("刘鏊等", "刘鏊"),
])
def test_leader_names(raw, expected):
    assert split_names(raw) == names(expected)


def test_leader_names_separated_by_spaces_in_a_labelled_field():
    responsibility = parse_fields("牵头县领导：陈明月 蒋鹏；牵头责任单位：县委依法治县办")
    assert (responsibility.lead_leaders, responsibility.lead_units) == (["陈明月", "蒋鹏"], ["县委依法治县办"])


@pytest.mark.parametrize("role_word", sorted({word for _, word in LABELS}))
def test_every_label_word_starts_an_annotation(role_word):
    assert looks_like_annotation_start(role_word + "：县司法局")
    spaced = role_word[0] + " " + role_word[1:]
    assert looks_like_annotation_start(spaced + "：县司法局")


@pytest.mark.parametrize(("role", "verb"), VERBS)
def test_every_role_verb_is_read(role, verb):
    responsibility = parse_fields("县司法局牵头，县财政局" + verb) if role != "lead" else parse_fields("县司法局" + verb)
    assert responsibility is not None
    assert responsibility.lead_units == ["县司法局"]
    assert responsibility.co_units == ([] if role == "lead" else ["县财政局"])


def test_traditional_conversion_keeps_length_and_positions():
    text = "（三）推進行政執法公示。（縣司法局牽頭，縣直各執法部門按職責分工負責）"
    assert len(to_simplified(text)) == len(text)
    assert to_simplified(text) == "（三）推进行政执法公示。（县司法局牵头，县直各执法部门按职责分工负责）"
    assert all(chr(key) != value for key, value in TO_SIMPLIFIED.items())
    assert not set(TO_SIMPLIFIED.values()) & {chr(key) for key in TO_SIMPLIFIED}


@pytest.mark.parametrize("annotation", [
    "（" + "县司法局和" * 1800 + "县财政局）",
    "（" + "县司法局会同" * 1400 + "县财政局办理）",
    "（责任单位：" + "县 司法局 " * 1400 + "）",
    "（" + "县司法局牵头，" * 1200 + "）",
    "（" + "(县司法局" * 1700 + "）",
])
def test_a_hostile_annotation_is_read_in_linear_time(annotation):
    import time

    started = time.process_time()
    split_annotation("推进工作。" + annotation)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(("paragraph", "text", "lead", "co"), [
    ("完善重大行政决策程序。县政府办会同县司法局负责。", "完善重大行政决策程序。", "县政府办", "县司法局"),
    ("做好普法宣传。县委宣传部牵头，县司法局配合", "做好普法宣传。", "县委宣传部", "县司法局"),
    ("县司法局牵头，各乡镇人民政府按职责分工负责。", "", "县司法局", "各乡镇人民政府"),
])
def test_an_unbracketed_last_sentence_naming_roles_is_the_annotation(paragraph, text, lead, co):
    annotated = split_annotation(paragraph)
    assert (annotated.text, annotated.responsibility.lead_units, annotated.responsibility.co_units) == (
        text, names(lead), names(co))
    assert annotated.responsibility.inferred is False


@pytest.mark.parametrize("paragraph", [
    "全面落实。", "推动各部门落实。", "加强监督，各部门负责。", "各级政府要切实负责。", "县司法局、县财政局。",
    "严格执行重大行政决策程序，2023年底前完成。",
])
def test_an_ordinary_last_sentence_is_not_an_annotation(paragraph):
    assert split_annotation(paragraph) is None


def test_a_role_sentence_on_its_own_line_joins_the_item_above():
    ledger = parse_text("一、总则\n3．建立法律顾问制度。\n县司法局会同县财政局负责。\n")
    assert [(t.text, t.lead_units, t.co_units) for t in ledger.tasks] == [("建立法律顾问制度。", ["县司法局"], ["县财政局"])]
    assert ledger.unparsed == []
