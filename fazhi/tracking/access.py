"""Who may see or edit assignments and reports. Every tracking view asks here.

Visibility: a 依法治县办 sees everything in the jurisdictions it reads (``Actor.read_scope``:
its own and, for a city or province office, those below it); a clerk sees
its own unit's assignments and, for tasks its unit leads (牵头单位), the 配合单位'
assignments and reports too; a 县领导 sees the tasks he or she leads.
Writing is narrower and follows ``fazhi.tracking.workflow``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for, require_office
from fazhi.files.models import EvidenceFile
from fazhi.plans.models import Responsibility
from fazhi.tracking import workflow
from fazhi.tracking.models import Assignment, ProgressReport, ReportEvidence


def assignments_visible_to(user, *, plan=None) -> QuerySet[Assignment]:
    actor = actor_for(user)
    qs = Assignment.objects.select_related("task__plan__jurisdiction", "unit")
    if plan is not None:
        qs = qs.filter(task__plan=plan)
    if actor.is_admin:
        return qs
    if actor.is_office:
        return qs.filter(actor.read_scope("task__plan__jurisdiction"))
    condition = Q(pk__in=[])
    if actor.is_clerk:
        leads_task = Assignment.objects.filter(task=OuterRef("task"), unit_id=actor.unit_id,
                                               role=Assignment.Role.LEAD)
        condition |= Q(unit_id=actor.unit_id) | Q(Exists(leads_task))
    if actor.is_leader and actor.leader_id:
        leads = Responsibility.objects.filter(task=OuterRef("task"), leader_id=actor.leader_id,
                                              role=Responsibility.Role.LEAD_LEADER)
        condition |= Q(Exists(leads))
    return qs.filter(condition)


def may_open_task_history(user, task) -> bool:
    """Whether ``user`` may open the 调度与填报记录 of ``task`` (``tracking:task_history``): an office
    reading its plan, whoever sees one of its assignments, and its 牵头领导 — also while no
    unit is assigned yet. Pages show the link only when this says yes."""
    actor = actor_for(user)
    if not actor.may_read(task.plan.jurisdiction):
        return False
    if actor.is_office:
        return True
    if actor.is_leader and actor.leader_id and Responsibility.objects.filter(
            task=task, leader_id=actor.leader_id, role=Responsibility.Role.LEAD_LEADER).exists():
        return True
    return assignments_visible_to(user).filter(task=task).exists()


def _may_see(user, assignment: Assignment) -> bool:
    actor = actor_for(user)
    if actor.is_office:  # the office's rule needs no query: the plan's jurisdiction is at hand
        return actor.may_read(assignment.task.plan.jurisdiction)
    return assignments_visible_to(user).filter(pk=assignment.pk).exists()


def get_assignment_for_user(user, pk: int, *, write: bool = False) -> Assignment:
    """The assignment ``pk`` if ``user`` may see it (and, with ``write``, report on it)."""
    assignment = Assignment.objects.select_related("task__plan__jurisdiction", "unit").filter(pk=pk).first()
    if assignment is None or not actor_for(user).may_read(assignment.task.plan.jurisdiction):
        # 404, not 403: another county's work is none of this user's business, not even its ids.
        raise Http404(_("没有找到该任务分工"))
    if not _may_see(user, assignment):
        raise PermissionDenied(_("您无权查看该任务分工"))
    if write:
        reason = workflow.reason_not_author(actor_for(user), assignment)
        if reason or not assignment.is_active:
            raise PermissionDenied(reason or _("该分工已不在台账中，不能再填报"))
    return assignment


def get_report_for_user(user, pk: int, *, write: bool = False) -> ProgressReport:
    """The report ``pk`` if ``user`` may see it; with ``write``, only if they may edit it now."""
    report = (
        ProgressReport.objects.select_related("assignment__task__plan__jurisdiction", "assignment__unit", "period",
                                              "updated_by", "reviewed_by", "submitted_by")
        .filter(pk=pk).first()
    )
    if report is None or not actor_for(user).may_read(report.assignment.task.plan.jurisdiction):
        raise Http404(_("没有找到该报告"))
    if not _may_see(user, report.assignment):
        raise PermissionDenied(_("您无权查看该报告"))
    if write:
        reason = workflow.reason_cannot_edit(actor_for(user), report.assignment, report.period, report)
        if reason:
            raise PermissionDenied(reason)
    return report


def require_reviewer(user, report: ProgressReport) -> None:
    """403 unless ``user`` is of those who review such a report (``workflow.reviews_such_reports``);
    whether they may review it now (state, authorship, a locked period) the service decides."""
    actor = actor_for(user)
    if actor.is_office:
        require_office(user, jurisdiction=report.assignment.task.plan.jurisdiction)
    elif not workflow.reviews_such_reports(actor, report):
        raise PermissionDenied(workflow.reason_cannot_review(actor, report)
                               or _("您无权审核该报告"))


def lead_units_reports(user) -> QuerySet[ProgressReport]:
    """The 配合单位 reports of the tasks the clerk's unit actively leads (none for anyone else)."""
    actor = actor_for(user)
    if not actor.is_clerk:
        return ProgressReport.objects.none()
    leads = Assignment.objects.filter(task=OuterRef("assignment__task"), unit_id=actor.unit_id,
                                      role=Assignment.Role.LEAD, is_active=True)
    return ProgressReport.objects.filter(Exists(leads), assignment__role=Assignment.Role.CO)


def co_unit_reports(report: ProgressReport) -> QuerySet[ProgressReport]:
    """For a 牵头单位's consolidated report: the 配合单位' reports on the same task and period,
    which the lead reads before writing its own."""
    return (
        ProgressReport.objects.filter(period_id=report.period_id, assignment__task_id=report.assignment.task_id,
                                      assignment__role=Assignment.Role.CO)
        .select_related("assignment__unit", "period")
        .prefetch_related("evidence_links__evidence")
        .order_by("assignment__unit__sort_order", "assignment__unit_id")
    )


def evidence_visible_to(actor, evidence: EvidenceFile) -> bool:
    """Whoever uploaded a file, or may see a report that cites it, may open it. A record belongs
    to one jurisdiction (``evidence_store``), so this never reveals another county's file.

    Report visibility is the one rule of ``assignments_visible_to``: an office sees
    its own jurisdiction (and a city its counties), a 牵头单位 its 配合单位's reports,
    a 县领导 the tasks they lead. A file is never visible just for being stored.
    """
    if evidence.uploaded_by_id is not None and evidence.uploaded_by_id == getattr(actor.user, "pk", None):
        return True
    return ReportEvidence.objects.filter(
        evidence=evidence, report__assignment__in=assignments_visible_to(actor.user)
    ).exists()
