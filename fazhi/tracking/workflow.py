"""The progress-report workflow as a table, with the permission check beside each transition.

    draft ──submit──▶ submitted ──accept──▶ accepted (final)
      ▲                   │
      └─(edit)── returned ◀┘ return (comment required) ── submit ──▶ submitted

Who may do what:

* edit (save draft, attach/cite/detach 佐证材料) and submit: a clerk of the
  assignment's own unit, or the plan's own 依法治县办, while the report is a draft or
  returned and the period is open. A 配合单位 therefore never writes the 牵头单位's
  consolidated report (it belongs to the lead's assignment).
* In a *closed* period units can no longer start or submit new reports, but a report
  the office returned may still be corrected and resubmitted, and the office may
  still accept or return submitted reports. A *locked* period is read-only for everybody.
* accept / return, only while the report is submitted and the period not locked, never for a
  report of the reviewer's own unit nor one whose content the reviewer wrote or changed (any of
  its versions, e.g. through 代填报). Return needs a comment. Who reviews depends on the report:

  - the 牵头单位's consolidated report: the plan's own 依法治县办;
  - a 配合单位's report: a clerk of a unit that leads the task (its active 牵头单位), unless
    the plan's ``ReportingCadence.co_reports_to_office`` is on, then the 依法治县办 instead.
    The 依法治县办 may act on a 配合单位's report in either case: it owns the plan and must
    be able to step in where a 牵头单位 has no clerk or leaves its 配合单位 waiting. What it
    is *asked* to review (its queue's default view, its 待办, the badge) follows the setting:
    ``routed_to_office`` and ``routed_to_lead`` are the two routes as filters.

"The plan's own 依法治县办" is ``Actor.may_act`` (see ``fazhi.accounts.access``): a city office
reads its counties' reports but the county's office reviews them.

Each check returns ``None`` when allowed, else the reason shown to the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from fazhi.core.workflow import Workflow
from fazhi.tracking.models import Assignment, Period, ProgressReport, ReportingCadence, ReportVersion

State = ProgressReport.State
EDITABLE_STATES = (State.DRAFT, State.RETURNED)


def reason_not_author(actor, assignment: Assignment) -> str | None:
    plan = assignment.task.plan
    if actor.is_office and actor.may_act(plan.jurisdiction_id):
        return None
    if actor.is_clerk and actor.unit_id == assignment.unit_id:
        return None
    return _("只有%(unit)s的填报员或依法治县办可以填报此任务") % {"unit": assignment.unit.name}


def _reason_period_closed(period: Period, report: ProgressReport | None) -> str | None:
    if period.state == Period.State.LOCKED:
        return _("%(period)s已锁定，不能再修改") % {"period": period.label}
    if period.state == Period.State.CLOSED and not (report and report.state == State.RETURNED):
        return _("%(period)s已截止填报，如需补报请联系依法治县办") % {"period": period.label}
    return None


def reason_cannot_edit(actor, assignment: Assignment, period: Period, report: ProgressReport | None) -> str | None:
    if not assignment.is_active:
        return _("该分工已不在台账中，不能再填报")
    if (reason := reason_not_author(actor, assignment)) is not None:
        return reason
    if report is not None and report.state not in EDITABLE_STATES:
        return _("该报告%(state)s，不能再修改") % {"state": report.get_state_display()}
    return _reason_period_closed(period, report)


def reason_cannot_submit(actor, report: ProgressReport) -> str | None:
    return reason_cannot_edit(actor, report.assignment, report.period, report)


def co_reports_to_office(plan) -> bool:
    """Whether the plan's 配合单位 reports go to the 依法治县办 for review (else to the 牵头单位)."""
    try:
        return plan.cadence.co_reports_to_office
    except ReportingCadence.DoesNotExist:
        return False


def _lead_of_task(unit_id: int) -> Exists:
    """For a ProgressReport query: ``unit_id`` actively leads the report's task."""
    return Exists(Assignment.objects.filter(task=OuterRef("assignment__task"), unit_id=unit_id,
                                            role=Assignment.Role.LEAD, is_active=True))


def routed_to_office() -> Q:
    """The reports the 依法治县办 is asked to review: consolidated ones, and 配合单位 ones where
    the plan sends those to the office too."""
    return (Q(assignment__role=Assignment.Role.LEAD)
            | Q(assignment__task__plan__cadence__co_reports_to_office=True))


def routed_to_lead(unit_id: int) -> Q:
    """The 配合单位 reports the 牵头单位 ``unit_id`` is asked to review."""
    by_lead = (Q(assignment__task__plan__cadence__isnull=True)
               | Q(assignment__task__plan__cadence__co_reports_to_office=False))
    return Q(assignment__role=Assignment.Role.CO) & Q(_lead_of_task(unit_id)) & by_lead


