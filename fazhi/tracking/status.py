"""Status colours, computed from deadlines and reports, never typed in. No clock inside:
every function takes ``today``.

Colours (宁国/宿迁 practice, thresholds per plan on ``ReportingCadence``):

* blue   — done: an accepted report with status 已完成 (限期 tasks); for a 长期/周期 task,
           the period has an accepted report with 佐证材料; for a goal, the office marked it achieved.
* red    — overdue and not done.
* yellow — due within N working days (default 10) and not done / nothing submitted; or
           behind 序时进度: the latest submitted percent (未启动 counts as 0) is more than
           ``behind_threshold`` points (default 30) below the share of time elapsed; or the
           unit reported 无法完成 before the deadline.
* green  — on track.
* grey   — nothing to judge yet: before tracking starts, before a “from” date
           (“2022年第四季度开始”), a period in the future, a goal year not begun, a task
           nobody is assigned to.

``was_overdue`` stays true once a deadline (or a perennial period) passed unmet, even
after the task is done (blue) or back on track (green): “late then recovered” stays visible.

限期 tasks (deadline kind “by”): with several dates, the colour is judged against the
nearest one not yet met. An earlier milestone is met by an accepted report (status other
than 未启动) submitted on or before it; the last one only by an accepted 已完成 report.
A “by” deadline beside a perennial clause: the perennial clause is judged once the “by”
part is done.

长期/周期 tasks (“ongoing”, “every”, “from”, and tasks with no deadline at all) are judged
per window: the deadline's period for “every” (每年/每半年/每季度/每月; 每周 is judged
monthly), else the plan's ``perennial_kind`` (quarterly by default). A window is met by an
accepted report with 佐证材料 for a reporting period inside it; it is due with the
quarterly (or monthly) report after the window ends. The task's colour today is the worst
of the most recent window already due and the windows still open.

Which reports count: for a task, the 牵头单位's consolidated reports (any unit's reports
if the task has no 牵头单位); for an assignment, that assignment's reports. Only what
had happened by ``today`` counts (submitted/reviewed dates), so the board can show history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.lib.workdays import CalendarUnknownYear, WorkCalendar
from fazhi.plans.models import Deadline
from fazhi.tracking.models import Assignment, GoalAssessment, ProgressReport, ReportEvidence
from fazhi.tracking.periods import month_end, plan_tracking_start, span_of

GREEN, YELLOW, RED, BLUE, GREY = "green", "yellow", "red", "blue", "grey"
SEVERITY = {GREY: 0, BLUE: 1, GREEN: 2, YELLOW: 3, RED: 4}
EVERY_WINDOW = {"year": "year", "half": "half", "quarter": "quarter", "month": "month", "week": "month"}

State = ProgressReport.State
Done = ProgressReport.Status.DONE


@dataclass(frozen=True)
class Status:
    colour: str
    reason: str = ""
    due_on: date | None = None
    was_overdue: bool = False


@dataclass(frozen=True)
class Rules:
    calendar: WorkCalendar
    tracking_start: date
    due_soon_workdays: int = 10
    behind_threshold: int = 30
    perennial_kind: str = "quarter"
    monthly_due_workdays: int = 5
    quarterly_due_workdays: int = 5
    yearly_due_month: int = 1
    yearly_due_day: int = 15

    # A deadline in a year the calendar does not know still gets a colour: fall back to
    # the plain week rather than refusing the whole board.
    def next_workday(self, d: date) -> date:
        try:
            return self.calendar.next_workday(d)
        except CalendarUnknownYear:
            while d.weekday() >= 5:
                d += timedelta(days=1)
            return d

    def add_workdays(self, d: date, n: int) -> date:
        try:
            return self.calendar.add_workdays(d, n)
        except CalendarUnknownYear:
            return WorkCalendar(complete_years=range(d.year, d.year + 2)).add_workdays(d, n)

    def workdays_between(self, a: date, b: date) -> int:
        try:
            return self.calendar.workdays_between(a, b)
        except CalendarUnknownYear:
            return WorkCalendar(complete_years=range(a.year, b.year + 1)).workdays_between(a, b)


def rules_for(plan, *, calendar: WorkCalendar, cadence=None) -> Rules:
    from fazhi.tracking.services.periods import cadence_for

    c = cadence or cadence_for(plan)
    return Rules(
        calendar=calendar, tracking_start=plan_tracking_start(plan, c), due_soon_workdays=c.due_soon_workdays,
        behind_threshold=c.behind_threshold, perennial_kind=c.perennial_kind,
        monthly_due_workdays=c.monthly_due_workdays, quarterly_due_workdays=c.quarterly_due_workdays,
        yearly_due_month=c.yearly_due_month, yearly_due_day=c.yearly_due_day,
    )


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

    def submitted_by(self, today: date) -> bool:
        return self.state in (State.SUBMITTED, State.ACCEPTED) and self.submitted_on is not None \
            and self.submitted_on <= today

    def accepted_by(self, today: date) -> bool:
        return self.state == State.ACCEPTED and self.reviewed_on is not None and self.reviewed_on <= today


def _local_date(dt) -> date | None:
    return timezone.localdate(dt) if dt else None


def report_facts(reports) -> list[ReportFact]:
    """Facts from reports that carry ``period`` and a ``has_evidence`` annotation (see ``facts_for_plan``)."""
    return [
        ReportFact(
            assignment_id=r.assignment_id, is_consolidated=r.is_consolidated, period_start=r.period.start,
            period_end=r.period.end, state=r.state, status=r.status, percent=r.percent,
            submitted_on=_local_date(r.submitted_at), reviewed_on=_local_date(r.reviewed_at),
            has_evidence=bool(getattr(r, "has_evidence", False)),
        )
        for r in reports
    ]


def facts_for_plan(plan, *, task=None) -> list[ReportFact]:
    """All report facts of a plan (or of one of its tasks) in one query."""
    reports = ProgressReport.objects.filter(assignment__task__plan=plan)
    if task is not None:
        reports = reports.filter(assignment__task=task)
    reports = (
        reports
        .select_related("period")
        .annotate(has_evidence=Exists(ReportEvidence.objects.filter(report=OuterRef("pk"))))
        .only("assignment_id", "is_consolidated", "state", "status", "percent", "submitted_at", "reviewed_at",
              "period__start", "period__end")
    )
    return report_facts(reports)


# ---------------------------------------------------------------- 限期 tasks


def _by_status(milestones: list[date], facts: list[ReportFact], today: date, rules: Rules) -> Status:
    milestones = sorted(rules.next_workday(d) for d in milestones)
    accepted = [f for f in facts if f.accepted_by(today)]
    done = min((f for f in accepted if f.status == Done), key=lambda f: f.submitted_on or f.reviewed_on,
               default=None)
    done_on = (done.submitted_on or done.reviewed_on) if done else None
    was_overdue = False
    target = None
    start = rules.tracking_start  # where 序时进度 is measured from: the last milestone met
    previous = None
    for i, due in enumerate(milestones):
        candidates = [done_on] if done is not None else []
        if i < len(milestones) - 1:
            candidates += [f.submitted_on for f in accepted
                           if f.status != ProgressReport.Status.NOT_STARTED and f.submitted_on
                           and (previous is None or f.submitted_on > previous)]
        met_on = min(candidates, default=None)
        if met_on is None:
            was_overdue = was_overdue or due < today
            target = due
            break
        was_overdue = was_overdue or met_on > due
        start = previous = due
    if done is not None:
        return Status(BLUE, _("已完成"), milestones[-1], was_overdue)
    assert target is not None
    if today < rules.tracking_start:
        return Status(GREY, _("尚未开始调度"), target, was_overdue)
    if today > target:
        return Status(RED, _("已逾期 %(days)s 天") % {"days": (today - target).days}, target, True)
    latest = max((f for f in facts if f.submitted_by(today)), key=lambda f: (f.period_end, f.submitted_on),
                 default=None)
    if latest is not None and latest.status == ProgressReport.Status.UNABLE:
        return Status(YELLOW, _("单位报告无法完成"), target, was_overdue)
    left = rules.workdays_between(today, target)
    if left <= rules.due_soon_workdays:
        return Status(YELLOW, _("临期：距完成时限还有 %(left)s 个工作日") % {"left": left}, target, was_overdue)
    if latest is not None and (target - start).days > 0:
        percent = 0 if latest.status == ProgressReport.Status.NOT_STARTED else latest.percent
        if percent is not None:
            expected = 100 * max(0, (today - start).days) / (target - start).days
            if expected - percent > rules.behind_threshold:
                return Status(YELLOW, _("进度滞后：序时进度 %(expected).0f%%，填报 %(percent)s%%") % {"expected": expected, "percent": percent}, target, was_overdue)
    return Status(GREEN, _("按期推进"), target, was_overdue)


# ---------------------------------------------------------------- 长期/周期 tasks


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    due_on: date


def _window_for(kind: str, d: date, rules: Rules) -> Window:
    start, end = span_of(kind, d)
    workdays = rules.monthly_due_workdays if kind == "month" else rules.quarterly_due_workdays
    return Window(start, end, rules.add_workdays(end, workdays))


def window_status(window: Window, facts: list[ReportFact], today: date, rules: Rules) -> Status:
    inside = [f for f in facts if f.period_start >= window.start and f.period_end <= window.end]
    met_on = min((f.reviewed_on for f in inside if f.accepted_by(today) and f.has_evidence), default=None)
    if met_on is not None:
        return Status(BLUE, _("本期已完成"), window.due_on, met_on > window.due_on)
    if today > window.due_on:
        return Status(RED, _("本期未报送经审核的佐证材料"), window.due_on, True)
    if today < window.start:
        return Status(GREY, _("未到报送周期"), window.due_on)
    if not any(f.submitted_by(today) for f in inside):
        left = rules.workdays_between(today, window.due_on)
        if left <= rules.due_soon_workdays:
            return Status(YELLOW, _("临期：距报送截止还有 %(left)s 个工作日") % {"left": left}, window.due_on)
    return Status(GREEN, _("按期推进"), window.due_on)


def _perennial_shape(deadlines, rules: Rules) -> tuple[str, date]:
    kind = rules.perennial_kind
    every = [d for d in deadlines if d.kind == Deadline.Kind.EVERY and d.period]
    if every:
        kind = min((EVERY_WINDOW[d.period] for d in every), key=["month", "quarter", "half", "year"].index)
    starts = [d.due_on for d in deadlines if d.kind == Deadline.Kind.FROM and d.due_on]
    return kind, max([rules.tracking_start, *starts]) if starts else rules.tracking_start


def _perennial_status(deadlines, facts, today: date, rules: Rules) -> Status:
    kind, since = _perennial_shape(deadlines, rules)
    if today < since:
        return Status(GREY, _("自 %(since)s 起实施") % {"since": since.isoformat()}, since)
    windows = []
    window = _window_for(kind, since, rules)
    while window.start <= today:
        windows.append(window)
        window = _window_for(kind, window.end + timedelta(days=1), rules)
    past_due = [w for w in windows if w.due_on < today]
    live = past_due[-1:] + [w for w in windows if w.due_on >= today]
    statuses = [window_status(w, facts, today, rules) for w in live]
    worst = max(statuses, key=lambda s: SEVERITY[s.colour])
    was_overdue = any(window_status(w, facts, today, rules).was_overdue for w in windows)
    return Status(worst.colour, worst.reason, worst.due_on, was_overdue)


def perennial_cell(deadlines, facts, period_start: date, today: date, rules: Rules) -> Status:
    kind, since = _perennial_shape(deadlines, rules)
    window = _window_for(kind, period_start, rules)
    if window.end < since:
        return Status(GREY, _("自 %(since)s 起实施") % {"since": since.isoformat()}, since)
    return window_status(window, facts, today, rules)


# ---------------------------------------------------------------- tasks, assignments, goals


def deadlines_status(deadlines, facts: list[ReportFact], today: date, rules: Rules) -> Status:
    """The colour of one line of work under ``deadlines`` given the reports that count for it."""
    deadlines = list(deadlines)
    milestones = [d.due_on for d in deadlines if d.kind == Deadline.Kind.BY and d.due_on]
    perennial = [d for d in deadlines if not (d.kind == Deadline.Kind.BY and d.due_on)]
    if milestones:
        status = _by_status(milestones, facts, today, rules)
        if status.colour != BLUE or not perennial:
            return status
        after = _perennial_status(perennial, facts, today, rules)
        return Status(after.colour, after.reason, after.due_on, after.was_overdue or status.was_overdue)
    return _perennial_status(perennial, facts, today, rules)


def facts_counting_for_task(task_assignments, facts: list[ReportFact]) -> list[ReportFact]:
    ids = {a.pk for a in task_assignments}
    lead_ids = {a.pk for a in task_assignments if a.role == Assignment.Role.LEAD and a.is_active}
    wanted = lead_ids or ids
    return [f for f in facts if f.assignment_id in wanted]


def task_status(task, *, assignments, facts: list[ReportFact], today: date, rules: Rules) -> Status:
    """``assignments`` are the task's; ``facts`` may be the whole plan's."""
    if not any(a.is_active for a in assignments):
        return Status(GREY, _("未明确责任单位"))
    return deadlines_status(task.deadlines.all(), facts_counting_for_task(assignments, facts), today, rules)


def assignment_status(assignment, *, facts: list[ReportFact], today: date, rules: Rules) -> Status:
    own = [f for f in facts if f.assignment_id == assignment.pk]
    return deadlines_status(assignment.task.deadlines.all(), own, today, rules)


def task_cell(task, *, assignments, facts, period, today: date, rules: Rules) -> Status:
    """The colour of ``task`` for one reporting period, as it stood at that period's due date
    (or today, for the current period)."""
    if period.start > today:
        return Status(GREY, _("未到报送周期"), period.due_on)
    if not any(a.is_active for a in assignments):
        return Status(GREY, _("未明确责任单位"))
    counting = facts_counting_for_task(assignments, facts)
    deadlines = list(task.deadlines.all())
    if not any(d.kind == Deadline.Kind.BY and d.due_on for d in deadlines):
        return perennial_cell(deadlines, counting, period.start, today, rules)
    return deadlines_status(deadlines, counting, min(today, period.due_on), rules)


def goal_status(goal, *, assessments, today: date, rules: Rules) -> Status:
    """A plan goal is due at the end of its year; the office has until the yearly summary
    is due (15 January by default) to mark it achieved before it turns red."""
    if goal.year is None:
        return Status(GREY, _("未写明年度"))
    year_end = date(goal.year, 12, 31)
    grace = rules.next_workday(date(goal.year + 1, rules.yearly_due_month, rules.yearly_due_day))
    latest = max((a for a in assessments if timezone.localdate(a.at) <= today), key=lambda a: (a.at, a.pk),
                 default=None)
    if latest is not None and latest.achieved:
        return Status(BLUE, _("已实现"), year_end, timezone.localdate(latest.at) > grace)
    if today > grace:
        return Status(RED, _("目标未实现"), year_end, True)
    if today < date(goal.year, 1, 1):
        return Status(GREY, _("未到目标年度"), year_end)
    if latest is not None:
        return Status(YELLOW, _("评估为尚未实现"), year_end)
    if today > year_end or rules.workdays_between(today, year_end) <= rules.due_soon_workdays:
        return Status(YELLOW, _("临期：年度目标待评估"), year_end)
    return Status(GREEN, _("按期推进"), year_end)


def goals_status(plan, *, today: date, rules: Rules) -> list[tuple[object, Status]]:
    goals = plan.goals.prefetch_related(Prefetch("assessments", queryset=GoalAssessment.objects.all()))
    return [(g, goal_status(g, assessments=list(g.assessments.all()), today=today, rules=rules)) for g in goals]


# ---------------------------------------------------------------- the board


@dataclass
class BoardRow:
    task: object
    lead_units: list = field(default_factory=list)
    co_units: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    status: Status | None = None
    cells: list[Status] = field(default_factory=list)


def board_rows(plan, *, periods, today: date, unit=None, leader=None, heading=None,
               calendar: WorkCalendar | None = None) -> list[BoardRow]:
    """One row per task with its colour today and one cell per period, in a fixed number of queries."""
    from fazhi.plans.queries import ledger_tasks
    from fazhi.workcal.calendar import current_calendar

    rules = rules_for(plan, calendar=calendar or current_calendar())
    tasks = ledger_tasks(plan, unit=unit, leader=leader).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit").order_by("role", "unit__sort_order",
                                                                                            "unit_id")))
    if heading is not None:
        tasks = tasks.filter(Q(heading=heading) | Q(heading__parent=heading))
    facts = facts_for_plan(plan)
    periods = list(periods)
    rows = []
    for task in tasks:
        assignments = list(task.assignments.all())
        active = [a for a in assignments if a.is_active]
        rows.append(BoardRow(
            task=task,
            lead_units=[a.unit for a in active if a.role == Assignment.Role.LEAD],
            co_units=[a.unit for a in active if a.role == Assignment.Role.CO],
            leaders=[r.leader for r in task.responsibilities.all() if r.leader_id],
            status=task_status(task, assignments=assignments, facts=facts, today=today, rules=rules),
            cells=[task_cell(task, assignments=assignments, facts=facts, period=p, today=today, rules=rules)
                   for p in periods],
        ))
    return rows


__all__ = [
    "BLUE", "GREEN", "GREY", "RED", "YELLOW", "BoardRow", "ReportFact", "Rules", "Status", "assignment_status",
    "board_rows", "deadlines_status", "facts_for_plan", "goal_status", "goals_status", "month_end", "rules_for",
    "task_cell", "task_status", "window_status",
]
