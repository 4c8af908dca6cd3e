"""Who may see which plan, task or pending upload. Every plans view asks here."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for, require_office
from fazhi.orgs.models import Jurisdiction
from fazhi.plans.models import LedgerImportDraft, PendingImport, Plan, Task


def plans_visible_to(user) -> QuerySet[Plan]:
    """Every role sees the whole plan of the jurisdictions it reads (``Actor.read_scope``: an office
    also those below its own) read-only; what it may edit is decided elsewhere."""
    return Plan.objects.filter(actor_for(user).read_scope("jurisdiction")).select_related("jurisdiction")


def get_plan_for_user(user, pk) -> Plan:
    plan = plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        # 404 rather than 403: another county's plans are none of this user's business, not even their ids.
        raise Http404(_("方案不存在或您无权查看"))
    return plan


def get_task_for_user(user, pk) -> Task:
    task = (
        Task.objects.filter(pk=pk, plan__in=plans_visible_to(user))
        .select_related("plan", "plan__jurisdiction", "heading", "heading__parent")
        .first()
    )
    if task is None:
        raise Http404(_("任务不存在或您无权查看"))
    return task


def upload_jurisdictions_for(user) -> QuerySet[Jurisdiction]:
    """Where the user may import a plan: an office its own jurisdiction only (``Actor.act_scope``),
    系统管理员 every one."""
    actor = actor_for(user)
    if not actor.is_office:
        return Jurisdiction.objects.none()
    return Jurisdiction.objects.filter(actor.act_scope()).order_by("name")


def get_pending_import_for_user(user, pk) -> PendingImport:
    """An import waiting for confirmation belongs to the office that may import there."""
    actor = require_office(user)
    pending = PendingImport.objects.filter(pk=pk).select_related("jurisdiction", "plan").first()
    if pending is None or not actor.may_act(pending.jurisdiction_id):
        raise Http404(_("待确认的导入不存在或您无权查看"))
    return pending


def get_plan_for_import(user, pk) -> Plan:
    """Only the plan's own 依法治县办 (and administrators) change it through the 台账; a higher office reads."""
    require_office(user)
    plan = get_plan_for_user(user, pk)
    require_office(user, jurisdiction=plan.jurisdiction)
    return plan


def get_import_draft_for_user(user, plan_pk, draft_pk) -> LedgerImportDraft:
    plan = get_plan_for_import(user, plan_pk)
    draft = LedgerImportDraft.objects.filter(pk=draft_pk, plan=plan).select_related("plan", "uploaded_by").first()
    if draft is None:
        raise Http404(_("待确认的台账导入不存在或您无权查看"))
    return draft


def get_plan_for_edit(user, pk) -> Plan:
    """Adding, editing or removing tasks, archiving, linking: the plan's own 依法治县办 only.
    Whether the plan is archived is the write function's business (it says so in words)."""
    return get_plan_for_import(user, pk)


def get_task_for_edit(user, pk) -> Task:
    task = get_task_for_user(user, pk)
    require_office(user, jurisdiction=task.plan.jurisdiction)
    return task


def get_plan_for_revisions(user, pk) -> Plan:
    """A plan's revisions are the offices' record: the plan's office and those above it read them."""
    require_office(user)
    return get_plan_for_user(user, pk)


def may_edit_plan(user, plan: Plan) -> bool:
    """Whether to show the buttons that change ``plan`` (the plan's own office, plan not archived)."""
    actor = actor_for(user)
    return actor.is_office and actor.may_act(plan.jurisdiction_id) and plan.archived_at is None


def may_manage_plan(user, plan: Plan) -> bool:
    actor = actor_for(user)
    return actor.is_office and actor.may_act(plan.jurisdiction_id)
