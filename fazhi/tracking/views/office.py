"""The 依法治县办's screens: the 调度看板 (tasks × periods), 催办, goal assessment, the
review queue with 通过 / 退回, and 调度周期管理 (close, lock, reopen, start date)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.accounts.access import actor_for, require_office
from fazhi.orgs.models import Leader, Unit
from fazhi.plans.access import get_plan_for_user, plans_visible_to
from fazhi.plans.models import Goal, Heading
from fazhi.tracking import workflow
from fazhi.tracking.access import assignments_visible_to, get_report_for_user
from fazhi.tracking.forms import GoalAssessForm, ReturnForm
from fazhi.tracking.models import (
    Assignment,
    Period,
    ProgressReport,
    ReminderSent,
    ReportEvidence,
    ReportTransition,
)
from fazhi.tracking.periods import span_of
from fazhi.tracking.reminders import urge_unit
from fazhi.tracking.services import (
    ReportConflict,
    cadence_for,
    goal_assess,
    period_close,
    period_lock,
    period_open,
    periods_awaiting_calendar,
    progress_report_accept,
    progress_report_return,
    tracking_start,
)
from fazhi.tracking.status import board_rows, goals_status, rules_for
from fazhi.tracking.views.common import is_htmx, label_transitions
from fazhi.workcal.calendar import current_calendar

State = ProgressReport.State


# ---------------------------------------------------------------- the board


def board_periods(plan, spec: str | None, today: date) -> list[Period]:
    """``?periods=2025-01..2025-06``: every period starting in that month range; by default the
    months of the current quarter and the quarter itself (the latest quarter with periods if
    the plan has none yet for today)."""
    periods = Period.objects.filter(plan=plan, kind__in=[Period.Kind.MONTH, Period.Kind.QUARTER])
    if spec:
        try:
            first, _sep, last = spec.partition("..")
            start = date.fromisoformat(first + "-01")
            end = span_of("month", date.fromisoformat((last or first) + "-01"))[1]
        except ValueError:
            start = end = None
        if start and end:
            chosen = list(Period.objects.filter(plan=plan, start__gte=start, start__lte=end))
            return sorted(chosen, key=lambda p: (p.start.year, (p.start.month - 1) // 3, p.kind != "month",
                                                 p.kind == "year", p.start))
    q_start, q_end = span_of("quarter", today)
    chosen = list(periods.filter(start__gte=q_start, start__lte=q_end))
    if not chosen:
        latest = periods.filter(kind=Period.Kind.QUARTER, start__lte=today).order_by("-start").first() \
            or periods.order_by("start").first()
        if latest is None:
            return []
        q_start, q_end = span_of("quarter", latest.start)
        chosen = list(periods.filter(start__gte=q_start, start__lte=q_end))
    return sorted(chosen, key=lambda p: (p.kind != "month", p.start))


@dataclass
class UnitOverdue:
    unit: Unit
    overdue: int
    returned: int
    urged_at: object = None


def unit_overdue_summary(plan, today: date) -> list[UnitOverdue]:
    """Per unit: assignments with no submitted report for an open period past its due date,
    and reports waiting to be corrected after a 退回; with today's 催办 time if any. 4 queries."""
    periods = list(Period.objects.filter(plan=plan, state=Period.State.OPEN, due_on__lt=today).only("pk"))
    assignments = list(Assignment.objects.filter(task__plan=plan, is_active=True).select_related("unit"))
    states = dict(((r[0], r[1]), r[2]) for r in ProgressReport.objects.filter(
        assignment__task__plan=plan).values_list("assignment_id", "period_id", "state"))
    returned_by_assignment = Counter(aid for (aid, _pid), s in states.items() if s == State.RETURNED)
    summary: dict[int, UnitOverdue] = {}
    for a in assignments:
        overdue = sum(1 for p in periods if states.get((a.pk, p.pk)) in (None, State.DRAFT))
        returned = returned_by_assignment[a.pk]
        if overdue or returned:
            row = summary.setdefault(a.unit_id, UnitOverdue(a.unit, 0, 0))
            row.overdue += overdue
            row.returned += returned
    urged = dict(ReminderSent.objects.filter(key=f"urge:{plan.pk}:{today.isoformat()}", ok=True,
                                             unit_id__in=summary).values_list("unit_id", "sent_at"))
    for unit_id, row in summary.items():
        row.urged_at = urged.get(unit_id)
    return sorted(summary.values(), key=lambda r: (-r.overdue, -r.returned, r.unit.sort_order, r.unit.pk))


