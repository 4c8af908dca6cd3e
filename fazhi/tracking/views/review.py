"""Review lists: the 依法治县办's queue (filters, paging, batch 通过), the 牵头单位's
“配合单位报告” page, the batch endpoint both post to, and the plan's review route setting.

Who reviews what is ``fazhi.tracking.workflow`` (``routed_to_office`` / ``routed_to_lead`` and
the permission check); these pages only list and filter. A row shows a checkbox or a 通过
button only when the check says the user may accept that report now, read for the whole page
at once (``review_facts_attach``), so a page's queries do not grow with its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.accounts.access import actor_for, require_office
from fazhi.lib.textnorm import parse_pk
from fazhi.orgs.models import Unit
from fazhi.plans.access import get_plan_for_user, plans_visible_to
from fazhi.tracking import workflow
from fazhi.tracking.access import assignments_visible_to, lead_units_reports
from fazhi.tracking.board import cadence_for
from fazhi.tracking.forms import ReturnForm
from fazhi.tracking.models import Assignment, Period, ProgressReport, ReportEvidence
from fazhi.tracking.services import cadence_update, progress_reports_accept_batch

State = ProgressReport.State
QUEUE_PER_PAGE = 50
LEAD_PER_PAGE = 20
# A batch is one page of the queue at most; more ids than this in one POST are refused.
BATCH_LIMIT = 200
SKIPPED_LISTED = 10
ROW_RELATED = ("assignment__task__plan__jurisdiction", "assignment__task__plan__cadence", "assignment__unit",
               "period", "submitted_by")


def _pick(options, raw):
    pk = parse_pk(raw)
    return next((o for o in options if o.pk == pk), None)


def _query_without_page(request) -> str:
    """The filters of the current page as a query string, for paging links that keep them."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _mark_acceptable(actor, reports) -> None:
    workflow.review_facts_attach(actor, reports)
    for report in reports:
        report.review_refusal = workflow.reason_cannot("accept", actor, report)
        report.may_accept = report.review_refusal is None


# ---------------------------------------------------------------- the office's queue


@dataclass(frozen=True)
class QueueFilters:
    plan: object
    period: object
    unit: object
    late: bool
    state: str
    everything: bool  # also the 配合单位 reports the 牵头单位 review (the office may step in)

    @property
    def any(self) -> bool:
        return bool(self.plan or self.period or self.unit or self.late or self.everything
                    or self.state != State.SUBMITTED)


QUEUE_STATES = (State.SUBMITTED, State.RETURNED)


