"""Read a 完成时限 or 量化指标 cell part the way the plan importer reads the document.

The importer's normalisers (``fazhi.plans.parsing.deadlines`` / ``.targets``) are the one
definition of what a 时限 or 指标 means; while they cannot be imported, a minimal local
reading of the common forms keeps the Excel import usable.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from fazhi.plans.parsing.ledger import Deadline, Target


def _parser_functions():
    try:
        from fazhi.plans.parsing.deadlines import extract_deadlines
        from fazhi.plans.parsing.targets import extract_targets
    except ImportError:
        return None, None
    return extract_deadlines, extract_targets


def deadline_from_text(text: str) -> Deadline | None:
    """The deadline ``text`` states, keeping the user's wording as its text; None when unreadable."""
    extract_deadlines, _ = _parser_functions()
    found = extract_deadlines(text) if extract_deadlines else _fallback_deadlines(text)
    if not found:
        return None
    first = found[0]
    return Deadline(text=text, kind=first.kind, date=first.date, period=first.period)


def target_from_text(text: str) -> Target | None:
    """The target ``text`` states, keeping the user's wording as its text; None when unreadable."""
    _, extract_targets = _parser_functions()
    found = extract_targets(text) if extract_targets else _fallback_targets(text)
    if not found:
        return None
    first = found[0]
    return Target(text=text, value=first.value, unit=first.unit, comparator=first.comparator,
                  subject=first.subject, per=first.per, by=first.by)


# --- the minimal fallback -------------------------------------------------------------------------

_FALLBACK_DEADLINES = [
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"), lambda m: ("by", date(*map(int, m.groups())), None)),
    (re.compile(r"(\d{4})年(\d{1,2})月(?:底|末)"),
     lambda m: ("by", date(int(m[1]), int(m[2]), calendar.monthrange(int(m[1]), int(m[2]))[1]), None)),
    (re.compile(r"(\d{4})年(?:年底|年末|底|末)"), lambda m: ("by", date(int(m[1]), 12, 31), None)),
    (re.compile(r"(\d{4})年上半年"), lambda m: ("by", date(int(m[1]), 6, 30), None)),
    (re.compile(r"(\d{4})年(?:起|开始)"), lambda m: ("from", date(int(m[1]), 1, 1), None)),
    (re.compile(r"每(年度?|半年|季度?|月|周)"),
     lambda m: ("every", None, {"年": "year", "年度": "year", "半年": "half", "季": "quarter", "季度": "quarter",
                                "月": "month", "周": "week"}[m[1]])),
    (re.compile(r"长期坚持|持续推进|长期推进"), lambda m: ("ongoing", None, None)),
]
_FALLBACK_TARGET = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％|个工作日|工作日|学时|小时|天|次|名|人次|人|件|家|个|项|场|万元)")


def _fallback_deadlines(text: str) -> list[Deadline]:
    for pattern, build in _FALLBACK_DEADLINES:
        match = pattern.search(text)
        if match:
            try:
                kind, when, period = build(match)
            except ValueError:  # 2023年2月30日
                return []
            return [Deadline(text=match[0], kind=kind, date=when, period=period)]
    return []


def _fallback_targets(text: str) -> list[Target]:
    match = _FALLBACK_TARGET.search(text)
    if not match:
        return []
    comparator = "<=" if re.search(r"不超过|不高于|以内|以下", text) else ">="
    return [Target(text=text, value=float(match[1]), unit=match[2].replace("％", "%"), comparator=comparator)]