@dataclass(frozen=True)
class ReviewFacts:
    """The two facts of the review check that need a query, read for a whole page of reports at
    once (``review_facts_attach``), so that a list showing 通过 buttons costs no query per row."""

    user_id: int | None
    wrote_it: bool
    leads_task: bool


def review_facts_attach(actor, reports) -> None:
    """Read ``ReviewFacts`` for ``actor`` and every report in two queries; the check uses them.
    The reports should come with ``assignment__task__plan__jurisdiction``, ``…plan__cadence``
    and ``period`` selected, so that the check itself reads nothing more."""
    reports = list(reports)
    user_id = getattr(actor.user, "pk", None)
    written = set()
    if user_id is not None:
        written = set(ReportVersion.objects.filter(report__in=[r.pk for r in reports], by_id=user_id)
                      .values_list("report_id", flat=True))
    led = set()
    if actor.is_clerk:
        led = set(Assignment.objects.filter(task_id__in={r.assignment.task_id for r in reports},
                                            unit_id=actor.unit_id, role=Assignment.Role.LEAD, is_active=True)
                  .values_list("task_id", flat=True))
    for report in reports:
        report._review_facts = ReviewFacts(user_id, report.pk in written, report.assignment.task_id in led)


def _facts(actor, report) -> ReviewFacts | None:
    facts = getattr(report, "_review_facts", None)
    return facts if facts is not None and facts.user_id == getattr(actor.user, "pk", None) else None


def _wrote_it(actor, report: ProgressReport) -> bool:
    if (facts := _facts(actor, report)) is not None:
        return facts.wrote_it
    reviewer_id = getattr(actor.user, "pk", None)
    return reviewer_id is not None and report.pk is not None and report.versions.filter(by_id=reviewer_id).exists()


def _leads_task(actor, report: ProgressReport) -> bool:
    if not actor.is_clerk:
        return False
    if (facts := _facts(actor, report)) is not None:
        return facts.leads_task
    return Assignment.objects.filter(task_id=report.assignment.task_id, unit_id=actor.unit_id,
                                     role=Assignment.Role.LEAD, is_active=True).exists()


def reviews_such_reports(actor, report: ProgressReport) -> bool:
    """Whether ``actor`` is of those who review reports like this one at all: the plan's own
    依法治县办, or for a 配合单位's report a clerk of its task's 牵头单位. Whether they may review
    this report now is ``reason_cannot_review``; pages show a refusal only to these (a higher
    office reading a county's report is told that the county's office reviews it)."""
    if actor.is_office:
        return True
    return not report.assignment.is_lead and _leads_task(actor, report)


def reason_cannot_review(actor, report: ProgressReport) -> str | None:
    assignment = report.assignment
    plan = assignment.task.plan
    if actor.is_office:
        if not actor.may_act(plan.jurisdiction_id):
            return actor.reason_cannot_act(plan.jurisdiction)
    elif assignment.is_lead:
        return _("牵头单位的汇总报告由依法治县办审核")
    elif not _leads_task(actor, report):
        return _("配合单位的报告由牵头单位或依法治县办审核")
    elif co_reports_to_office(plan):
        return _("本方案的配合单位报告报依法治县办审核，牵头单位无需审核")
    if actor.unit_id is not None and actor.unit_id == assignment.unit_id:
        return _("不能审核本单位的报告，请由依法治县办其他同志审核")
    if _wrote_it(actor, report):
        if actor.is_office:
            return _("您修改过这份报告，请由依法治县办其他同志审核")
        return _("您修改过这份报告，请由本单位其他同志或依法治县办审核")
    if report.period.state == Period.State.LOCKED:
        return _("%(period)s已锁定，不能再审核") % {"period": report.period.label}
    if report.state != State.SUBMITTED:
        return _("该报告%(state)s，只能审核已报送的报告") % {"state": report.get_state_display()}
    return None


# (action, from_state) → (to_state, permission check). The services look transitions up here.
REPORT_WORKFLOW = Workflow({
    ("submit", State.DRAFT): (State.SUBMITTED, reason_cannot_submit),
    ("submit", State.RETURNED): (State.SUBMITTED, reason_cannot_submit),
    ("accept", State.SUBMITTED): (State.ACCEPTED, reason_cannot_review),
    ("return", State.SUBMITTED): (State.RETURNED, reason_cannot_review),
})


def reason_cannot(action: str, actor, report: ProgressReport) -> str | None:
    return REPORT_WORKFLOW.reason_cannot(
        action, report.state, actor, report,
        not_allowed=_("该报告%(state)s，不能执行此操作") % {"state": report.get_state_display()})


def may_edit(actor, assignment, period, report=None) -> bool:
    return reason_cannot_edit(actor, assignment, period, report) is None


def may_submit(actor, report) -> bool:
    return reason_cannot("submit", actor, report) is None


def may_accept(actor, report) -> bool:
    return reason_cannot("accept", actor, report) is None


def may_return(actor, report) -> bool:
    return reason_cannot("return", actor, report) is None
