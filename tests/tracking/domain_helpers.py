"""Short builders for the tracking-domain tests written against the personas, on top of
``tests.factories`` (the one place plan graphs are built): a plan with tasks, deadlines and
responsibilities, then assignments and periods through the services, and reports moved
through the workflow at given (fake) times."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.plans.models import Plan, Task
from fazhi.tracking.models import Period
from fazhi.tracking.services import (
    evidence_attach,
    progress_report_accept,
    progress_report_save_draft,
    progress_report_submit,
)
from tests.factories import PDF, PlanFactory, TaskFactory, at, period_of, tracking_started
from tests.factories import assignment_of as assignment

__all__ = ["PDF", "add_task", "assignment", "at", "make_plan", "period", "report", "start_tracking"]


def make_plan(personas, *, issued_on=date(2022, 7, 1), title="濉溪县法治政府建设实施方案（2021-2025年）") -> Plan:
    return PlanFactory(jurisdiction=personas.jurisdiction, title=title, issued_on=issued_on)


def add_task(plan, seq, *, text=None, lead=None, co=(), group=None, deadlines=(), leader=None) -> Task:
    """``deadlines``: tuples (kind, due_on or None, period or "")."""
    return TaskFactory(
        plan=plan, seq=seq, text=text or f"任务{seq}",
        lead_units=[lead] if lead is not None else [],
        co_units=[*co, *([group] if group is not None else [])],
        leaders=[leader] if leader is not None else [],
        deadlines=[{"kind": kind, "due_on": date.fromisoformat(due_on) if due_on else None, "period": period,
                    "text": f"{kind} {due_on or period}"} for kind, due_on, period in deadlines],
    )


def start_tracking(plan, personas, *, through=date(2022, 12, 31)) -> list[Period]:
    return tracking_started(plan, through=through, by=personas.office)


def period(plan, kind, start: str) -> Period:
    return period_of(plan, kind, start)


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
