"""Status colours, computed from deadlines and reports, never typed in. Pure functions over
plain facts: no query and no clock inside, every function takes ``today``. The reads that
gather the facts live in ``fazhi.tracking.board``.

Colours (宁国/宿迁 practice, thresholds per plan on ``ReportingCadence``):

* blue   — done: an accepted report with status 已完成 (限期 tasks); for a 长期/周期 task,
           the window (for a board cell: the cell's own period) has an accepted 已完成 report
           with 佐证材料; for a goal, the office marked it achieved. An accepted 推进中 report is
           never done.
* red    — overdue and not done.
* yellow — 临期: due within ``due_soon_workdays`` working days (default 10) and not done /
           nothing submitted (``is_due_soon``, the one 临期 test, also for clerk cards and
           reminders); or behind 序时进度: the latest submitted percent (未启动 counts as 0) is
           more than ``behind_threshold`` points (default 30) below the share of time elapsed;
           or the unit reported 无法完成 before the deadline.
* green  — on track.
* grey   — nothing to judge yet: before tracking starts, before a “from” date
           (“2022年第四季度开始”), a period in the future, a goal year not begun, a goal the
           office has not assessed (待评估), a task nobody is assigned to.

Two signals, never mixed: the colour above is the 进展灯 (how the work goes); the 报送状态
(``filing_state``: 未到期 / 待填报 / 已报送 / 逾期未报 / 已退回 / 已通过) says whether a unit
filed its report for a period. Where both meet (a board cell, a clerk's card) ``with_filing``
keeps them honest: a report overdue and unfiled turns a green or yellow light red.

``was_overdue`` stays true once a deadline (or a perennial period) passed unmet, even
after the task is done (blue) or back on track (green): “late then recovered” stays visible.

``provisional`` (暂定): the status depends on working days in a year the work calendar does
not know yet, reckoned by the plain week (see ``fazhi.tracking.periods.FallbackCalendar``):
its due date was derived that way, or the working days counted up to it run through such a year.

限期 tasks (deadline kind “by”): with several dates, the colour is judged against the
nearest one not yet met. An earlier milestone is met by an accepted report (status other
than 未启动) submitted on or before it; the last one only by an accepted 已完成 report.
A “by” deadline beside a perennial clause: the perennial clause is judged once the “by”
part is done.

长期/周期 tasks (“ongoing”, “every”, “from”, and tasks with no deadline at all) are judged
per window: the deadline's period for “every” (每年/每半年/每季度/每月; 每周 is judged
monthly), else the plan's ``perennial_kind`` (quarterly by default). A window is met by an
accepted report with 佐证材料 for a reporting period inside it (green; blue only if that
report says 已完成); it is due with the
quarterly (or monthly) report after the window ends. The task's colour today is the worst
of the most recent window already due and the windows still open.

Which reports count: for a task, the 牵头单位's consolidated reports (any unit's reports
if the task has no 牵头单位); for an assignment, that assignment's reports. Only what
had happened by ``today`` counts (submitted/reviewed dates), so the board can show history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils.translation import gettext as _

from fazhi.plans.models import Deadline
from fazhi.tracking.models import ProgressReport
from fazhi.tracking.periods import FallbackCalendar, span_of, with_fallback

GREEN, YELLOW, RED, BLUE, GREY = "green", "yellow", "red", "blue", "grey"
SEVERITY = {GREY: 0, BLUE: 1, GREEN: 2, YELLOW: 3, RED: 4}
EVERY_WINDOW = {"year": "year", "half": "half", "quarter": "quarter", "month": "month", "week": "month"}

BY, EVERY, FROM = Deadline.Kind.BY, Deadline.Kind.EVERY, Deadline.Kind.FROM
State = ProgressReport.State
Progress = ProgressReport.Status


@dataclass(frozen=True)
class Status:
    colour: str
    reason: str = ""
    due_on: date | None = None
    was_overdue: bool = False
    provisional: bool = False


@dataclass(frozen=True)
class Rules:
    """What a plan is judged by: its cadence's thresholds and the work calendar. The calendar
    is wrapped so that a year it does not know is reckoned by the plain week."""

    calendar: FallbackCalendar  # any WorkCalendar given is wrapped
    tracking_start: date
    due_soon_workdays: int = 10
    behind_threshold: int = 30
    perennial_kind: str = "quarter"
    monthly_due_workdays: int = 5
    quarterly_due_workdays: int = 5
    yearly_due_month: int = 1
    yearly_due_day: int = 15

    def __post_init__(self):
        object.__setattr__(self, "calendar", with_fallback(self.calendar))

    def reckoned(self, d: date) -> tuple[date, bool]:
        """``d`` rolled to a workday, and whether that was provisional."""
        due = self.calendar.next_workday(d)
        return due, not self.calendar.knows(d, due)

    def threshold_values(self) -> dict:
        return {name: getattr(self, name) for name in (
            "due_soon_workdays", "behind_threshold", "perennial_kind", "monthly_due_workdays",
            "quarterly_due_workdays", "yearly_due_month", "yearly_due_day")}


@dataclass(frozen=True)
class ReportFact:
    """What the colour rules need from one report."""

    assignment_id: int
    is_consolidated: bool
    period_start: date
    period_end: date
    state: str
    status: str
    percent: int | None = None
    submitted_on: date | None = None
    reviewed_on: date | None = None
    has_evidence: bool = False
    report_id: int | None = None

    def submitted_by(self, today: date) -> bool:
        return self.state in (State.SUBMITTED, State.ACCEPTED) and self.submitted_on is not None \
            and self.submitted_on <= today

    def accepted_by(self, today: date) -> bool:
        return self.state == State.ACCEPTED and self.reviewed_on is not None and self.reviewed_on <= today


@dataclass(frozen=True)
class DeadlineFact:
    """One 完成时限 clause of a task: ``kind`` is a ``Deadline.Kind``; ``period`` for “every”."""

    kind: str
    due_on: date | None = None
    period: str = ""


@dataclass(frozen=True)
class AssignmentFact:
    id: int
    is_lead: bool
    is_active: bool = True


@dataclass(frozen=True)
class PeriodFact:
    start: date
    end: date
    due_on: date
    due_on_provisional: bool = False


@dataclass(frozen=True)
class AssessmentFact:
    """The office's judgement of a goal on ``on``; the latest (by date, then id) counts."""

    id: int
    achieved: bool
    on: date