def latest_reports(plan, periods) -> dict[tuple[int, int], ProgressReport]:
    """(task id, period id) → the report the cell's tooltip describes: the 牵头单位's
    consolidated one if any, else the latest written. One query."""
    chosen: dict[tuple[int, int], ProgressReport] = {}
    reports = (ProgressReport.objects.filter(assignment__task__plan=plan, period__in=periods)
               .select_related("assignment").only("assignment__task_id", "period_id", "state", "is_consolidated",
                                                  "submitted_at", "updated_at", "is_late")
               .order_by("is_consolidated", "updated_at"))
    for r in reports:
        chosen[(r.assignment.task_id, r.period_id)] = r  # consolidated and newest come last
    return chosen


def cell_view(task, period, status, report) -> dict:
    parts = [status.reason] if status.reason else []
    if report is not None:
        parts.append(report.get_state_display())
        when = report.submitted_at or report.updated_at
        parts.append(_("最近报告 %(d)s") % {"d": timezone.localtime(when).strftime("%Y-%m-%d")})
        if report.is_late:
            parts.append(_("逾期报送"))
    else:
        parts.append(_("未填报"))
    if status.was_overdue and status.colour in ("blue", "green"):
        parts.append(_("曾逾期，已整改"))
    elif status.was_overdue:
        parts.append(_("逾期"))
    return {"period": period, "status": status, "report": report, "tooltip": "；".join(parts)}


def _top_heading(heading_id, headings):
    heading = headings.get(heading_id)
    while heading is not None and heading.parent_id and heading.parent_id in headings:
        heading = headings[heading.parent_id]
    return heading


def _choice(queryset, value):
    return queryset.filter(pk=value).first() if value and str(value).isdigit() else None


@login_required
def board(request):
    require_office(request.user)
    today = timezone.localdate()
    plans = list(plans_visible_to(request.user).order_by("jurisdiction__name", "-imported_at"))
    plan_id = request.GET.get("plan")
    plan = next((p for p in plans if str(p.pk) == plan_id), plans[0] if plans else None)
    if plan is None:
        return render(request, "tracking/board.html", {"plans": plans, "plan": None})
    units = Unit.objects.filter(assignments__task__plan=plan, assignments__is_active=True).distinct() \
        .order_by("sort_order", "id")
    leaders = Leader.objects.filter(jurisdiction=plan.jurisdiction).order_by("id")
    headings = {h.pk: h for h in Heading.objects.filter(plan=plan)}
    sections = [h for h in headings.values() if h.parent_id is None]
    unit = _choice(units, request.GET.get("unit"))
    leader = _choice(leaders, request.GET.get("leader"))
    section = headings.get(int(request.GET["section"])) if request.GET.get("section", "").isdigit() else None
    periods = board_periods(plan, request.GET.get("periods"), today)
    calendar = current_calendar()
    rows = board_rows(plan, periods=periods, today=today, unit=unit, leader=leader, heading=section,
                      calendar=calendar)
    latest = latest_reports(plan, periods)
    grouped: list[dict] = []
    for row in rows:
        row.cells_view = [cell_view(row.task, p, status, latest.get((row.task.pk, p.pk)))
                          for p, status in zip(periods, row.cells, strict=True)]
        top = _top_heading(row.task.heading_id, headings)
        if not grouped or grouped[-1]["section"] is not top:
            grouped.append({"section": top, "rows": []})
        grouped[-1]["rows"].append(row)
    context = {
        "plans": plans, "plan": plan, "periods": periods, "groups": grouped, "row_count": len(rows),
        "units": list(units), "leaders": list(leaders), "sections": sections,
        "unit": unit, "leader": leader, "section": section, "periods_spec": request.GET.get("periods", ""),
        "goals": goals_status(plan, today=today, rules=rules_for(plan, calendar=calendar)),
        "goal_form": GoalAssessForm(), "overdue_units": unit_overdue_summary(plan, today), "today": today,
    }
    template = "tracking/_board_table.html" if is_htmx(request) and request.headers.get("HX-Target") == "board" \
        else "tracking/board.html"
    return render(request, template, context)


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
        failed = [d for d in digests if not d.ok]
        if failed:
            error = _("向%(unit)s催办时部分渠道发送失败：%(err)s") % {"unit": unit.name, "err": failed[0].error}
    if is_htmx(request):
        today = timezone.localdate()
        row = next((r for r in unit_overdue_summary(plan, today) if r.unit.pk == unit.pk),
                   UnitOverdue(unit, 0, 0))
        row.urged_at = ReminderSent.objects.filter(unit=unit, key=f"urge:{plan.pk}:{today.isoformat()}",
                                                   ok=True).values_list("sent_at", flat=True).first()
        return render(request, "tracking/_urge_row.html", {"row": row, "plan": plan, "urge_error": error})
    if error:
        messages.error(request, error)
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


