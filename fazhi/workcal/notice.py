"""Reading the 国务院办公厅 “关于X年部分节假日安排的通知” into a year's holidays and 调休上班日.

A pure function of the pasted text: no database. The notice lists its holidays as numbered
items, each a range and the weekend days worked in exchange, e.g.

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

``notice_parse`` returns the holidays and make-up workdays it found, or raises
``NoticeError`` with every problem as a Chinese sentence saying where and what to fix.
``schedule_flips`` turns the result into the days that differ from the plain week (what
``fazhi.workcal.services.calendar_year_enter`` stores); ``schedule_warnings`` checks a year's
flips for what the 放假办法 calls unusual (more than 6 workdays in a row).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

WEEKDAY_NAMES = "一二三四五六日"
# The longest holiday a notice has granted is 9 days (春节 2026); anything much longer is a typo.
LONGEST_HOLIDAY = 10
MOST_WORKDAYS_IN_A_ROW = 6

_ITEM = re.compile(r"(?:^|\n|。)\s*([一二三四五六七八九十]{1,3})、([^:\n。]{1,20}):")
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?")
_TITLE_YEAR = re.compile(r"关于(\d{4})年(?:部分)?节假日安排")
_DOC_NUMBER = re.compile(r"国办发(?:明电)?〔\d{4}〕\d+号")
_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
_STATED_DAYS = re.compile(r"共(\d{1,2})天")


class NoticeError(ValueError):
    """The text cannot be read as a holiday notice; ``messages`` say what to fix, in Chinese."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("；".join(messages))


@dataclass(frozen=True)
class Holiday:
    name: str
    first: date
    last: date

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class MakeUpDay:
    day: date
    name: str  # the holiday it makes up for


@dataclass
class NoticeSchedule:
    year: int
    holidays: list[Holiday] = field(default_factory=list)
    workdays: list[MakeUpDay] = field(default_factory=list)
    doc_number: str = ""
    # Things worth a second look that do not stop the entry (a notice of another year, days outside it).
    warnings: list[str] = field(default_factory=list)


def _normalise(text: str) -> str:
    # NFKC turns full-width digits, （） and ： into ASCII; 、，。 stay as they are.
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[ \t\u3000]+", "", text)


def _label(d: date) -> str:
    return _("%(month)d月%(day)d日") % {"month": d.month, "day": d.day}


