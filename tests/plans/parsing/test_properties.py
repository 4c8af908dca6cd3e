"""Property tests: odd input never crashes the importer, and no line is lost."""

import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.plans.parsing import (
    DocumentReadError,
    DocumentText,
    ledger_with_trace,
    parse_document,
    read_document,
)
from fazhi.plans.parsing.pipeline import ROLES
from fazhi.plans.parsing.stages import normalise

from .builders import docx_from_lines, pdf_from_lines
from .helpers import SUIXI, TUNXI

FRAGMENTS = [
    "一、", "（三）", "(十九)", "1．", "2.", "（1）", "①", "——2022年为", "总体目标。", "到2025年，", "。", "；", "，",
    "〔牵头县领导：王永涛；", "牵头责任单位：县司法局；", "协同责任单位：各镇（园区）", "〕", "]", "（", "）", "(",
    "责任单位：", "配合单位:", "市法制局牵头，市财政局配合", "**", " ", "\n", "\n\n", "\r\n", "\ufeff",
    "2023年年底前", "每年", "不少于 60 学时", "达到100%", "行政机关负责人出庭应诉率", "加强行政执法", "等",
    "中共濉溪县委", "2022年4月11日印发", "濉发〔2022〕15号", "\t", "\u3000", "\x0c", "\u2028",
]
plan_like = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
any_text = st.one_of(plan_like, st.text(max_size=300))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def non_empty_lines(text: str) -> set[int]:
    return {n for n, line in enumerate(normalise(text), start=1) if line}


def assert_every_line_has_one_role(text: str) -> None:
    result = ledger_with_trace(text)
    assert set(result.line_roles) == non_empty_lines(text)
    assert set(result.line_roles.values()) <= set(ROLES)
    unparsed_lines = {u.line for u in result.ledger.unparsed}
    assert unparsed_lines == {n for n, role in result.line_roles.items() if role == "unparsed"}
    result.ledger.to_dict()  # serialisable whatever came in


@SETTINGS
@given(any_text)
def test_random_text_never_crashes_and_every_line_has_one_role(text):
    assert_every_line_has_one_role(text)


@SETTINGS
@given(st.sampled_from([SUIXI, TUNXI]), st.integers(min_value=0, max_value=20000), st.integers(0, 20000))
def test_slices_of_the_seeds_keep_every_line(seed, start, length):
    text = seed.read_text(encoding="utf-8")
    assert_every_line_has_one_role(text[start:start + length])


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.doc", "a.xyz", "a"]))
def test_binary_junk_only_ever_raises_document_read_error(data, filename):
    try:
        document = read_document(data, filename)
    except DocumentReadError:
        return
    assert isinstance(document, DocumentText)
    parse_document(data, filename)


@functools.cache
def sample_files() -> dict[str, bytes]:
    lines = TUNXI.read_text(encoding="utf-8").split("\n")[:24]
    return {"a.docx": docx_from_lines(lines), "a.pdf": pdf_from_lines(lines),
            "a.txt": "\n".join(lines).encode("gb18030")}


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["a.docx", "a.pdf", "a.txt"]), st.floats(min_value=0, max_value=1))
def test_truncated_files_only_ever_raise_document_read_error(filename, fraction):
    data = sample_files()[filename]
    try:
        ledger = parse_document(data[: int(len(data) * fraction)], filename)
    except DocumentReadError:
        return
    ledger.to_dict()
