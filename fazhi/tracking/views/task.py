"""The whole history of one task: assignments, every report per period with its
transitions and 佐证材料, and its colour today."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.plans.access import get_task_for_user
from fazhi.plans.models import Deadline
from fazhi.tracking.access import assignments_visible_to, may_open_task_history
from fazhi.tracking.board import judge_task, report_facts, report_filing, rules_for
from fazhi.tracking.models import Assignment, ProgressReport, ReportEvidence, ReportTransition
from fazhi.tracking.views.common import label_transitions
from fazhi.workcal.calendar import current_calendar


@login_required
def task_history(request, pk):
    task = get_task_for_user(request.user, pk)
    if not may_open_task_history(request.user, task):
        raise PermissionDenied(_("您无权查看该任务的填报记录"))
    visible = list(assignments_visible_to(request.user, plan=task.plan).filter(task=task)
                   .order_by("role", "unit__sort_order", "unit_id"))
    all_assignments = list(Assignment.objects.filter(task=task).select_related("unit")
                           .order_by("role", "unit__sort_order", "unit_id"))
    reports = list(
        ProgressReport.objects.filter(assignment__in=visible)
        .select_related("period", "assignment__unit", "submitted_by", "reviewed_by")
        .annotate(has_evidence=Exists(ReportEvidence.objects.filter(report=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("transitions", queryset=ReportTransition.objects.select_related("by")),
            Prefetch("evidence_links", queryset=ReportEvidence.objects.select_related("evidence")),
        )
        .order_by("-period__start", "period__kind", "assignment__role", "assignment__unit__sort_order")
    )
    periods: list[dict] = []
    today = timezone.localdate()
    for r in reports:
        r.transition_rows = label_transitions(r.transitions.all())
        r.filing = report_filing(r, r.period, today)
        if not periods or periods[-1]["period"].pk != r.period_id:
            periods.append({"period": r.period, "reports": []})
        periods[-1]["reports"].append(r)
    task.deadlines_list = list(Deadline.objects.filter(task=task).order_by("position"))
    # The colour counts every unit's reports, whatever this user may read.
    facts = report_facts(
        ProgressReport.objects.filter(assignment__task=task).select_related("period")
        .annotate(has_evidence=Exists(ReportEvidence.objects.filter(report=OuterRef("pk")))))
    status = judge_task(task, assignments=all_assignments, facts=facts, today=today,
                        rules=rules_for(task.plan, calendar=current_calendar()))
    return render(request, "tracking/task_history.html", {
        "task": task, "plan": task.plan, "assignments": all_assignments, "periods": periods, "status": status,
    })
