"""Long lines and repeated patterns: the linear-time rewrites give the same results as the quadratic originals.

Time is not asserted here; ``bench/hostile_bench.py --lines`` prints how it grows.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.lib.limits import ReadLimits
from fazhi.lib.textnorm import bracket_balance, has_unmatched_closer, open_bracket_tail
from fazhi.plans.parsing import parse_text
from fazhi.plans.parsing.annotations import looks_like_annotation_start
from fazhi.plans.parsing.deadlines import find_deadlines
from fazhi.plans.parsing.frontmatter import _notice
from fazhi.plans.parsing.numbering import match_label
from fazhi.plans.parsing.stages import (
    _COMPLETE_HEADING,
    _CONTINUATION,
    _LAW_NAME_START,
    _NEEDS_OBJECT,
    _OPENS_MORE,
    Line,
    _ends_sentence,
    is_inside_bracket,
    rejoin_paragraphs,
)
from fazhi.plans.parsing.targets import extract_targets

_OLD_NOTICE = re.compile(r"^(?P<issuers>.*?)关于印发《?(?P<title>.+?)》?的通知")


def pieces(*words: str, max_size: int = 12):
    return st.lists(st.sampled_from(words), max_size=max_size).map("".join)


@given(pieces("关于印发", "《", "》", "的通知", "的", "通知", "县政府 ", "方案"))
def test_notice_reads_what_the_old_regex_read(text):
    old = _OLD_NOTICE.match(text)
    assert _notice(text) == ((old.group("issuers"), old.group("title")) if old else None)


@given(pieces("（", "）", "〔", "〕", "[", "]", "甲", "乙乙乙乙乙乙乙乙乙乙", "牵头单位：", max_size=80))
def test_a_recent_open_bracket_is_found_from_the_tail_alone(text):
    tail = open_bracket_tail(text)
    assert is_inside_bracket(text) == (tail is not None and tail <= 300)


def _old_rejoin(lines: list[Line]) -> list[tuple[str, list[int]]]:
    """The rejoin stage before it kept its bracket balance and role-field flag line by line.

    With the rules added since written out plainly: a line opening with "，" continues, an unpunctuated
    number only starts an item after a finished sentence or an annotation, a verb takes a law's name.
    """
    def continues(previous, line):
        has_field = looks_like_annotation_start(previous, anywhere=True)
        if has_unmatched_closer(line):
            return bracket_balance(previous) > 0 or has_field
        if line[0] in _CONTINUATION and not has_field:
            return True
        label = match_label(line)
        if label and label.bare and not has_field and not _ends_sentence(previous, bracket_balance(previous)):
            label = None
        if label or line.startswith(("——", "—")):
            return False
        if is_inside_bracket(previous) or previous[-1] in _OPENS_MORE:
            return True
        if looks_like_annotation_start(line):
            return False
        if previous[-1] in "，、," and not has_field:
            return True
        if _ends_sentence(previous, bracket_balance(previous)):
            return False
        if (len(previous) < 15 and _NEEDS_OBJECT.search(previous) and not _COMPLETE_HEADING.search(previous)
                and _LAW_NAME_START.match(line)):
            return True
        return len(previous) >= 15

    paragraphs: list[tuple[str, list[int]]] = []
    for line in lines:
        if paragraphs and continues(paragraphs[-1][0], line.text):
            previous, numbers = paragraphs[-1]
            if has_unmatched_closer(line.text) and bracket_balance(previous) <= 0 and previous[-1] in "）)〕]】":
                previous = previous[:-1]
            paragraphs[-1] = ((previous + line.text).replace("**", ""), [*numbers, line.number])
        else:
            paragraphs.append((line.text, [line.number]))
    return paragraphs


@settings(max_examples=300)
@given(st.lists(pieces("（", "）", "〕", "]", "*", "牵头", "单位：", "县司法局", "各镇", "。", "（一）", "推进法治政府建设工作",
                       max_size=8).filter(lambda text: text and "**" not in text), max_size=12))
def test_rejoining_keeps_the_old_result(texts):
    # Lines come normalised, so none holds "**" itself; two of them may make one at the seam.
    lines = [Line(number=i, text=text) for i, text in enumerate(texts, start=1)]
    assert [(p.text, p.lines) for p in rejoin_paragraphs(lines)] == _old_rejoin(lines)


def _old_find_deadlines(text: str) -> list[tuple[int, int, str]]:
    """Rule matches kept unless they overlap one kept before (compared with every one), equal ones once."""
    from fazhi.plans.parsing import deadlines

    taken, found = [], []
    for pattern, build in deadlines._RULES:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            try:
                kind, when, period = build(match)
            except ValueError:
                continue
            if kind == "by" and when is None:
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), match.end(), match.group(0), (kind, when, period)))
    found.sort()
    seen, unique = set(), []
    for start, end, written, key in found:
        if key not in seen:
            seen.add(key)
            unique.append((start, end, written))
    return unique


@given(pieces("2022年", "底前", "第三季度", "每年", "12月", "底", "前", "，", "到2025年", "完成", max_size=20))
def test_deadline_overlaps_resolve_as_before(text):
    from fazhi.plans.parsing import deadlines

    found = [(f.start, f.end, f.deadline.text) for f in find_deadlines(text)]
    before = _old_find_deadlines(text)
    # Phrases without a year (第三季度底前, 12月底前) are read now; every other phrase is read as before,
    # unless an equal yearless date written earlier already stands for it.
    extra = [f for f in found if f not in before]
    assert all(any(pattern.fullmatch(written) for pattern, _ in deadlines._YEARLESS_RULES) for *_, written in extra)
    assert all(any(e[0] < missing[0] for e in extra) for missing in before if missing not in found)


def test_a_bare_half_year_takes_the_year_written_last_before_it():
    found = [f.deadline.date.isoformat() for f in find_deadlines("2021年底前完成，2022年上半年，2023年起上半年") if f.deadline.date]
    assert found == ["2021-12-31", "2022-06-30", "2023-01-01", "2023-06-30"]


def test_each_value_names_the_subject_written_right_before_it():
    targets = extract_targets("报备率达到90%审查率达到95%" * 3)
    assert [t.subject for t in targets] == ["报备率", "审查率"] * 3
    assert [t.value for t in targets] == [90, 95] * 3


def test_many_repeated_targets_and_deadlines_in_one_task_are_all_read():
    task = "（一）" + "2022年底前备案率达到90%，" * 500 + "〔牵头单位：县司法局〕"
    ledger = parse_text("一、总则\n" + task)
    assert len(ledger.tasks) == 1
    assert len(ledger.tasks[0].targets) == 500
    assert [d.text for d in ledger.tasks[0].deadlines] == ["2022年底前"]


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["关于印发《方案》", "率达到90%", "（（（", "上半年", "2022年底前", "责任单位："]),
       st.integers(min_value=1, max_value=3))
def test_a_line_over_the_cap_is_left_unparsed_with_a_reason(pattern, scale):
    cap = ReadLimits.line_chars
    line = "（一）" + pattern * (cap * scale // len(pattern) + 1) + "〔牵头单位：县司法局〕"
    text = "一、总则\n" + line + "\n（二）推进依法行政。〔牵头单位：县财政局〕"
    ledger = parse_text(text)
    assert [t.lead_units for t in ledger.tasks] == [["县财政局"]]
    [unparsed] = ledger.unparsed
    assert unparsed.line == 2 and f"超过 {cap} 个字符" in unparsed.reason and len(unparsed.text) <= 201


def test_many_short_lines_never_make_a_paragraph_longer_than_the_cap():
    lines = [Line(number=i, text="推进法治政府建设工作持续深入开展（") for i in range(1, 3001)]
    paragraphs = rejoin_paragraphs(lines, max_chars=1000)
    assert max(len(p.text) for p in paragraphs) <= 1000
    assert sum(len(p.lines) for p in paragraphs) == 3000
