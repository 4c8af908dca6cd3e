"""Reads that feed the colours: the facts a plan is judged on (cadence, reports, deadlines,
assignments), the 调度看板 (rows, cells, frozen columns of closed periods, overdue units) and
the payload of a period snapshot. The judging itself is ``fazhi.tracking.judgement``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.lib.textnorm import parse_pk
from fazhi.lib.workdays import WorkCalendar
from fazhi.orgs.models import Leader, Unit
from fazhi.plans.models import Deadline, Heading, Plan, Task
from fazhi.plans.queries import ledger_tasks
from fazhi.tracking.judgement import (
    GREY,
    AssessmentFact,
    AssignmentFact,
    DeadlineFact,
    Filing,
    PeriodFact,
    ReportFact,
    Rules,
    Status,
    TaskFiling,
    assignment_cell,
    assignment_status,
    filing_state,
    goal_status,
    task_cell,
    task_filing,
    task_status,
    with_filing,
)
from fazhi.tracking.models import (
    Assignment,
    GoalAssessment,
    Period,
    PeriodSnapshot,
    ProgressReport,
    ReminderSent,
    ReportEvidence,
    ReportingCadence,
)
from fazhi.tracking.periods import month_replaced_by_quarter, plan_tracking_start, quarter_span_of, span_of
from fazhi.workcal.calendar import current_calendar

State = ProgressReport.State


# ---------------------------------------------------------------- facts


def cadence_for(plan: Plan) -> ReportingCadence:
    """The plan's cadence; an unsaved default one if the office never set it."""
    try:
        return plan.cadence
    except ReportingCadence.DoesNotExist:
        return ReportingCadence(plan=plan)


def rules_for(plan: Plan, *, calendar: WorkCalendar, cadence: ReportingCadence | None = None) -> Rules:
    c = cadence or cadence_for(plan)
    return Rules(
        calendar=calendar, tracking_start=plan_tracking_start(plan, c), due_soon_workdays=c.due_soon_workdays,
        behind_threshold=c.behind_threshold, perennial_kind=c.perennial_kind,
        monthly_due_workdays=c.monthly_due_workdays, quarterly_due_workdays=c.quarterly_due_workdays,
        yearly_due_month=c.yearly_due_month, yearly_due_day=c.yearly_due_day,
    )


def _local_date(dt) -> date | None:
    return timezone.localdate(dt) if dt else None


def report_facts(reports) -> list[ReportFact]:
    """Facts from reports that carry ``period`` and a ``has_evidence`` annotation (see ``facts_for_plan``)."""
    return [
        ReportFact(
            assignment_id=r.assignment_id, is_consolidated=r.is_consolidated, period_start=r.period.start,
            period_end=r.period.end, state=r.state, status=r.status, percent=r.percent,
            submitted_on=_local_date(r.submitted_at), reviewed_on=_local_date(r.reviewed_at),
            has_evidence=bool(getattr(r, "has_evidence", False)), report_id=r.pk,
        )
        for r in reports
    ]


