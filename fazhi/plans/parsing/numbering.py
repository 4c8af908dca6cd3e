"""Item labels of Chinese official documents: 第一章 / 第一节 / 一、 / （一） / 第一条 / 1． / （1） / ①.

Full- and half-width brackets and dots are all accepted. An arabic number with no
punctuation at all ("11完善…", lost with a web page's list markup) is a *bare* label: it is
only taken when the character after it cannot start a measure ("12个月", "2022年", "3项"). Families are ranked in
the customary order; a document's heading levels are the ranks of the families
it actually uses, so a plan that starts at （一） still has level-1 headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi.lib.textnorm import chinese_number

_CN = "一二三四五六七八九十百零〇"
FAMILIES = ("chapter", "section", "cn", "paren_cn", "article", "arabic", "paren_arabic", "circled")
# After a bare number these start a quantity or a date, not an item: 12个月, 2022年, 3项, 10部门, 5G.
_MEASURE = "年月日号时分秒个项次件条款名人家户所万千百亿元角天周倍届期批类部份张套本篇场轮座栋辆台批级层大小点余多"
_ARTICLE_NUMERAL = rf"[{_CN}两\d]{{1,5}}"

_PATTERNS = (
    # PDF text keeps a space between ideographs: "第 三 条".
    ("chapter", re.compile(rf"^(第 ?{_ARTICLE_NUMERAL} ?)章")),
    ("section", re.compile(rf"^(第 ?{_ARTICLE_NUMERAL} ?)[节節]")),
    ("article", re.compile(rf"^(第 ?{_ARTICLE_NUMERAL} ?)[条條]")),
    ("cn", re.compile(rf"^([{_CN}]{{1,4}})[、，,．.]")),
    ("paren_cn", re.compile(rf"^[（(]([{_CN}]{{1,4}})[）)]")),
    # An ASCII dot followed by a digit is a decimal (1.5倍), a full-width one is still a label (29．2022年…).
    ("arabic", re.compile(r"^(\d{1,3})(?:\.(?!\d)|[．、])")),
    ("paren_arabic", re.compile(r"^[（(](\d{1,3})[）)]")),
    ("circled", re.compile(r"^([①-⑳])")),
    ("arabic", re.compile(rf"^(\d{{1,2}})(?=[\u4e00-\u9fff])(?![{_MEASURE}])")),
)


@dataclass(frozen=True)
class Label:
    family: str
    written: str
    """The label exactly as written, e.g. "（三）", "1．", "二、"."""
    value: int

    @property
    def bare(self) -> bool:
        """An arabic number written with no punctuation after it ("11完善…")."""
        return self.family == "arabic" and self.written.isdigit()

    @property
    def task_number(self) -> str:
        """How a task cites its own number: "15" for 15．, "（三）" for （三）, "第三条" for 第三条."""
        if self.family == "arabic":
            return str(self.value)
        return self.written.rstrip("、，,．.").replace(" ", "")


def match_label(text: str) -> Label | None:
    """The label at the start of ``text``, or None."""
    for family, pattern in _PATTERNS:
        found = pattern.match(text)
        if not found:
            continue
        raw = found.group(1).removeprefix("第").replace("两", "二").strip()
        value = ord(raw) - ord("①") + 1 if family == "circled" else chinese_number(raw)
        if value is None or len(text) == found.end():
            return None
        return Label(family=family, written=found.group(0), value=value)
    return None


def family_rank(family: str) -> int:
    return FAMILIES.index(family)
