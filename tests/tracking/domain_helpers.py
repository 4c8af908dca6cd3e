"""Builders for tracking-domain tests: a plan with tasks, deadlines and responsibilities,
then assignments and periods through the services, and reports moved through the workflow
at given (fake) times."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fazhi.plans.models import Deadline, Plan, Responsibility, Task
from fazhi.tracking.models import Assignment, Period
from fazhi.tracking.services import (
    assignments_follow,
    evidence_attach,
    periods_generate,
    progress_report_accept,
    progress_report_save_draft,
    progress_report_submit,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: str | date, hour: int = 10) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return timezone.make_aware(datetime.combine(d, time(hour)))


def make_plan(personas, *, issued_on=date(2022, 7, 1), title="濉溪县法治政府建设实施方案（2021-2025年）") -> Plan:
    return Plan.objects.create(jurisdiction=personas.jurisdiction, title=title, issued_on=issued_on,
                               period_start=2021, period_end=2025)


def add_task(plan, seq, *, text=None, lead=None, co=(), group=None, deadlines=(), leader=None) -> Task:
    """``deadlines``: tuples (kind, due_on or None, period or "")."""
    task = Task.objects.create(plan=plan, seq=seq, text=text or f"任务{seq}")
    if lead is not None:
        Responsibility.objects.create(task=task, role="lead", phrase=lead.name, unit=lead)
    for position, unit in enumerate(co):
        Responsibility.objects.create(task=task, role="co", phrase=unit.name, unit=unit, position=position)
    if group is not None:
        Responsibility.objects.create(task=task, role="co", phrase=group.phrase, group=group, position=9)
    if leader is not None:
        Responsibility.objects.create(task=task, role="leader", phrase=leader.name, leader=leader)
    for position, (kind, due_on, period) in enumerate(deadlines):
        Deadline.objects.create(task=task, text=f"{kind} {due_on or period}", kind=kind,
                                due_on=date.fromisoformat(due_on) if due_on else None, period=period,
                                position=position)
    return task


def start_tracking(plan, personas, *, through=date(2022, 12, 31)) -> list[Period]:
    assignments_follow(plan=plan, by=personas.office)
    return periods_generate(plan=plan, through=through, by=personas.office)


def assignment(task, unit) -> Assignment:
    return Assignment.objects.get(task=task, unit=unit)


def period(plan, kind, start: str) -> Period:
    return Period.objects.get(plan=plan, kind=kind, start=date.fromisoformat(start))


def report(personas, assignment_, period_, *, status="in_progress", percent=None, submit_on=None, accept_on=None,
           evidence=False, clerk=None, narrative="已召开专题会议推进"):
    """Save a report as the unit's clerk, then optionally attach a PDF, submit and accept it."""
    clerk = clerk or (personas.lead_clerk if assignment_.unit == personas.lead_unit else personas.co_clerk)
    data = {"status": status, "percent": percent, "narrative": narrative}
    if status == "unable":
        data["unable_reason"] = "上级政策调整"
    r = progress_report_save_draft(assignment=assignment_, period=period_, by=clerk, data=data,
                                   expected_version=None)
    if evidence:
        content = PDF + f"{assignment_.pk}-{period_.pk}".encode()
        evidence_attach(report=r, uploaded_file=SimpleUploadedFile("会议纪要.pdf", content), by=clerk)
    if submit_on:
        r = progress_report_submit(report=r, by=clerk, expected_version=r.version, now=at(submit_on))
    if accept_on:
        r = progress_report_accept(report=r, by=personas.office, now=at(accept_on, 16))
    return r
