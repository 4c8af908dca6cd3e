"""Progress reports: save a draft, submit, accept, return.

Concurrency: every write is ``UPDATE … WHERE pk = … AND version = expected``; zero
rows updated means somebody else wrote first, and the caller gets ``ReportConflict``
with the current row, never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.audit.services import event_record
from fazhi.tracking import workflow
from fazhi.tracking.models import Assignment, Period, ProgressReport, ReportTransition, ReportVersion

State = ProgressReport.State
Status = ProgressReport.Status

CONTENT_FIELDS = ["status", "unable_reason", "narrative", "actions_done", "next_steps", "problems", "percent"]


class ReportConflict(Exception):
    """Somebody saved the report since the caller read it. ``current`` is the row as it is now."""

    def __init__(self, current: ProgressReport | None):
        self.current = current
        if current is None or current.updated_by is None:
            message = _("该报告已被他人修改，请刷新后再提交，您的内容已保留在下方")
        else:
            who = current.updated_by.get_full_name() or current.updated_by.get_username()
            at = timezone.localtime(current.updated_at).strftime("%H:%M")
            message = _("该报告已被 %(who)s 于 %(at)s 修改，请刷新后再提交，您的内容已保留在下方") % {
                "who": who, "at": at}
        super().__init__(message)
        self.message = message


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def clean_report_data(data: dict, *, for_submit: bool = False) -> dict:
    """Validate the content fields of a report; raise ``ValidationError`` keyed by field."""
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown report fields {sorted(unknown)}")
    cleaned = {name: data[name] for name in CONTENT_FIELDS if name in data}
    errors: dict[str, str] = {}
    status = cleaned.get("status", Status.IN_PROGRESS)
    if status not in Status.values:
        errors["status"] = _("请选择进展情况")
    if status == Status.UNABLE and not (cleaned.get("unable_reason") or "").strip():
        errors["unable_reason"] = _("选择“无法完成”时请说明原因")
    percent = cleaned.get("percent")
    if percent not in (None, ""):
        try:
            percent = int(percent)
        except (TypeError, ValueError):
            percent = -1
        if not 0 <= percent <= 100:
            errors["percent"] = _("完成进度请填写 0 到 100 之间的整数")
        cleaned["percent"] = percent
    elif "percent" in cleaned:
        cleaned["percent"] = None
    actions = cleaned.get("actions_done")
    if actions is not None:
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            errors["actions_done"] = _("已采取的措施格式有误")
        else:
            cleaned["actions_done"] = [
                {"date": str(a.get("date") or ""), "doc_number": str(a.get("doc_number") or ""),
                 "text": str(a.get("text") or "")}
                for a in actions
                if any(a.get(k) for k in ("date", "doc_number", "text"))
            ]
            for a in cleaned["actions_done"]:
                if a["date"]:
                    try:
                        date.fromisoformat(a["date"])
                    except ValueError:
                        errors["actions_done"] = _("措施日期“%(d)s”无法识别，请写成如 2025-03-31 的格式") % {
                            "d": a["date"]}
    for name in ("unable_reason", "narrative", "next_steps", "problems"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if for_submit and not (cleaned.get("narrative") or "").strip():
        errors["narrative"] = _("请填写工作进展后再报送")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _transition(report: ProgressReport, from_state: str, to_state: str, by, comment: str = "") -> None:
    ReportTransition.objects.create(report=report, from_state=from_state, to_state=to_state, by=by, comment=comment)


def _content(report_or_version) -> dict:
    return {name: getattr(report_or_version, name) for name in CONTENT_FIELDS}


def _version_keep(report: ProgressReport, by, actor) -> dict:
    """Append the report's content as a new version unless it equals the latest one; mark the
    report when the writer is not of the reporting unit (代填报). Returns what the audit event adds."""
    latest = report.versions.order_by("-number", "-id").first()
    if latest is not None and _content(latest) == _content(report):
        return {}
    outsider = actor.unit_id != report.assignment.unit_id
    ReportVersion.objects.create(report=report, number=report.version, by=by, by_outsider=outsider,
                                 **_content(report))
    if not outsider:
        return {}
    if not report.written_by_outsider:
        ProgressReport.objects.filter(pk=report.pk).update(written_by_outsider=True)
        report.written_by_outsider = True
    # The unit reads this in its report's history: its own text stays in the earlier versions.
    return {"written_by_outsider": True,
            "notice": _("依法治县办代为填写/修改了%(unit)s的报告（第 %(n)s 版），原内容可在报告页的版本记录中查看") % {
                "unit": report.assignment.unit.name, "n": report.version}}


def _jurisdiction(report_or_assignment):
    assignment = getattr(report_or_assignment, "assignment", report_or_assignment)
    return assignment.task.plan.jurisdiction


def _reload(pk: int) -> ProgressReport | None:
    return (ProgressReport.objects.select_related("updated_by", "assignment__task__plan", "assignment__unit",
                                                  "period").filter(pk=pk).first())


def progress_report_save_draft(
    *, assignment: Assignment, period: Period, by, data: dict, expected_version: int | None
) -> ProgressReport:
    """Create the report (``expected_version`` None or 0) or update it if it is still at
    ``expected_version``. Raises ``PermissionDenied``, ``ValidationError`` or ``ReportConflict``."""
    actor = actor_for(by)
    if period.plan_id != assignment.task.plan_id:
        raise ValidationError(_("报送周期与任务不属于同一方案"))
    cleaned = clean_report_data(data)
    existing = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    with transaction.atomic():
        # Hold the period row: an office closing or locking it meanwhile waits for this save,
        # or this save sees the new state and refuses.
        period = Period.objects.select_for_update().get(pk=period.pk)
        reason = workflow.reason_cannot_edit(actor, assignment, period, existing)
        if reason:
            raise PermissionDenied(reason)
        if existing is None:
            if expected_version:
                raise ReportConflict(None)
            try:
                with transaction.atomic():
                    report = ProgressReport.objects.create(
                        assignment=assignment, period=period, is_consolidated=assignment.is_lead,
                        updated_by=by, **cleaned)
            except IntegrityError:
                # Somebody created it between our read and our insert.
                raise ReportConflict(_reload(
                    ProgressReport.objects.get(assignment=assignment, period=period).pk)) from None
            _transition(report, "", State.DRAFT, by)
            authorship = _version_keep(report, by, actor)
            event_record(actor=by, action="progress_report.create", target=report,
                         jurisdiction=_jurisdiction(assignment), data={"version": report.version, **authorship})
            return report
        updated = ProgressReport.objects.filter(
            pk=existing.pk, version=expected_version, state__in=workflow.EDITABLE_STATES
        ).update(**cleaned, version=F("version") + 1, updated_by=by, updated_at=timezone.now())
        if not updated:
            raise ReportConflict(_reload(existing.pk))
        report = _reload(existing.pk)
        authorship = _version_keep(report, by, actor)
        event_record(actor=by, action="progress_report.save", target=report, jurisdiction=_jurisdiction(report),
                     data={"version": report.version, **authorship})
    return report


def _move(report: ProgressReport, action: str, by, *, expected_version: int | None, fields: dict,
          comment: str = "") -> ProgressReport:
    """Apply ``action`` from the workflow table with a conditional UPDATE."""
    actor = actor_for(by)
    reason = workflow.reason_cannot(action, actor, report)
    if reason:
        raise PermissionDenied(reason)
    to_state = workflow.REPORT_WORKFLOW.target(action, report.state)
    from_state = report.state
    version = report.version if expected_version is None else expected_version
    with transaction.atomic():
        updated = ProgressReport.objects.filter(pk=report.pk, version=version, state=from_state).update(
            state=to_state, version=F("version") + 1, updated_by=by, updated_at=timezone.now(), **fields)
        if not updated:
            raise ReportConflict(_reload(report.pk))
        fresh = _reload(report.pk)
        _transition(fresh, from_state, to_state, by, comment)
        event_record(actor=by, action=f"progress_report.{action}", target=fresh,
                     jurisdiction=_jurisdiction(fresh), data={"from": from_state, "to": to_state,
                                                              "comment": comment} if comment else
                     {"from": from_state, "to": to_state})
    return fresh


def progress_report_submit(*, report: ProgressReport, by, expected_version: int,
                           now: datetime | None = None) -> ProgressReport:
    """Submit (or resubmit after a return). After the period's due date it is allowed and marked late."""
    clean_report_data({name: getattr(report, name) for name in CONTENT_FIELDS}, for_submit=True)
    now = now or timezone.now()
    is_late = timezone.localdate(now) > report.period.due_on
    with transaction.atomic():
        submitted = _move(report, "submit", by, expected_version=expected_version,
                          fields={"submitted_at": now, "submitted_by": by, "is_late": is_late})
        # Normally nothing to add (saving kept it); content written past the services is kept here.
        _version_keep(submitted, by, actor_for(by))
    return submitted


