"""The unit clerk's screens: 我的填报 (one compact row per assignment and open period; one
card opened at a time), the card page, autosave, submit, 沿用上期 / 复制上期 and 指标实际值.
The card's 佐证材料 are ``fazhi.tracking.views.evidence``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.accounts.access import actor_for
from fazhi.files.models import EvidenceFile
from fazhi.lib.textnorm import parse_pk
from fazhi.orgs.models import Unit
from fazhi.plans.models import Deadline, Plan, Target
from fazhi.tracking import workflow
from fazhi.tracking.access import get_assignment_for_user, get_report_for_user
from fazhi.tracking.board import cadence_for, facts_for_plan, judge_assignment_period, rules_for
from fazhi.tracking.forms import ReportForm
from fazhi.tracking.home import (
    SHOW_CHOICES,
    HomeFilters,
    cards_shown,
    home_counts,
    kept_query,
    nearest_due,
    period_choices,
    period_title,
)
from fazhi.tracking.judgement import Rules, is_due_soon
from fazhi.tracking.models import Assignment, Measurement, Period, ProgressReport, ReportEvidence
from fazhi.tracking.periods import month_replaced_by_quarter
from fazhi.tracking.services import (
    ReportConflict,
    measurement_record,
    measurements_latest,
    progress_report_carry_over,
    progress_report_copy_last,
    progress_report_save_draft,
    progress_report_submit,
)
from fazhi.tracking.services.reports import CONTENT_FIELDS, clean_report_data, report_last_before
from fazhi.tracking.views.common import is_htmx
from fazhi.workcal.calendar import current_calendar

State = ProgressReport.State
CITE_CHOICES_LIMIT = 50
ROWS_PER_PAGE = 30


@dataclass
class Card:
    """One assignment in one open period, as the clerk's home shows it."""

    assignment: Assignment
    period: Period
    report: ProgressReport | None
    form: ReportForm | None  # built only for the cards on the page shown (``card_forms_fill``)
    editable: bool
    colour: object = None  # the 进展灯 (judgement.Status)
    due: str = ""
    filing: object = None  # the 报送状态 (judgement.Filing)
    co_reports: list = field(default_factory=list)
    cite_choices: list = field(default_factory=list)
    message: str = ""
    conflict: ProgressReport | None = None
    autosave: bool = True
    home_query: str = ""  # the home's filters and page, kept by every form and link of the card
    deadlines: list = field(default_factory=list)  # the task's 完成时限
    targets: list = field(default_factory=list)  # its 量化指标, each with ``.latest`` (a Measurement or None)
    has_last: bool = False  # an earlier report exists to carry over or copy
    measure_message: str = ""
    measure_error: bool = False

    @property
    def prefix(self) -> str:
        return card_prefix(self.assignment, self.period)

    @property
    def order(self) -> tuple:
        state = self.report.state if self.report else None
        group = 0 if state == State.RETURNED else 1 if state in (None, State.DRAFT) else 2
        return group, self.period.due_on, self.assignment.task.plan_id, self.assignment.task.seq

    @property
    def plan_name(self) -> str:
        return self.assignment.task.plan.display_short_name

    @property
    def period_title(self) -> str:
        return period_title(self.period)

    @property
    def as_of_default(self):
        """The 截至 date a value form proposes: the period's last day, or today while it runs."""
        return min(self.period.end, timezone.localdate())

    @property
    def query_suffix(self) -> str:
        return f"?{self.home_query}" if self.home_query else ""

    @property
    def links(self) -> list:
        return list(self.report.evidence_links.all()) if self.report else []


@dataclass
class TargetLine:
    """One 量化指标 on a card: the latest actual value recorded on the report, and what the
    user typed with the error if recording it failed."""

    target: Target
    latest: object = None  # Measurement
    earlier: object = None  # the unit's last Measurement with another period's report
    typed: dict = field(default_factory=dict)
    error: str = ""


def card_prefix(assignment, period) -> str:
    return f"a{assignment.pk}p{period.pk}"


def unit_evidence_files(unit_id: int | None) -> list[EvidenceFile]:
    """The unit's latest 佐证材料, loaded once per page for every card's 引用 picker (报过不再报)."""
    if unit_id is None:
        return []
    return list(
        EvidenceFile.objects.filter(Q(uploaded_by__profile__unit_id=unit_id)
                                    | Q(report_links__report__assignment__unit_id=unit_id),
                                    jurisdiction__units=unit_id)
        .distinct().order_by("-uploaded_at")[:CITE_CHOICES_LIMIT * 3]
    )


