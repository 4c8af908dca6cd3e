"""The 依法治县办's screens: the 调度看板 (tasks × periods), 催办, goal assessment, a report's
page with 通过 / 退回 (also the 牵头单位's, for its 配合单位' reports), and 调度周期管理 (close,
lock, reopen, start date). The review lists are in ``review``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.accounts.access import actor_for, require_office
from fazhi.core.forms import IsoDateInput
from fazhi.orgs.models import Unit
from fazhi.plans.access import get_plan_for_user, plans_visible_to
from fazhi.plans.choice import plan_chosen, plan_remember, plans_to_choose
from fazhi.plans.models import Goal
from fazhi.tracking import workflow
from fazhi.tracking.access import get_report_for_user, require_reviewer
from fazhi.tracking.board import board_page, cadence_for, unit_overdue_row
from fazhi.tracking.forms import GoalAssessForm, ReturnForm
from fazhi.tracking.models import Assignment, Period, ProgressReport, ReportEvidence, ReportTransition
from fazhi.tracking.periods import plan_tracking_end, unknown_calendar_years
from fazhi.tracking.reminders import urge_unit
from fazhi.tracking.services import (
    ReportConflict,
    goal_assess,
    period_close,
    period_lock,
    period_open,
    progress_report_accept,
    progress_report_return,
    tracking_end_set,
    tracking_start,
)
from fazhi.tracking.views.common import is_htmx, label_transitions
from fazhi.workcal.calendar import current_calendar

State = ProgressReport.State


# ---------------------------------------------------------------- the board


@login_required
def board(request):
    require_office(request.user)
    today = timezone.localdate()
    plans = plans_to_choose(request.user)
    plan = plan_chosen(request, plans)  # ?plan=, else the one chosen last, else the newest with tasks
    if plan is None:
        return render(request, "tracking/board.html", {"plans": plans, "plan": None})
    context = {
        "plans": plans, "plan": plan, "today": today, "goal_form": GoalAssessForm(),
        # A higher office reads a county's board but acts only in its own: no buttons it may not press.
        "may_act": actor_for(request.user).may_act(plan.jurisdiction),
        "periods_spec": request.GET.get("periods", ""),
        **board_page(plan, today=today, periods_spec=request.GET.get("periods"), unit_id=request.GET.get("unit"),
                     leader_id=request.GET.get("leader"), section_id=request.GET.get("section")),
    }
    template = "tracking/_board_table.html" if is_htmx(request) and request.headers.get("HX-Target") == "board" \
        else "tracking/board.html"
    response = render(request, template, context)
    if request.GET.get("plan"):
        plan_remember(request, response, plan)
    return response


def _board_url(plan) -> str:
    return reverse("tracking:board") + f"?plan={plan.pk}"


@login_required
@require_POST
def urge(request, plan_pk, unit_pk):
    """One-click 催办 for a unit; at most once per unit and day (urge_unit refuses the second)."""
    plan = get_plan_for_user(request.user, plan_pk)
    require_office(request.user, jurisdiction=plan.jurisdiction)
    unit = get_object_or_404(Unit, pk=unit_pk, jurisdiction=plan.jurisdiction)
    error = ""
    try:
        digests = urge_unit(plan=plan, unit=unit, by=request.user, calendar=current_calendar())
    except ValidationError as refused:
        error = refused.messages[0]
    else:
        # ok is None while a send waits for its transaction (sends happen after commit): not a failure.
        failed = [d for d in digests if d.ok is False]
        if failed:
            error = _("向%(unit)s催办时部分渠道发送失败：%(err)s") % {"unit": unit.name, "err": failed[0].error}
    if is_htmx(request):
        row = unit_overdue_row(plan, unit, timezone.localdate())
        return render(request, "tracking/_urge_row.html",
                      {"row": row, "plan": plan, "urge_error": error, "may_act": True})
    if error:
        messages.error(request, error)
    elif len(digests) == 1:  # the in-app notice only
        messages.success(request, _("已向%(unit)s发出站内催办；该单位未设置邮箱或机器人，未发送外部提醒")
                         % {"unit": unit.name})
    else:
        messages.success(request, _("已向%(unit)s催办") % {"unit": unit.name})
    return redirect(_board_url(plan))


@login_required
@require_POST
def goal_assess_view(request, goal_pk):
    goal = get_object_or_404(Goal, pk=goal_pk, plan__in=plans_visible_to(request.user))
    require_office(request.user, jurisdiction=goal.plan.jurisdiction_id)
    form = GoalAssessForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择目标是否已实现"))
        return redirect(_board_url(goal.plan))
    try:
        goal_assess(goal=goal, achieved=form.cleaned_data["achieved"], note=form.cleaned_data["note"],
                    by=request.user)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        messages.success(request, _("已记录目标评估"))
    return redirect(_board_url(goal.plan))


# ---------------------------------------------------------------- review


def report_detail_context(request, report, *, return_form=None, message=""):
    actor = actor_for(request.user)
    links = list(ReportEvidence.objects.filter(report=report).select_related("evidence"))
    transitions = label_transitions(ReportTransition.objects.filter(report=report).select_related("by"))
    co_reports = []  # a 配合单位's draft is its own until it submits: neither reviewer reads it
    if report.is_consolidated:
        co_reports = list(ProgressReport.objects.filter(
            assignment__task_id=report.assignment.task_id, period=report.period, assignment__role=Assignment.Role.CO,
        ).exclude(state=ProgressReport.State.DRAFT).select_related("assignment__unit").prefetch_related(
            Prefetch("evidence_links", queryset=ReportEvidence.objects.select_related("evidence"))))
    # Only those who review such reports (the office; a 牵头单位 for its 配合单位) see why they may not.
    reviewer = workflow.reviews_such_reports(actor, report)
    review_refusal = workflow.reason_cannot("accept", actor, report) if reviewer else None
    return {
        "report": report, "links": links, "transitions": transitions, "co_reports": co_reports,
        "may_review": reviewer and review_refusal is None,
        "review_refusal": review_refusal if report.state == State.SUBMITTED else None,
        "return_form": return_form or ReturnForm(), "message": message,
        "next": _next_of(request),
    }


def _next_of(request) -> str:
    """Where to go after 通过 / 退回: a page of this site the form came from (the 牵头单位's list)."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return back
    return ""


def _after_review(request):
    back = _next_of(request)
    if back:
        return redirect(back)
    return redirect("tracking:review_queue" if actor_for(request.user).is_office else "tracking:co_reports")


@login_required
def report_review(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "tracking/report_review.html", report_detail_context(request, report))


@login_required
@require_POST
def report_accept(request, pk):
    report = get_report_for_user(request.user, pk)
    require_reviewer(request.user, report)
    try:
        progress_report_accept(report=report, by=request.user, comment=request.POST.get("comment", ""))
    except PermissionDenied as denied:
        messages.error(request, str(denied))
        return redirect("tracking:report_review", pk=report.pk)
    except ReportConflict:  # somebody reviewed it meanwhile
        messages.error(request, _("该报告刚被他人处理过，请查看最新状态"))
        return redirect("tracking:report_review", pk=report.pk)
    messages.success(request, _("已通过%(unit)s的报告") % {"unit": report.assignment.unit.name})
    return _after_review(request)


@login_required
@require_POST
def report_return(request, pk):
    report = get_report_for_user(request.user, pk)
    require_reviewer(request.user, report)
    form = ReturnForm(request.POST)
    form.is_valid()
    try:
        progress_report_return(report=report, by=request.user, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as error:
        form.add_error("comment", error.message_dict.get("comment", error.messages))
        context = report_detail_context(request, report, return_form=form)
        return render(request, "tracking/report_review.html", context, status=400)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
        return redirect("tracking:report_review", pk=report.pk)
    except ReportConflict:
        messages.error(request, _("该报告刚被他人处理过，请查看最新状态"))
        return redirect("tracking:report_review", pk=report.pk)
    messages.success(request, _("已退回%(unit)s的报告") % {"unit": report.assignment.unit.name})
    return _after_review(request)


# ---------------------------------------------------------------- periods


# Lazy: these are read per request, in the language of that request.
PERIOD_ACTIONS = {
    "close": (period_close, gettext_lazy("已关闭%(period)s，各单位不能再填报")),
    "lock": (period_lock, gettext_lazy("已锁定%(period)s，报告已存档，不能再修改或审核")),
    "open": (period_open, gettext_lazy("已重新开放%(period)s，各单位可以继续填报")),
}


class TrackingStartForm(forms.Form):
    tracking_start = forms.DateField(
        label=gettext_lazy("开始调度日期"), widget=IsoDateInput,
        error_messages={"required": gettext_lazy("请填写开始调度日期"),
                        "invalid": gettext_lazy("开始调度日期应为如“2025-01-01”的日期，请重新填写")},
    )


class TrackingEndForm(forms.Form):
    tracking_end = forms.DateField(
        label=gettext_lazy("调度截止日期"), required=False,
        widget=IsoDateInput,
        error_messages={"invalid": gettext_lazy("调度截止日期应为如“2026-12-31”的日期，请重新填写")},
    )


@login_required
def periods(request, plan_pk, form=None, end_form=None, status=200):
    require_office(request.user)
    plan = get_plan_for_user(request.user, plan_pk)
    today = timezone.localdate()
    rows = list(
        Period.objects.filter(plan=plan).annotate(
            submitted=Count("reports", filter=Q(reports__state__in=[State.SUBMITTED, State.ACCEPTED])),
            accepted=Count("reports", filter=Q(reports__state=State.ACCEPTED)),
        ).order_by("-start", "kind")
    )
    provisional = [p for p in rows if p.due_on_provisional]
    cadence = cadence_for(plan)
    ends_on = plan_tracking_end(plan, cadence)
    context = {
        "plan": plan, "periods": rows, "today": today, "provisional": provisional,
        "may_act": actor_for(request.user).may_act(plan.jurisdiction),
        "provisional_years": unknown_calendar_years(provisional, current_calendar()),
        "form": form or TrackingStartForm(initial={"tracking_start": cadence.tracking_start}),
        "tracking_start": cadence.tracking_start,
        "end_form": end_form or TrackingEndForm(initial={"tracking_end": cadence.tracking_end}),
        "tracking_end": ends_on, "tracking_end_set_by_office": cadence.tracking_end,
        # 结束调度 ends tracking on the day itself; a 实施期 ends after its last day.
        "tracking_ended": ends_on is not None and (ends_on < today or (cadence.tracking_end and ends_on == today)),
    }
    return render(request, "tracking/periods.html", context, status=status)


@login_required
@require_POST
def period_action(request, pk, action):
    """关闭 / 锁定 / 重新开放 one period; the service refuses a transition the table lacks."""
    period = get_object_or_404(Period.objects.select_related("plan"), pk=pk,
                               plan__in=plans_visible_to(request.user))
    require_office(request.user, jurisdiction=period.plan.jurisdiction_id)
    if action not in PERIOD_ACTIONS:
        raise Http404(_("没有这项操作"))
    service, done = PERIOD_ACTIONS[action]
    try:
        service(period=period, by=request.user)
    except (ValidationError, PermissionDenied) as refused:
        text = refused.messages[0] if isinstance(refused, ValidationError) else str(refused)
        messages.error(request, text)
    else:
        messages.success(request, done % {"period": period.label})
    return redirect("tracking:periods", plan_pk=period.plan_id)


@login_required
@require_POST
def periods_start(request, plan_pk):
    """Change the tracking start and generate the periods through today."""
    plan = get_plan_for_user(request.user, plan_pk)
    require_office(request.user, jurisdiction=plan.jurisdiction)
    form = TrackingStartForm(request.POST)
    if not form.is_valid():
        return periods(request, plan_pk, form=form, status=400)
    try:
        created = tracking_start(plan=plan, by=request.user, starts_on=form.cleaned_data["tracking_start"])
    except (ValidationError, PermissionDenied) as refused:
        text = refused.messages[0] if isinstance(refused, ValidationError) else str(refused)
        messages.error(request, text)
    else:
        messages.success(request, _("已保存开始调度日期并生成报送周期，目前共 %(n)d 个周期") % {"n": len(created)})
    return redirect("tracking:periods", plan_pk=plan.pk)


@login_required
@require_POST
def periods_end(request, plan_pk):
    """Set the 调度截止日期 (extend past the 实施期, or back to it when left empty), or end
    tracking today with the 结束调度 button."""
    plan = get_plan_for_user(request.user, plan_pk)
    require_office(request.user, jurisdiction=plan.jurisdiction)
    today = timezone.localdate()
    form = TrackingEndForm(request.POST)
    if "end_now" in request.POST:
        ends_on = today
    elif form.is_valid():
        ends_on = form.cleaned_data["tracking_end"]
    else:
        return periods(request, plan_pk, end_form=form, status=400)
    try:
        tracking_end_set(plan=plan, ends_on=ends_on, by=request.user, today=today)
    except (ValidationError, PermissionDenied) as refused:
        text = refused.messages[0] if isinstance(refused, ValidationError) else str(refused)
        messages.error(request, text)
    else:
        if ends_on is None:
            messages.success(request, _("已恢复按方案实施期调度"))
        elif ends_on <= today:
            messages.success(request, _("已结束调度：不再生成新的报送周期，填报中的周期已关闭"))
        else:
            messages.success(request, _("已将调度截止日期设为 %(day)s，并生成至今的报送周期") % {"day": ends_on.isoformat()})
    return redirect("tracking:periods", plan_pk=plan.pk)
