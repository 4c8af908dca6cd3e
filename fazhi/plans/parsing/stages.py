"""The first text stages of the importer: normalise → split lines → split run-in text → rejoin paragraphs.

Each stage is a plain function over plain values so it can be tested alone.
Line numbers are 1-based positions in the text the reader produced and are
carried through every stage, so the ledger can point back at the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.lib.limits import ReadLimits
from fazhi.lib.textnorm import (
    OPENERS,
    bracket_balance,
    has_unmatched_closer,
    normalise_line,
    open_bracket_tail,
)

from .annotations import looks_like_annotation_start, split_annotation
from .frontmatter import is_closing_line
from .ledger import Doubt
from .numbering import Label, family_rank, match_label

# A line ending in one of these finished its sentence; anything else may be a page-width wrap.
_TERMINAL = "。！？!?；;：:”’」』…"
_WRAP_MIN_CHARS = 15
_OPEN_BRACKET_REACH = 300
_TITLE_MAX_CHARS = 60
_TITLE_END = re.compile(r"(通知|方案|要点|规划|计划|意见|办法|纲要)$")
# The longest role field with its colon ("牵头责任单位：") is shorter: a join can create one this close to the seam.
_FIELD_REACH = 12
# A line never starts with these: a line that does is the rest of the line above.
_CONTINUATION = "，、。；;：:！？!?,》”’"
_OPENS_MORE = "“‘《（(〔[【"
# A line ending in these stopped mid-sentence however short it is.
_MID_SENTENCE = "，、,"
# A short line ending in a verb that needs an object, above a line that starts with a law's name: the web page
# put the linked name ("7. 全面实施" / "政府信息公开条例，…") on a line of its own.
_NEEDS_OBJECT = re.compile(r"(实施|贯彻|落实|执行|施行|学习|宣传|宣贯|遵守|遵循|修订|修改|制定|出台|废止|清理|推行|对照|依照|按照|根据|依据)$")
_LAW_NAME_START = re.compile(
    r"《|[^，,。；;：:、\s]{1,30}?(?:法|条例|规定|办法|细则|决定|纲要|规则|准则)》?(?:[，,。；;、和及]|$)")
# Headings that end in such a verb and are complete: "五、组织实施".
_COMPLETE_HEADING = re.compile(r"组织实施$")
# Item labels and sentence ends inside a line: where a web page that lost its line breaks ran items together.
_CN = "一二三四五六七八九十百零〇"
_RUN_IN_EVENT = re.compile(
    rf"(?P<label>第[{_CN}两\d]{{1,5}}[章节条節條]|[（(][{_CN}]{{1,4}}[）)]|[（(]\d{{1,3}}[）)]|(?<![{_CN}])[{_CN}]{{1,4}}[、．]"
    rf"|(?<!\d)\d{{1,3}}(?:\.(?!\d)|[．、])|(?<!\d)\d{{1,2}}(?=[\u4e00-\u9fff])|[①-⑳])"
    r"|(?P<dash>——(?=\d{4}年))|(?P<stop>[。；;！？!?])|(?P<open>[（(〔\[【［｛{<《])|(?P<close>[）)〕\]】］｝}>》])"
)
_RUN_IN_TITLE_CHARS = 30
_HEADING_FAMILIES = ("chapter", "section", "cn", "paren_cn")
# The front matter ends with the plan's title or its 文号: "…工作要点黟政办〔2023〕9号一、…" starts the first heading.
_FRONT_END = re.compile(r"(号|通知|方案|要点|规划|计划|意见|办法|纲要)$")
# "1. 3月31日前…": the space after an ASCII dot says the dot closes an item label. normalise_line drops spaces
# beside digits, and "1.3月" would then read as a decimal; the label's dot becomes full-width ("1．"), which
# is always a label's (see numbering).
_SPACED_LABEL = re.compile(r"^([ \t\u3000]*(?:\*\*)?\d{1,3})\.(?=(?:\*\*)?[ \t\u3000]+(?:\*\*)?\d)")
_TITLE_THEN_DOC_NUMBER = re.compile(r"(?:通知|方案|要点|规划|计划|意见|办法|纲要)(?=[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号)")


@dataclass
class Line:
    number: int
    text: str
    piece: bool = False
    """Part of a source line that held several items (see :func:`split_run_in`)."""


@dataclass
class Paragraph:
    text: str
    lines: list[int] = field(default_factory=list)
    pieces: bool = False
    """Built from part of a source line: its text is not the whole of any line."""

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


def normalise(text: str) -> list[str]:
    """Read raw text; write one cleaned string per source line (same count, same order).

    Removes a byte-order mark, unifies line endings, and applies
    :func:`fazhi.lib.textnorm.normalise_line` (bold markers, stray spaces). A label written "1. 3月…" keeps
    its dot as a label's dot ("1．3月…"), not a decimal point.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [normalise_line(_SPACED_LABEL.sub(r"\1．", line)) for line in text.split("\n")]


