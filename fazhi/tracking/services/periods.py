"""Reporting cadence and periods: generate, open, close, lock."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import require_office
from fazhi.audit.services import event_record
from fazhi.plans.models import Plan
from fazhi.tracking.models import Period, ProgressReport, ReportingCadence
from fazhi.tracking.periods import PeriodSpan, period_spans, plan_tracking_start
from fazhi.workcal.calendar import current_calendar

CADENCE_FIELDS = [
    "tracking_start", "monthly", "monthly_due_workdays", "quarterly", "quarterly_due_workdays", "yearly", "yearly_due_month",
    "yearly_due_day", "perennial_kind", "due_soon_workdays", "behind_threshold",
]

# (from_state, to_state) → action name. Every transition needs the 依法治县办 of the plan.
# Locked is final: a locked period is a read-only snapshot.
PERIOD_TRANSITIONS = {
    (Period.State.OPEN, Period.State.CLOSED): "close",
    (Period.State.CLOSED, Period.State.OPEN): "open",
    (Period.State.OPEN, Period.State.LOCKED): "lock",
    (Period.State.CLOSED, Period.State.LOCKED): "lock",
}


class _System:
    """The operator's own commands (``fazhi import``, the hourly ``fazhi remind``), trusted like
    the 依法治县办 of every jurisdiction. Pass ``by=SYSTEM``; its audit events have no actor.
    No request ever carries it: views always pass ``request.user``."""

    is_authenticated = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def _require_plan_office(user, plan: Plan) -> None:
    if user is SYSTEM:
        return
    require_office(user, jurisdiction=plan.jurisdiction_id)


def cadence_for(plan: Plan) -> ReportingCadence:
    """The plan's cadence; an unsaved default one if the office never set it."""
    try:
        return plan.cadence
    except ReportingCadence.DoesNotExist:
        return ReportingCadence(plan=plan)


def cadence_update(*, plan: Plan, by, **fields) -> ReportingCadence:
    _require_plan_office(by, plan)
    unknown = set(fields) - set(CADENCE_FIELDS)
    if unknown:
        raise ValueError(f"unknown cadence fields {sorted(unknown)}")
    with transaction.atomic():
        cadence, _created = ReportingCadence.objects.get_or_create(plan=plan)
        for name, value in fields.items():
            setattr(cadence, name, value)
        cadence.full_clean()
        cadence.save()
        plan.cadence = cadence  # the caller's plan may have cached the old row, or its absence
        event_record(actor=by, action="cadence.update", target=plan, jurisdiction=plan.jurisdiction,
                     data={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()})
    return cadence


def periods_generate(*, plan: Plan, through: date, by) -> list[Period]:
    """Create the plan's periods from its tracking start through ``through``; idempotent.

    Existing periods are left untouched (their due dates may have been agreed). A period
    whose due date falls in a year the calendar does not know yet (December's 调度 is due
    in January) is not created: it waits until that year's holidays are entered, and
    ``periods_awaiting_calendar`` lists it, so the months that can be run still are.
    """
    _require_plan_office(by, plan)
    with transaction.atomic():
        new = [Period(plan=plan, kind=s.kind, start=s.start, end=s.end, due_on=s.due_on)
               for s in periods_missing(plan=plan, through=through)]
        Period.objects.bulk_create(new)
        if new:
            event_record(actor=by, action="periods.generate", target=plan, jurisdiction=plan.jurisdiction,
                         data={"through": through.isoformat(), "created": len(new)})
    return list(Period.objects.filter(plan=plan, start__lte=through))


def tracking_start(*, plan: Plan, by, starts_on: date | None = None, today: date | None = None) -> list[Period]:
    """Start (or resume) tracking a plan: assignments from the ledger, a tracking start, and
    the periods through ``today``; idempotent, one transaction. Returns the plan's periods.

    Without ``starts_on`` an existing tracking start is kept, else it becomes the first day
    of ``today``'s month: nobody reports retroactively on a plan issued years ago. An explicit
    ``starts_on`` replaces it; moving it later leaves existing periods (they may hold reports).
    """
    from fazhi.tracking.services.assignments import assignments_sync  # that module imports this one

    today = today or timezone.localdate()
    with transaction.atomic():
        assignments_sync(plan=plan, by=by)
        current = cadence_for(plan).tracking_start
        wanted = starts_on or current or today.replace(day=1)
        if wanted != current:
            cadence_update(plan=plan, by=by, tracking_start=wanted)
        return periods_generate(plan=plan, through=today, by=by)


