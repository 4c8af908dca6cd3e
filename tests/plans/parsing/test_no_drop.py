"""Nothing silently dropped: every character of a plan ends up in exactly one place of the ledger.

Plans are generated from the grammar pieces real documents use (headings, item labels of every
family, title+body items, annotations in every bracket and role form, items cut off before their
annotation, tables written as Word tables and flattened to one cell per line, closing matter), then
damaged the way copying damages them: lost line breaks, spaces inside words, mixed brackets,
traditional script. Each letter, digit and ideograph of the (normalised) input must come out once
in the title/front, a heading, a goal, a task's number, text or annotation, the back matter or
``unparsed`` — punctuation and spaces are layout, not content.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.plans.parsing import DocumentText, ParseResult, ledger_with_trace
from fazhi.plans.parsing.document import document_with_trace
from fazhi.plans.parsing.pipeline import ROLES
from fazhi.plans.parsing.readers import DocumentTable
from fazhi.plans.parsing.stages import normalise

from .helpers import FIXTURES, SUIXI, TUNXI
from .test_properties import any_text

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CN = "一二三四五六七八九十"
SENTENCES = [
    "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。",
    "2023年6月底前完成行政规范性文件清理，报备率达到100%。",
    "健全行政复议案件审理机制，每季度开展一次案卷评查",
    "推进政务服务“一网通办”，网上可办率不低于95%，年底前全面完成。",
    "组织全县行政执法人员每人每年接受不少于60学时的法律知识培训。",
    "深入学习贯彻习近平法治思想，把法治政府建设纳入县委理论学习中心组学习内容。",
    "开展“八五”普法中期评估，9月底前形成评估报告",
    "3月31日前公布年度重大行政决策事项目录，合法性审查率达到100%。",
    "完善重大行政决策程序，严格落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。",
]
TITLES = ["完善依法行政制度体系", "严格规范公正文明执法", "强化行政权力制约监督", "健全社会矛盾纠纷化解体系",
          "加强法治政府建设组织保障"]
UNITS = ["县司法局", "县财政局", "县人力资源社会保障局", "县市场监管局", "县数据资源局", "各乡镇人民政府",
         "县直各单位", "县委依法治县办", "县政府办公室（县政务公开办）"]
LEADERS = ["王永涛", "钱程", "陈明月"]
OPEN_CLOSE = [("（", "）"), ("〔", "〕"), ("(", ")"), ("【", "】"), ("〔", "]"), ("[", "〕")]
TRADITIONAL = str.maketrans("牵头单位责负职县门务关实现规范织监见听证复议", "牽頭單位責負職縣門務關實現規範織監見聽證復議")


def content(text: str) -> Counter:
    return Counter(char for char in text if char.isalnum())


def input_content(text: str) -> Counter:
    return content("".join(normalise(text)))


def ledger_content(result: ParseResult) -> Counter:
    ledger = result.ledger
    parts = [*result.front, *result.back]
    parts += [(h.number or "") + h.title + h.body for h in ledger.headings]
    parts += [g.text for g in ledger.goals]
    parts += [(t.number or "") + t.text + (t.annotation or "") for t in ledger.tasks]
    parts += [u.text for u in ledger.unparsed]
    return content("".join(parts))


def assert_nothing_lost(text: str, result: ParseResult, *, as_counted: str | None = None) -> None:
    expected, found = input_content(as_counted if as_counted is not None else text), ledger_content(result)
    assert found - expected == Counter(), f"characters read twice: {found - expected}"
    assert expected - found == Counter(), f"characters lost: {expected - found}"
    assert set(result.line_roles) == {n for n, line in enumerate(normalise(text), start=1) if line}
    assert set(result.line_roles.values()) <= set(ROLES)
    assert {u.line for u in result.ledger.unparsed} == {n for n, r in result.line_roles.items() if r == "unparsed"}
    result.ledger.to_dict()


@pytest.mark.parametrize("path", [SUIXI, TUNXI, *sorted(FIXTURES.rglob("*.txt"))], ids=lambda p: p.name)
def test_seeds_and_fixtures_lose_no_character(path):
    text = path.read_text(encoding="utf-8")
    assert_nothing_lost(text, ledger_with_trace(text), as_counted=merged_rows_once(text))


def merged_rows_once(text: str) -> str:
    """A tab-separated row whose cells all say the same is one merged cell (a section row): count it once."""
    return "\n".join(cells[0] if "\t" in line and len(set(cells := line.split("\t"))) == 1 else line
                     for line in text.split("\n"))


@st.composite
def annotations(draw) -> str:
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
    co = draw(st.lists(st.sampled_from(UNITS), max_size=2, unique=True))
    opener, closer = draw(st.sampled_from(OPEN_CLOSE))
    form = draw(st.sampled_from(["fields", "leader", "inline", "line", "labels", "none"]))
    if form == "none":
        return ""
    if form == "inline":
        return f"{opener}{'、'.join(units)}牵头{'，' + '、'.join(co) + '配合' if co else ''}{closer}"
    fields = f"牵头单位：{'、'.join(units)}" + (f"；配合单位：{'、'.join(co)}" if co else "")
    if form == "leader":
        fields = f"牵头县领导：{draw(st.sampled_from(LEADERS))}；" + fields
    if form == "line":
        return "\n" + fields
    if form == "labels":
        return f"\n牵头单位：{'、'.join(units)}" + (f"\n责任单位：{'、'.join(co)}" if co else "")
    return opener + fields + closer


@st.composite
def items(draw, number: int) -> str:
    family = draw(st.sampled_from(["arabic", "arabic_comma", "spaced", "bare", "paren", "article", "circled"]))
    label = {"arabic": f"{number}．", "arabic_comma": f"{number}、", "spaced": f"{number}. ", "bare": f"{number}",
             "paren": f"（{CN[number % 10]}）", "article": f"第{CN[number % 10]}条 ",
             "circled": chr(ord("①") + number % 20)}[family]
    body = "".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=2)))
    if draw(st.booleans()):  # an item title on its own line, the body below
        body = draw(st.sampled_from(TITLES)) + "\n" + body
    return label + body + draw(annotations())


@st.composite
def plans(draw) -> str:
    lines = ["黟县2023年法治政府建设工作要点", "黟政办〔2023〕9号"]
    number = draw(st.sampled_from([1, 1, 10]))  # numbering may run on from an earlier part ("10深化…")
    for section in range(draw(st.integers(1, 3))):
        lines.append(f"{CN[section]}、{draw(st.sampled_from(TITLES))}")
        if draw(st.booleans()):
            lines.append("——2023年为法治政府建设质量提升年。")
        for _ in range(draw(st.integers(0, 4))):
            lines.append(draw(items(number)))
            number += 1
    if draw(st.booleans()):
        lines += ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
        for row in range(1, draw(st.integers(1, 3)) + 1):
            lines += [str(row), draw(st.sampled_from(SENTENCES)), draw(st.sampled_from(UNITS)),
                      *draw(st.lists(st.sampled_from([*UNITS, "2023年12月底前", "长期坚持"]), max_size=2))]
    lines += draw(st.lists(st.sampled_from([
        "各单位要高度重视，确保各项任务按时完成。", "黟县人民政府办公室", "2023年3月1日", "抄送：县委办公室。"]),
        max_size=3))
    return "\n".join(lines)


@st.composite
def damaged(draw, text: str) -> str:
    """Copying damage: lost line breaks, spaces inside words, mixed brackets, traditional script."""
    lines = text.split("\n")
    joined = [lines[0]]
    for line in lines[1:]:
        if draw(st.integers(0, 4)) == 0:
            joined[-1] += line
        else:
            joined.append(line)
    text = "\n".join(joined)
    if draw(st.booleans()):
        at = draw(st.lists(st.integers(0, max(len(text) - 1, 0)), max_size=5))
        for position in sorted(at, reverse=True):
            text = text[:position] + " " + text[position:]
    if draw(st.booleans()):
        text = text.replace("（", "(").replace("）", ")") if draw(st.booleans()) else text.replace("〔", "【")
    if draw(st.booleans()):
        text = text.translate(TRADITIONAL)
    if draw(st.booleans()):
        text = text.replace("\n", "\n\n")
    return text


noisy_plans = plans().flatmap(damaged)


@SETTINGS
@given(plans())
def test_generated_plans_lose_no_character(text):
    assert_nothing_lost(text, ledger_with_trace(text))


@SETTINGS
@given(noisy_plans)
def test_damaged_plans_lose_no_character_and_never_crash(text):
    assert_nothing_lost(text, ledger_with_trace(text))


@st.composite
def table_documents(draw) -> tuple[DocumentText, str]:
    """A Word plan with a task table; returns the document and its text as a person would count it."""
    lines = ["祁门县2023年法治政府建设重点任务分工", "一、重点任务"]
    header = ["序号", "重点任务", "牵头单位", "配合单位", draw(st.sampled_from(["完成时限", "备注"]))]
    rows = [header]
    for row in range(1, draw(st.integers(1, 5)) + 1):
        if draw(st.integers(0, 3)) == 0:
            title = f"（{CN[row % 10]}）{draw(st.sampled_from(TITLES))}"
            rows.append([title] * len(header))  # a merged section row: python-docx repeats it in every cell
        rows.append([str(row), draw(st.sampled_from(SENTENCES)), draw(st.sampled_from(UNITS)),
                     draw(st.sampled_from(["", *UNITS])),
                     draw(st.sampled_from(["", "2023年12月底前", "长期坚持", "每季度", "需报县政府审定"]))])
    table = DocumentTable(rows=[], lines=[])
    for row in rows:
        lines.append("\t".join(row))
        table.rows.append(row)
        table.lines.append(len(lines))
    lines += draw(st.lists(st.sampled_from(["祁门县人民政府办公室", "2023年2月20日"]), max_size=2))
    as_counted = "\n".join(lines[: table.lines[0] - 1] + [row[0] if len(set(row)) == 1 else "".join(row)
                                                           for row in rows] + lines[table.lines[-1]:])
    return DocumentText(text="\n".join(lines), kind="docx", tables=[table]), as_counted


@SETTINGS
@given(table_documents())
def test_word_table_plans_lose_no_character(generated):
    document, as_counted = generated
    result = document_with_trace(document)
    assert ledger_content(result) == input_content(as_counted)
    assert result.ledger.tasks


@SETTINGS
@given(table_documents())
def test_word_table_plans_pasted_as_tab_separated_text_lose_no_character(generated):
    document, as_counted = generated
    result = ledger_with_trace(document.text)
    assert ledger_content(result) == input_content(as_counted)
    assert result.ledger.tasks


@SETTINGS
@given(any_text)
def test_random_fragments_lose_no_character(text):
    assert_nothing_lost(text, ledger_with_trace(text))
