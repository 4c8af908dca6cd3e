"""时限 phrases → :class:`Deadline` values.

Only phrases actually written produce deadlines; a task without one simply has
none, and the tracking layer decides what that means.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date

from fazhi.lib.textnorm import chinese_number

from .ledger import Deadline

_QUARTER = r"(?:第)?([一二三四1-4])季度"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _five_year_plan_end(numeral: str) -> date | None:
    # From the third 五年计划 (1966–1970) on, plan n ends in 1955 + 5n: 十四五 → 2025.
    n = chinese_number(numeral)
    return date(1955 + 5 * n, 12, 31) if n and n >= 3 else None


@dataclass
class FoundDeadline:
    deadline: Deadline
    start: int
    end: int


def _quarter(raw: str) -> int:
    return int(raw) if raw.isdigit() else chinese_number(raw) or 1


_RULES: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"[“\"]?([十一二三四五六七八九]{1,3})五[”\"]?(?:期间|时期|末)"),
     lambda m: ("by", _five_year_plan_end(m.group(1)), None)),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:前|之前|以前)"),
     lambda m: ("by", date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None)),
    (re.compile(r"(\d{4})年(\d{1,2})月(?:底|末)(?:前|之前)?"),
     lambda m: ("by", _month_end(int(m.group(1)), int(m.group(2))), None)),
    (re.compile(r"(\d{4})年(\d{1,2})月(?:起|开始)"),
     lambda m: ("from", date(int(m.group(1)), int(m.group(2)), 1), None)),
    (re.compile(r"(\d{4})年" + _QUARTER + r"(?:起|开始)"),
     lambda m: ("from", date(int(m.group(1)), 3 * _quarter(m.group(2)) - 2, 1), None)),
    (re.compile(r"(\d{4})年" + _QUARTER + r"(?:末|底)?(?:前|之前)"),
     lambda m: ("by", _month_end(int(m.group(1)), 3 * _quarter(m.group(2))), None)),
    (re.compile(r"(\d{4})年上半年(?:前)?"), lambda m: ("by", date(int(m.group(1)), 6, 30), None)),
    (re.compile(r"(\d{4})年下半年(?:前)?"), lambda m: ("by", date(int(m.group(1)), 12, 31), None)),
    (re.compile(r"(\d{4})年(?:年底|底|年末|末)(?:前|之前)?"),
     lambda m: ("by", date(int(m.group(1)), 12, 31), None)),
    (re.compile(r"(?:到|至|于)(\d{4})年"), lambda m: ("by", date(int(m.group(1)), 12, 31), None)),
    (re.compile(r"(\d{4})年(?:内)?(?:全面|基本|全部)?完成"),
     lambda m: ("by", date(int(m.group(1)), 12, 31), None)),
    (re.compile(r"(\d{4})年(?:起|开始)"), lambda m: ("from", date(int(m.group(1)), 1, 1), None)),
    (re.compile(r"每(?:个)?(年度?|半年|季度?|月|周)"),
     lambda m: ("every", None, {"年": "year", "年度": "year", "半年": "half", "季": "quarter", "季度": "quarter",
                                "月": "month", "周": "week"}[m.group(1)])),
    (re.compile(r"长期坚持|持续推进|长期推进"), lambda m: ("ongoing", None, None)),
]
_ANY_TIME_WORD = re.compile(r"年|每|五|长期|持续推进")
_YEAR_BEFORE = re.compile(r"(\d{4})年")
_BARE_HALF = re.compile(r"(?<!\d年)上半年")


class Spans:
    """Non-overlapping [start, end) spans, sorted, with an overlap test in O(log n).

    Comparing each new match with every span taken so far made long texts quadratic.
    """

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.starts, start)
        # Only the span starting at or before ``start`` and the one right after can overlap.
        return (index > 0 and self.ends[index - 1] > start) or (index < len(self.starts) and self.starts[index] < end)

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_right(self.starts, start)
        self.starts.insert(index, start)
        self.ends.insert(index, end)


def find_deadlines(text: str) -> list[FoundDeadline]:
    """Read a task or clause; write every time phrase with its position, in text order.

    Phrases never overlap (the earliest, then most specific rule wins). A bare
    上半年 takes the year last mentioned before it. Repeated equal deadlines
    (每年 … 每年) are kept once.
    """
    taken = Spans()
    found: list[FoundDeadline] = []
    if not _ANY_TIME_WORD.search(text):
        return found
    for pattern, build in _RULES:
        for match in pattern.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            try:
                kind, when, period = build(match)
            except ValueError:
                continue  # 2022年13月40日, 0000年底: a typo, not a date
            if kind == "by" and when is None:
                continue
            taken.add(match.start(), match.end())
            found.append(FoundDeadline(Deadline(text=match.group(0), kind=kind, date=when, period=period),
                                       match.start(), match.end()))
    years = [(m.start(), int(m.group(1))) for m in _YEAR_BEFORE.finditer(text)] if "上半年" in text else []
    year_ends = [start + 5 for start, _year in years]
    for match in _BARE_HALF.finditer(text):
        if taken.overlaps(match.start(), match.end()):
            continue
        # The last year written wholly before this 上半年.
        before = bisect.bisect_right(year_ends, match.start())
        when = date(years[before - 1][1], 6, 30) if before and years[before - 1][1] else None
        found.append(FoundDeadline(Deadline(text="上半年", kind="by", date=when), match.start(), match.end()))
    found.sort(key=lambda f: f.start)
    unique: list[FoundDeadline] = []
    seen: set[tuple] = set()
    for item in found:
        key = (item.deadline.kind, item.deadline.date, item.deadline.period)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def extract_deadlines(text: str) -> list[Deadline]:
    """The distinct deadlines written in ``text``."""
    return [f.deadline for f in find_deadlines(text)]