def progress_report_accept(*, report: ProgressReport, by, comment: str = "",
                           now: datetime | None = None) -> ProgressReport:
    """Accept the report; an optional comment (e.g. “请下月补充文号”) goes with it."""
    comment = (comment or "").strip()
    return _move(report, "accept", by, expected_version=None, comment=comment,
                 fields={"reviewed_at": now or timezone.now(), "reviewed_by": by, "review_comment": comment})


@dataclass
class BatchOutcome:
    """What ``progress_reports_accept_batch`` did: the reports accepted, and each one skipped with why."""

    accepted: list[ProgressReport] = field(default_factory=list)
    skipped: list[tuple[ProgressReport, str]] = field(default_factory=list)


def progress_reports_accept_batch(*, reports, by, comment: str = "", now: datetime | None = None) -> BatchOutcome:
    """通过 many reports at once, each through ``progress_report_accept`` with its own audit event.

    Each report is accepted in its own transaction: one that may not be accepted (not the
    reviewer's to review, already handled by somebody else meanwhile, a locked period) is
    skipped with its reason and the others still go through. Nothing is half-applied: a report
    is either accepted with its transition and event, or left as it was and listed in ``skipped``.
    """
    outcome = BatchOutcome()
    now = now or timezone.now()
    for report in reports:
        try:
            outcome.accepted.append(progress_report_accept(report=report, by=by, comment=comment, now=now))
        except PermissionDenied as denied:
            outcome.skipped.append((report, str(denied)))
        except ReportConflict:
            outcome.skipped.append((report, _("该报告刚被他人处理过")))
    return outcome