def split_lines(cleaned: list[str]) -> list[Line]:
    """Read cleaned lines; write the non-empty ones with their 1-based source line number."""
    return [Line(number=i, text=text) for i, text in enumerate(cleaned, start=1) if text]


class _Numbering:
    """The last value seen of each label family, so a label inside a line is taken only when it continues a list."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def continues(self, label: Label, within: Label | None) -> bool:
        if label.value == self.last.get(label.family, 0) + 1:
            return True
        # The first item of a deeper list: "一、总体要求（一）指导思想".
        return label.value == 1 and (within is None or family_rank(label.family) > family_rank(within.family))

    def see(self, label: Label | None) -> None:
        if label is not None:
            self.last[label.family] = label.value


def _run_in_points(text: str, numbering: _Numbering) -> list[int]:
    """Where in ``text`` a new item or an unbracketed annotation starts after another one.

    A label inside a line starts a new item only at bracket depth 0, when its value continues its list,
    and when what comes before it is finished: a sentence end (。；), a responsibility annotation, or a
    short labelled title (一、总体要求（一）…) with the new label one level deeper. A role field
    (责任单位：…) after a sentence end starts the annotation of the item before it.
    """
    points: list[int] = []
    at_sentence_end: list[int] = []
    start = 0
    within = match_label(text)
    numbering.see(within)
    in_annotation = looks_like_annotation_start(text)
    depth = 0
    closed_at = -1
    if within is None and not numbering.last and (title := _TITLE_THEN_DOC_NUMBER.search(text)):
        points.append(title.end())  # "…工作要点黟政办〔2023〕9号": the plan's title, then its 文号
        start = title.end()
    for event in _RUN_IN_EVENT.finditer(text):
        kind = event.lastgroup
        if kind == "open":
            depth += 1
            continue
        if kind == "close":
            if depth == 0:
                # The tail of a bracket opened on a line above ("…；协同责任单位：各镇]"): no split before it.
                points.clear()
                at_sentence_end.clear()
                start, within, in_annotation = 0, None, True
            depth = max(depth - 1, 0)
            closed_at = event.end()
            continue
        if depth or event.start() < start:
            continue
        at = event.start()
        if kind == "stop":
            after = text[event.end(): event.end() + 16]
            if not in_annotation and after[:1] not in OPENERS and looks_like_annotation_start(after):
                points.append(event.end())
                start, within, in_annotation = event.end(), None, True
            continue
        if at == start:
            continue
        if kind == "dash":
            before = text[start:at]
            # "二、强化监督——2023年为…年": a ——goal after a sentence or a short labelled title.
            if before[-1] in "。；;！？!?" or (within is not None and len(before) <= _RUN_IN_TITLE_CHARS
                                             and not any(mark in before for mark in "。；;，,")):
                points.append(at)
                start, within, in_annotation = at, None, False
            continue
        label = match_label(text[at:])
        if label is None:
            continue
        before = text[start:at]
        after_annotation = in_annotation or (closed_at == at and split_annotation(before) is not None)
        # Right after an annotation only a new item can follow, whatever its number; elsewhere it must continue.
        if not numbering.continues(label, within) and (label.bare or not after_annotation):
            continue
        finished = before[-1] in "。；;！？!?" or after_annotation
        title_run_in = (within is not None and len(before) <= _RUN_IN_TITLE_CHARS
                        and family_rank(label.family) > family_rank(within.family)
                        and not any(mark in before for mark in "。；;，,"))
        first_heading = (within is None and not numbering.last and label.value == 1
                         and label.family in ("chapter", "cn") and _FRONT_END.search(before) is not None)
        if label.bare and not after_annotation:
            continue
        if finished or title_run_in or first_heading:
            points.append(at)
            if not (after_annotation or title_run_in or first_heading):
                at_sentence_end.append(at)
            numbering.see(label)
            start, within, in_annotation = at, label, False
    if at_sentence_end and len(at_sentence_end) == len(points) and split_annotation(text) is not None:
        # "（一）加强建设。（1）完善制度；（2）建强队伍。〔牵头单位：…〕": one item with one annotation at its end,
        # its （1）（2） an enumeration inside the text, not items run together.
        return [point for point in points if point not in at_sentence_end]
    return points


def split_run_in(lines: list[Line], doubts: list[Doubt] | None = None) -> list[Line]:
    """Read non-empty lines; write them with run-together items and annotations split apart.

    A web page copied without its line breaks gives "一、主要任务（一）推进依法行政1.完善制度。（责任单位：…）2.…"
    on one line. Each piece keeps the source line number; every split line is listed in ``doubts``.
    """
    numbering = _Numbering()
    result: list[Line] = []
    for line in lines:
        points = _run_in_points(line.text, numbering)
        if not points:
            result.append(line)
            continue
        bounds = [0, *points, len(line.text)]
        pieces = [line.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if line.text[a:b]]
        result += [Line(number=line.number, text=piece, piece=True) for piece in pieces]
        if doubts is not None:
            doubts.append(Doubt(
                line=line.number, text=line.text,
                reason="一行中含有多个条目或责任分工（可能是网页复制时丢失了换行），已拆分为多行 / "
                       "several items or annotations ran together on one line and were split",
                suggestion="\n".join(pieces)))
    return result


def _ends_sentence(text: str, balance: int) -> bool:
    if len(text) <= _TITLE_MAX_CHARS and _TITLE_END.search(text):  # a title is complete without punctuation
        return True
    last = text[-1]
    if last in _TERMINAL:
        return True
    return last in "）)〕]】》" and balance <= 0


def _is_heading_title(text: str) -> bool:
    """"一、依法全面履行政府职能": a labelled title without sentence punctuation, complete on its line."""
    label = match_label(text)
    return (label is not None and not label.bare and label.family in _HEADING_FAMILIES
            and len(text) <= _TITLE_MAX_CHARS and not any(mark in text for mark in "。；;，,"))


def is_inside_bracket(text: str) -> bool:
    """Whether ``text`` stops inside a bracket opened recently (an annotation cut by a page break).

    Only a recent opener counts, so one stray "（" cannot swallow the paragraphs after it. Whether
    an opener is closed depends only on the text after it, so the last few hundred characters decide.
    """
    tail = open_bracket_tail(text[-(_OPEN_BRACKET_REACH + 1):])
    return tail is not None and tail <= _OPEN_BRACKET_REACH


@dataclass
class _Open:
    """The paragraph being built, with what the join decision needs kept up to date line by line.

    Recomputing the bracket balance or looking for a role field over the whole paragraph at
    every line would make rejoining quadratic in the paragraph's length.
    """

    paragraph: Paragraph
    balance: int
    has_field: bool


def _continues(previous: _Open, line: str) -> bool | str:
    """Whether ``line`` is the rest of ``previous``, split by a page break or a wrap.

    Returns "law" for the one join worth a second look: a short line ending in a verb, joined to a
    line starting with a law's name.
    """
    text = previous.paragraph.text
    if has_unmatched_closer(line):
        # "(园区), 县政府各部门、各直属机构]": the tail of an annotation opened above.
        return previous.balance > 0 or previous.has_field
    if line[0] in _CONTINUATION and not previous.has_field:
        return True
    label = match_label(line)
    if (label is not None and label.bare and not previous.has_field and not _ends_sentence(text, previous.balance)
            and not _is_heading_title(text)):
        label = None  # "5星级…" at the start of a wrapped line, not item 5
    if label or line.startswith(("——", "—")):
        return False
    if is_inside_bracket(text) or text[-1] in _OPENS_MORE:
        return True
    if looks_like_annotation_start(line):
        return False
    if text[-1] in _MID_SENTENCE and not previous.has_field:
        return True
    if _ends_sentence(text, previous.balance):
        return False
    if (len(text) < _WRAP_MIN_CHARS and _NEEDS_OBJECT.search(text) and not _COMPLETE_HEADING.search(text)
            and _LAW_NAME_START.match(line)):
        return "law"
    return len(text) >= _WRAP_MIN_CHARS


def _closes_after_blank(previous: _Open, line: Line) -> bool:
    """A signature or date line ("阜南县人民政府办公室" / "2024年2月26日") below a blank line closes the document.

    It is not the rest of the unfinished line above (an unbracketed 责任单位 list, a title without 方案/要点),
    unless that line plainly stopped mid-list or inside a bracket.
    """
    text = previous.paragraph.text
    return (line.number > previous.paragraph.last + 1 and not line.piece and is_closing_line(line.text)
            and text[-1] not in _MID_SENTENCE + _OPENS_MORE and not is_inside_bracket(text))


def _join(previous: _Open, line: Line) -> None:
    paragraph = previous.paragraph
    text = paragraph.text
    # An annotation closed too early ("…协同责任单位：各镇〕" / "(园区), …]") loses its premature closer.
    if has_unmatched_closer(line.text) and previous.balance <= 0 and text[-1] in "）)〕]】":
        text = text[:-1]
        previous.balance += 1
    seam = max(len(text) - _FIELD_REACH, 0)
    # A bold marker cut in two by the break ("；*" + "* 牵头…") only becomes visible once joined.
    joined = text[:seam] + (text[seam:] + line.text).replace("**", "")
    previous.balance += bracket_balance(line.text)
    previous.has_field = previous.has_field or looks_like_annotation_start(joined[seam:], anywhere=True)
    paragraph.text = joined
    paragraph.lines.append(line.number)


def rejoin_paragraphs(lines: list[Line], *, max_chars: int = ReadLimits.line_chars,
                      doubts: list[Doubt] | None = None) -> list[Paragraph]:
    """Read non-empty lines; write paragraphs, gluing lines that were broken mid-sentence.

    Page breaks in converted documents split words ("行政执法体制机" / "制基本完善"),
    headings and even annotations across blank lines. A line is glued to the one
    before when that one did not finish its sentence (long line without final
    punctuation, or an open bracket), unless the line starts a new numbered item,
    a ——goal or an annotation; a line with an unmatched closing bracket is glued
    back to the annotation it belongs to; a line starting with "，" or "、" continues the one above;
    a short line ending in 实施/贯彻/… takes the law name on the next line (listed in ``doubts``); a signature or
    date line below a blank line is never glued to the line above.
    A paragraph never grows past ``max_chars``, and a longer line stays a paragraph of its own
    (the parser leaves it unparsed).
    """
    paragraphs: list[Paragraph] = []
    current: _Open | None = None
    for line in lines:
        joins = (current is not None and len(current.paragraph.text) + len(line.text) <= max_chars
                 and not _closes_after_blank(current, line) and _continues(current, line.text))
        if joins:
            if joins == "law" and doubts is not None:
                doubts.append(Doubt(
                    line=line.number, text=line.text,
                    reason=f"上一行“{current.paragraph.text}”在动词处断开，已与本行连成一句 / "
                           "the line above stopped at a verb and was joined to this one",
                    suggestion=current.paragraph.text + line.text))
            _join(current, line)
            current.paragraph.pieces = current.paragraph.pieces or line.piece
        else:
            paragraph = Paragraph(text=line.text, lines=[line.number], pieces=line.piece)
            paragraphs.append(paragraph)
            current = _Open(paragraph, bracket_balance(line.text),
                            looks_like_annotation_start(line.text, anywhere=True))
    return paragraphs

