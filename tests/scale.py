"""A large plan built fast (bulk inserts), for the memory and query budgets of the pages that
grow with a plan: one unit leads every task, three 配合单位 help on each; ``months`` monthly
periods of 2026, all closed with an accepted lead report each but the last, which is open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from fazhi.plans.models import Deadline, Plan, Responsibility, Task
from fazhi.tracking.models import Assignment, Period, ProgressReport, ReportingCadence
from fazhi.tracking.periods import month_end
from tests.factories import ClerkFactory, JurisdictionFactory, OfficeFactory, UnitFactory


@dataclass
class LargePlan:
    plan: Plan
    lead_clerk: object
    office: object


def large_plan(*, tasks: int, co_units: int = 3, months: int = 12, county: str = "大县") -> LargePlan:
    jurisdiction = JurisdictionFactory(name=county)
    lead = UnitFactory(jurisdiction=jurisdiction, name="县司法局")
    helpers = [UnitFactory(jurisdiction=jurisdiction, name=f"县第{i}局") for i in range(co_units)]
    office = OfficeFactory(jurisdiction=jurisdiction)
    plan = Plan.objects.create(jurisdiction=jurisdiction, title=f"{county}法治政府建设实施方案", period_start=2026,
                               period_end=2026)
    first_month = 12 - months + 1
    # The office reviews the 配合单位' reports too here, so its queue holds the big pile of them.
    ReportingCadence.objects.create(plan=plan, tracking_start=date(2026, first_month, 1), quarterly=False,
                                    yearly=False, co_reports_to_office=True)
    made = Task.objects.bulk_create(Task(plan=plan, seq=i + 1, text=f"第{i + 1}项任务：完善规范性文件备案审查制度，"
                                                                      "做到有件必备、有备必审、有错必纠。")
                                    for i in range(tasks))
    Deadline.objects.bulk_create(Deadline(task=t, text="2026年年底前", kind=Deadline.Kind.BY,
                                          due_on=date(2026, 12, 31)) for t in made)
    Responsibility.objects.bulk_create(
        [Responsibility(task=t, role=Responsibility.Role.LEAD, phrase=lead.name, unit=lead) for t in made]
        + [Responsibility(task=t, role=Responsibility.Role.CO, phrase=u.name, unit=u, position=i)
           for t in made for i, u in enumerate(helpers)])
    Assignment.objects.bulk_create(
        [Assignment(task=t, unit=lead, role=Assignment.Role.LEAD) for t in made]
        + [Assignment(task=t, unit=u, role=Assignment.Role.CO) for t in made for u in helpers])
    now = timezone.now()
    periods = [Period(plan=plan, kind=Period.Kind.MONTH, start=date(2026, m, 1), end=month_end(date(2026, m, 1)),
                      due_on=month_end(date(2026, m, 1)), state=Period.State.CLOSED)
               for m in range(first_month, 12)]
    Period.objects.bulk_create(periods)
    leads = list(Assignment.objects.filter(task__plan=plan, unit=lead))
    ProgressReport.objects.bulk_create(
        ProgressReport(assignment=a, period=p, is_consolidated=True, state=ProgressReport.State.ACCEPTED,
                       status=ProgressReport.Status.IN_PROGRESS, narrative="按计划推进", submitted_at=now,
                       reviewed_at=now) for p in periods for a in leads)
    month = Period.objects.create(plan=plan, kind=Period.Kind.MONTH, start=date(2026, 12, 1),
                                  end=date(2026, 12, 31), due_on=date(2027, 1, 8))
    first_helper = Assignment.objects.filter(task__plan=plan, unit=helpers[0]).order_by("task__seq")[: tasks // 4]
    ProgressReport.objects.bulk_create(
        ProgressReport(assignment=a, period=month, state=ProgressReport.State.SUBMITTED, narrative="已完成自查",
                       submitted_at=now) for a in first_helper)
    return LargePlan(plan=plan, lead_clerk=ClerkFactory(unit=lead), office=office)