# ---------------------------------------------------------------- 临期


def workdays_left(due_on: date, today: date, rules: Rules) -> int:
    return rules.calendar.workdays_between(today, due_on)


def is_due_soon(due_on: date, today: date, rules: Rules) -> bool:
    """临期: ``due_on`` not passed and at most ``rules.due_soon_workdays`` working days away.
    The one 临期 test, for the board, the clerk's cards and the reminders."""
    return today <= due_on and workdays_left(due_on, today, rules) <= rules.due_soon_workdays


def _counted_provisional(due_on: date, today: date, rules: Rules) -> bool:
    return today < due_on and not rules.calendar.knows(today, due_on)


# ---------------------------------------------------------------- 限期 tasks


def _by_status(milestones: list[date], facts: list[ReportFact], today: date, rules: Rules) -> Status:
    dues = sorted(rules.reckoned(d) for d in milestones)
    accepted = [f for f in facts if f.accepted_by(today)]
    done = min((f for f in accepted if f.status == Progress.DONE), key=lambda f: f.submitted_on or f.reviewed_on,
               default=None)
    done_on = (done.submitted_on or done.reviewed_on) if done else None
    was_overdue = False
    target = None
    start = rules.tracking_start  # where 序时进度 is measured from: the last milestone met
    previous = None
    for i, (due, provisional) in enumerate(dues):
        candidates = [done_on] if done is not None else []
        if i < len(dues) - 1:
            candidates += [f.submitted_on for f in accepted
                           if f.status != Progress.NOT_STARTED and f.submitted_on
                           and (previous is None or f.submitted_on > previous)]
        met_on = min(candidates, default=None)
        if met_on is None:
            was_overdue = was_overdue or due < today
            target = (due, provisional)
            break
        was_overdue = was_overdue or met_on > due
        start = previous = due
    if done is not None:
        last, provisional = dues[-1]
        return Status(BLUE, _("已完成"), last, was_overdue, provisional)
    assert target is not None
    target, provisional = target
    if today < rules.tracking_start:
        return Status(GREY, _("尚未开始调度"), target, was_overdue, provisional)
    if today > target:
        return Status(RED, _("已逾期 %(days)s 天") % {"days": (today - target).days}, target, True, provisional)
    latest = max((f for f in facts if f.submitted_by(today)), key=lambda f: (f.period_end, f.submitted_on),
                 default=None)
    if latest is not None and latest.status == Progress.UNABLE:
        return Status(YELLOW, _("单位报告无法完成"), target, was_overdue, provisional)
    provisional = provisional or _counted_provisional(target, today, rules)
    if is_due_soon(target, today, rules):
        left = workdays_left(target, today, rules)
        return Status(YELLOW, _("临期：距完成时限还有 %(left)s 个工作日") % {"left": left}, target, was_overdue,
                      provisional)
    if latest is not None and (target - start).days > 0:
        percent = 0 if latest.status == Progress.NOT_STARTED else latest.percent
        if percent is not None:
            expected = 100 * max(0, (today - start).days) / (target - start).days
            if expected - percent > rules.behind_threshold:
                return Status(YELLOW, _("进度滞后：序时进度 %(expected).0f%%，填报 %(percent)s%%")
                              % {"expected": expected, "percent": percent}, target, was_overdue, provisional)
    return Status(GREEN, _("按期推进"), target, was_overdue, provisional)


