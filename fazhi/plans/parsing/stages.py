"""The first text stages of the importer: normalise → split lines → rejoin paragraphs.

Each stage is a plain function over plain values so it can be tested alone.
Line numbers are 1-based positions in the text the reader produced and are
carried through every stage, so the ledger can point back at the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fazhi.lib.limits import ReadLimits
from fazhi.lib.textnorm import bracket_balance, has_unmatched_closer, normalise_line, open_bracket_tail

from .annotations import looks_like_annotation_start
from .numbering import match_label

# A line ending in one of these finished its sentence; anything else may be a page-width wrap.
_TERMINAL = "。！？!?；;：:”’」』…"
_WRAP_MIN_CHARS = 15
_OPEN_BRACKET_REACH = 300
_TITLE_MAX_CHARS = 60
_TITLE_END = re.compile(r"(通知|方案|要点|规划|计划|意见|办法|纲要)$")
# The longest role field with its colon ("牵头责任单位：") is shorter: a join can create one this close to the seam.
_FIELD_REACH = 12


@dataclass
class Line:
    number: int
    text: str


@dataclass
class Paragraph:
    text: str
    lines: list[int] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


def normalise(text: str) -> list[str]:
    """Read raw text; write one cleaned string per source line (same count, same order).

    Removes a byte-order mark, unifies line endings, and applies
    :func:`fazhi.lib.textnorm.normalise_line` (bold markers, stray spaces).
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [normalise_line(line) for line in text.split("\n")]


def split_lines(cleaned: list[str]) -> list[Line]:
    """Read cleaned lines; write the non-empty ones with their 1-based source line number."""
    return [Line(number=i, text=text) for i, text in enumerate(cleaned, start=1) if text]


def _ends_sentence(text: str, balance: int) -> bool:
    if len(text) <= _TITLE_MAX_CHARS and _TITLE_END.search(text):  # a title is complete without punctuation
        return True
    last = text[-1]
    if last in _TERMINAL:
        return True
    return last in "）)〕]】》" and balance <= 0


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


def _continues(previous: _Open, line: str) -> bool:
    """Whether ``line`` is the rest of ``previous``, split by a page break or a wrap."""
    text = previous.paragraph.text
    if has_unmatched_closer(line):
        # "(园区), 县政府各部门、各直属机构]": the tail of an annotation opened above.
        return previous.balance > 0 or previous.has_field
    if match_label(line) or line.startswith(("——", "—")):
        return False
    if is_inside_bracket(text):
        return True
    if looks_like_annotation_start(line):
        return False
    if _ends_sentence(text, previous.balance):
        return False
    return len(text) >= _WRAP_MIN_CHARS


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


def rejoin_paragraphs(lines: list[Line], *, max_chars: int = ReadLimits.line_chars) -> list[Paragraph]:
    """Read non-empty lines; write paragraphs, gluing lines that were broken mid-sentence.

    Page breaks in converted documents split words ("行政执法体制机" / "制基本完善"),
    headings and even annotations across blank lines. A line is glued to the one
    before when that one did not finish its sentence (long line without final
    punctuation, or an open bracket), unless the line starts a new numbered item,
    a ——goal or an annotation; a line with an unmatched closing bracket is glued
    back to the annotation it belongs to. A paragraph never grows past ``max_chars``, and a
    longer line stays a paragraph of its own (the parser leaves it unparsed).
    """
    paragraphs: list[Paragraph] = []
    current: _Open | None = None
    for line in lines:
        if (current is not None and len(current.paragraph.text) + len(line.text) <= max_chars
                and _continues(current, line.text)):
            _join(current, line)
        else:
            paragraph = Paragraph(text=line.text, lines=[line.number])
            paragraphs.append(paragraph)
            current = _Open(paragraph, bracket_balance(line.text),
                            looks_like_annotation_start(line.text, anywhere=True))
    return paragraphs

