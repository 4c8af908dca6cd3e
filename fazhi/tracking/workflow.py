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
* accept / return: the plan's own 依法治县办 only, never for a report of the reviewer's
  own unit nor one whose content the reviewer wrote or changed (any of its versions, e.g.
  through 代填报), and only while the report is submitted. Return needs a comment.

"The plan's own 依法治县办" is ``Actor.may_act`` (see ``fazhi.accounts.access``): a city office
reads its counties' reports but the county's office reviews them.

Each check returns ``None`` when allowed, else the reason shown to the user.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from fazhi.core.workflow import Workflow
from fazhi.tracking.models import Assignment, Period, ProgressReport

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


def reason_cannot_review(actor, report: ProgressReport) -> str | None:
    plan = report.assignment.task.plan
    if not actor.is_office:
        return _("只有依法治县办可以审核报告")
    if not actor.may_act(plan.jurisdiction_id):
        return actor.reason_cannot_act(plan.jurisdiction)
    if actor.unit_id is not None and actor.unit_id == report.assignment.unit_id:
        return _("不能审核本单位的报告，请由依法治县办其他同志审核")
    reviewer_id = getattr(actor.user, "pk", None)
    if reviewer_id is not None and report.pk is not None and report.versions.filter(by_id=reviewer_id).exists():
        return _("您修改过这份报告，请由依法治县办其他同志审核")
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