def _weekday_label(d: date) -> str:
    return [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")][d.weekday()]


class _Reader:
    """Dates of one item, each checked against the weekday the notice writes beside it."""

    def __init__(self, year: int, item: str, errors: list[str]):
        self.year, self.item, self.errors = year, item, errors

    def dates(self, sentence: str, *, month: int | None = None) -> list[date]:
        found = []
        for match in _DATE.finditer(sentence):
            year_text, month_text, day_text, note = match.groups()
            month = int(month_text) if month_text else month
            if month is None:
                self.errors.append(_("“%(item)s”一项的“%(text)s”没有写月份，请写成如“2月15日”")
                                   % {"item": self.item, "text": match.group(0)})
                continue
            year = int(year_text) if year_text else self.year
            try:
                d = date(year, month, int(day_text))
            except ValueError:
                self.errors.append(_("“%(item)s”一项的“%(text)s”不是有效日期，请核对")
                                   % {"item": self.item, "text": match.group(0)})
                continue
            weekday = _WEEKDAY.findall(note or "")
            if weekday and WEEKDAY_NAMES.index(weekday[-1].replace("天", "日")) != d.weekday():
                self.errors.append(
                    _("“%(item)s”一项：%(year)d年%(day)s是%(actual)s，通知写的是周%(written)s，请核对年份是否选对")
                    % {"item": self.item, "year": d.year, "day": _label(d), "actual": _weekday_label(d),
                       "written": weekday[-1]})
            found.append(d)
        return found


def notice_parse(text: str, *, year: int) -> NoticeSchedule:
    """The holidays and 调休上班日 of ``year`` in the pasted notice; raises ``NoticeError``."""
    text = _normalise(text)
    schedule = NoticeSchedule(year=year)
    errors: list[str] = []
    title_year = _TITLE_YEAR.search(text)
    if title_year and int(title_year.group(1)) != year:
        schedule.warnings.append(_("通知标题是%(notice)s年的节假日安排，您正在录入%(year)d年，请确认没有选错年份")
                                 % {"notice": title_year.group(1), "year": year})
    if number := _DOC_NUMBER.search(text):
        schedule.doc_number = number.group(0)
    items = list(_ITEM.finditer(text))
    if not items:
        raise NoticeError([_("没有找到“一、元旦：1月1日放假……”这样的节日条目，请粘贴国务院办公厅通知的正文")])
    for index, item in enumerate(items):
        end = items[index + 1].start() if index + 1 < len(items) else len(text)
        name, body = item.group(2), text[item.end():end]
        # The closing paragraph (节假日期间，各地区、各部门要……) follows the last item: stop at a blank line.
        body = body.split("\n\n")[0].split("\n")[0] if index + 1 == len(items) else body
        _read_item(schedule, name, body, errors)
    if not schedule.holidays and not errors:
        errors.append(_("没有找到任何放假日期，请粘贴国务院办公厅通知的正文"))
    _check_overlaps(schedule, errors)
    if errors:
        raise NoticeError(errors)
    return schedule


def _read_item(schedule: NoticeSchedule, name: str, body: str, errors: list[str]) -> None:
    reader = _Reader(schedule.year, name, errors)
    holiday_found = False
    for sentence in (s for s in body.replace("\n", "。").split("。") if s):
        if "放假" in sentence and not holiday_found:
            holiday_found = True
            # Dates in the sentence up to 放假; the second of a range may omit its month (至23日).
            head = sentence[: sentence.index("放假")]
            days = []
            for part in head.split("至")[:2]:
                days += reader.dates(part, month=days[0].month if days else None)
            if not days:
                errors.append(_("“%(item)s”一项没有找到放假日期，请核对") % {"item": name})
                continue
            first, last = days[0], days[-1]
            if last < first:
                errors.append(_("“%(item)s”一项的放假日期%(first)s至%(last)s前后颠倒，请核对")
                              % {"item": name, "first": _label(first), "last": _label(last)})
                continue
            length = (last - first).days + 1
            if length > LONGEST_HOLIDAY:
                errors.append(_("“%(item)s”一项放假%(n)d天，超过%(most)d天，请核对起止日期")
                              % {"item": name, "n": length, "most": LONGEST_HOLIDAY})
                continue
            stated = _STATED_DAYS.search(sentence)
            if stated and int(stated.group(1)) != length:
                errors.append(_("“%(item)s”一项写明共%(stated)s天，但%(first)s至%(last)s是%(n)d天，请核对")
                              % {"item": name, "stated": stated.group(1), "first": _label(first),
                                 "last": _label(last), "n": length})
                continue
            schedule.holidays.append(Holiday(name, first, last))
        elif "上班" in sentence:
            for d in reader.dates(sentence):
                if d.weekday() < 5:
                    errors.append(_("“%(item)s”一项的调休上班日%(day)s是%(weekday)s，不是周末，请核对")
                                  % {"item": name, "day": _label(d), "weekday": _weekday_label(d)})
                    continue
                schedule.workdays.append(MakeUpDay(d, name))
    if not holiday_found:
        errors.append(_("“%(item)s”一项没有写“放假”，找不到放假日期，请核对") % {"item": name})


def _check_overlaps(schedule: NoticeSchedule, errors: list[str]) -> None:
    rest = {d: h.name for h in schedule.holidays for d in h.days}
    for w in schedule.workdays:
        if w.day in rest:
            errors.append(_("%(day)s既在“%(holiday)s”放假期间，又被列为调休上班日，请核对")
                          % {"day": _label(w.day), "holiday": rest[w.day]})
    outside = sorted({d for d in [*rest, *(w.day for w in schedule.workdays)] if d.year != schedule.year})
    if outside:
        schedule.warnings.append(
            _("%(days)s不在%(year)d年，本次不录入；如需调整，请在该年的日历中录入")
            % {"days": "、".join(f"{d.year}年{_label(d)}" for d in outside), "year": schedule.year})


def schedule_flips(schedule: NoticeSchedule) -> dict[date, tuple[bool, str]]:
    """The days of ``schedule.year`` that differ from the plain week: weekday holidays (False)
    and weekend 调休上班日 (True), each with a note naming its holiday. A holiday falling on a
    weekend is a rest day anyway and needs no entry."""
    flips: dict[date, tuple[bool, str]] = {}
    for h in schedule.holidays:
        for d in h.days:
            if d.year == schedule.year and d.weekday() < 5:
                flips[d] = (False, _("%(name)s放假") % {"name": h.name})
    for w in schedule.workdays:
        if w.day.year == schedule.year:
            flips[w.day] = (True, _("%(name)s调休上班") % {"name": w.name})
    return dict(sorted(flips.items()))


def schedule_warnings(year: int, flips: dict[date, object]) -> list[str]:
    """Runs of more than six workdays in ``year`` under the plain week plus ``flips`` (the 放假办法
    keeps consecutive workdays around a holiday at six or fewer, as a rule)."""
    warnings = []
    day, last, run_start, run = date(year, 1, 1), date(year, 12, 31), None, 0
    while day <= last + timedelta(days=1):
        works = day <= last and ((day.weekday() >= 5) if day in flips else (day.weekday() < 5))
        if works:
            run_start = run_start or day
            run += 1
        else:
            if run > MOST_WORKDAYS_IN_A_ROW:
                warnings.append(_("%(first)s至%(last)s连续上班%(n)d天，超过%(most)d天，请核对调休安排")
                                % {"first": _label(run_start), "last": _label(day - timedelta(days=1)),
                                   "n": run, "most": MOST_WORKDAYS_IN_A_ROW})
            run_start, run = None, 0
        day += timedelta(days=1)
    return warnings