# ---------------------------------------------------------------- 长期/周期 tasks


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    due_on: date
    provisional: bool = False


def _window_for(kind: str, d: date, rules: Rules) -> Window:
    start, end = span_of(kind, d)
    workdays = rules.monthly_due_workdays if kind == "month" else rules.quarterly_due_workdays
    due_on = rules.calendar.add_workdays(end, workdays)
    return Window(start, end, due_on, not rules.calendar.knows(end, due_on))


def window_status(window: Window, facts: list[ReportFact], today: date, rules: Rules, *,
                  own: tuple[date, date] | None = None) -> Status:
    """``own``: the span of the board cell being judged; only a 已完成 report inside it makes
    the cell blue, so one period's completion never colours the next one."""
    inside = [f for f in facts if f.period_start >= window.start and f.period_end <= window.end]
    accepted = [f for f in inside if f.accepted_by(today) and f.has_evidence]
    own_start, own_end = own or (window.start, window.end)
    done_on = min((f.reviewed_on for f in accepted
                   if f.status == Progress.DONE and f.period_start >= own_start and f.period_end <= own_end),
                  default=None)
    if done_on is not None:
        return Status(BLUE, _("本期已完成：已通过的“已完成”报告附佐证材料"), window.due_on, done_on > window.due_on,
                      window.provisional)
    met_on = min((f.reviewed_on for f in accepted), default=None)
    if met_on is not None:
        return Status(GREEN, _("%(start)s 至 %(end)s 已有通过的报告并附佐证材料，工作推进中（未报“已完成”）")
                      % {"start": window.start.isoformat(), "end": window.end.isoformat()}, window.due_on,
                      met_on > window.due_on, window.provisional)
    if today > window.due_on:
        return Status(RED, _("本期未报送经审核的佐证材料"), window.due_on, True, window.provisional)
    if today < window.start:
        return Status(GREY, _("未到报送周期"), window.due_on, provisional=window.provisional)
    if not any(f.submitted_by(today) for f in inside):
        provisional = window.provisional or _counted_provisional(window.due_on, today, rules)
        if is_due_soon(window.due_on, today, rules):
            left = workdays_left(window.due_on, today, rules)
            return Status(YELLOW, _("临期：距报送截止还有 %(left)s 个工作日") % {"left": left}, window.due_on,
                          provisional=provisional)
        return Status(GREEN, _("按期推进"), window.due_on, provisional=provisional)
    return Status(GREEN, _("按期推进"), window.due_on, provisional=window.provisional)


