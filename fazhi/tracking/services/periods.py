"""Reporting cadence and periods: generate (and confirm provisional due dates), open, close,
lock; a closed or locked period's colours are frozen in a ``PeriodSnapshot``."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.audit.services import event_record
from fazhi.plans.models import Plan
from fazhi.tracking.board import cadence_for, period_snapshot_payload
from fazhi.tracking.models import Period, PeriodSnapshot, ReportingCadence
from fazhi.tracking.periods import (
    PeriodSpan,
    period_due,
    period_spans,
    plan_tracking_end,
    plan_tracking_start,
    with_fallback,
)
from fazhi.tracking.services.assignments import assignments_follow
from fazhi.tracking.services.permissions import require_plan_office
from fazhi.workcal.calendar import current_calendar

CADENCE_FIELDS = [
    "tracking_start", "tracking_end", "monthly", "monthly_due_workdays", "quarterly", "quarterly_due_workdays",
    "quarter_replaces_month", "yearly", "yearly_due_month",
    "yearly_due_day", "perennial_kind", "due_soon_workdays", "behind_threshold",
]

# (from_state, to_state) → action name. Every transition needs the 依法治县办 of the plan.
# Locked is final: a locked period is read only. Close and lock append a PeriodSnapshot.
PERIOD_TRANSITIONS = {
    (Period.State.OPEN, Period.State.CLOSED): "close",
    (Period.State.CLOSED, Period.State.OPEN): "open",
    (Period.State.OPEN, Period.State.LOCKED): "lock",
    (Period.State.CLOSED, Period.State.LOCKED): "lock",
}


def cadence_update(*, plan: Plan, by, **fields) -> ReportingCadence:
    require_plan_office(by, plan)
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
    """Create the plan's periods from its tracking start through ``through``, and confirm the
    provisional due dates the calendar now knows; idempotent.

    Existing periods keep their due dates (they may have been agreed), except provisional
    ones. A period due in a year the calendar does not know yet (December's 调度 is due in
    January) is created all the same, its due date reckoned by the plain week and marked
    暂定; once that year's holidays are entered, the next run (hourly, ``fazhi remind``)
    re-derives it, clears the mark and records a ``period.due_confirm`` event.
    """
    require_plan_office(by, plan)
    with transaction.atomic():
        new = [Period(plan=plan, kind=s.kind, start=s.start, end=s.end, due_on=s.due_on,
                      due_on_provisional=s.due_on_provisional)
               for s in periods_missing(plan=plan, through=through)]
        Period.objects.bulk_create(new)
        if new:
            event_record(actor=by, action="periods.generate", target=plan, jurisdiction=plan.jurisdiction,
                         data={"through": through.isoformat(), "created": len(new),
                               "provisional": sum(p.due_on_provisional for p in new)})
        for period, due_on in periods_confirmable(plan=plan):
            previous = period.due_on
            period.due_on, period.due_on_provisional = due_on, False
            period.save(update_fields=["due_on", "due_on_provisional"])
            event_record(actor=by, action="period.due_confirm", target=period, jurisdiction=plan.jurisdiction,
                         data={"from": previous.isoformat(), "to": due_on.isoformat()})
    return list(Period.objects.filter(plan=plan, start__lte=through))


def tracking_start(*, plan: Plan, by, starts_on: date | None = None, today: date | None = None) -> list[Period]:
    """Start (or resume) tracking a plan: assignments from the ledger, a tracking start, and
    the periods through ``today``; idempotent, one transaction. Returns the plan's periods.

    Without ``starts_on`` an existing tracking start is kept, else it becomes the first day
    of ``today``'s month: nobody reports retroactively on a plan issued years ago. An explicit
    ``starts_on`` replaces it; moving it later leaves existing periods (they may hold reports).

    A plan whose tracking end (its 实施期, or the office's 调度截止日期) lies before that month
    and that was never started is not tracked in the current year by default: nothing is
    started (no assignments, no cadence, no periods) and ``[]`` comes back. The upload screen
    says so; the office sets a 调度截止日期 on the periods page to track it all the same
    (``tracking_end_set``), or gives an explicit ``starts_on``.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        cadence = cadence_for(plan)
        current = cadence.tracking_start
        wanted = starts_on or current or today.replace(day=1)
        ends_on = plan_tracking_end(plan, cadence)
        if starts_on is None and current is None and ends_on is not None and ends_on < wanted:
            return []
        assignments_follow(plan=plan, by=by)
        if wanted != current:
            cadence_update(plan=plan, by=by, tracking_start=wanted)
        return periods_generate(plan=plan, through=today, by=by)


def tracking_end_set(*, plan: Plan, ends_on: date | None, by, today: date | None = None) -> list[Period]:
    """Set the 调度截止日期: no period that starts after ``ends_on`` is generated. ``None``
    returns to the plan's 实施期 (through 31 December of its last year). Returns the plan's periods.

    A date after ``today`` extends tracking: the periods through ``today`` are generated at
    once, tracking starting this month if it never started (a plan imported after its
    实施期). A date on or before ``today`` is 结束调度: nothing new is generated and every
    open period is closed (its colours frozen), so units stop reporting and reminders, which
    only concern open periods, stop. Reopening a period stays possible.
    """
    require_plan_office(by, plan)
    today = today or timezone.localdate()
    with transaction.atomic():
        previous = cadence_for(plan).tracking_end
        started = cadence_for(plan).tracking_start
        if ends_on is not None and started is not None and ends_on < started:
            raise ValidationError(
                _("调度截止日期不能早于开始调度日期（%(start)s）") % {"start": started.isoformat()})
        cadence, _created = ReportingCadence.objects.get_or_create(plan=plan)
        cadence.tracking_end = ends_on
        cadence.full_clean()
        cadence.save(update_fields=["tracking_end"])
        plan.cadence = cadence
        event_record(actor=by, action="tracking.end_set", target=plan, jurisdiction=plan.jurisdiction,
                     data={"from": previous.isoformat() if previous else None,
                           "to": ends_on.isoformat() if ends_on else None})
        ended = plan_tracking_end(plan, cadence)
        if ended is not None and ended <= today:
            for period in Period.objects.filter(plan=plan, state=Period.State.OPEN).order_by("start", "kind"):
                period_close(period=period, by=by, today=today)
        elif started is not None or ends_on is not None:
            return tracking_start(plan=plan, by=by, today=today)
    return list(Period.objects.filter(plan=plan))


def periods_missing(*, plan: Plan, through: date) -> list[PeriodSpan]:
    """The periods through ``through`` that ``periods_generate`` would create now (read only);
    none that starts after the plan's tracking end (``plan_tracking_end``)."""
    cadence = cadence_for(plan)
    spans = period_spans(cadence=cadence, since=plan_tracking_start(plan, cadence), through=through,
                         until=plan_tracking_end(plan, cadence), calendar=current_calendar())
    existing = set(Period.objects.filter(plan=plan).values_list("kind", "start"))
    return [s for s in spans if (s.kind, s.start) not in existing]


def periods_confirmable(*, plan: Plan) -> list[tuple[Period, date]]:
    """Provisional periods whose due date the calendar now knows, with that date (read only)."""
    cadence = cadence_for(plan)
    calendar = with_fallback(current_calendar())
    confirmable = []
    for period in Period.objects.filter(plan=plan, due_on_provisional=True).order_by("start", "kind"):
        due_on, provisional = period_due(period.kind, period.end, cadence, calendar)
        if not provisional:
            confirmable.append((period, due_on))
    return confirmable


def periods_awaiting_calendar(*, plan: Plan, through: date) -> list[Period]:
    """Periods through ``through`` whose due date is provisional (暂定) until the calendar knows
    its year; ``periods_generate`` confirms them once it does."""
    return list(Period.objects.filter(plan=plan, due_on_provisional=True, start__lte=through)
                .order_by("start", "kind"))


def _period_transition(period: Period, to_state: str, by, *, today: date | None = None,
                       extra: dict | None = None) -> Period:
    plan = period.plan
    require_plan_office(by, plan)
    with transaction.atomic():
        period = Period.objects.select_for_update().get(pk=period.pk)
        period.plan = plan
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
        data = {"from": from_state, "to": to_state}
        if action in PeriodSnapshot.Reason.values:
            snapshot = period_snapshot_take(period, reason=action, by=by, today=today or timezone.localdate())
            data["snapshot_sha256"] = snapshot.sha256
        event_record(actor=by, action=f"period.{action}", target=period, jurisdiction=plan.jurisdiction, data=data)
    return period


def period_snapshot_take(period: Period, *, reason: str, by, today: date) -> PeriodSnapshot:
    """Append the period's colours as they stand on ``today``; part of closing and locking.

    The reasons are written in the installation's language, whatever the request's, so that the
    same facts always give the same digest."""
    with translation.override(settings.LANGUAGE_CODE):
        payload = period_snapshot_payload(period, as_of=today, calendar=current_calendar())
    return PeriodSnapshot.objects.create(
        period=period, reason=reason, payload=payload, sha256=PeriodSnapshot.digest(payload),
        by=by if getattr(by, "is_authenticated", False) else None,
    )


def periods_snapshot_missing(*, today: date, by) -> list[PeriodSnapshot]:
    """Freeze the colours of closed and locked periods that have no snapshot (closed before
    snapshots existed); idempotent, run by ``fazhi remind``. Each is frozen as of ``today``."""
    judged = [PeriodSnapshot.Reason.CLOSE, PeriodSnapshot.Reason.LOCK]
    waiting = (Period.objects.exclude(state=Period.State.OPEN).exclude(snapshots__reason__in=judged)
               .select_related("plan__jurisdiction").order_by("pk"))
    taken = []
    for period in waiting:
        require_plan_office(by, period.plan)
        with transaction.atomic():
            reason = PeriodSnapshot.Reason.LOCK if period.state == Period.State.LOCKED else PeriodSnapshot.Reason.CLOSE
            snapshot = period_snapshot_take(period, reason=reason, by=by, today=today)
            event_record(actor=by, action="period.snapshot_missing", target=period,
                         jurisdiction=period.plan.jurisdiction, data={"snapshot_sha256": snapshot.sha256})
        taken.append(snapshot)
    return taken


def period_open(*, period: Period, by) -> Period:
    """Reopen a closed period so units may report again; its snapshots stay."""
    return _period_transition(period, Period.State.OPEN, by)


def period_close(*, period: Period, by, today: date | None = None) -> Period:
    """Stop unit reporting and freeze the period's colours as of ``today`` (a snapshot). The
    office may still accept or return submitted reports, and a returned report may still be
    corrected and resubmitted; the board keeps showing the snapshot until the period reopens."""
    return _period_transition(period, Period.State.CLOSED, by, today=today)


def period_lock(*, period: Period, by, today: date | None = None) -> Period:
    """Freeze the period: nobody edits or reviews any more; its colours are snapshotted again."""
    return _period_transition(period, Period.State.LOCKED, by, today=today, extra={
        "locked_at": timezone.now(), "locked_by": by if getattr(by, "is_authenticated", False) else None,
    })
