"""Assignments from the ledger: who reports on which task.

Assignments are derived data. Lower layers (the plan ledger, the unit directory) never
push changes up here; whoever writes them calls ``assignments_follow`` afterwards, and
``fazhi remind`` runs it hourly over every tracked plan as a safety net.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from fazhi.audit.services import event_record
from fazhi.orgs.models import Jurisdiction
from fazhi.plans.models import Plan, Responsibility, Task
from fazhi.tracking.models import Assignment, ReportingCadence
from fazhi.tracking.services.permissions import require_plan_office


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0


def desired_assignments(plan: Plan) -> dict[tuple[int, int], tuple[str, int]]:
    """(task id, unit id) → (role, responsibility id) from the ledger, group phrases resolved.

    A unit named as 牵头单位 anywhere on a task keeps the lead role even if a group
    phrase also makes it a 配合单位.
    """
    desired: dict[tuple[int, int], tuple[str, int]] = {}
    # A cancelled task asks nobody: its assignments end, its reports stay readable.
    rows = (
        Responsibility.objects.filter(task__plan=plan, task__state=Task.State.ACTIVE,
                                      role__in=[Responsibility.Role.LEAD, Responsibility.Role.CO])
        .select_related("unit", "group")
        .prefetch_related("group__members")
        .order_by("task_id", "role", "position", "id")
    )
    for resp in rows:
        if resp.unit_id:
            units = [resp.unit] if resp.unit.is_active else []
        elif resp.group_id:
            units = [u for u in resp.group.members.all() if u.is_active]
        else:
            continue  # unmatched phrase: nobody to ask yet
        for unit in units:
            key = (resp.task_id, unit.pk)
            role = Assignment.Role.LEAD if resp.role == Responsibility.Role.LEAD else Assignment.Role.CO
            current = desired.get(key)
            if current is None or (current[0] == Assignment.Role.CO and role == Assignment.Role.LEAD):
                desired[key] = (role, resp.pk)
    return desired


def tracked_plans(*, plan: Plan | None = None, jurisdiction: Jurisdiction | None = None):
    """Plans in 调度 (tracking has started: a cadence or assignments exist), optionally narrowed.
    An archived plan is not: it gets no more periods, reminders or assignment syncs."""
    started = Exists(ReportingCadence.objects.filter(plan=OuterRef("pk"))) | Exists(
        Assignment.objects.filter(task__plan=OuterRef("pk")))
    plans = Plan.objects.filter(started, archived_at__isnull=True).select_related("jurisdiction").order_by("pk")
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    if jurisdiction is not None:
        plans = plans.filter(jurisdiction=jurisdiction)
    return plans


def assignments_follow(*, by, plan: Plan | None = None, jurisdiction: Jurisdiction | None = None) -> SyncResult:
    """Bring assignments in line with the ledger, group members and ``Unit.is_active``; idempotent.

    With ``plan`` that plan (tracked or about to be); with ``jurisdiction`` its tracked plans;
    with neither every tracked plan. A unit that left a task, left a group or was deactivated
    has its assignments ended (``is_active=False``): its reports stay readable, it gets no more
    cards, reminders or 催办.
    """
    plans = [plan] if plan is not None else list(tracked_plans(jurisdiction=jurisdiction))
    total = SyncResult()
    for each in plans:
        result = _follow_plan(each, by=by)
        total.created += result.created
        total.updated += result.updated
        total.deactivated += result.deactivated
    return total


def _follow_plan(plan: Plan, *, by) -> SyncResult:
    require_plan_office(by, plan)
    result = SyncResult()
    with transaction.atomic():
        desired = desired_assignments(plan)
        existing = {(a.task_id, a.unit_id): a for a in Assignment.objects.filter(task__plan=plan)}
        for key, (role, resp_id) in desired.items():
            assignment = existing.get(key)
            if assignment is None:
                Assignment.objects.create(task_id=key[0], unit_id=key[1], role=role, responsibility_id=resp_id)
                result.created += 1
            elif (assignment.role, assignment.responsibility_id, assignment.is_active) != (role, resp_id, True):
                assignment.role, assignment.responsibility_id, assignment.is_active = role, resp_id, True
                assignment.save(update_fields=["role", "responsibility", "is_active"])
                result.updated += 1
        for key, assignment in existing.items():
            if key not in desired and assignment.is_active:
                assignment.is_active = False
                assignment.save(update_fields=["is_active"])
                result.deactivated += 1
        if result.created or result.updated or result.deactivated:
            event_record(actor=by, action="assignments.follow", target=plan, jurisdiction=plan.jurisdiction,
                         data=result.__dict__)
    return result