def cite_choices(unit_files: list[EvidenceFile], report: ProgressReport | None) -> list[EvidenceFile]:
    """The unit's files this report does not cite yet; ``report.evidence_links`` is prefetched."""
    if report is None:
        return []
    cited = {link.evidence_id for link in report.evidence_links.all()}
    return [f for f in unit_files if f.pk not in cited][:CITE_CHOICES_LIMIT]


def due_flag(due_on, today, rules: Rules, *, done: bool) -> str:
    """"overdue" (逾期), "due_soon" (临期, the plan's threshold) or "" for a report not yet submitted."""
    if done:
        return ""
    if today > due_on:
        return "overdue"
    return "due_soon" if is_due_soon(due_on, today, rules) else ""


def _reports_query():
    return ProgressReport.objects.select_related("updated_by").prefetch_related(
        Prefetch("evidence_links", queryset=ReportEvidence.objects.select_related("evidence")))


def home_cards(user, unit_id: int, today) -> list[Card]:
    """The unit's active assignments in open periods that are due now or still owed, in the order
    the home shows them. Only what ordering, filters and the counts need is read here;
    ``rows_judge`` adds the lights of the rows about to be shown, ``_single_card`` the rest of an
    opened card. A month the quarter's 盘点 serves is left out unless a report was begun on it."""
    actor = actor_for(user)
    assignments = list(Assignment.objects.filter(unit_id=unit_id, is_active=True).select_related("task"))
    # One instance of the unit and of each plan for all the cards, not one per row (a large plan
    # has thousands of rows; their copies were most of this page's time and memory).
    unit = Unit.objects.get(pk=unit_id)
    plans = {p.pk: p for p in Plan.objects.filter(pk__in={a.task.plan_id for a in assignments})
             .select_related("jurisdiction", "cadence")}
    for a in assignments:
        a.unit = unit
        a.task.plan = plans[a.task.plan_id]
    plan_ids = set(plans)
    periods = list(Period.objects.filter(plan_id__in=plan_ids, state=Period.State.OPEN, start__lte=today)
                   .select_related("plan"))
    reports = {(r.assignment_id, r.period_id): r for r in
               ProgressReport.objects.filter(assignment__in=assignments, period__in=periods)
               .select_related("updated_by")}
    calendar = current_calendar()
    rules = {pid: rules_for(plan, calendar=calendar) for pid, plan in plans.items()}
    due_of = {(p.pk, done): due_flag(p.due_on, today, rules[p.plan_id], done=done)
              for p in periods for done in (False, True)}
    replaced = {p.pk for p in periods if month_replaced_by_quarter(p.kind, p.start, cadence_for(plans[p.plan_id]))}
    cards = []
    for a in assignments:
        for p in periods:
            if p.plan_id != a.task.plan_id:
                continue
            report = reports.get((a.pk, p.pk))
            if report is None and p.pk in replaced:
                continue  # the quarter's 盘点 serves this month; a report begun on it still shows
            owed = report is None or report.state in (State.DRAFT, State.RETURNED)
            if not owed and p.due_on < today:
                continue  # submitted for a past period: nothing to do any more
            cards.append(Card(assignment=a, period=p, report=report, form=None,
                              editable=workflow.may_edit(actor, a, p, report), due=due_of[(p.pk, not owed)]))
    return sorted(cards, key=lambda c: c.order)


def rows_judge(cards: list[Card], today) -> None:
    """The 进展灯 and 报送状态 of the rows of one page, each judged on its assignment's own
    reports: one query for the deadlines, one per plan for the report facts."""
    if not cards:
        return
    assignment_ids = {c.assignment.pk for c in cards}
    deadlines = defaultdict(list)
    for deadline in Deadline.objects.filter(task__assignments__in=assignment_ids).distinct().order_by("position"):
        deadlines[deadline.task_id].append(deadline)
    facts_of: dict[int, list] = defaultdict(list)
    for plan in {c.assignment.task.plan_id: c.assignment.task.plan for c in cards}.values():
        for fact in facts_for_plan(plan, assignment_ids=assignment_ids):
            facts_of[fact.assignment_id].append(fact)
    calendar = current_calendar()
    rules = {}
    for card in cards:
        a = card.assignment
        if a.task.plan_id not in rules:
            rules[a.task.plan_id] = rules_for(a.task.plan, calendar=calendar)
        card.colour, card.filing = judge_assignment_period(
            a, card.period, card.report, facts=facts_of[a.pk], today=today, rules=rules[a.task.plan_id],
            deadlines=deadlines[a.task_id])