def facts_for_plan(plan: Plan, *, task=None, assignment_ids=None) -> list[ReportFact]:
    """All report facts of a plan (or of one of its tasks, or of some assignments) in one query,
    read as plain values: a year of a large plan is tens of thousands of rows."""
    reports = ProgressReport.objects.filter(assignment__task__plan=plan)
    if task is not None:
        reports = reports.filter(assignment__task=task)
    if assignment_ids is not None:
        reports = reports.filter(assignment_id__in=assignment_ids)
    rows = (
        reports
        .annotate(has_evidence=Exists(ReportEvidence.objects.filter(report=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "assignment_id", "is_consolidated", "period__start", "period__end", "state", "status",
                     "percent", "submitted_at", "reviewed_at", "has_evidence")
    )
    return [
        ReportFact(assignment_id=assignment_id, is_consolidated=consolidated, period_start=start, period_end=end,
                   state=state, status=status, percent=percent, submitted_on=_local_date(submitted_at),
                   reviewed_on=_local_date(reviewed_at), has_evidence=has_evidence, report_id=pk)
        for pk, assignment_id, consolidated, start, end, state, status, percent, submitted_at, reviewed_at,
        has_evidence in rows.iterator(chunk_size=2000)
    ]


def facts_by_period(facts: list[ReportFact]) -> dict[tuple[date, date], dict[int, ReportFact]]:
    """(period start, end) → assignment id → its report fact: what ``task_filing`` reads."""
    index: dict[tuple[date, date], dict[int, ReportFact]] = {}
    for f in facts:
        index.setdefault((f.period_start, f.period_end), {})[f.assignment_id] = f
    return index


def period_reports(by_period: dict, period: Period, cadence: ReportingCadence) -> dict[int, ReportFact]:
    """Assignment id → the report that files ``period`` for it: its own, or for a month the
    quarter's 盘点 serves (``month_replaced_by_quarter``) the quarter's report wherever the
    month has none submitted, so the replaced month is never counted as missing."""
    own = by_period.get((period.start, period.end), {})
    if not month_replaced_by_quarter(period.kind, period.start, cadence):
        return own
    merged = dict(own)
    for assignment_id, fact in by_period.get(quarter_span_of(period.start), {}).items():
        mine = merged.get(assignment_id)
        if mine is None or mine.submitted_on is None:
            merged[assignment_id] = fact
    return merged


def deadline_facts(deadlines) -> list[DeadlineFact]:
    return [DeadlineFact(kind=d.kind, due_on=d.due_on, period=d.period) for d in deadlines]


def assignment_facts(assignments) -> list[AssignmentFact]:
    return [AssignmentFact(id=a.pk, is_lead=a.role == Assignment.Role.LEAD, is_active=a.is_active)
            for a in assignments]


def period_fact(period: Period) -> PeriodFact:
    return PeriodFact(start=period.start, end=period.end, due_on=period.due_on,
                      due_on_provisional=period.due_on_provisional)


def judge_task(task, *, assignments, facts: list[ReportFact], today: date, rules: Rules) -> Status:
    """``task_status`` of a task row whose deadlines are prefetched (or one task's)."""
    return task_status(deadlines=deadline_facts(task.deadlines.all()), assignments=assignment_facts(assignments),
                       facts=facts, today=today, rules=rules)


def judge_assignment(assignment: Assignment, *, facts: list[ReportFact], today: date, rules: Rules,
                     deadlines=None) -> Status:
    """``deadlines`` defaults to the task's (prefetch them); pass them when read another way."""
    deadlines = assignment.task.deadlines.all() if deadlines is None else deadlines
    return assignment_status(assignment_id=assignment.pk, deadlines=deadline_facts(deadlines),
                             facts=facts, today=today, rules=rules)


def report_filing(report: ProgressReport | None, period: Period, today: date) -> Filing:
    """The 报送状态 of ``report`` (None: nothing written) for ``period``."""
    fact = None
    if report is not None:
        fact = ReportFact(assignment_id=report.assignment_id, is_consolidated=report.is_consolidated,
                          period_start=period.start, period_end=period.end, state=report.state, status=report.status,
                          submitted_on=_local_date(report.submitted_at), reviewed_on=_local_date(report.reviewed_at))
    return filing_state(period=period_fact(period), report=fact, today=today)


def judge_assignment_period(assignment: Assignment, period: Period, report: ProgressReport | None, *,
                            facts: list[ReportFact], today: date, rules: Rules, deadlines=None) -> tuple[Status, Filing]:
    """A clerk's card: the 进展灯 of the task from the unit's point of view for ``period`` (its own
    reports), never green beside its overdue 报送状态, and that 报送状态."""
    deadlines = assignment.task.deadlines.all() if deadlines is None else deadlines
    filing = report_filing(report, period, today)
    light = assignment_cell(assignment_id=assignment.pk, deadlines=deadline_facts(deadlines), facts=facts,
                            period=period_fact(period), today=today, rules=rules)
    return with_filing(light, filing), filing


def goals_status(plan: Plan, *, today: date, rules: Rules) -> list[tuple[object, Status]]:
    goals = plan.goals.prefetch_related(Prefetch("assessments", queryset=GoalAssessment.objects.all()))
    return [
        (g, goal_status(year=g.year, today=today, rules=rules, assessments=[
            AssessmentFact(id=a.pk, achieved=a.achieved, on=timezone.localdate(a.at)) for a in g.assessments.all()]))
        for g in goals
    ]


# ---------------------------------------------------------------- frozen columns


def status_record(status: Status) -> dict:
    return {"colour": status.colour, "reason": status.reason,
            "due_on": status.due_on.isoformat() if status.due_on else None,
            "was_overdue": status.was_overdue, "provisional": status.provisional}


def filing_record(filing: TaskFiling) -> dict:
    lead = filing.lead
    return {"filing": {"lead": lead.state if lead else None, "lead_late": lead.late if lead else False,
                       "lead_filed_late": lead.filed_late if lead else False,
                       "co_filed": filing.co_filed, "co_total": filing.co_total,
                       "lead_filed": filing.lead_filed, "lead_total": filing.lead_total}}


def filing_from_record(record: dict, due_on: date) -> TaskFiling | None:
    """None for snapshots taken before the 报送状态 was recorded."""
    filing = record.get("filing")
    if filing is None:
        return None
    lead = Filing(filing["lead"], due_on, filing["lead_late"], filing["lead_filed_late"]) if filing["lead"] else None
    return TaskFiling(lead=lead, co_filed=filing["co_filed"], co_total=filing["co_total"],
                      lead_filed=filing.get("lead_filed", 0), lead_total=filing.get("lead_total", 0))


def status_from_record(record: dict) -> Status:
    due_on = record.get("due_on")
    return Status(record["colour"], record["reason"], date.fromisoformat(due_on) if due_on else None,
                  record["was_overdue"], record["provisional"])


@dataclass(frozen=True)
class Frozen:
    """A closed or locked period's column as its latest snapshot recorded it."""

    taken_on: date
    cells: dict[int, Status]  # task id → status
    filings: dict[int, TaskFiling | None] = field(default_factory=dict)  # task id → 报送状态

    def cell(self, task_id: int) -> Status:
        return self.cells.get(task_id) or Status(GREY, _("截止时该任务尚未列入台账"))

    def filing(self, task_id: int) -> TaskFiling | None:
        return self.filings.get(task_id)


def frozen_columns(periods) -> dict[int, Frozen]:
    """Period id → its latest snapshot, for the closed and locked ones among ``periods``: one
    query for all of them, none if every period is open. A period closed before snapshots were
    taken is shown live until ``periods_snapshot_missing`` (run by ``fazhi remind``) freezes it."""
    ids = [p.pk for p in periods if p.state != Period.State.OPEN]
    if not ids:
        return {}
    judged = [PeriodSnapshot.Reason.CLOSE, PeriodSnapshot.Reason.LOCK]
    latest = PeriodSnapshot.objects.filter(period=OuterRef("period"), reason__in=judged).order_by("-pk").values("pk")[:1]
    snapshots = PeriodSnapshot.objects.filter(period_id__in=ids, pk=Subquery(latest))
    return {
        s.period_id: Frozen(taken_on=date.fromisoformat(s.payload["as_of"]),
                            cells={t["id"]: status_from_record(t) for t in s.payload["tasks"]},
                            filings={t["id"]: filing_from_record(t, date.fromisoformat(s.payload["period"]["due_on"]))
                                     for t in s.payload["tasks"]})
        for s in snapshots
    }


def period_snapshot_payload(period: Period, *, as_of: date, calendar: WorkCalendar) -> dict:
    """What the office would see of ``period`` on ``as_of``: every task's cell and every
    assignment's colour for the period, the rules they were judged by and the reports they
    were judged on (those submitted by ``as_of``). Reasons are kept as worded then, in the
    language of the request. Plain JSON values only, so that the canonical form, and so the
    digest, survive a round trip through the database."""
    plan = period.plan
    cadence = cadence_for(plan)
    rules = rules_for(plan, calendar=calendar, cadence=cadence)
    tasks = list(plan.tasks.order_by("seq", "pk").prefetch_related(
        Prefetch("deadlines", queryset=Deadline.objects.order_by("position", "pk")),
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit").order_by("pk"))))
    every_fact = facts_for_plan(plan)
    facts = [f for f in every_fact if f.submitted_by(as_of)]
    of_period = {aid: (pk, state) for aid, pk, state in
                 ProgressReport.objects.filter(period=period).values_list("assignment_id", "pk", "state")}
    term = period_fact(period)
    filed = period_reports(facts_by_period(every_fact), period, cadence)
    task_records, assignment_records = [], []
    for task in tasks:
        deadlines = deadline_facts(task.deadlines.all())
        assignments = list(task.assignments.all())
        units = assignment_facts(assignments)
        filing = task_filing(assignments=units, reports=filed, period=term, today=as_of,
                             deadlines=deadlines)
        cell = with_filing(task_cell(deadlines=deadlines, assignments=units, facts=facts, period=term, today=as_of,
                                     rules=rules), filing.lead)
        task_records.append({
            "id": task.pk, "seq": task.seq, **status_record(cell), **filing_record(filing),
            "deadlines": [{"kind": d.kind, "due_on": d.due_on.isoformat() if d.due_on else None, "period": d.period}
                          for d in deadlines],
        })
        for a in assignments:
            own = filing_state(period=term, report=filed.get(a.pk), today=as_of)
            status = with_filing(assignment_cell(assignment_id=a.pk, deadlines=deadlines, facts=facts, period=term,
                                                 today=as_of, rules=rules), own)
            report_id, report_state = of_period.get(a.pk, (None, None))
            assignment_records.append({
                "id": a.pk, "task_id": task.pk, "unit_id": a.unit_id, "unit": a.unit.name, "role": a.role,
                "is_active": a.is_active, "report_id": report_id, "report_state": report_state,
                "filing": own.state, "filing_late": own.late, **status_record(status),
            })
    return {
        "period": {"id": period.pk, "kind": period.kind, "start": period.start.isoformat(),
                   "end": period.end.isoformat(), "due_on": period.due_on.isoformat(),
                   "due_on_provisional": period.due_on_provisional},
        "as_of": as_of.isoformat(),
        "rules": {"tracking_start": rules.tracking_start.isoformat(), **rules.threshold_values(),
                  "monthly": cadence.monthly, "quarterly": cadence.quarterly, "yearly": cadence.yearly,
                  "quarter_replaces_month": cadence.quarter_replaces_month},
        "tasks": task_records,
        "assignments": sorted(assignment_records, key=lambda r: r["id"]),
        "reports": [
            {"id": f.report_id, "assignment_id": f.assignment_id, "is_consolidated": f.is_consolidated,
             "period_start": f.period_start.isoformat(), "period_end": f.period_end.isoformat(),
             "state": f.state, "status": f.status, "percent": f.percent,
             "submitted_on": f.submitted_on.isoformat() if f.submitted_on else None,
             "reviewed_on": f.reviewed_on.isoformat() if f.reviewed_on else None, "has_evidence": f.has_evidence}
            for f in facts
        ],
    }


# ---------------------------------------------------------------- the board


@dataclass
class BoardRow:
    task: object
    lead_units: list = field(default_factory=list)
    co_units: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    status: Status | None = None
    cells: list[Status] = field(default_factory=list)
    filings: list[TaskFiling | None] = field(default_factory=list)
    cells_view: list[dict] = field(default_factory=list)


def board_rows(plan: Plan, *, periods, today: date, unit=None, leader=None, heading=None,
               calendar: WorkCalendar | None = None, frozen: dict[int, Frozen] | None = None) -> list[BoardRow]:
    """One row per task with its colour today and one cell per period, in a fixed number of
    queries: live for open periods, from the latest snapshot for closed and locked ones
    (``frozen``, read here unless given)."""
    rules = rules_for(plan, calendar=calendar or current_calendar())
    periods = list(periods)
    if frozen is None:
        frozen = frozen_columns(periods)
    # A cancelled task asks nobody any more; its history stays on the task's own page.
    tasks = ledger_tasks(plan, unit=unit, leader=leader).filter(state=Task.State.ACTIVE).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("unit").order_by("role", "unit__sort_order",
                                                                                            "unit_id")))
    if heading is not None:
        tasks = tasks.filter(Q(heading=heading) | Q(heading__parent=heading))
    facts = facts_for_plan(plan)
    terms = [period_fact(p) for p in periods]
    by_period = facts_by_period(facts)
    cadence = cadence_for(plan)
    filed_by = {p.pk: period_reports(by_period, p, cadence) for p in periods}
    rows = []
    for task in tasks:
        assignments = list(task.assignments.all())
        active = [a for a in assignments if a.is_active]
        deadlines = deadline_facts(task.deadlines.all())
        units = assignment_facts(assignments)
        filings = [frozen[p.pk].filing(task.pk) if p.pk in frozen else
                   task_filing(assignments=units, reports=filed_by[p.pk], period=term, today=today,
                               deadlines=deadlines)
                   for p, term in zip(periods, terms, strict=True)]
        rows.append(BoardRow(
            task=task,
            lead_units=[a.unit for a in active if a.role == Assignment.Role.LEAD],
            co_units=[a.unit for a in active if a.role == Assignment.Role.CO],
            leaders=[r.leader for r in task.responsibilities.all() if r.leader_id],
            # The current light sits beside the period cells: never green while one of them is overdue unfiled.
            status=with_filing(task_status(deadlines=deadlines, assignments=units, facts=facts, today=today,
                                           rules=rules),
                               next((f.lead for f in reversed(filings) if f.lead and f.lead.late), None)),
            cells=[frozen[p.pk].cell(task.pk) if p.pk in frozen else
                   with_filing(task_cell(deadlines=deadlines, assignments=units, facts=facts, period=term, today=today,
                                         rules=rules), filing.lead)
                   for p, term, filing in zip(periods, terms, filings, strict=True)],
            filings=filings,
        ))
    return rows


def board_periods(plan: Plan, spec: str | None, today: date) -> list[Period]:
    """``?periods=2025-01..2025-06``: every period starting in that month range; by default the
    months of the current quarter and the quarter itself (the latest quarter with periods if
    the plan has none yet for today)."""
    periods = Period.objects.filter(plan=plan, kind__in=[Period.Kind.MONTH, Period.Kind.QUARTER])
    if spec:
        try:
            first, _sep, last = spec.partition("..")
            start = date.fromisoformat(first + "-01")
            end = span_of("month", date.fromisoformat((last or first) + "-01"))[1]
        except ValueError:
            start = end = None
        if start and end:
            chosen = list(Period.objects.filter(plan=plan, start__gte=start, start__lte=end))
            return sorted(chosen, key=lambda p: (p.start.year, (p.start.month - 1) // 3, p.kind != "month",
                                                 p.kind == "year", p.start))
    q_start, q_end = span_of("quarter", today)
    chosen = list(periods.filter(start__gte=q_start, start__lte=q_end))
    if not chosen:
        latest = periods.filter(kind=Period.Kind.QUARTER, start__lte=today).order_by("-start").first() \
            or periods.order_by("start").first()
        if latest is None:
            return []
        q_start, q_end = span_of("quarter", latest.start)
        chosen = list(periods.filter(start__gte=q_start, start__lte=q_end))
    return sorted(chosen, key=lambda p: (p.kind != "month", p.start))


@dataclass
class UnitOverdue:
    unit: Unit
    overdue: int
    returned: int
    urged_at: object = None


def _urge_key(plan: Plan, today: date) -> str:
    return f"urge:{plan.pk}:{today.isoformat()}"


def unit_overdue_summary(plan: Plan, today: date) -> list[UnitOverdue]:
    """Per unit: assignments with no submitted report for an open period past its due date,
    and reports waiting to be corrected after a 退回; with today's 催办 time if any. 4 queries."""
    cadence = cadence_for(plan)
    periods = [p for p in Period.objects.filter(plan=plan, state=Period.State.OPEN, due_on__lt=today)
               .only("pk", "kind", "start") if not month_replaced_by_quarter(p.kind, p.start, cadence)]
    assignments = list(Assignment.objects.filter(task__plan=plan, is_active=True).select_related("unit"))
    states = dict(((r[0], r[1]), r[2]) for r in ProgressReport.objects.filter(
        assignment__task__plan=plan).values_list("assignment_id", "period_id", "state"))
    returned_by_assignment = Counter(aid for (aid, _pid), s in states.items() if s == State.RETURNED)
    summary: dict[int, UnitOverdue] = {}
    for a in assignments:
        overdue = sum(1 for p in periods if states.get((a.pk, p.pk)) in (None, State.DRAFT))
        returned = returned_by_assignment[a.pk]
        if overdue or returned:
            row = summary.setdefault(a.unit_id, UnitOverdue(a.unit, 0, 0))
            row.overdue += overdue
            row.returned += returned
    urged = dict(ReminderSent.objects.filter(key=_urge_key(plan, today), ok=True,
                                             unit_id__in=summary).values_list("unit_id", "sent_at"))
    for unit_id, row in summary.items():
        row.urged_at = urged.get(unit_id)
    return sorted(summary.values(), key=lambda r: (-r.overdue, -r.returned, r.unit.sort_order, r.unit.pk))


def unit_overdue_row(plan: Plan, unit: Unit, today: date) -> UnitOverdue:
    """One unit's line of the summary, after a 催办."""
    row = next((r for r in unit_overdue_summary(plan, today) if r.unit.pk == unit.pk), UnitOverdue(unit, 0, 0))
    row.urged_at = ReminderSent.objects.filter(unit=unit, key=_urge_key(plan, today), ok=True) \
        .values_list("sent_at", flat=True).first()
    return row


def latest_reports(plan: Plan, periods) -> dict[tuple[int, int], ProgressReport]:
    """(task id, period id) → the report the cell's tooltip describes: the 牵头单位's
    consolidated one if any, else the latest written. One query."""
    chosen: dict[tuple[int, int], ProgressReport] = {}
    reports = (ProgressReport.objects.filter(assignment__task__plan=plan, period__in=periods)
               .select_related("assignment").only("assignment__task_id", "period_id", "state", "is_consolidated",
                                                  "submitted_at", "updated_at", "is_late",
                                                  "written_by_outsider")
               .order_by("is_consolidated", "updated_at"))
    for r in reports:
        chosen[(r.assignment.task_id, r.period_id)] = r  # consolidated and newest come last
    return chosen


def cell_view(task, period: Period, status: Status, report: ProgressReport | None, *,
              filing: TaskFiling | None = None, frozen_on: date | None = None,
              served_by_quarter: bool = False) -> dict:
    """A board cell: the 进展灯 (colour, reason) and the 牵头单位's 报送状态 as its text, with the
    配合单位' count in the tooltip, which says why. ``served_by_quarter``: a third month whose
    report is the quarter's 盘点 (its 报送状态 is that report's), said so in the cell."""
    parts = [_("进展灯：%(reason)s") % {"reason": status.reason}] if status.reason else []
    if served_by_quarter:
        parts.append(_("本月不单独报送，由本季度盘点报告代替"))
    if status.provisional:
        parts.append(_("截止日暂定（该年放假安排尚未录入）"))
    if frozen_on is not None:
        parts.append(_("已截止，按 %(d)s 快照") % {"d": frozen_on.isoformat()})
    lead = filing.lead if filing is not None else None
    if lead is not None:
        why = lead.reason
        parts.append(_("牵头单位报送状态：%(state)s") % {"state": lead.label} + (f"（{why}）" if why else ""))
    if filing is not None and filing.lead_text:
        parts.append(filing.lead_text)
    if filing is not None and filing.co_text:
        parts.append(filing.co_text)
    if report is not None:
        when = report.submitted_at or report.updated_at
        parts.append(_("最近报告 %(d)s") % {"d": timezone.localtime(when).strftime("%Y-%m-%d")})
        if report.written_by_outsider:
            parts.append(_("依法治县办曾代为填写/修改"))
    elif filing is None:
        parts.append(_("未填报"))
    if status.was_overdue and status.colour in ("blue", "green"):
        parts.append(_("曾逾期，已整改"))
    return {"period": period, "status": status, "report": report, "frozen_on": frozen_on, "filing": filing,
            "lead_filing": lead, "tooltip": "；".join(parts), "served_by_quarter": served_by_quarter}


def _top_heading(heading_id, headings):
    heading = headings.get(heading_id)
    while heading is not None and heading.parent_id and heading.parent_id in headings:
        heading = headings[heading.parent_id]
    return heading


def _choice(queryset, value):
    pk = parse_pk(value)
    return queryset.filter(pk=pk).first() if pk else None


def board_page(plan: Plan, *, today: date, periods_spec: str | None, unit_id=None, leader_id=None,
               section_id=None) -> dict:
    """Everything the 调度看板 of ``plan`` shows, filtered by unit, leader and section."""
    units = Unit.objects.filter(assignments__task__plan=plan, assignments__is_active=True).distinct() \
        .order_by("sort_order", "id")
    leaders = Leader.objects.filter(jurisdiction=plan.jurisdiction).order_by("id")
    headings = {h.pk: h for h in Heading.objects.filter(plan=plan)}
    units = list(units)
    unit = next((u for u in units if u.pk == parse_pk(unit_id)), None)
    leader = _choice(leaders, leader_id)
    section = headings.get(parse_pk(section_id))
    periods = board_periods(plan, periods_spec, today)
    calendar = current_calendar()
    frozen = frozen_columns(periods)
    rows = board_rows(plan, periods=periods, today=today, unit=unit, leader=leader, heading=section,
                      calendar=calendar, frozen=frozen)
    latest = latest_reports(plan, periods)
    cadence = cadence_for(plan)
    served = {p.pk for p in periods if month_replaced_by_quarter(p.kind, p.start, cadence)}
    groups: list[dict] = []
    for row in rows:
        row.cells_view = [
            cell_view(row.task, p, status, latest.get((row.task.pk, p.pk)), filing=filing,
                      frozen_on=frozen[p.pk].taken_on if p.pk in frozen else None, served_by_quarter=p.pk in served)
            for p, status, filing in zip(periods, row.cells, row.filings, strict=True)]
        top = _top_heading(row.task.heading_id, headings)
        if not groups or groups[-1]["section"] is not top:
            groups.append({"section": top, "rows": []})
        groups[-1]["rows"].append(row)
    return {
        "periods": periods, "groups": groups, "row_count": len(rows),
        "units": units, "leaders": list(leaders),
        "sections": [h for h in headings.values() if h.parent_id is None],
        "unit": unit, "leader": leader, "section": section,
        "goals": goals_status(plan, today=today, rules=rules_for(plan, calendar=calendar)),
        "overdue_units": unit_overdue_summary(plan, today),
    }
