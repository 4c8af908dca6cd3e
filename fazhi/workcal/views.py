"""工作日历: the years and where each one's holidays come from, and one year's screen, where the
calendar keeper pastes the 国务院办公厅 notice (parsed into a preview) or ticks days on a
12-month grid, then saves the year whole (``calendar_year_publish``). Every other office reads."""

from __future__ import annotations

import calendar as pycalendar
from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for, is_installation_keeper, require_office
from fazhi.lib.workdays import CalendarUnknownYear, WorkCalendar
from fazhi.tracking.models import Period
from fazhi.tracking.services import calendar_year_publish
from fazhi.workcal.calendar import current_calendar
from fazhi.workcal.models import CalendarDay, CalendarYear
from fazhi.workcal.notice import NoticeError, notice_parse, schedule_flips, schedule_warnings
from fazhi.workcal.services import calendar_year_days

FIRST_YEAR, LAST_YEAR = 2000, 2100
NATIONAL = WorkCalendar()  # the chinese-calendar package alone, without local overrides


def _source(year: int, entered: CalendarYear | None) -> str:
    if entered is not None and entered.complete:
        return "local"
    return "national" if NATIONAL.knows_year(year) else "unknown"


@login_required
def calendar_years(request):
    actor = require_office(request.user)
    today = timezone.localdate()
    if "year" in request.GET:  # 录入其他年份
        wanted = request.GET["year"].strip()
        if wanted.isdigit() and FIRST_YEAR <= int(wanted) <= LAST_YEAR:
            return redirect("workcal:year", year=int(wanted))
        messages.error(request, _("年份应为 %(first)d 至 %(last)d 之间的四位数字，如 2027")
                       % {"first": FIRST_YEAR, "last": LAST_YEAR})
    entered = {y.year: y for y in CalendarYear.objects.all()}
    waiting = dict(Period.objects.filter(due_on_provisional=True).values("due_on__year").annotate(n=Count("pk"))
                   .values_list("due_on__year", "n").order_by())
    years = sorted({*range(today.year - 1, today.year + 2), *entered, *waiting})
    overrides: dict[int, dict[date, tuple[bool, str]]] = defaultdict(dict)
    for day, works, note in CalendarDay.objects.values_list("day", "is_workday", "note"):  # a few dozen rows a year
        overrides[day.year][day] = (works, note)
    rows = []
    for y in reversed(years):
        flips = _current_flips(y, overrides[y])
        rows.append({"year": y, "source": _source(y, entered.get(y)), "entry": entered.get(y),
                     "rest": sum(not w for w, _n in flips.values()), "work": sum(w for w, _n in flips.values()),
                     "waiting": waiting.get(y, 0)})
    return render(request, "workcal/years.html", {
        "rows": rows, "keeper": is_installation_keeper(actor), "next_year": today.year + 1,
    })


def _current_flips(year: int, entered: dict[date, tuple[bool, str]] | None = None) -> dict[date, tuple[bool, str]]:
    """The days of ``year`` that differ from the plain week in the calendar in force, with notes
    (``entered``: the year's overrides, if the caller read them already)."""
    entered = calendar_year_days(year) if entered is None else entered
    calendar = current_calendar()
    if not calendar.knows_year(year):
        return {d: v for d, v in entered.items() if v[0] == (d.weekday() >= 5)}
    flips = {}
    day = date(year, 1, 1)
    while day.year == year:
        try:
            works = calendar.is_workday(day)
        except CalendarUnknownYear:
            works = day.weekday() < 5
        if works != (day.weekday() < 5):
            flips[day] = (works, entered.get(day, (works, ""))[1])
        day += timedelta(days=1)
    return flips


def _months(year: int, flips: dict[date, tuple[bool, str]], holidays: dict[date, str] | None = None) -> list[dict]:
    """Twelve month grids, Monday first; a cell is None outside the month. ``holidays`` (from a
    parsed notice) names the weekend days inside a holiday too, which are rest days anyway."""
    holidays = holidays or {}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append([None if d.month != month else {
                "day": d, "weekend": d.weekday() >= 5, "flipped": d in flips,
                "note": flips.get(d, (None, ""))[1] or holidays.get(d, ""),
                "in_holiday": d in holidays and d not in flips,
            } for d in week])
        months.append({"month": month, "weeks": weeks})
    return months


