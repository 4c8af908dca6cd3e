"""Who may export a plan's 台账 and who may import one. Every reports view asks here."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from fazhi.accounts.access import require_office
from fazhi.plans.access import get_plan_for_user
from fazhi.plans.models import Plan
from fazhi.reports.models import LedgerImportDraft


def get_plan_for_export(user, pk) -> Plan:
    """Any role that may see the plan may export it: the 台账 shows nothing the plan page does not."""
    return get_plan_for_user(user, pk)


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
