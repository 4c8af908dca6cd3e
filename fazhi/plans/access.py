"""Who may see which plan, task or pending upload. Every plans view asks here."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for, require_office
from fazhi.orgs.models import Jurisdiction
from fazhi.plans.models import LedgerImportDraft, PendingImport, Plan, Task


def jurisdictions_visible_to(user) -> QuerySet[Jurisdiction]:
    """The user's own jurisdiction and those below it (a city sees its counties); all for 系统管理员."""
    actor = actor_for(user)
    if actor.is_admin:
        return Jurisdiction.objects.all()
    if actor.jurisdiction_id is None or actor.role is None:
        return Jurisdiction.objects.none()
    own = Jurisdiction.objects.filter(pk=actor.jurisdiction_id).first()
    if own is None:
        return Jurisdiction.objects.none()
    return Jurisdiction.objects.filter(pk__in=own.descendant_ids())


def plans_visible_to(user) -> QuerySet[Plan]:
    """Every role sees the whole plan of its jurisdiction read-only; what it may edit is decided elsewhere."""
    return Plan.objects.filter(jurisdiction__in=jurisdictions_visible_to(user)).select_related("jurisdiction")


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
    """Where the user may import a plan: only 依法治县办 and 系统管理员, within what they see."""
    if not actor_for(user).is_office:
        return Jurisdiction.objects.none()
    return jurisdictions_visible_to(user).order_by("name")


def get_pending_import_for_user(user, pk) -> PendingImport:
    actor = require_office(user)
    pending = PendingImport.objects.filter(pk=pk).select_related("jurisdiction", "plan").first()
    if pending is None or not actor.may_see_jurisdiction(pending.jurisdiction_id):
        raise Http404(_("待确认的导入不存在或您无权查看"))
    return pending


def get_plan_for_import(user, pk) -> Plan:
    """Only 依法治县办 (and administrators) change a plan through the 台账."""
    require_office(user)
    return get_plan_for_user(user, pk)


def get_import_draft_for_user(user, plan_pk, draft_pk) -> LedgerImportDraft:
    plan = get_plan_for_import(user, plan_pk)
    draft = LedgerImportDraft.objects.filter(pk=draft_pk, plan=plan).select_related("plan", "uploaded_by").first()
    if draft is None:
        raise Http404(_("待确认的台账导入不存在或您无权查看"))
    return draft