@login_required
def review_queue(request):
    actor = require_office(request.user)
    plans = list(plans_visible_to(request.user).select_related("jurisdiction")
                 .order_by("jurisdiction__name", "-imported_at"))
    plan = _pick(plans, request.GET.get("plan"))
    periods = list(Period.objects.filter(plan=plan).order_by("-start", "kind")) if plan else []
    units = list(Unit.objects.filter(jurisdiction_id=plan.jurisdiction_id if plan else actor.jurisdiction_id)
                 .order_by("sort_order", "pk"))
    state = request.GET.get("state")
    filters = QueueFilters(
        plan=plan, period=_pick(periods, request.GET.get("period")), unit=_pick(units, request.GET.get("unit")),
        late=request.GET.get("late") == "1", state=state if state in QUEUE_STATES else State.SUBMITTED,
        everything=request.GET.get("route") == "all")
    reports = ProgressReport.objects.filter(assignment__in=assignments_visible_to(request.user), state=filters.state)
    if not filters.everything:
        reports = reports.filter(workflow.routed_to_office())
    if filters.plan:
        reports = reports.filter(assignment__task__plan=filters.plan)
    if filters.period:
        reports = reports.filter(period=filters.period)
    if filters.unit:
        reports = reports.filter(assignment__unit=filters.unit)
    if filters.late:
        reports = reports.filter(is_late=True)
    reports = reports.select_related(*ROW_RELATED).order_by("submitted_at", "id")
    page = Paginator(reports, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _mark_acceptable(actor, rows)
    for report in rows:
        report.reviewed_by_lead = (not report.assignment.is_lead
                                   and not workflow.co_reports_to_office(report.assignment.task.plan))
    cadence = cadence_for(plan) if plan else None
    return render(request, "tracking/review_queue.html", {
        "reports": rows, "page": page, "filters": filters, "plans": plans, "periods": periods, "units": units,
        "states": [(s, State(s).label) for s in QUEUE_STATES], "query": _query_without_page(request),
        "acceptable": [r for r in rows if r.may_accept], "cadence": cadence,
        "may_set_route": plan is not None and actor.may_act(plan.jurisdiction),
    })


@login_required
@require_POST
def review_route(request, plan_pk):
    """Whether the plan's 配合单位 reports also go to the 依法治县办 (``co_reports_to_office``)."""
    plan = get_plan_for_user(request.user, plan_pk)
    require_office(request.user, jurisdiction=plan.jurisdiction)
    to_office = request.POST.get("co_reports_to_office") == "1"
    cadence_update(plan=plan, by=request.user, co_reports_to_office=to_office)
    if to_office:
        messages.success(request, _("已设置：本方案配合单位的报告也报依法治县办审核，牵头单位不再审核"))
    else:
        messages.success(request, _("已设置：本方案配合单位的报告由牵头单位审核，依法治县办只审核牵头单位的汇总报告"))
    return redirect(reverse("tracking:review_queue") + f"?plan={plan.pk}")


# ---------------------------------------------------------------- the 牵头单位's page


LEAD_STATES = {"submitted": (State.SUBMITTED,), "returned": (State.RETURNED,), "accepted": (State.ACCEPTED,),
               "all": (State.SUBMITTED, State.RETURNED, State.ACCEPTED)}


def _lead_state_labels():
    return [("submitted", _("待审核")), ("returned", _("已退回")), ("accepted", _("已通过")), ("all", _("全部"))]


@login_required
def co_reports(request):
    """配合单位报告: the reports of the 配合单位 on the tasks the clerk's unit leads, to review.
    ``?task=&period=`` narrow it (the clerk's card links here for one task and period)."""
    actor = actor_for(request.user)
    if not actor.is_clerk:
        raise PermissionDenied(_("“配合单位报告”是牵头单位填报员的页面"))
    led = list(Assignment.objects.filter(unit_id=actor.unit_id, role=Assignment.Role.LEAD, is_active=True)
               .select_related("task__plan").order_by("task__plan_id", "task__seq"))
    if not led:
        raise PermissionDenied(_("您的单位目前不牵头任何任务，没有需要审核的配合单位报告"))
    tasks = [a.task for a in led]
    plan_ids = {t.plan_id for t in tasks}
    periods = list(Period.objects.filter(plan_id__in=plan_ids).select_related("plan").order_by("-start", "kind"))
    units = list(Unit.objects.filter(assignments__task__in=tasks, assignments__role=Assignment.Role.CO)
                 .distinct().order_by("sort_order", "pk"))
    task, period, unit = (_pick(tasks, request.GET.get("task")), _pick(periods, request.GET.get("period")),
                          _pick(units, request.GET.get("unit")))
    state = request.GET.get("state") if request.GET.get("state") in LEAD_STATES else "submitted"
    reports = lead_units_reports(request.user).filter(state__in=LEAD_STATES[state])
    if task:
        reports = reports.filter(assignment__task=task)
    if period:
        reports = reports.filter(period=period)
    if unit:
        reports = reports.filter(assignment__unit=unit)
    reports = (reports.select_related(*ROW_RELATED, "reviewed_by")
               .prefetch_related(Prefetch("evidence_links", queryset=ReportEvidence.objects.select_related("evidence")))
               .order_by("-period__start", "assignment__task__seq", "assignment__unit__sort_order", "id"))
    page = Paginator(reports, LEAD_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    _mark_acceptable(actor, rows)
    for report in rows:
        report.to_office = workflow.co_reports_to_office(report.assignment.task.plan)
    return render(request, "tracking/co_reports.html", {
        "reports": rows, "page": page, "tasks": tasks, "periods": periods, "units": units,
        "selected": {"task": task, "period": period, "unit": unit, "state": state},
        "states": _lead_state_labels(), "query": _query_without_page(request),
        "acceptable": [r for r in rows if r.may_accept], "return_form": ReturnForm(),
        "many_plans": len(plan_ids) > 1,
    })


# ---------------------------------------------------------------- batch 通过


def _back(request, actor) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return back
    return reverse("tracking:review_queue" if actor.is_office else "tracking:co_reports")


def _describe(report: ProgressReport) -> str:
    return _("任务 %(seq)s · %(unit)s（%(period)s）") % {
        "seq": report.assignment.task.seq, "unit": report.assignment.unit.name, "period": report.period.label}


@login_required
@require_POST
def reports_accept_batch(request):
    """通过所选 / 通过本页全部: accept the posted reports, each on its own (see the service);
    say how many were accepted and list the ones skipped with their reasons."""
    actor = actor_for(request.user)
    leads_any = actor.is_clerk and Assignment.objects.filter(
        unit_id=actor.unit_id, role=Assignment.Role.LEAD, is_active=True).exists()
    if not (actor.is_office or leads_any):
        raise PermissionDenied(_("只有依法治县办或牵头单位可以批量审核报告"))
    field = "page_report" if request.POST.get("which") == "page" else "report"
    ids = list(dict.fromkeys(pk for pk in map(parse_pk, request.POST.getlist(field)) if pk is not None))
    back = _back(request, actor)
    if not ids:
        messages.error(request, _("请先勾选要通过的报告"))
        return redirect(back)
    if len(ids) > BATCH_LIMIT:
        messages.error(request, _("一次最多通过 %(n)s 份报告，请分页处理") % {"n": BATCH_LIMIT})
        return redirect(back)
    reports = list(ProgressReport.objects.filter(pk__in=ids, assignment__in=assignments_visible_to(request.user))
                   .select_related(*ROW_RELATED).order_by("submitted_at", "id"))
    if not reports:
        raise Http404(_("没有找到所选的报告"))
    outcome = progress_reports_accept_batch(reports=reports, by=request.user, comment=request.POST.get("comment", ""))
    if outcome.accepted:
        messages.success(request, _("已通过 %(n)s 份报告") % {"n": len(outcome.accepted)})
    skipped = [f"{_describe(report)}：{reason}" for report, reason in outcome.skipped]
    missing = len(ids) - len(reports)
    if missing:
        skipped.append(_("%(n)s 份报告不存在或您无权查看") % {"n": missing})
    if skipped:
        listed = "；".join(skipped[:SKIPPED_LISTED])
        more = _("等 %(n)s 份") % {"n": len(skipped)} if len(skipped) > SKIPPED_LISTED else ""
        level = messages.warning if outcome.accepted else messages.error
        level(request, _("以下报告未通过，其余不受影响：%(list)s%(more)s") % {"list": listed, "more": more})
    return redirect(back)