def _home_unit(request):
    """The clerk's unit; the office picks one with ``?unit=`` to see (and help with) its cards."""
    actor = actor_for(request.user)
    if actor.is_clerk:
        return actor, actor.unit_id, []
    if actor.is_office:
        units = list(Unit.objects.filter(assignments__is_active=True,
                                         assignments__task__plan__jurisdiction_id=actor.jurisdiction_id)
                     .distinct().order_by("sort_order", "id")) if not actor.is_admin else \
            list(Unit.objects.filter(assignments__is_active=True).distinct().order_by("sort_order", "id"))
        unit_id = request.GET.get("unit")
        chosen = next((u.pk for u in units if str(u.pk) == unit_id), None)
        return actor, chosen, units
    raise PermissionDenied(_("“我的填报”供各单位填报员使用"))


@login_required
def my_home(request):
    """我的填报: compact rows (the nearest due period, plus whatever is returned or overdue, by
    default), filters and paging; a row opens its card in place (htmx) or on its own page."""
    actor, unit_id, units = _home_unit(request)
    today = timezone.localdate()
    cards = home_cards(request.user, unit_id, today) if unit_id else []
    filters = HomeFilters.from_query(request.GET)
    shown = cards_shown(cards, filters, today)
    page = Paginator(shown, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    rows_judge(rows, today)
    query = kept_query(request.GET)
    for row in rows:
        row.home_query = query
    plans = list({c.assignment.task.plan_id: c.assignment.task.plan for c in cards}.values())
    unit_query = kept_query(QueryDict(f"unit={unit_id}")) if units and unit_id else ""
    return render(request, "tracking/my_home.html", {
        "rows": rows, "page": page, "counts": home_counts(cards), "units": units, "unit_id": unit_id,
        "filters": filters, "show_choices": SHOW_CHOICES, "plans": plans,
        "periods": period_choices(cards, with_plan=len(plans) > 1), "page_query": kept_query(request.GET, page=False),
        "unit_query": unit_query, "nearest": nearest_due(cards, today), "total": len(cards), "today": today,
    })


def _targets(assignment, period, report, *, typed=None, errors=None) -> list[TargetLine]:
    latest = measurements_latest([report.pk]) if report is not None else {}
    typed, errors = typed or {}, errors or {}
    targets = list(Target.objects.filter(task_id=assignment.task_id).order_by("position", "id"))
    earlier = {}
    if targets:
        # The unit's last value reported with another period's report, as of this period's end at
        # the latest (a quarter's card sees its months' values), shown beside the field: after 沿用上期
        # or in a new period the clerk sees what was reported before instead of an empty field.
        for m in (Measurement.objects.filter(report__assignment=assignment, target__in=targets,
                                             as_of__lte=period.end).exclude(report__period=period)
                  .order_by("as_of", "id")):
            earlier[m.target_id] = m
    return [TargetLine(target=t, latest=latest.get((report.pk, t.pk)) if report is not None else None,
                       earlier=earlier.get(t.pk), typed=typed.get(t.pk, {}), error=errors.get(t.pk, ""))
            for t in targets]


def _single_card(request, assignment, period, *, form=None, report=None, message="", conflict=None,
                 autosave=True, typed=None, measure_errors=None, measure_message="", measure_error=False) -> Card:
    today = timezone.localdate()
    actor = actor_for(request.user)
    if report is None:
        report = _reports_query().filter(assignment=assignment, period=period).first()
    co = []
    if assignment.is_lead:
        # Submitted ones only, as on 配合单位报告: a draft is the 配合单位's own until it submits.
        co = list(ProgressReport.objects.filter(assignment__task_id=assignment.task_id, period=period,
                                                assignment__role=Assignment.Role.CO)
                  .exclude(state=State.DRAFT).select_related("assignment__unit"))
    facts = facts_for_plan(assignment.task.plan, task=assignment.task)
    rules = rules_for(assignment.task.plan, calendar=current_calendar())
    deadlines = list(Deadline.objects.filter(task_id=assignment.task_id).order_by("position", "id"))
    colour, filing = judge_assignment_period(assignment, period, report, facts=facts, today=today, rules=rules,
                                             deadlines=deadlines)
    editable = workflow.may_edit(actor, assignment, period, report)
    owed = report is None or report.state in (State.DRAFT, State.RETURNED)
    return Card(
        assignment=assignment, period=period, report=report,
        form=form or ReportForm.for_report(report, prefix=card_prefix(assignment, period)),
        editable=editable, colour=colour, filing=filing, due=due_flag(period.due_on, today, rules, done=not owed), co_reports=co,
        cite_choices=cite_choices(unit_evidence_files(assignment.unit_id), report) if editable else [],
        message=message, conflict=conflict, autosave=autosave, home_query=kept_query(request.GET),
        deadlines=deadlines, targets=_targets(assignment, period, report, typed=typed, errors=measure_errors),
        has_last=editable and report_last_before(assignment, period) is not None,
        measure_message=measure_message, measure_error=measure_error,
    )


def _row_card(request, assignment, period, *, message: str = "") -> Card:
    """The row of one card after a write, judged like the home's rows."""
    today = timezone.localdate()
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    rules = rules_for(assignment.task.plan, calendar=current_calendar())
    owed = report is None or report.state in (State.DRAFT, State.RETURNED)
    card = Card(assignment=assignment, period=period, report=report, form=None, editable=False,
                due=due_flag(period.due_on, today, rules, done=not owed), message=message,
                home_query=kept_query(request.GET))
    rows_judge([card], today)
    return card


def _card_response(request, card: Card, *, status: int = 200):
    """The card alone for htmx (swapped in place of the old one), else a page holding it."""
    if is_htmx(request):
        response = render(request, "tracking/_card.html", {"card": card})
        response["HX-Retarget"] = f"#card-{card.prefix}"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "tracking/report_edit.html", {"card": card, "back": _home_url(request, card)},
                  status=status)


