"""The 县领导's page: the tasks he or she leads (牵头领导), plan by plan, each with its 进展灯
and why, the 牵头单位's latest consolidated report, and who is 逾期未报 for the period last due."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.orgs.models import Leader
from fazhi.plans.access import plans_visible_to
from fazhi.plans.models import Plan, Responsibility
from fazhi.tracking.board import (
    BoardRow,
    board_rows,
    cadence_for,
    facts_by_period,
    facts_for_plan,
    period_fact,
    period_reports,
)
from fazhi.tracking.judgement import BLUE, GREEN, GREY, RED, YELLOW, Filing, Status, filing_state, with_filing
from fazhi.tracking.models import Period, ProgressReport
from fazhi.workcal.calendar import current_calendar

COLOUR_ORDER = (RED, YELLOW, GREEN, BLUE, GREY)


@dataclass
class LedTask:
    row: BoardRow
    light: Status
    lead_filings: list[Filing | None]
    report: ProgressReport | None = None
    overdue: list[tuple[object, Filing]] = field(default_factory=list)

    @property
    def task(self):
        return self.row.task


def last_due_periods(plan: Plan, today: date) -> list[Period]:
    """The periods whose 报送截止 passed most recently (a month and its quarter may share it):
    the ones a leader asks “who has not reported?” about."""
    last = (Period.objects.filter(plan=plan, due_on__lt=today).order_by("-due_on")
            .values_list("due_on", flat=True).first())
    if last is None:
        return []
    return list(Period.objects.filter(plan=plan, due_on=last).order_by("start", "kind"))


def latest_consolidated(task_ids) -> dict[int, ProgressReport]:
    """task id → the 牵头单位's most recent submitted or accepted consolidated report. One query."""
    reports = (ProgressReport.objects
               .filter(assignment__task_id__in=task_ids, is_consolidated=True,
                       state__in=(ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED))
               .select_related("period", "assignment__unit")
               .order_by("period__end", "period__start", "submitted_at"))
    return {r.assignment.task_id: r for r in reports}  # the latest comes last


def led_tasks(plan: Plan, leader: Leader, *, today: date) -> dict:
    """The plan's tasks ``leader`` leads: light (never green beside an overdue 牵头单位), latest
    consolidated report and the units overdue for the period last due. Queries do not grow
    with the number of tasks."""
    periods = last_due_periods(plan, today)
    rows = board_rows(plan, periods=periods, today=today, leader=leader, calendar=current_calendar())
    assignment_ids = [a.pk for row in rows for a in row.task.assignments.all()]
    by_period = facts_by_period(facts_for_plan(plan, assignment_ids=assignment_ids)) if periods else {}
    reports = latest_consolidated([row.task.pk for row in rows])
    cadence = cadence_for(plan)
    tasks = []
    # Every task here is one the leader leads, so ``may_open_task_history`` grants its record:
    # the page links it without asking per task.
    for row in rows:
        light = row.status
        for filing in row.filings:
            light = with_filing(light, filing.lead if filing else None)
        overdue = []
        for period in periods:
            term = period_fact(period)
            filed = period_reports(by_period, period, cadence)  # a month its quarter serves: the quarter's
            for a in row.task.assignments.all():
                if not a.is_active:
                    continue
                own = filing_state(period=term, report=filed.get(a.pk), today=today)
                if own.late:
                    overdue.append((a.unit, own))
        tasks.append(LedTask(row=row, light=light, lead_filings=[f.lead if f else None for f in row.filings],
                             report=reports.get(row.task.pk), overdue=overdue))
    return {
        "plan": plan, "periods": periods, "tasks": tasks, "counts": colour_counts(tasks),
        "overdue_units": list({unit.pk: unit for t in tasks for unit, _filing in t.overdue}.values()),
    }


def colour_counts(tasks: list[LedTask]) -> list[tuple[str, int]]:
    counted = Counter(t.light.colour for t in tasks)
    return [(colour, counted[colour]) for colour in COLOUR_ORDER]


def colour_label(colour: str) -> str:
    return {RED: _("红"), YELLOW: _("黄"), GREEN: _("绿"), BLUE: _("蓝"), GREY: _("灰")}[colour]


@login_required
def leader_home(request):
    actor = actor_for(request.user)
    if not (actor.is_leader and actor.leader_id):
        raise PermissionDenied(_("“我牵头的任务”只对县领导开放"))
    leader = Leader.objects.get(pk=actor.leader_id)
    today = timezone.localdate()
    leads = Responsibility.objects.filter(task__plan=OuterRef("pk"), leader_id=leader.pk,
                                          role=Responsibility.Role.LEAD_LEADER)
    plans = plans_visible_to(request.user).filter(Exists(leads)).order_by("-imported_at", "pk")
    sections = [led_tasks(plan, leader, today=today) for plan in plans]
    total = Counter()
    for section in sections:
        total.update(dict(section["counts"]))
        section["counts"] = [(c, colour_label(c), n) for c, n in section["counts"]]
    return render(request, "tracking/leader_home.html", {
        "leader": leader, "sections": sections, "task_count": sum(len(s["tasks"]) for s in sections),
        "counts": [(c, colour_label(c), total[c]) for c in COLOUR_ORDER],
    })