def _perennial_shape(deadlines: list[DeadlineFact], rules: Rules) -> tuple[str, date]:
    kind = rules.perennial_kind
    every = [d for d in deadlines if d.kind == EVERY and d.period]
    if every:
        kind = min((EVERY_WINDOW[d.period] for d in every), key=["month", "quarter", "half", "year"].index)
    starts = [d.due_on for d in deadlines if d.kind == FROM and d.due_on]
    return kind, max([rules.tracking_start, *starts]) if starts else rules.tracking_start


def _perennial_status(deadlines: list[DeadlineFact], facts, today: date, rules: Rules) -> Status:
    kind, since = _perennial_shape(deadlines, rules)
    if today < since:
        return Status(GREY, _("自 %(since)s 起实施") % {"since": since.isoformat()}, since)
    windows = []
    window = _window_for(kind, since, rules)
    while window.start <= today:
        windows.append(window)
        window = _window_for(kind, window.end + timedelta(days=1), rules)
    judged = {w: window_status(w, facts, today, rules) for w in windows}
    past_due = [w for w in windows if w.due_on < today]
    live = past_due[-1:] + [w for w in windows if w.due_on >= today]
    worst = max((judged[w] for w in live), key=lambda s: SEVERITY[s.colour])
    was_overdue = any(status.was_overdue for status in judged.values())
    return replace(worst, was_overdue=was_overdue)


def perennial_cell(deadlines: list[DeadlineFact], facts, period: PeriodFact, today: date, rules: Rules) -> Status:
    kind, since = _perennial_shape(deadlines, rules)
    window = _window_for(kind, period.start, rules)
    if window.end < since:
        return Status(GREY, _("自 %(since)s 起实施") % {"since": since.isoformat()}, since)
    return window_status(window, facts, today, rules, own=(period.start, period.end))


# ---------------------------------------------------------------- tasks, assignments, goals


def _is_by(d: DeadlineFact) -> bool:
    return d.kind == BY and d.due_on is not None


def deadlines_status(deadlines: list[DeadlineFact], facts: list[ReportFact], today: date, rules: Rules) -> Status:
    """The colour of one line of work under ``deadlines`` given the reports that count for it."""
    deadlines = list(deadlines)
    milestones = [d.due_on for d in deadlines if _is_by(d)]
    perennial = [d for d in deadlines if not _is_by(d)]
    if milestones:
        status = _by_status(milestones, facts, today, rules)
        if status.colour != BLUE or not perennial:
            return status
        after = _perennial_status(perennial, facts, today, rules)
        return replace(after, was_overdue=after.was_overdue or status.was_overdue)
    return _perennial_status(perennial, facts, today, rules)


def facts_counting_for_task(assignments: list[AssignmentFact], facts: list[ReportFact]) -> list[ReportFact]:
    lead_ids = {a.id for a in assignments if a.is_lead and a.is_active}
    wanted = lead_ids or {a.id for a in assignments}
    return [f for f in facts if f.assignment_id in wanted]


def task_status(*, deadlines: list[DeadlineFact], assignments: list[AssignmentFact], facts: list[ReportFact],
                today: date, rules: Rules) -> Status:
    """The task's colour today; ``facts`` may be the whole plan's."""
    if not any(a.is_active for a in assignments):
        return Status(GREY, _("未明确责任单位"))
    return deadlines_status(deadlines, facts_counting_for_task(assignments, facts), today, rules)


def assignment_status(*, assignment_id: int, deadlines: list[DeadlineFact], facts: list[ReportFact],
                      today: date, rules: Rules) -> Status:
    own = [f for f in facts if f.assignment_id == assignment_id]
    return deadlines_status(deadlines, own, today, rules)


def period_cell(deadlines: list[DeadlineFact], facts: list[ReportFact], period: PeriodFact, today: date,
                rules: Rules) -> Status:
    """The colour of one line of work for one reporting period, as it stood at that period's
    due date (or today, for the current period), given the reports that count for it."""
    if period.start > today:
        return Status(GREY, _("未到报送周期"), period.due_on, provisional=period.due_on_provisional)
    if not any(_is_by(d) for d in deadlines):
        return perennial_cell(deadlines, facts, period, today, rules)
    status = deadlines_status(deadlines, facts, min(today, period.due_on), rules)
    judged_at_due_date = period.due_on < today
    return replace(status, provisional=status.provisional or (judged_at_due_date and period.due_on_provisional))