def _home_url(request, card_or_assignment, period=None) -> str:
    """我的填报 with the filters and page the request came from, at the card's row."""
    prefix = card_or_assignment.prefix if period is None else card_prefix(card_or_assignment, period)
    query = kept_query(request.GET)
    return reverse("tracking:my_home") + (f"?{query}" if query else "") + f"#item-{prefix}"


def _edit_url(request, assignment, period, anchor: str = "") -> str:
    query = kept_query(request.GET)
    return (reverse("tracking:report_edit", args=[assignment.pk, period.pk]) + (f"?{query}" if query else "")
            + (f"#{anchor}" if anchor else ""))


@login_required
def report_edit(request, assignment_pk, period_pk):
    """One card: in place of its row for htmx, else on a page of its own (without JavaScript)."""
    actor = actor_for(request.user)
    if not (actor.is_clerk or actor.is_office):
        raise PermissionDenied(_("“我的填报”供各单位填报员使用"))
    assignment = get_assignment_for_user(request.user, assignment_pk)
    period = get_object_or_404(Period, pk=period_pk, plan_id=assignment.task.plan_id)
    card = _single_card(request, assignment, period)
    if is_htmx(request):
        return render(request, "tracking/_card.html", {"card": card})
    return render(request, "tracking/report_edit.html", {"card": card, "back": _home_url(request, card)})


def _same_content(report: ProgressReport | None, data: dict) -> bool:
    """True when the row already holds exactly what the user sent (e.g. an autosave that
    raced the 提交 click): then a version mismatch is not a real conflict."""
    if report is None:
        return False
    try:
        cleaned = clean_report_data(data)
    except ValidationError:
        return False
    return all(getattr(report, name) == cleaned.get(name, getattr(report, name)) for name in CONTENT_FIELDS)


def _save(request, assignment, period):
    """Bind the form and save the draft; returns (report, None) or (None, error card)."""
    prefix = card_prefix(assignment, period)
    form = ReportForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return None, _single_card(request, assignment, period, form=form, message=_("请按提示修改后再保存"))
    data = form.report_data()
    try:
        report = progress_report_save_draft(assignment=assignment, period=period, by=request.user, data=data,
                                            expected_version=form.cleaned_data["version"] or None)
    except ReportConflict as conflict:
        current = conflict.current
        if _same_content(current, data):
            return current, None
        # Keep what the user typed; the next save knowingly replaces the other version.
        bound = request.POST.copy()
        bound[f"{prefix}-version"] = str(current.version if current else 0)
        form = ReportForm(bound, prefix=prefix)
        form.is_valid()
        return None, _single_card(request, assignment, period, form=form, message=conflict.message,
                                  conflict=current, autosave=False)
    except ValidationError as error:
        form.add_service_errors(error)
        return None, _single_card(request, assignment, period, form=form, message=_("请按提示修改后再保存"))
    except PermissionDenied as denied:
        return None, _single_card(request, assignment, period, form=form, message=str(denied), autosave=False)
    return report, None