@login_required
def review_queue(request):
    require_office(request.user)
    reports = list(
        ProgressReport.objects.filter(assignment__in=assignments_visible_to(request.user), state=State.SUBMITTED)
        .select_related("assignment__task__plan", "assignment__unit", "period", "submitted_by")
        .order_by("submitted_at", "id")
    )
    return render(request, "tracking/review_queue.html", {"reports": reports})


def report_detail_context(request, report, *, return_form=None, message=""):
    actor = actor_for(request.user)
    links = list(ReportEvidence.objects.filter(report=report).select_related("evidence"))
    transitions = label_transitions(ReportTransition.objects.filter(report=report).select_related("by"))
    co_reports = []
    if report.is_consolidated:
        co_reports = list(ProgressReport.objects.filter(
            assignment__task_id=report.assignment.task_id, period=report.period, assignment__role=Assignment.Role.CO,
        ).select_related("assignment__unit").prefetch_related(
            Prefetch("evidence_links", queryset=ReportEvidence.objects.select_related("evidence"))))
    review_refusal = workflow.reason_cannot("accept", actor, report) if actor.is_office else None
    return {
        "report": report, "links": links, "transitions": transitions, "co_reports": co_reports,
        "may_review": actor.is_office and review_refusal is None,
        "review_refusal": review_refusal if report.state == State.SUBMITTED else None,
        "return_form": return_form or ReturnForm(), "message": message,
    }


@login_required
def report_review(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "tracking/report_review.html", report_detail_context(request, report))


@login_required
@require_POST
def report_accept(request, pk):
    report = get_report_for_user(request.user, pk)
    require_office(request.user, jurisdiction=report.assignment.task.plan.jurisdiction)
    try:
        progress_report_accept(report=report, by=request.user)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
        return redirect("tracking:report_review", pk=report.pk)
    except ReportConflict:  # somebody reviewed it meanwhile
        messages.error(request, _("该报告刚被他人处理过，请查看最新状态"))
        return redirect("tracking:report_review", pk=report.pk)
    messages.success(request, _("已通过%(unit)s的报告") % {"unit": report.assignment.unit.name})
    return redirect("tracking:review_queue")


@login_required
@require_POST
def report_return(request, pk):
    report = get_report_for_user(request.user, pk)
    require_office(request.user, jurisdiction=report.assignment.task.plan.jurisdiction)
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
    return redirect("tracking:review_queue")


# ---------------------------------------------------------------- periods


PERIOD_ACTIONS = {
    "close": (period_close, _("已关闭%(period)s，各单位不能再填报")),
    "lock": (period_lock, _("已锁定%(period)s，报告已存档，不能再修改或审核")),
    "open": (period_open, _("已重新开放%(period)s，各单位可以继续填报")),
}


class TrackingStartForm(forms.Form):
    tracking_start = forms.DateField(
        label=_("开始调度日期"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写开始调度日期"),
                        "invalid": _("开始调度日期应为如“2025-01-01”的日期，请重新填写")},
    )


def _awaiting_year(span) -> int:
    """The year whose holidays a waiting period needs: December's, Q4's and the year's
    reports are due in the next January."""
    return span.end.year + 1 if span.end.month == 12 else span.end.year


@login_required
def periods(request, plan_pk, form=None, status=200):
    require_office(request.user)
    plan = get_plan_for_user(request.user, plan_pk)
    today = timezone.localdate()
    rows = list(
        Period.objects.filter(plan=plan).annotate(
            submitted=Count("reports", filter=Q(reports__state__in=[State.SUBMITTED, State.ACCEPTED])),
            accepted=Count("reports", filter=Q(reports__state=State.ACCEPTED)),
        ).order_by("-start", "kind")
    )
    waiting = periods_awaiting_calendar(plan=plan, through=today)
    cadence = cadence_for(plan)
    context = {
        "plan": plan, "periods": rows, "today": today, "waiting": waiting,
        "waiting_years": sorted({_awaiting_year(s) for s in waiting}),
        "form": form or TrackingStartForm(initial={"tracking_start": cadence.tracking_start}),
        "tracking_start": cadence.tracking_start,
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
