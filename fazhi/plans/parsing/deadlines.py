"""时限 phrases → :class:`Deadline` values.

Only phrases actually written produce deadlines; a task without one simply has
none, and the tracking layer decides what that means.

A yearly 工作要点 writes dates without a year ("6月底前", "3月31日前", "年底前",
"三季度末前"): such a phrase takes the last year written before it in the same
text, else the plan's year (``year``); with neither it is recognised (so it is
never read as part of a target) but yields no deadline.
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
_MONTH = r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
# Not inside a longer number ("16月" is no month); "2025年6月底前" is read whole by a dated rule first.
_NO_YEAR = r"(?<![\d])"
_TEN_DAYS = {"上旬": 10, "中旬": 20}


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


def _month(raw: str) -> int:
    return int(raw) if raw.isdigit() else chinese_number(raw) or 0


def _ten_days(year: int, month: int, part: str) -> date:
    return date(year, month, _TEN_DAYS[part]) if part in _TEN_DAYS else _month_end(year, month)


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
    (re.compile(r"(\d{4})年(?:内)?(?:全面|基本|全部)?(?:完成|实现|建成)"),
     lambda m: ("by", date(int(m.group(1)), 12, 31), None)),
    (re.compile(r"(\d{4})年(?:起|开始)"), lambda m: ("from", date(int(m.group(1)), 1, 1), None)),
    (re.compile(r"每(?:个)?(年度?|半年|季度?|月|周)"),
     lambda m: ("every", None, {"年": "year", "年度": "year", "半年": "half", "季": "quarter", "季度": "quarter",
                                "月": "month", "周": "week"}[m.group(1)])),
    (re.compile(r"长期坚持|持续推进|长期推进"), lambda m: ("ongoing", None, None)),
]
# Phrases without a year: each builder takes the match and the year that applies to it.
_YEARLESS_RULES: list[tuple[re.Pattern[str], object]] = [
    (re.compile(_NO_YEAR + _MONTH + r"(\d{1,2})日(?:前|之前|以前)"),
     lambda m, year: date(year, _month(m.group(1)), int(m.group(2)))),
    (re.compile(_NO_YEAR + _MONTH + r"(上旬|中旬|下旬|底|末)(?:前|之前|以前)?"),
     lambda m, year: _ten_days(year, _month(m.group(1)), m.group(2))),
    (re.compile(_NO_YEAR + _MONTH + r"(?:份)?(?:前|之前|以前)"),
     lambda m, year: _month_end(year, _month(m.group(1)) - 1) if _month(m.group(1)) > 1 else None),
    (re.compile(_NO_YEAR + _QUARTER + r"(?:末|底)?(?:前|之前)"),
     lambda m, year: _month_end(year, 3 * _quarter(m.group(1)))),
    (re.compile(r"(?<![\d一二三四五六七八九十两几多每])(?:今|本|当)?年(?:度)?(?:底|末)(?:前|之前)?"
                r"|(?<![\d一二三四五六七八九十两几多每])(?:今|本|当)?年(?:度)?内"),
     lambda m, year: date(year, 12, 31)),
    (re.compile(r"(?<!\d年)上半年"), lambda m, year: date(year, 6, 30)),
    (re.compile(r"(?<!\d年)下半年"), lambda m, year: date(year, 12, 31)),
]
_ANY_TIME_WORD = re.compile(r"年|每|五|月|季度|长期|持续推进")
_YEAR_BEFORE = re.compile(r"(\d{4})年")


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


def find_deadlines(text: str, *, year: int | None = None) -> list[FoundDeadline]:
    """Read a task or clause; write every time phrase with its position, in text order.

    Phrases never overlap (the earliest, then most specific rule wins). A phrase
    without a year (6月底前, 上半年, 年底前) takes the later of the year last
    written before it and ``year`` (the plan's); with neither its date is None.
    Repeated equal deadlines (每年 … 每年) are kept once.
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
    years = [(m.end(), int(m.group(1))) for m in _YEAR_BEFORE.finditer(text)]
    year_ends = [end for end, _year in years]
    for pattern, build in _YEARLESS_RULES:
        for match in pattern.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            before = bisect.bisect_right(year_ends, match.start())
            # A year written earlier in the text (2024年启动，6月底前完成) applies unless it is before the
            # plan's own: 报送2024年度报告，1月31日前 in the 2025 要点 means 2025-01-31.
            applies = max(years[before - 1][1], year or 0) if before else year
            try:
                when = build(match, applies) if applies else None
            except ValueError:
                continue  # 2月30日前: a typo, not a date
            taken.add(match.start(), match.end())
            found.append(FoundDeadline(Deadline(text=match.group(0), kind="by", date=when), match.start(),
                                       match.end()))
    found.sort(key=lambda f: f.start)
    unique: list[FoundDeadline] = []
    seen: set[tuple] = set()
    for item in found:
        key = (item.deadline.kind, item.deadline.date, item.deadline.period)
        if item.deadline.date is None and item.deadline.kind == "by":
            key = (*key, item.deadline.text)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def extract_deadlines(text: str, *, year: int | None = None) -> list[Deadline]:
    """The distinct deadlines written in ``text``; ``year`` is the plan's, for phrases written without one."""
    return [f.deadline for f in find_deadlines(text, year=year)
            if f.deadline.date is not None or f.deadline.kind != "by"]


def one_year(period_start: int | None, period_end: int | None) -> int | None:
    """The year a one-year plan (2025年…工作要点) dates its yearless phrases (6月底前) in; else None."""
    return period_start if period_start and period_start == period_end else None


def unique_deadlines(deadlines: list[Deadline]) -> list[Deadline]:
    """``deadlines`` without repeats of the same kind, date and period, in their order."""
    seen, unique = set(), []
    for deadline in deadlines:
        key = (deadline.kind, deadline.date, deadline.period)
        if key not in seen:
            seen.add(key)
            unique.append(deadline)
    return unique
