"""Quantitative targets → :class:`Target` values (comparator, value, unit, per, subject, by).

A target is looked for clause by clause (split at ，；。), so its subject and its
deadline come from the same clause it is written in:
"2022年10月底前涉法涉诉信访办结率达90%以上" → 涉法涉诉信访办结率 >= 90 %, by 2022-10-31.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from fazhi.lib.textnorm import chinese_number, split_top_level

from .deadlines import Spans, find_deadlines
from .ledger import Target

_NUM = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百]{1,4})"
_UNIT = (r"(%|％|个百分点|个工作日|工作日|个月|日|学时|课时|小时|分钟|分|天|次|期|名|人次|人|件|台|家|个|项|场|篇|万元|套|所|户|批"
         r"|卷|部|册|本|处|条)")
_PREFIXES = {
    "力争达到": ">=", "不低于": ">=", "不少于": ">=", "不高于": "<=", "不超过": "<=", "保持在": ">=",
    "至少": ">=", "最少": ">=", "最多": "<=", "高于": ">", "超过": ">", "低于": "<", "少于": "<",
    "达到": ">=", "保持": ">=", "达": ">=",
}
_SUFFIXES = {"以上": ">=", "及以上": ">=", "以下": "<=", "以内": "<=", "内": "<="}
_PREFIX = "|".join(sorted(_PREFIXES, key=len, reverse=True))
_WITH_PREFIX = re.compile(
    rf"(?P<prefix>{_PREFIX})(?P<gap>(?<=至少|最少)[\u4e00-\u9fff]{{0,4}}?)?{_NUM}{_UNIT}(?P<suffix>及以上|以上|以下|以内|内)?"
)
_WITH_SUFFIX = re.compile(rf"(?<![×*xX\d.月]){_NUM}{_UNIT}(?P<suffix>及以上|以上|以下|以内|内)")
_BARE_RATE = re.compile(r"(?<=[率度])(\d+(?:\.\d+)?)(%|％)")
_BARE_COUNT = re.compile(r"(?<=使用|采购|配备|建成|新增|购置)(\d+)(台|套|个|辆|所|家)")
# "4至5件": at least the lower bound.
_RANGE = re.compile(rf"(?<![\d.]){_NUM}(?:至|到|-|－|—|～|~){_NUM}{_UNIT}")
# "公布43项", "共清理12件": a count written after a verb that produces or lists things.
_LISTED_COUNT = re.compile(r"(?<=梳理|公布|清理|取消|下放|精简|保留|制定|出台|培育|打造|创建|评选|选树|确定|完成|办理"
                           r"|审查|备案|共计|合计|累计|形成)(\d+)(项|件|个|家|所|卷|部|篇|条)(?![\d次])")
_CLAUSE_SEPARATORS = "，,；;。！？!?"
_CLAUSE_MARKS = re.compile("[（(【[〔）)】\\]〕" + _CLAUSE_SEPARATORS + "]")
_SUBJECT_END = re.compile(r"(率|度|比例|比重|占比)$")
# Comparator words in traditional script (不低於, 達到), folded one character for one so positions hold.
_COMPARATOR_FOLD = str.maketrans("於達過為", "于达过为")
_LEADING_VERBS = re.compile(r"^(?:推动|确保|实现|力争|保持|使|促进|推进|提高|提升|并|且|其中|全面|要|并且)+")


@dataclass
class _Hit:
    start: int
    end: int
    comparator: str
    value: float
    unit: str


def _number(raw: str) -> float | None:
    if raw[0].isdigit():
        value = float(raw)
    else:
        value = chinese_number(raw)
    return None if value is None else (int(value) if float(value).is_integer() else value)


def _unit(raw: str) -> str:
    return {"％": "%", "个工作日": "工作日"}.get(raw, raw)


def _hits(clause: str) -> list[_Hit]:
    clause = clause.translate(_COMPARATOR_FOLD)
    hits: list[_Hit] = []
    taken = Spans()

    def add(start: int, end: int, comparator: str, raw_value: str, raw_unit: str) -> None:
        value = _number(raw_value)
        if value is None or taken.overlaps(start, end):
            return
        taken.add(start, end)
        hits.append(_Hit(start, end, comparator, value, _unit(raw_unit)))

    for m in _WITH_PREFIX.finditer(clause):
        comparator = _SUFFIXES.get(m.group("suffix") or "", _PREFIXES[m.group("prefix")])
        if m.group("prefix") in ("高于", "超过", "低于", "少于", "不高于", "不超过", "最多"):
            comparator = _PREFIXES[m.group("prefix")]
        add(m.start(), m.end(), comparator, m.group(3), m.group(4))
    for m in _WITH_SUFFIX.finditer(clause):
        add(m.start(), m.end(), _SUFFIXES[m.group("suffix")], m.group(1), m.group(2))
    for m in _BARE_RATE.finditer(clause):
        add(m.start(), m.end(), ">=" if clause.startswith("保持") else "=", m.group(1), m.group(2))
    for m in _RANGE.finditer(clause):
        add(m.start(), m.end(), ">=", m.group(1), m.group(3))
    for m in _BARE_COUNT.finditer(clause):
        add(m.start(), m.end(), "=", m.group(1), m.group(2))
    for m in _LISTED_COUNT.finditer(clause):
        add(m.start(), m.end(), "=", m.group(1), m.group(2))
    return sorted(hits, key=lambda h: h.start)


def _per(clause: str) -> str | None:
    if "每人每年" in clause:
        return "person-year"
    for word, per in (("每年", "year"), ("每季", "quarter"), ("每月", "month"), ("每周", "week"), ("每人", "person")):
        if word in clause:
            return per
    return None


def _subjects(before: str) -> list[str]:
    """The measured quantities named right before a value: "报备率、报备及时率、规范率" → three."""
    candidate = _LEADING_VERBS.sub("", before)
    if not candidate or not _SUBJECT_END.search(candidate):
        return []
    parts = split_top_level(candidate, "、")
    if len(parts) > 1 and all(_SUBJECT_END.search(p) for p in parts):
        return parts
    return [candidate]


def _clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) pairs, split at ，；。 outside brackets."""
    clauses, start, depth = [], 0, 0
    for found in _CLAUSE_MARKS.finditer(text):
        char = found.group()
        if char in "（(【[〔":
            depth += 1
        elif char in "）)】]〕":
            depth = max(depth - 1, 0)
        elif depth == 0:
            clauses.append((start, text[start:found.start()]))
            start = found.end()
    clauses.append((start, text[start:]))
    return [(s, c) for s, c in clauses if c]


