"""Readers for .txt / .docx / .pdf, and the messages for files that cannot be read."""

import codecs

import pytest

from fazhi.plans.parsing import DocumentReadError, parse_document, parse_text, read_document
from fazhi.plans.parsing.document import document_with_trace

from .builders import docx_from_lines, pdf_from_lines, scanned_pdf, table_plan_docx
from .helpers import SUIXI, TUNXI, deadline_tuples, names, target_tuples

SUIXI_TEXT = SUIXI.read_text(encoding="utf-8")
TUNXI_TEXT = TUNXI.read_text(encoding="utf-8")


def essentials(ledger):
    """What must survive any reader: the tasks' content, not line numbers."""
    # reportlab's STSong-Light has no glyph for the middle dot of “6·18”, so the test PDF loses it.
    return [(t.number, t.text.replace("·", ""), t.lead_leaders, t.lead_units, t.co_units, deadline_tuples(t), target_tuples(t))
            for t in ledger.tasks]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig", "utf-16-le"])
def test_text_in_other_encodings_reads_the_same(encoding):
    data = TUNXI_TEXT.encode(encoding)
    assert read_document(data, "方案.txt").text.lstrip("\ufeff") == TUNXI_TEXT


def test_docx_paragraphs_read_in_order_and_parse_like_the_text():
    data = docx_from_lines(SUIXI_TEXT.split("\n"))
    document = read_document(data, "濉溪.docx")
    assert document.kind == "docx"
    assert parse_text(document.text).to_dict() == parse_text(SUIXI_TEXT).to_dict()


def test_table_form_docx_becomes_tasks():
    result = document_with_trace(read_document(table_plan_docx(), "歙县.docx"))
    ledger = result.ledger
    rows = [(t.seq, t.number, t.lead_leaders, t.lead_units, t.co_units, deadline_tuples(t), target_tuples(t))
            for t in ledger.tasks]
    assert rows == [
        (1, "1", ["钱程"], ["县司法局"], names("县直各行政执法部门 各镇（园区）"), [("by", "2023-12-31")],
         [("重大执法决定法制审核率", ">=", 100, "%", None, None)]),
        (2, "2", ["钱程"], ["县司法局"], [], [("ongoing", None)], [(None, ">=", 1, "次", "year", None)]),
        (3, "3", names("王永涛 鲍锐"), ["县数据资源局"], ["县政府各部门"], [("by", "2023-09-30")],
         [("网上可办率", ">=", 95, "%", None, None)]),
    ]
    by_id = {h.id: h for h in ledger.headings}
    assert [by_id[t.heading].title for t in ledger.tasks] == ["（一）规范执法", "（一）规范执法", "（二）优化服务"]
    assert by_id[by_id[ledger.tasks[0].heading].parent].number == "一、"
    assert ledger.plan.title == "歙县2023年法治政府建设重点任务分工方案"
    assert ledger.unparsed == []
    assert set(result.line_roles.values()) <= {"front", "heading", "task", "back"}


def test_parse_document_uses_the_table():
    assert len(parse_document(table_plan_docx(), "歙县.docx").tasks) == 3


def test_pdf_text_layer_parses_like_the_text():
    # The first two sections of 屯溪 on several short pages: goals, headings and tasks 1–14.
    opening = "\n".join(TUNXI_TEXT.split("\n")[:34])
    data = pdf_from_lines(opening.split("\n"), lines_per_page=20)
    document = read_document(data, "屯溪.pdf")
    assert "- 1 -" not in document.text and "- 2 -" not in document.text
    ledger = parse_text(document.text)
    assert essentials(ledger) == essentials(parse_text(opening))
    assert len(ledger.tasks) == 14
    assert [g.year for g in ledger.goals] == [2022, 2023, 2024]


def test_pdf_of_the_county_plan_keeps_every_task():
    ledger = parse_document(pdf_from_lines(SUIXI_TEXT.split("\n")), "濉溪.pdf")
    assert essentials(ledger) == essentials(parse_text(SUIXI_TEXT))


@pytest.mark.parametrize(("data", "filename", "words"), [
    (scanned_pdf(), "扫描件.pdf", "没有文字层"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "方案.doc", "另存为"),
    (b"PK\x03\x04 truncated", "方案.docx", "已损坏"),
    (b"%PDF-1.4 truncated", "方案.pdf", "已损坏"),
    (b"", "方案.txt", "空的"),
    (b"   \n\n ", "方案.txt", "没有任何文字"),
    (b"hello", "方案.xlsx", "不支持的文件类型"),
    (b"hello", "方案", "不支持的文件类型"),
])
def test_unreadable_files_get_a_clear_message(data, filename, words):
    with pytest.raises(DocumentReadError) as caught:
        read_document(data, filename)
    assert words in caught.value.message_zh
    assert str(caught.value) == f"{caught.value.message_zh} / {caught.value.message_en}"
    assert caught.value.message_en.isascii() or "'" in caught.value.message_en


def test_docx_renamed_to_doc_is_still_read():
    assert read_document(docx_from_lines(["一、总则"]), "方案.doc").text == "一、总则"


def test_utf16_without_bom():
    assert read_document("一、总则\n".encode("utf-16-le"), "a.txt").text == "一、总则\n"


def test_utf8_bom_is_dropped():
    assert read_document(codecs.BOM_UTF8 + "方案".encode(), "a.txt").text == "方案"


@pytest.mark.parametrize("line", ["- 3 -", "— 3 —", "－12－", "第3页", "第 3 页 共 12 页", "3/12", "12"])
def test_page_numbers_are_page_furniture(line):
    from fazhi.plans.parsing.readers import is_page_furniture

    assert is_page_furniture(line)


@pytest.mark.parametrize("line", ["2022年4月11日印发", "（三）推进改革", "12345热线全面覆盖"])
def test_text_is_not_page_furniture(line):
    from fazhi.plans.parsing.readers import is_page_furniture

    assert not is_page_furniture(line)


@pytest.mark.parametrize(("header", "expected"), [
    (["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
     {"number": 0, "task": 1, "lead": 2, "co": 3, "deadline": 4}),
    (["序号", "任务内容", "牵头领导", "责任单位", "协同单位", "时限"],
     {"number": 0, "task": 1, "leaders": 2, "lead": 3, "co": 4, "deadline": 5}),
    (["编号", "重点任务", "牵头单位", "责任单位", "完成时间"],
     {"number": 0, "task": 1, "lead": 2, "co": 3, "deadline": 4}),
    (["任务", "责任单位"], {"task": 0, "lead": 1}),
])
def test_task_table_headers_vary(header, expected):
    from fazhi.plans.parsing.tables import find_columns

    assert find_columns(header) == expected


def test_a_table_without_task_and_unit_columns_is_left_to_the_text():
    from fazhi.plans.parsing.tables import find_columns

    assert find_columns(["姓名", "职务", "电话"]) is None