def _assignment_and_period(request, assignment_pk, period_pk):
    assignment = get_assignment_for_user(request.user, assignment_pk, write=True)
    period = get_object_or_404(Period, pk=period_pk, plan_id=assignment.task.plan_id)
    return assignment, period


def _names(assignment, period) -> dict:
    return {"plan": assignment.task.plan.display_short_name, "seq": assignment.task.seq,
            "period": period_title(period)}


@login_required
@require_POST
def report_save(request, assignment_pk, period_pk):
    """Save the draft: htmx autosave answers with the “已自动保存” note and the new version; the
    保存草稿 button (htmx, aimed at the card) with the card and a message; without htmx, back
    to the same place of 我的填报."""
    assignment, period = _assignment_and_period(request, assignment_pk, period_pk)
    created = not ProgressReport.objects.filter(assignment=assignment, period=period).exists()
    report, error_card = _save(request, assignment, period)
    if error_card is not None:
        return _card_response(request, error_card, status=409 if error_card.conflict is not None else 400)
    saved = _("已保存草稿：%(plan)s 任务 %(seq)s · %(period)s") % _names(assignment, period)
    if is_htmx(request) and request.headers.get("HX-Target") == f"card-{card_prefix(assignment, period)}":
        return _card_response(request, _single_card(request, assignment, period, message=saved))
    if is_htmx(request):
        card = _single_card(request, assignment, period) if created else None
        return render(request, "tracking/_autosaved.html", {
            "report": report, "prefix": card_prefix(assignment, period), "card": card,
            "saved_at": timezone.localtime(report.updated_at),
        })
    messages.success(request, saved)
    return redirect(_home_url(request, assignment, period))


@login_required
@require_POST
def report_submit(request, assignment_pk, period_pk):
    """报送: the form's content is saved first so nothing typed since the last autosave is lost.
    htmx: the card closes back into its row, which says so; without htmx, back to the same
    filters, page and row of 我的填报."""
    assignment, period = _assignment_and_period(request, assignment_pk, period_pk)
    report, error_card = _save(request, assignment, period)
    if error_card is not None:
        return _card_response(request, error_card, status=409 if error_card.conflict is not None else 400)
    try:
        report = progress_report_submit(report=report, by=request.user, expected_version=report.version)
    except ValidationError as error:
        form = ReportForm(request.POST, prefix=card_prefix(assignment, period))
        form.is_valid()
        form.add_service_errors(error)
        bound = _single_card(request, assignment, period, form=form,
                             message=_("草稿已保存，但还不能报送：请按提示补充后再报送"))
        return _card_response(request, bound, status=400)
    except (PermissionDenied, ReportConflict) as error:
        text = getattr(error, "message", str(error))
        if is_htmx(request):
            return _card_response(request, _single_card(request, assignment, period, message=text), status=409)
        messages.error(request, text)
        return redirect(_home_url(request, assignment, period))
    names = _names(assignment, period)
    if assignment.is_lead or workflow.co_reports_to_office(assignment.task.plan):
        if report.is_late:
            text = _("已报送（逾期报送）：%(plan)s 任务 %(seq)s · %(period)s，请等待依法治县办审核") % names
        else:
            text = _("已报送：%(plan)s 任务 %(seq)s · %(period)s，请等待依法治县办审核") % names
    elif report.is_late:  # a 配合单位's report: its 牵头单位 reviews it
        text = _("已报送（逾期报送）：%(plan)s 任务 %(seq)s · %(period)s，请等待牵头单位审核") % names
    else:
        text = _("已报送：%(plan)s 任务 %(seq)s · %(period)s，请等待牵头单位审核") % names
    if is_htmx(request):
        context = {"card": _row_card(request, assignment, period, message=text)}
        if urlsplit(request.headers.get("HX-Current-URL", "")).path == reverse("tracking:my_home"):
            # The figures at the top of 我的填报 follow (out of band; the card's own page has none).
            cards = home_cards(request.user, assignment.unit_id, timezone.localdate())
            context.update(summary_oob=True, counts=home_counts(cards), total=len(cards),
                           unit_query=kept_query(QueryDict(f"unit={assignment.unit_id}"))
                           if request.GET.get("unit") else "")
        response = render(request, "tracking/_row.html", context)
        response["HX-Retarget"] = f"#item-{card_prefix(assignment, period)}"
        response["HX-Reswap"] = "outerHTML"
        return response
    (messages.warning if report.is_late else messages.success)(request, text)
    return redirect(_home_url(request, assignment, period))