def _flips_from_post(request, year: int) -> tuple[dict[date, tuple[bool, str]], list[str]]:
    """The ticked days, each with the note the pasted notice gives it (else 放假 / 调休上班)."""
    names: dict[date, tuple[bool, str]] = {}
    text = request.POST.get("notice", "")
    if text.strip():
        try:
            names = schedule_flips(notice_parse(text, year=year))
        except NoticeError:
            names = {}
    flips, errors = {}, []
    for value in request.POST.getlist("flip"):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            errors.append(_("“%(value)s”不是日期，请重新勾选") % {"value": value[:20]})
            continue
        works = day.weekday() >= 5
        flips[day] = (works, names.get(day, (works, _("调休上班") if works else _("放假")))[1])
    return flips, errors


@login_required
def calendar_year(request, year):
    actor = require_office(request.user)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("没有这一年的日历"))
    keeper = is_installation_keeper(actor)
    if request.method == "POST" and not keeper:
        raise PermissionDenied(_("工作日历由全系统共用，请由最上级辖区的依法治办或系统管理员维护"))
    entry = CalendarYear.objects.filter(year=year).first()
    context = {"year": year, "keeper": keeper, "entry": entry, "source": _source(year, entry),
               "notice": "", "note": entry.note if entry else "", "errors": [], "warnings": [], "schedule": None}
    flips = _current_flips(year)
    status = 200
    action = request.POST.get("action")
    if action == "preview":
        context["notice"] = request.POST.get("notice", "")
        try:
            schedule = notice_parse(context["notice"], year=year)
        except NoticeError as error:
            context["errors"], status = error.messages, 400
        else:
            flips = schedule_flips(schedule)
            context.update(schedule=schedule, note=schedule.doc_number or context["note"],
                           warnings=schedule.warnings + schedule_warnings(year, flips))
    elif action == "save":
        flips, errors = _flips_from_post(request, year)
        context.update(notice=request.POST.get("notice", ""), note=request.POST.get("note", "").strip())
        if not errors:
            try:
                published = calendar_year_publish(year=year, days=flips, note=context["note"], by=request.user)
            except ValidationError as refused:
                errors = refused.messages
            else:
                _report_saved(request, year, flips, published)
                return redirect("workcal:years")
        context["errors"], status = errors, 400
    schedule = context["schedule"]
    holidays = {d: h.name for h in schedule.holidays for d in h.days} if schedule else {}
    context.update(months=_months(year, flips, holidays), weekday_names=[_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")],
                   rest=sum(not w for w, _n in flips.values()),
                   work=sum(w for w, _n in flips.values()))
    return render(request, "workcal/year.html", context, status=status)


def _report_saved(request, year, flips, published) -> None:
    messages.success(request, _("已保存%(year)d年工作日历（放假的工作日 %(rest)d 天、调休上班日 %(work)d 天），该年已标记为已录入")
                     % {"year": year, "rest": sum(not w for w, _n in flips.values()),
                        "work": sum(w for w, _n in flips.values())})
    if published.confirmed:
        # The calendar is shared: other jurisdictions' units are told too, and said apart.
        own = actor_for(request.user).jurisdiction_id
        elsewhere = sum(unit.jurisdiction_id != own for unit in published.units_told)
        counts = {"n": len(published.confirmed), "units": len(published.units_told) - elsewhere, "elsewhere": elsewhere}
        if elsewhere:
            messages.success(request, _("已重算 %(n)d 个暂定的报送截止日，并通知了本辖区 %(units)d 个单位、"
                                        "其他辖区 %(elsewhere)d 个单位") % counts)
        else:
            messages.success(request, _("已重算 %(n)d 个暂定的报送截止日，并通知了 %(units)d 个单位") % counts)
    for warning in schedule_warnings(year, flips):
        messages.warning(request, warning)
