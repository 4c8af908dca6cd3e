"""Broken, run-in and unusually structured plan text: one realistic snippet per case, expected values written out.

The snippets are written after public 法治政府建设 plans and 工作要点 of Anhui counties; the content is invented.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema

from fazhi.plans import parsing
from fazhi.plans.parsing import Ledger, ledger_with_trace, parse_document, parse_text
from fazhi.plans.parsing.structure import (
    LOW_BARE,
    LOW_INFERRED,
    LOW_JOINED,
    LOW_NO_ANNOTATION,
    LOW_RUN_IN,
    LOW_TITLE_BODY,
)
from fazhi.plans.parsing.tables import LOW_REBUILT

from .helpers import deadline_tuples, names

SCHEMA = json.loads((Path(parsing.__file__).parent / "ledger-schema.json").read_text(encoding="utf-8"))


def rows(ledger: Ledger) -> list[tuple]:
    return [(t.number, t.text, t.lead_units, t.co_units) for t in ledger.tasks]


def valid(ledger: Ledger) -> Ledger:
    raw = ledger.to_dict()
    jsonschema.validate(raw, SCHEMA)
    assert Ledger.from_dict(raw).to_dict() == raw
    return ledger


RUN_IN = ("黟县2023年法治政府建设工作要点\n"
          "一、完善依法行政制度体系（一）加强重点领域立法1.完善规范性文件备案审查制度，备案审查率达到100%。"
          "（牵头单位：县司法局；配合单位：县政府各部门）2.开展规范性文件清理。责任单位：县司法局、县政府办公室"
          "3.推进合法性审查全覆盖，2023年底前实现乡镇全覆盖。（牵头单位：县司法局）\n")


def test_headings_items_and_annotations_run_together_on_one_line_are_split_back():
    ledger = valid(parse_text(RUN_IN))
    assert [(h.number, h.title, h.level) for h in ledger.headings] == [
        ("一、", "完善依法行政制度体系", 1), ("（一）", "加强重点领域立法", 2)]
    assert rows(ledger) == [
        ("1", "完善规范性文件备案审查制度，备案审查率达到100%。", names("县司法局"), names("县政府各部门")),
        ("2", "开展规范性文件清理。", names("县司法局 县政府办公室"), []),
        ("3", "推进合法性审查全覆盖，2023年底前实现乡镇全覆盖。", names("县司法局"), []),
    ]
    assert [t.heading for t in ledger.tasks] == ["h2", "h2", "h2"]
    assert [d.line for d in ledger.doubts] == [2]
    assert ledger.doubts[0].suggestion.split("\n")[:3] == [
        "一、完善依法行政制度体系", "（一）加强重点领域立法",
        "1.完善规范性文件备案审查制度，备案审查率达到100%。（牵头单位：县司法局；配合单位：县政府各部门）"]
    assert all(t.confidence == "low" and LOW_RUN_IN in t.confidence_reasons for t in ledger.tasks)


def test_a_sentence_inside_an_annotation_or_a_decimal_is_not_split():
    text = ("（一）推进执法规范化。2.5倍以上的罚款须经集体讨论。〔牵头单位：县司法局；协同单位：各乡镇（街道）；"
            "县直各部门〕\n")
    ledger = parse_text(text)
    assert rows(ledger) == [("（一）", "推进执法规范化。2.5倍以上的罚款须经集体讨论。", names("县司法局"),
                             names("各乡镇（街道） 县直各部门"))]
    assert ledger.doubts == []


def test_a_sentence_broken_after_a_linked_law_name_is_joined():
    text = ("一、推进政务公开\n7. 全面实施\n政府信息公开条例，推进决策、执行、管理、服务、结果公开。"
            "（牵头单位：县政府办公室；配合单位：县直各单位）\n8. 加强政府网站建设。（牵头单位：县数据资源局）\n")
    ledger = valid(parse_text(text))
    assert rows(ledger) == [
        ("7", "全面实施政府信息公开条例，推进决策、执行、管理、服务、结果公开。", names("县政府办公室"), names("县直各单位")),
        ("8", "加强政府网站建设。", names("县数据资源局"), []),
    ]
    assert [(d.line, d.suggestion[:14]) for d in ledger.doubts] == [(3, "7.全面实施政府信息公开条例")]
    assert ledger.tasks[0].confidence_reasons == [LOW_JOINED]
    assert (ledger.tasks[1].confidence, ledger.tasks[1].confidence_reasons) == ("high", [])


def test_a_line_starting_with_a_comma_continues_the_line_above():
    text = "1．认真贯彻落实《中华人民共和国行政处罚法》\n，规范行政处罚行为。（责任单位：县司法局）\n"
    assert rows(parse_text(text)) == [("1", "认真贯彻落实《中华人民共和国行政处罚法》，规范行政处罚行为。",
                                       names("县司法局"), [])]


def test_an_item_number_without_punctuation_does_not_join_the_annotation_above():
    text = ("二、严格执法\n10．推行行政执法公示制度。\n责任单位：县司法局、县市场监管局、县生态环境分局\n"
            "11完善行政执法案卷评查制度，每年至少开展一次评查。\n责任单位：县司法局\n")
    ledger = valid(parse_text(text))
    assert rows(ledger) == [
        ("10", "推行行政执法公示制度。", names("县司法局 县市场监管局 县生态环境分局"), []),
        ("11", "完善行政执法案卷评查制度，每年至少开展一次评查。", names("县司法局"), []),
    ]
    assert [d.line for d in ledger.doubts] == [4]
    assert LOW_BARE in ledger.tasks[1].confidence_reasons


def test_quantities_at_the_start_of_a_line_are_not_item_numbers():
    text = ("1．开展专项行动，\n12个月内完成全部清理。（责任单位：县司法局）\n"
            "2．推进公开，\n3项制度年底前全部公开。（责任单位：县政府办）\n")
    ledger = parse_text(text)
    assert [(t.number, t.text) for t in ledger.tasks] == [
        ("1", "开展专项行动，12个月内完成全部清理。"), ("2", "推进公开，3项制度年底前全部公开。")]


def test_chapters_and_articles():
    text = ("第一章 总则\n第一条 全面推行行政执法公示制度。（责任单位：县司法局）\n"
            "第二章 执法监督\n第二条 行政执法人员应当持证上岗。（责任单位：县司法局）\n"
            "第三条 开展执法案卷评查。（责任单位：县司法局）\n")
    ledger = valid(parse_text(text))
    assert [(h.number, h.title, h.level) for h in ledger.headings] == [("第一章", "总则", 1), ("第二章", "执法监督", 1)]
    assert [(t.number, t.heading) for t in ledger.tasks] == [("第一条", "h1"), ("第二条", "h2"), ("第三条", "h2")]
    assert ledger.tasks[1].text == "行政执法人员应当持证上岗。"


def test_articles_without_annotations_are_the_tasks():
    text = "第一章 总则\n第一条 为规范行政执法行为，制定本办法。\n第二章 附则\n第二条 本办法自印发之日起施行。\n"
    ledger = parse_text(text)
    assert [(t.number, t.text) for t in ledger.tasks] == [
        ("第一条", "为规范行政执法行为，制定本办法。"), ("第二条", "本办法自印发之日起施行。")]
    assert all(LOW_NO_ANNOTATION in t.confidence_reasons for t in ledger.tasks)


def test_an_item_title_on_its_own_line_keeps_the_body_below_as_the_task_text():
    text = ("一、加强矛盾纠纷化解\n1．完善人民调解机制\n健全人民调解、行政调解、司法调解联动工作体系，"
            "2023年9月底前建成县级调解中心。（牵头单位：县司法局；配合单位：各乡镇人民政府）\n"
            "2．推进行政复议规范化建设\n规范行政复议受理、审理程序。\n（牵头单位：县司法局）\n")
    ledger = valid(parse_text(text))
    assert rows(ledger) == [
        ("1", "完善人民调解机制。健全人民调解、行政调解、司法调解联动工作体系，2023年9月底前建成县级调解中心。",
         names("县司法局"), names("各乡镇人民政府")),
        ("2", "推进行政复议规范化建设。规范行政复议受理、审理程序。", names("县司法局"), []),
    ]
    assert [t.lines for t in ledger.tasks] == [(2, 3), (4, 6)]
    assert deadline_tuples(ledger.tasks[0]) == [("by", "2023-09-30")]
    assert all(t.confidence_reasons == [LOW_TITLE_BODY] for t in ledger.tasks)
    assert ledger.unparsed == []


def test_a_heading_over_several_annotated_paragraphs_stays_a_heading():
    text = ("（三）推进行政复议体制改革\n整合行政复议职责。（牵头单位：县司法局）\n"
            "加强行政复议能力建设。（牵头单位：县司法局；配合单位：县财政局）\n")
    ledger = parse_text(text)
    assert [h.title for h in ledger.headings] == ["推进行政复议体制改革"]
    assert [(t.number, t.heading) for t in ledger.tasks] == [(None, "h1"), (None, "h1")]


def test_in_a_plan_without_annotations_the_body_below_an_item_title_is_its_text():
    text = ("一、工作任务\n1．推行执法公示\n全面推行行政执法公示制度。\n2．开展案卷评查\n"
            "每季度开展一次行政执法案卷评查。\n各单位要高度重视。\n")
    result = ledger_with_trace(text)
    assert [(t.number, t.text) for t in result.ledger.tasks] == [
        ("1", "推行执法公示。全面推行行政执法公示制度。"), ("2", "开展案卷评查。每季度开展一次行政执法案卷评查。")]
    assert result.line_roles[6] == "back"


def test_heading_body_text_is_kept_on_the_heading():
    text = ("一、总体要求。坚持以人民为中心，\n全面推进依法行政。\n二、主要任务\n"
            "1．推进公开。（责任单位：县政府办）\n")
    ledger = parse_text(text)
    assert [(h.title, h.body) for h in ledger.headings] == [
        ("总体要求", "坚持以人民为中心，全面推进依法行政。"), ("主要任务", "")]


def test_an_item_cut_off_before_its_annotation_is_a_task_flagged_for_checking():
    text = ("一、深化改革\n1．推进综合行政执法改革。（牵头单位：县委编办）\n2．健全行政执法协调监督工作体系，\n"
            "3．加强执法队伍建设。（牵头单位：县司法局）\n")
    ledger = valid(parse_text(text))
    assert [(t.number, t.lead_units, t.confidence) for t in ledger.tasks] == [
        ("1", ["县委编办"], "high"), ("2", [], "low"), ("3", ["县司法局"], "high")]
    assert ledger.tasks[1].confidence_reasons == [LOW_NO_ANNOTATION]
    assert [(d.line, "截断" in d.reason) for d in ledger.doubts] == [(3, True)]


def test_unannotated_principles_among_annotated_tasks_stay_headings():
    text = ("一、总体要求\n（一）指导思想。坚持以习近平法治思想为指导。\n（二）基本原则。坚持党的领导。\n"
            "二、主要任务\n（三）推进公开。〔牵头单位：县政府办〕\n（四）规范执法。〔牵头单位：县司法局〕\n")
    ledger = parse_text(text)
    assert [t.number for t in ledger.tasks] == ["（三）", "（四）"]
    assert ledger.doubts == []


def test_inline_roles_give_low_confidence():
    ledger = parse_text("（一）推进行政复议改革。（市法制局牵头，市监察局、市财政局配合）\n")
    assert (ledger.tasks[0].confidence, ledger.tasks[0].confidence_reasons) == ("low", [LOW_INFERRED])


FLAT_TABLE = """歙县2023年法治政府建设重点任务分工
序号
工作任务
牵头单位
配合单位
完成时限
一、规范执法
1
全面落实行政执法三项制度，重大执法决定法制审核率达到100%
县司法局
县直各行政执法部门
2023年12月底前
2
开展行政执法案卷评查
县司法局
长期坚持
二、优化服务
3
推进政务服务一网通办，网上可办率不低于95%
县数据资源局

