"""A plan's short name for lists, cards and messages, derived when the office gave none:
“濉溪·法治政府2021–2025” from 濉溪县 and 《濉溪县法治政府建设实施方案(2021—2025年)》.
Plain functions of strings; no Django."""

from __future__ import annotations

import re

# The domain words a county plan's title is about, most specific first.
TOPICS = ("法治政府", "法治社会", "法治乡村", "法治县", "法治区", "法治市", "依法治县", "依法治区", "依法治市",
          "法治建设", "普法")
# What a title says around its topic that tells plans of one place apart not at all.
NOISE = ("关于印发", "的通知", "实施方案", "行动方案", "工作方案", "规划", "方案", "推进", "加快", "全面", "建设",
         "三年", "五年", "行动", "计划", "工作", "要点")
LEVEL_SUFFIXES = ("自治县", "自治州", "县", "区", "市", "旗", "镇", "乡", "街道", "省")
YEARS = re.compile(r"[（(]?\s*(\d{4})\s*[—–\-－~～至到]+\s*(\d{4})\s*年?\s*[)）]?")
TOPIC_CHARS = 8


def place_short(name: str) -> str:
    """“濉溪县” → “濉溪”, “屯溪区” → “屯溪”; a two-character name keeps its suffix (“萧县”)."""
    name = (name or "").strip()
    for suffix in LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def title_years(title: str) -> tuple[int, int] | None:
    match = YEARS.search(title or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def title_topic(title: str, place_names: tuple[str, ...] = ()) -> str:
    """The topic of a plan title: a known domain word if it has one, else the title without
    place, years, brackets and boilerplate, cut to a few characters."""
    for topic in TOPICS:
        if topic in (title or ""):
            return topic
    text = YEARS.sub("", title or "")
    text = re.sub(r"[《》〈〉“”\"'（）()\s]", "", text)
    for name in place_names:
        if name:
            text = text.replace(name, "")
    for word in NOISE:
        text = text.replace(word, "")
    return text[:TOPIC_CHARS]


def plan_short_name(*, title: str, jurisdiction_name: str, period_start: int | None = None,
                    period_end: int | None = None) -> str:
    """“濉溪·法治政府2021–2025”: the place without its level, the title's topic and the years of
    the plan (its 实施期, else the years written in the title; none if neither)."""
    place = place_short(jurisdiction_name)
    topic = title_topic(title, (jurisdiction_name, place))
    years = (period_start, period_end) if period_start and period_end else title_years(title)
    if years:
        first, last = years
        topic += str(first) if first == last else f"{first}–{last}"
    if not topic:
        topic = (title or "")[:TOPIC_CHARS]
    return f"{place}·{topic}" if place else topic