def _any_hit(text: str) -> list[int]:
    """Start positions of every candidate value in ``text``, to skip clauses without one."""
    return sorted(m.start() for pattern in (_WITH_PREFIX, _WITH_SUFFIX, _BARE_RATE, _RANGE, _BARE_COUNT,
                                                         _LISTED_COUNT)
                  for m in pattern.finditer(text))


def extract_targets(text: str, *, default_by=None, year: int | None = None) -> list[Target]:
    """Read task or goal text; write its targets in text order.

    ``default_by`` (a goal's year end) applies when the clause names no deadline; ``year``
    (the plan's) dates a clause's deadline written without one (6月底前). A deadline
    phrase is never part of a target's text.
    """
    targets: list[Target] = []
    candidates = _any_hit(text.translate(_COMPARATOR_FOLD))
    if not candidates:
        return targets
    for offset, clause in _clauses(text):
        first = bisect.bisect_left(candidates, offset)
        if first == len(candidates) or candidates[first] >= offset + len(clause):
            continue
        hits = _hits(clause)
        if not hits:
            continue
        deadlines = [f for f in find_deadlines(clause, year=year) if f.deadline.kind == "by"]
        deadline_ends = [d.end for d in deadlines]
        per = _per(clause)
        previous_end = 0
        for hit in hits:
            before = bisect.bisect_right(deadline_ends, hit.start)
            # A subject is named between the value before (or the deadline before) and this value.
            subject_start = max(previous_end, deadline_ends[before - 1] if before else 0)
            by = deadlines[0].deadline.date if deadlines and deadlines[0].deadline.date else default_by
            subjects = _subjects(clause[subject_start:hit.start]) if hit.unit == "%" else []
            phrase_start = subject_start if subjects else hit.start
            phrase = clause[phrase_start:hit.end]
            if subjects:
                phrase = _LEADING_VERBS.sub("", phrase) if not clause[phrase_start:].startswith("保持") else phrase
            for subject in subjects or [None]:
                targets.append(Target(text=phrase, value=hit.value, unit=hit.unit, comparator=hit.comparator,
                                      subject=subject, per=per, by=by))
            previous_end = hit.end
    return targets