def periods_missing(*, plan: Plan, through: date) -> list[PeriodSpan]:
    """The periods through ``through`` that ``periods_generate`` would create now (read only)."""
    cadence = cadence_for(plan)
    spans = period_spans(cadence=cadence, since=plan_tracking_start(plan, cadence), through=through,
                         calendar=current_calendar(), skip_unknown_years=True)
    existing = set(Period.objects.filter(plan=plan).values_list("kind", "start"))
    return [s for s in spans if s.due_on is not None and (s.kind, s.start) not in existing]


def periods_awaiting_calendar(*, plan: Plan, through: date) -> list[PeriodSpan]:
    """Periods through ``through`` that ``periods_generate`` left out for want of a known calendar year."""
    cadence = cadence_for(plan)
    spans = period_spans(cadence=cadence, since=plan_tracking_start(plan, cadence), through=through,
                         calendar=current_calendar(), skip_unknown_years=True)
    existing = set(Period.objects.filter(plan=plan).values_list("kind", "start"))
    return [s for s in spans if s.due_on is None and (s.kind, s.start) not in existing]


def _period_transition(period: Period, to_state: str, by, *, extra: dict | None = None) -> Period:
    plan = period.plan
    _require_plan_office(by, plan)
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        action = PERIOD_TRANSITIONS.get((period.state, to_state))
        if action is None:
            raise ValidationError(
                _("“%(period)s”当前为“%(state)s”，不能改为“%(to)s”")
                % {"period": period.label, "state": period.get_state_display(),
                   "to": Period.State(to_state).label}
            )
        from_state = period.state
        period.state = to_state
        for name, value in (extra or {}).items():
            setattr(period, name, value)
        period.save()
        event_record(actor=by, action=f"period.{action}", target=period, jurisdiction=plan.jurisdiction,
                     data={"from": from_state, "to": to_state})
    return period


def period_open(*, period: Period, by) -> Period:
    """Reopen a closed period so units may report again."""
    return _period_transition(period, Period.State.OPEN, by)


def period_close(*, period: Period, by) -> Period:
    """Stop unit reporting. The office may still accept or return submitted reports, and a
    returned report may still be corrected and resubmitted."""
    return _period_transition(period, Period.State.CLOSED, by)


def period_lock(*, period: Period, by) -> Period:
    """Freeze the period: nobody edits or reviews any more; the reports are snapshotted."""
    return _period_transition(period, Period.State.LOCKED, by, extra={
        "snapshot": period_snapshot(period), "locked_at": timezone.now(), "locked_by": by,
    })


def period_snapshot(period: Period) -> dict:
    reports = (
        ProgressReport.objects.filter(period=period)
        .select_related("assignment__task", "assignment__unit")
        .prefetch_related("evidence_links__evidence")
        .order_by("assignment__task__seq", "assignment__role", "assignment__unit_id")
    )
    return {
        "period": {"kind": period.kind, "start": period.start.isoformat(), "end": period.end.isoformat(),
                   "due_on": period.due_on.isoformat()},
        "taken_at": timezone.now().isoformat(),
        "reports": [
            {
                "id": r.pk, "task_seq": r.assignment.task.seq, "unit": r.assignment.unit.name,
                "role": r.assignment.role, "is_consolidated": r.is_consolidated, "status": r.status,
                "unable_reason": r.unable_reason, "state": r.state, "percent": r.percent,
                "narrative": r.narrative, "actions_done": r.actions_done, "next_steps": r.next_steps,
                "problems": r.problems, "version": r.version, "is_late": r.is_late,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                "review_comment": r.review_comment,
                "evidence": [{"sha256": link.evidence.sha256, "name": link.evidence.original_name}
                             for link in r.evidence_links.all()],
            }
            for r in reports
        ],
    }