def progress_report_return(*, report: ProgressReport, by, comment: str,
                           now: datetime | None = None) -> ProgressReport:
    """Send the report back for correction; the comment tells the unit what to fix."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("退回时请写明需要修改的内容")})
    return _move(report, "return", by, expected_version=None, comment=comment,
                 fields={"reviewed_at": now or timezone.now(), "reviewed_by": by, "review_comment": comment})


# ---------------------------------------------------------------- 沿用上期 / 复制上期


def report_last_before(assignment: Assignment, period: Period) -> ProgressReport | None:
    """The unit's latest report on ``assignment`` for a period that started before ``period``:
    a filed one (报送/通过/退回) if any, else the latest draft."""
    earlier = (ProgressReport.objects.filter(assignment=assignment, period__start__lt=period.start)
               .select_related("period").order_by("-period__start", "-period__end", "-id"))
    return earlier.exclude(state=State.DRAFT).first() or earlier.first()


def carried_over_mark(source: ProgressReport) -> str:
    """The line a carried-over report's 工作进展 starts with, in the installation's language
    (it is stored content that reviewers read)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("【本期无新进展，沿用%(period)s报告】") % {"period": source.period.label}


def _from_last(*, assignment: Assignment, period: Period, by, action: str, carry_over: bool) -> ProgressReport:
    source = report_last_before(assignment, period)
    if source is None:
        raise ValidationError(_("该任务在本期之前还没有报告，无可沿用的内容，请直接填写"))
    data = _content(source)
    if carry_over:
        mark = carried_over_mark(source)
        narrative = data["narrative"]
        data["narrative"] = narrative if narrative.startswith(mark) else f"{mark}\n{narrative}".strip()
    current = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    with transaction.atomic():
        report = progress_report_save_draft(assignment=assignment, period=period, by=by, data=data,
                                            expected_version=current.version if current else None)
        event_record(actor=by, action=action, target=report, jurisdiction=_jurisdiction(report),
                     data={"source_report": source.pk, "source_period": source.period_id})
    return report


def progress_report_carry_over(*, assignment: Assignment, period: Period, by) -> ProgressReport:
    """本期无新进展（沿用上期）: the draft of ``period`` takes the content of the unit's last report
    on the task (status, percent, texts), its 工作进展 marked so reviewers see it is carried
    over; ready to submit. Raises ``ValidationError`` when there is no earlier report."""
    return _from_last(assignment=assignment, period=period, by=by, action="progress_report.carry_over",
                      carry_over=True)


def progress_report_copy_last(*, assignment: Assignment, period: Period, by) -> ProgressReport:
    """复制上期: fill the draft of ``period`` with the unit's last report on the task, unmarked,
    to be edited before submitting."""
    return _from_last(assignment=assignment, period=period, by=by, action="progress_report.copy_last",
                      carry_over=False)
