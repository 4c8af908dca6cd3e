"""Item labels of Chinese official documents: 一、 / （一） / 1． / （1） / ①.

Full- and half-width brackets and dots are all accepted. Families are ranked in
the customary order; a document's heading levels are the ranks of the families
it actually uses, so a plan that starts at （一） still has level-1 headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.lib.textnorm import chinese_number

_CN = "一二三四五六七八九十百零〇"
FAMILIES = ("cn", "paren_cn", "arabic", "paren_arabic", "circled")

_PATTERNS = (
    ("cn", re.compile(rf"^([{_CN}]{{1,4}})[、，,．.]")),
    ("paren_cn", re.compile(rf"^[（(]([{_CN}]{{1,4}})[）)]")),
    # An ASCII dot followed by a digit is a decimal (1.5倍), a full-width one is still a label (29．2022年…).
    ("arabic", re.compile(r"^(\d{1,3})(?:\.(?!\d)|[．、])")),
    ("paren_arabic", re.compile(r"^[（(](\d{1,3})[）)]")),
    ("circled", re.compile(r"^([①-⑳])")),
)


@dataclass(frozen=True)
class Label:
    family: str
    written: str
    """The label exactly as written, e.g. "（三）", "1．", "二、"."""
    value: int

    @property
    def task_number(self) -> str:
        """How a task cites its own number: "15" for 15．, "（三）" for （三）."""
        if self.family == "arabic":
            return str(self.value)
        return self.written.rstrip("、，,．.")


def match_label(text: str) -> Label | None:
    """The label at the start of ``text``, or None."""
    for family, pattern in _PATTERNS:
        found = pattern.match(text)
        if not found:
            continue
        raw = found.group(1)
        value = ord(raw) - ord("①") + 1 if family == "circled" else chinese_number(raw)
        if value is None or len(text) == found.end():
            return None
        return Label(family=family, written=found.group(0), value=value)
    return None


def family_rank(family: str) -> int:
    return FAMILIES.index(family)