def task_cell(*, deadlines: list[DeadlineFact], assignments: list[AssignmentFact], facts: list[ReportFact],
              period: PeriodFact, today: date, rules: Rules) -> Status:
    if period.start > today:
        return Status(GREY, _("未到报送周期"), period.due_on, provisional=period.due_on_provisional)
    if not any(a.is_active for a in assignments):
        return Status(GREY, _("未明确责任单位"))
    return period_cell(deadlines, facts_counting_for_task(assignments, facts), period, today, rules)


def assignment_cell(*, assignment_id: int, deadlines: list[DeadlineFact], facts: list[ReportFact],
                    period: PeriodFact, today: date, rules: Rules) -> Status:
    own = [f for f in facts if f.assignment_id == assignment_id]
    return period_cell(deadlines, own, period, today, rules)


def goal_status(*, year: int | None, assessments: list[AssessmentFact], today: date, rules: Rules) -> Status:
    """A plan goal is judged only by the office's assessment: 待评估 (grey) until there is
    one, however late, since no report says whether a goal was met. Assessed as not achieved
    it is yellow while the office may still reassess (until the yearly summary is due, 15
    January by default) and red after that; assessed achieved it is blue."""
    if year is None:
        return Status(GREY, _("未写明年度"))
    year_end = date(year, 12, 31)
    grace, provisional = rules.reckoned(date(year + 1, rules.yearly_due_month, rules.yearly_due_day))
    latest = max((a for a in assessments if a.on <= today), key=lambda a: (a.on, a.id), default=None)
    if latest is not None and latest.achieved:
        return Status(BLUE, _("已实现"), year_end, latest.on > grace, provisional)
    if latest is not None:
        if today > grace:
            return Status(RED, _("目标未实现（依法治县办评估）"), year_end, True, provisional)
        return Status(YELLOW, _("评估为尚未实现"), year_end, provisional=provisional)
    if today < date(year, 1, 1):
        return Status(GREY, _("未到目标年度"), year_end)
    if today > grace:
        return Status(GREY, _("待评估：评估截止 %(d)s 已过，依法治县办尚未评估") % {"d": grace.isoformat()}, year_end,
                      True, provisional)
    return Status(GREY, _("待评估：依法治县办尚未评估"), year_end, provisional=provisional)


# ---------------------------------------------------------------- 报送状态

NOT_DUE, TO_FILE, FILED, OVERDUE, RETURNED, ACCEPTED = (
    "not_due", "to_file", "filed", "overdue", "returned", "accepted")


def filing_label(state: str) -> str:
    return {NOT_DUE: _("未到期"), TO_FILE: _("待填报"), FILED: _("已报送"), OVERDUE: _("逾期未报"),
            RETURNED: _("已退回"), ACCEPTED: _("已通过")}[state]


@dataclass(frozen=True)
class Filing:
    """The 报送状态 of one assignment for one period. ``late``: past the due date and still
    owed (unfiled, or returned and not yet resubmitted); a late report that was filed is
    ``filed_late`` instead."""

    state: str
    due_on: date
    late: bool = False
    filed_late: bool = False

    @property
    def label(self) -> str:
        return filing_label(self.state)

    @property
    def reason(self) -> str:
        if self.state == OVERDUE:
            return _("报送截止 %(d)s 已过，尚未提交") % {"d": self.due_on.isoformat()}
        if self.state == RETURNED and self.late:
            return _("已退回，报送截止 %(d)s 已过，尚未重新提交") % {"d": self.due_on.isoformat()}
        if self.state == RETURNED:
            return _("已退回，请修改后重新提交")
        if self.state == NOT_DUE:
            return _("本期尚未结束，报送截止 %(d)s") % {"d": self.due_on.isoformat()}
        if self.state == TO_FILE:
            return _("报送截止 %(d)s") % {"d": self.due_on.isoformat()}
        if self.filed_late:
            return _("逾期报送")
        return ""


