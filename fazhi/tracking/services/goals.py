"""The 依法治县办's assessment of plan goals (年度目标)."""

from __future__ import annotations

from django.db import transaction

from fazhi.audit.services import event_record
from fazhi.plans.models import Goal
from fazhi.tracking.models import GoalAssessment
from fazhi.tracking.services.permissions import require_plan_office


def goal_assess(*, goal: Goal, achieved: bool, note: str = "", by) -> GoalAssessment:
    """Record whether ``goal`` is achieved; the latest assessment counts."""
    plan = goal.plan
    require_plan_office(by, plan)
    with transaction.atomic():
        assessment = GoalAssessment.objects.create(goal=goal, achieved=achieved, note=note.strip(), by=by)
        event_record(actor=by, action="goal.assess", target=goal, jurisdiction=plan.jurisdiction,
                     data={"achieved": achieved, "note": note.strip()})
    return assessment