歙县人民政府办公室
2023年3月1日
"""


def test_a_table_flattened_to_one_cell_per_line_is_rebuilt():
    result = ledger_with_trace(FLAT_TABLE)
    ledger = valid(result.ledger)
    assert [(t.number, t.lead_units, t.co_units, deadline_tuples(t)) for t in ledger.tasks] == [
        ("1", ["县司法局"], ["县直各行政执法部门"], [("by", "2023-12-31")]),
        ("2", ["县司法局"], [], [("ongoing", None)]),
        ("3", ["县数据资源局"], [], []),
    ]
    assert [h.title for h in ledger.headings] == ["一、规范执法", "二、优化服务"]
    assert [ledger.tasks[n].heading for n in range(3)] == ["h1", "h1", "h2"]
    assert all(LOW_REBUILT in t.confidence_reasons for t in ledger.tasks)
    assert [d.line for d in ledger.doubts] == [2]
    assert (result.line_roles[22], result.line_roles[23]) == ("back", "back")
    assert ledger.unparsed == []


def _docx_table(rows: list[tuple[str, ...]]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("屯溪区法治政府建设重点任务清单")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_table_without_a_deadline_column_takes_deadlines_from_the_task_text():
    data = _docx_table([
        ("序号", "工作任务", "责任单位", "备注"),
        ("1", "2022年6月底前完成行政规范性文件清理工作。", "区司法局", "区政府各部门等"),
        ("2", "每季度开展一次行政执法案卷评查。", "区司法局", ""),
        ("3", "推进“互联网+监管”。", "区市场监管局", ""),
    ])
    ledger = valid(parse_document(data, "屯溪.docx"))
    assert [(t.number, deadline_tuples(t), t.annotation) for t in ledger.tasks] == [
        ("1", [("by", "2022-06-30")], "区司法局；区政府各部门等"),
        ("2", [("every", "quarter")], "区司法局"),
        ("3", [], "区市场监管局"),
    ]


def test_a_deadline_cell_still_wins_over_the_text():
    data = _docx_table([
        ("序号", "工作任务", "牵头单位", "完成时限"),
        ("1", "每年开展一次培训。", "区司法局", "2022年底前"),
        ("2", "推进公开。", "区政府办", "按要求完成"),
    ])
    ledger = parse_document(data, "屯溪.docx")
    assert [deadline_tuples(t) for t in ledger.tasks] == [[("by", "2022-12-31")], []]
    assert ledger.tasks[1].confidence_reasons == ["完成时限“按要求完成”无法识别 / deadline not understood"]


def test_a_text_with_no_task_at_all_lists_its_paragraphs_as_unparsed():
    text = "某县法治政府建设任务清单\n序号\n工作任务\n序号\n工作任务\n各单位要抓好落实。\n某县人民政府办公室\n"
    result = ledger_with_trace(text)
    assert result.ledger.tasks == []
    assert [u.line for u in result.ledger.unparsed] == [2, 3, 4, 5, 6, 7]
    assert result.line_roles[1] == "front"
    assert result.ledger.plan.title == "某县法治政府建设任务清单"


def test_a_task_table_in_a_word_document_keeps_the_text_around_it_as_front_matter():
    data = _docx_table([("序号", "工作任务", "牵头单位"), ("1", "推进公开。", "区政府办")])
    ledger = parse_document(data, "屯溪.docx")
    assert ([t.text for t in ledger.tasks], ledger.unparsed) == (["推进公开。"], [])


def test_a_whole_plan_copied_from_a_web_page_without_line_breaks():
    text = ("黟县2023年法治政府建设工作要点黟政办〔2023〕9号一、健全依法行政制度体系——2023年为法治政府建设质量提升年。"
            "1.完善规范性文件备案审查制度。（牵头单位：县司法局）2.推进合法性审查全覆盖。（牵头单位：县司法局；"
            "配合单位：各乡镇人民政府）二、严格规范执法3.全面落实行政执法三项制度。（牵头单位：县司法局）")
    ledger = valid(parse_text(text))
    assert ledger.plan.title == "黟县2023年法治政府建设工作要点"
    assert [(h.number, h.title) for h in ledger.headings] == [("一、", "健全依法行政制度体系"), ("二、", "严格规范执法")]
    assert [g.year for g in ledger.goals] == [2023]
    assert [(t.number, t.heading, t.lead_units, t.co_units) for t in ledger.tasks] == [
        ("1", "h1", ["县司法局"], []), ("2", "h1", ["县司法局"], ["各乡镇人民政府"]), ("3", "h2", ["县司法局"], [])]
    assert [d.line for d in ledger.doubts] == [1]


def test_traditional_script_articles_and_sections():
    text = "第一節 總則\n第一條 全面推行行政執法公示制度。（責任單位：縣司法局）\n"
    assert [h.number for h in parse_text(text).headings] == ["第一節"]


def test_a_complete_heading_ending_in_a_verb_is_not_joined_to_the_paragraph_below():
    text = ("五、组织实施\n各单位要严格按照本方案，抓好落实。\n"
            "1．推进公开。（责任单位：县政府办）\n")
    ledger = parse_text(text)
    assert [(h.title, h.body) for h in ledger.headings] == [("组织实施", "各单位要严格按照本方案，抓好落实。")]
    assert ledger.doubts == []


def test_the_body_below_an_item_without_annotation_is_its_text_with_its_deadlines():
    text = ("一、工作任务\n1．推行执法公示\n全面推行行政执法公示制度，2023年6月底前完成。\n"
            "2．开展案卷评查。\n每季度开展一次评查，评查率达到100%。\n3．加强培训。\n")
    ledger = parse_text(text)
    assert [(t.number, t.text, deadline_tuples(t), [x.value for x in t.targets]) for t in ledger.tasks] == [
        ("1", "推行执法公示。全面推行行政执法公示制度，2023年6月底前完成。", [("by", "2023-06-30")], []),
        ("2", "开展案卷评查。每季度开展一次评查，评查率达到100%。", [("every", "quarter")], [100]),
        ("3", "加强培训。", [], []),
    ]
    assert ledger.unparsed == []


def test_the_body_below_an_item_cut_off_before_its_annotation_stays_with_it():
    text = ("1．推进综合行政执法改革。（牵头单位：县委编办）\n2．健全执法监督体系\n"
            "建立执法监督平台，实现执法数据互联互通。\n3．加强执法队伍建设。（牵头单位：县司法局）\n")
    ledger = parse_text(text)
    assert [(t.number, t.text, t.confidence) for t in ledger.tasks] == [
        ("1", "推进综合行政执法改革。", "high"),
        ("2", "健全执法监督体系。建立执法监督平台，实现执法数据互联互通。", "low"),
        ("3", "加强执法队伍建设。", "high")]
    assert ledger.unparsed == []


def test_an_enumeration_inside_one_annotated_item_is_not_split():
    text = "（一）加强队伍建设。（1）完善培训制度；（2）建强执法队伍。〔牵头单位：县司法局〕\n（二）推进公开。〔牵头单位：县政府办〕\n"
    ledger = parse_text(text)
    assert [(t.number, t.text) for t in ledger.tasks] == [
        ("（一）", "加强队伍建设。（1）完善培训制度；（2）建强执法队伍。"), ("（二）", "推进公开。")]
    assert ledger.doubts == []


def test_items_without_annotations_run_together_are_split_at_sentence_ends():
    text = "一、工作任务\n1.推行执法公示。2.开展案卷评查。3.加强执法培训。\n"
    ledger = parse_text(text)
    assert [(t.number, t.text) for t in ledger.tasks] == [
        ("1", "推行执法公示。"), ("2", "开展案卷评查。"), ("3", "加强执法培训。")]


def test_many_paragraphs_after_the_last_task_are_a_doubt():
    text = ("1．推进公开。（责任单位：县政府办）\n工作任务\n责任单位\n开展执法案卷评查\n县直各单位\n推进复议规范化\n"
            "县直各单位\n县人民政府办公室\n2023年3月1日\n")
    ledger = parse_text(text)
    assert [(d.line, d.reason[:13]) for d in ledger.doubts] == [(2, "最后一项任务之后有 6 段")]
    assert [d.line for d in parse_text(text.replace("推进复议规范化\n县直各单位\n", "")).doubts] == []


def test_the_tunxi_plan_as_a_word_table_without_a_deadline_column_keeps_every_deadline():
    from .helpers import TUNXI

    seed = parse_text(TUNXI.read_text(encoding="utf-8"))
    data = _docx_table([("序号", "工作任务", "责任单位", "配合单位"),
                        *[(t.number or "", t.text, "、".join(t.lead_units), "、".join(t.co_units)) for t in seed.tasks]])
    table = parse_document(data, "屯溪.docx")
    assert len(table.tasks) == len(seed.tasks) == 33
    assert [deadline_tuples(t) for t in table.tasks] == [deadline_tuples(t) for t in seed.tasks]
    assert sum(bool(t.deadlines) for t in table.tasks) >= 9
    assert [(t.lead_units, t.co_units) for t in table.tasks] == [(t.lead_units, t.co_units) for t in seed.tasks]


def test_a_unit_name_holding_digits_or_a_sentence_gives_low_confidence():
    ledger = parse_text("（一）推进公开。（责任单位：县政府办2023年底前完成）\n（二）推进执法。（责任单位：县司法局）\n")
    assert [t.confidence for t in ledger.tasks] == ["low", "high"]
    assert ledger.tasks[0].confidence_reasons == ["单位名称可能有误：县政府办2023年底前完成 / unit name looks wrong"]


def test_a_label_dot_followed_by_a_space_and_a_date_is_not_read_as_a_decimal():
    text = ("临泉县2024年法治政府建设工作要点\n一、规范决策\n"
            "1. 4月30日前公布年度重大行政决策事项目录。（县政府办牵头，县司法局配合）\n"
            "2.  10月底前完成规范性文件清理，合格率达到1.5倍于上年。（县司法局负责）\n")
    ledger = valid(parse_text(text))
    assert [(t.number, t.text) for t in ledger.tasks] == [
        ("1", "4月30日前公布年度重大行政决策事项目录。"),
        ("2", "10月底前完成规范性文件清理，合格率达到1.5倍于上年。"),
    ]
    assert deadline_tuples(ledger.tasks[0]) == [("by", "2024-04-30")]


def test_bare_item_numbers_that_run_on_from_an_earlier_part_start_anywhere():
    text = ("宿松县2023年法治政府建设重点任务\n一、依法全面履行政府职能并持续深化简政放权改革\n"
            "7推行证明事项告知承诺制。（牵头单位：县司法局；责任单位：县直有关部门）\n"
            "8完善权责清单管理，6月底前完成调整。（牵头单位：县委编办）\n"
            "二、健全行政执法工作体系\n"
            "9开展行政执法质量评查，每季度抽查案卷不少于20卷。（牵头单位：县司法局）\n"
            "3项制度全面落实。\n")
    ledger = valid(parse_text(text))
    assert rows(ledger) == [
        ("7", "推行证明事项告知承诺制。", names("县司法局"), names("县直有关部门")),
        ("8", "完善权责清单管理，6月底前完成调整。", names("县委编办"), []),
        ("9", "开展行政执法质量评查，每季度抽查案卷不少于20卷。", names("县司法局"), []),
    ]
    assert [h.title for h in ledger.headings] == ["依法全面履行政府职能并持续深化简政放权改革", "健全行政执法工作体系"]
    assert all(LOW_BARE in t.confidence_reasons for t in ledger.tasks)


def test_a_spreadsheet_pasted_as_tab_separated_rows_is_a_task_table():
    text = ("歙县2024年法治政府建设重点任务清单\n\n"
            "序号\t工作任务\t责任单位\t配合单位\t完成时限\n"
            "一、完善依法行政制度体系\n"
            "1\t开展规范性文件清理，清理率达到100%。\t县司法局\t县直各部门\t2024年6月底前\n"
            "2\t推进合法性审查全覆盖。\t县司法局\t各乡镇人民政府\t长期坚持\n")
    result = ledger_with_trace(text)
    ledger = valid(result.ledger)
    assert rows(ledger) == [
        ("1", "开展规范性文件清理，清理率达到100%。", names("县司法局"), names("县直各部门")),
        ("2", "推进合法性审查全覆盖。", names("县司法局"), names("各乡镇人民政府")),
    ]
    assert deadline_tuples(ledger.tasks[0]) == [("by", "2024-06-30")]
    assert [t.kind for t in ledger.tasks[1].deadlines] == ["ongoing"]
    assert [h.title for h in ledger.headings] == ["一、完善依法行政制度体系"]
    assert ledger.tasks[0].heading == ledger.headings[0].id
    assert ledger.plan.title == "歙县2024年法治政府建设重点任务清单"
    assert ledger.unparsed == []


def test_lines_indented_with_tabs_are_not_a_table():
    text = ("\t一、主要任务\n"
            "\t1．完善重大行政决策工作机制，落实任务清单。（牵头单位：县司法局；责任单位：县直各部门）\n"
            "\t2．开展行政执法工作事项评查。（牵头单位：县司法局）\n")
    ledger = valid(parse_text(text))
    assert rows(ledger) == [
        ("1", "完善重大行政决策工作机制，落实任务清单。", names("县司法局"), names("县直各部门")),
        ("2", "开展行政执法工作事项评查。", names("县司法局"), []),
    ]


def test_a_signature_below_a_blank_line_is_not_glued_to_an_unbracketed_unit_line():
    text = ("临泉县2024年法治政府建设工作要点\n一、严格执法\n"
            "1．落实行政执法“三项制度”，1月31日前公开上年度执法数据。\n"
            "牵头单位：县司法局\n责任单位：县直各行政执法部门、各乡镇人民政府\n\n"
            "临泉县人民政府办公室\n2024年2月26日\n")
    result = ledger_with_trace(text)
    ledger = valid(result.ledger)
    assert rows(ledger) == [("1", "落实行政执法“三项制度”，1月31日前公开上年度执法数据。", names("县司法局"),
                             names("县直各行政执法部门 各乡镇人民政府"))]
    assert result.back == ["临泉县人民政府办公室", "2024年2月26日"]
    assert (result.line_roles[7], result.line_roles[8]) == ("back", "back")


def test_a_unit_list_broken_at_a_page_end_still_joins_across_the_blank_line():
    text = ("1．落实行政执法“三项制度”。\n牵头单位：县司法局\n责任单位：县直各行政执法部门、\n\n县人民政府办公室\n")
    ledger = valid(parse_text(text))
    assert ledger.tasks[0].co_units == names("县直各行政执法部门 县人民政府办公室")