def filing_state(*, period: PeriodFact, report: ReportFact | None, today: date) -> Filing:
    """未到期 while the period runs; 待填报 from its end to its due date; 逾期未报 after that
    with nothing submitted (a draft is not submitted); 已报送, 已退回, 已通过 by the report's
    state as it stood on ``today`` (a report submitted later counts as not yet filed)."""
    past_due = today > period.due_on
    if report is not None and report.submitted_on is not None and report.submitted_on <= today:
        filed_late = report.submitted_on > period.due_on
        reviewed = report.reviewed_on is not None and report.reviewed_on <= today
        if report.state == State.ACCEPTED and reviewed:
            return Filing(ACCEPTED, period.due_on, filed_late=filed_late)
        if report.state == State.RETURNED and reviewed:
            return Filing(RETURNED, period.due_on, late=past_due)
        return Filing(FILED, period.due_on, filed_late=filed_late)
    if past_due:
        return Filing(OVERDUE, period.due_on, late=True)
    return Filing(NOT_DUE if today < period.end else TO_FILE, period.due_on)


def with_filing(status: Status, filing: Filing | None) -> Status:
    """The 进展灯 of a cell or card beside its 报送状态: never green (nor merely yellow) while
    the report is overdue and unfiled; blue and grey stay, the 报送状态 mark beside them says it."""
    if filing is None or not filing.late or status.colour not in (GREEN, YELLOW):
        return status
    # The report's due date has passed: that is a fact, not reckoned from a calendar still to be
    # entered, so the red is not 暂定 even when the light it replaces was.
    return replace(status, colour=RED, reason=_("逾期未报：%(why)s") % {"why": filing.reason}, was_overdue=True,
                   provisional=False)


@dataclass(frozen=True)
class TaskFiling:
    """The 报送状态 of a task's 牵头单位 (the worst, if several) and how many 配合单位 filed."""

    lead: Filing | None
    co_filed: int = 0
    co_total: int = 0
    # With several 牵头单位 the worst state alone hides that some did file: “逾期未报” beside
    # a filed consolidated report reads as a contradiction unless “牵头 1/2” says why.
    lead_filed: int = 0
    lead_total: int = 0

    @property
    def co_text(self) -> str:
        if not self.co_total:
            return ""
        return _("配合单位 %(n)s/%(total)s 已报送") % {"n": self.co_filed, "total": self.co_total}

    @property
    def lead_text(self) -> str:
        if self.lead_total < 2:
            return ""
        return _("牵头单位 %(n)s/%(total)s 已报送") % {"n": self.lead_filed, "total": self.lead_total}


FILING_SEVERITY = {ACCEPTED: 0, FILED: 1, NOT_DUE: 2, TO_FILE: 3, RETURNED: 4, OVERDUE: 5}


def task_filing(*, assignments: list[AssignmentFact], reports: dict[int, ReportFact], period: PeriodFact,
                today: date, deadlines: list[DeadlineFact] = ()) -> TaskFiling:
    """``reports``: assignment id → its report for ``period`` (if any). A task that starts later
    (“自 2022年10月起”) owes nothing for a period that ends before it starts."""
    starts = max((d.due_on for d in deadlines if d.kind == FROM and d.due_on), default=None)
    if starts is not None and period.end < starts:
        return TaskFiling(lead=None)
    active = [a for a in assignments if a.is_active]
    filings = {a.id: filing_state(period=period, report=reports.get(a.id), today=today) for a in active}
    leads = [filings[a.id] for a in active if a.is_lead]
    co = [filings[a.id] for a in active if not a.is_lead]
    lead = max(leads, key=lambda f: (FILING_SEVERITY[f.state], f.late), default=None)
    return TaskFiling(lead=lead, co_filed=sum(1 for f in co if f.state in (FILED, ACCEPTED)), co_total=len(co),
                      lead_filed=sum(1 for f in leads if f.state in (FILED, ACCEPTED)), lead_total=len(leads))
