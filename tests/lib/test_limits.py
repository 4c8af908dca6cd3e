"""The ZIP and XML checks of fazhi.lib.limits, with small limits so the files stay small."""

import io
import zipfile

import pytest

from fazhi.lib.limits import Deadline, InputRejected, ReadLimits, XmlChecker, zip_check
from tests.hostile.corpus import zip_bytes


def _xml(text: str, **limits) -> None:
    checker = XmlChecker("part.xml", ReadLimits(**limits))
    checker.feed(text.encode())
    checker.close()


def test_plain_office_xml_passes():
    _xml('<?xml version="1.0"?><worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>')


@pytest.mark.parametrize(("text", "limits", "message"), [
    ('<!DOCTYPE a><a/>', {}, "文档类型定义（DTD）"),
    ('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', {}, "文档类型定义（DTD）"),
    ("<a>" * 11 + "</a>" * 11, {"xml_depth": 10}, "嵌套超过 10 层"),
    ("<a>" + "<b/>" * 11 + "</a>", {"xml_children": 10}, "同一层含有超过 10 个元素"),
    ("<a>" + "<b><c/></b>" * 6 + "</a>", {"xml_elements": 10}, "含有超过 10 个元素"),
    ("<a><b></a>", {}, "不是有效的 XML"),
])
def test_xml_that_libraries_would_pay_for_is_refused(text, limits, message):
    with pytest.raises(InputRejected) as error:
        _xml(text, **limits)
    assert message in error.value.message_zh and error.value.message_en


def test_a_part_read_past_its_declared_size_is_damaged():
    data = zip_bytes({"a.xml": b"<a>" + b"<b/>" * 10_000 + b"</a>"}, declared_sizes={"a.xml": 100})
    with pytest.raises(InputRejected) as error:
        zip_check(data, ReadLimits(), xml=True)
    assert "文件已损坏" in error.value.message_zh


def test_a_part_over_the_limit_is_refused_from_its_header():
    data = zip_bytes({"a.xml": b"<a>" + b"<b/>" * 300_000 + b"</a>"})
    with pytest.raises(InputRejected) as error:
        zip_check(data, ReadLimits(unzipped_member_mb=1, zip_ratio=10 ** 6), xml=True)
    assert "解压后超过 1 MB" in error.value.message_zh


def test_zip_check_reads_a_file_object_and_leaves_it_rewound():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", "<a/>")
    zip_check(buffer, ReadLimits(), xml=True)
    assert zipfile.ZipFile(buffer).namelist() == ["a.xml"]


def test_a_passed_deadline_says_how_long_it_allowed():
    deadline = Deadline(5)
    deadline.ends_at -= 10  # as if the read had started ten seconds ago
    with pytest.raises(InputRejected) as error:
        deadline.check()
    assert error.value.message_zh == "文件过大或结构过于复杂，无法在 5 秒内读取，请拆分后上传"