def _from_last(request, assignment_pk, period_pk, write, done_text: str):
    assignment, period = _assignment_and_period(request, assignment_pk, period_pk)
    try:
        write(assignment=assignment, period=period, by=request.user)
    except (ValidationError, PermissionDenied, ReportConflict) as error:
        text = error.messages[0] if isinstance(error, ValidationError) else getattr(error, "message", str(error))
        if is_htmx(request):
            return _card_response(request, _single_card(request, assignment, period, message=text), status=400)
        messages.error(request, text)
        return redirect(_edit_url(request, assignment, period))
    text = done_text % _names(assignment, period)
    if is_htmx(request):
        return _card_response(request, _single_card(request, assignment, period, message=text))
    messages.success(request, text)
    return redirect(_edit_url(request, assignment, period))


@login_required
@require_POST
def report_carry_over(request, assignment_pk, period_pk):
    """本期无新进展（沿用上期）: the draft takes the last report's content, marked as carried over."""
    return _from_last(request, assignment_pk, period_pk, progress_report_carry_over,
                      _("已沿用上期内容（标明“本期无新进展”）：%(plan)s 任务 %(seq)s · %(period)s，请核对后提交"))


@login_required
@require_POST
def report_copy_last(request, assignment_pk, period_pk):
    """复制上期: the draft takes the last report's content to be edited."""
    return _from_last(request, assignment_pk, period_pk, progress_report_copy_last,
                      _("已复制上期内容：%(plan)s 任务 %(seq)s · %(period)s，请修改后提交"))


@login_required
@require_POST
def measurement_add(request, report_pk, target_pk):
    """Record the actual value of one 量化指标 on a report the user may edit."""
    report = get_report_for_user(request.user, report_pk, write=True)
    target = get_object_or_404(Target, pk=target_pk, task_id=report.assignment.task_id)
    typed = {k: (request.POST.get(k) or "").strip()[:40] for k in ("value", "unit", "as_of", "evidence")}
    evidence_pk = parse_pk(typed["evidence"])
    evidence = (EvidenceFile.objects.filter(pk=evidence_pk, report_links__report=report).first()
                if evidence_pk else None)
    errors, message, failed = {}, "", False
    try:
        if evidence_pk and evidence is None:
            raise ValidationError({"evidence": _("请从本报告已上传或引用的佐证材料中选择")})
        measurement = measurement_record(report=report, target=target, value=typed["value"], unit=typed["unit"],
                                         as_of=typed["as_of"], evidence=evidence, by=request.user)
    except ValidationError as error:
        errors[target.pk] = "；".join(error.messages)
        message, failed = _("“%(subject)s”的实际值未记录：%(why)s") % {
            "subject": target.subject or target.text[:20], "why": errors[target.pk]}, True
    except PermissionDenied as denied:
        message, failed = str(denied), True
    else:
        message = _("已记录“%(subject)s”实际值 %(value)s%(unit)s（截至 %(as_of)s）") % {
            "subject": target.subject or target.text[:20], "value": measurement.value_text,
            "unit": measurement.unit, "as_of": measurement.as_of.isoformat()}
    if is_htmx(request):
        card = _single_card(request, report.assignment, report.period, typed={target.pk: typed} if failed else None,
                            measure_errors=errors, measure_message=message, measure_error=failed)
        response = render(request, "tracking/_measure.html", {"card": card}, status=400 if failed else 200)
        response["X-Fazhi-Fragment"] = "1"  # a refused value is answered in place (tracking.js swaps it)
        return response
    (messages.error if failed else messages.success)(request, message)
    return redirect(_edit_url(request, report.assignment, report.period, anchor=f"measure-{card_prefix(report.assignment, report.period)}"))
