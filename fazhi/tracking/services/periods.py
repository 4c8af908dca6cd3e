"""Reporting cadence and periods: generate (and confirm provisional due dates), open, close,
lock; a closed or locked period's colours are frozen in a ``PeriodSnapshot``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.audit.services import event_record
from fazhi.notify.models import Notice
from fazhi.notify.services import notice_create
from fazhi.orgs.models import Unit
from fazhi.plans.models import Plan
from fazhi.tracking.board import cadence_for, period_snapshot_payload
from fazhi.tracking.models import Assignment, Period, PeriodSnapshot, ReportingCadence
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
from fazhi.workcal.models import CalendarYear
from fazhi.workcal.services import calendar_year_enter

CADENCE_FIELDS = [
    "tracking_start", "tracking_end", "monthly", "monthly_due_workdays", "quarterly", "quarterly_due_workdays",
    "quarter_replaces_month", "yearly", "yearly_due_month", "yearly_due_day", "perennial_kind", "due_soon_workdays",
    "behind_threshold", "co_reports_to_office",
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


def cadence_settings_save(*, plan: Plan, by, today: date | None = None, **fields) -> ReportingCadence:
    """The 报送周期设置 screen's save: the cadence fields, and the tracking start and end through
    ``tracking_start`` / ``tracking_end_set`` when they change, then the periods through ``today``
    as those services generate them. Periods that exist keep their due dates (they may have been
    agreed with the units); those created from now on follow the new settings. One transaction."""
    require_plan_office(by, plan)
    today = today or timezone.localdate()
    with transaction.atomic():
        cadence = cadence_for(plan)
        starts_on = fields.pop("tracking_start", cadence.tracking_start)
        ends_on = fields.pop("tracking_end", cadence.tracking_end)
        if starts_on is None and cadence.tracking_start is not None:
            raise ValidationError({"tracking_start": _("已开始调度的方案不能清空开始调度日期")})
        effective_start = starts_on or plan_tracking_start(plan, cadence)
        if ends_on and ends_on < effective_start:
            raise ValidationError({"tracking_end": _("调度截止日期不能早于开始调度日期（%(start)s）")
                                   % {"start": effective_start.isoformat()}})
        changed = {k: v for k, v in fields.items() if getattr(cadence, k) != v}
        if changed:
            cadence = cadence_update(plan=plan, by=by, **changed)
        if starts_on != cadence.tracking_start:
            tracking_start(plan=plan, by=by, starts_on=starts_on, today=today)
        if ends_on != cadence_for(plan).tracking_end:
            tracking_end_set(plan=plan, ends_on=ends_on, by=by, today=today)
        elif cadence_for(plan).tracking_start is not None and changed:
            periods_generate(plan=plan, through=today, by=by)
    return cadence_for(plan)


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
        periods_due_confirm(plan=plan, by=by)
    return list(Period.objects.filter(plan=plan, start__lte=through))


def periods_due_confirm(*, plan: Plan, by) -> list[tuple[Period, date]]:
    """Re-derive the provisional due dates the calendar now knows and clear their 暂定 mark, each
    with a ``period.due_confirm`` event; returns (period, its provisional date) for each. Part of
    ``periods_generate`` (hourly, ``fazhi remind``) and of ``calendar_year_publish``."""
    confirmed = []
    with transaction.atomic():
        for period, due_on in periods_confirmable(plan=plan):
            previous = period.due_on
            period.due_on, period.due_on_provisional = due_on, False
            period.save(update_fields=["due_on", "due_on_provisional"])
            event_record(actor=by, action="period.due_confirm", target=period, jurisdiction=plan.jurisdiction,
                         data={"from": previous.isoformat(), "to": due_on.isoformat()})
            confirmed.append((period, previous))
    return confirmed


@dataclass(frozen=True)
class CalendarPublished:
    """What entering a year changed: the periods whose due date became final (with the
    provisional date each had) and the units told about them."""

    year: CalendarYear
    confirmed: list[tuple[Period, date]]
    units_told: list[Unit]


def calendar_year_publish(*, year: int, days: Mapping[date, tuple[bool, str]], note: str = "",
                          by) -> CalendarPublished:
    """Enter ``year``'s holidays and 调休上班日 (``calendar_year_enter``) and, in the same
    transaction, confirm every provisional due date the calendar now knows, in every plan (the
    calendar is the installation's), telling each unit concerned by an in-app notice.

    The calendar keeper may confirm periods of jurisdictions below its own: confirming only applies
    the calendar, it decides nothing of the plan.
    """
    with transaction.atomic():
        entry = calendar_year_enter(year=year, days=days, note=note, by=by)
        confirmed: list[tuple[Period, date]] = []
        plans = Plan.objects.filter(periods__due_on_provisional=True).distinct().select_related("jurisdiction")
        for plan in plans.order_by("pk"):
            confirmed += periods_due_confirm(plan=plan, by=by)
        units_told = _tell_units_due_dates(confirmed, by=by)
    return CalendarPublished(entry, confirmed, units_told)


def _tell_units_due_dates(confirmed: list[tuple[Period, date]], *, by) -> list[Unit]:
    """One notice per unit with an active assignment in a plan whose periods were confirmed."""
    by_plan: dict[int, list[tuple[Period, date]]] = defaultdict(list)
    for period, previous in confirmed:
        by_plan[period.plan_id].append((period, previous))
    lines_by_unit: dict[int, list[str]] = defaultdict(list)
    units: dict[int, Unit] = {}
    assignments = (Assignment.objects.filter(task__plan_id__in=by_plan, is_active=True)
                   .select_related("unit__jurisdiction", "task__plan").order_by("unit_id", "task__plan_id"))
    seen = set()
    for a in assignments:
        if (a.unit_id, a.task.plan_id) in seen:
            continue
        seen.add((a.unit_id, a.task.plan_id))
        units[a.unit_id] = a.unit
        for period, previous in by_plan[a.task.plan_id]:
            if previous == period.due_on:
                line = _("《%(plan)s》%(period)s：截止日确定为 %(due)s（与暂定日期相同）")
            else:
                line = _("《%(plan)s》%(period)s：截止日确定为 %(due)s（原暂定 %(was)s）")
            lines_by_unit[a.unit_id].append(line % {"plan": a.task.plan.title, "period": period.label,
                                                    "due": period.due_on.isoformat(), "was": previous.isoformat()})
    for unit_id, lines in lines_by_unit.items():
        notice_create(kind=Notice.Kind.DUE_DATE, unit=units[unit_id], title=_("报送截止日已确定"),
                      text="\n".join(lines), link=reverse("tracking:my_home"), by=by)
    return list(units.values())


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
    none that starts after the plan's tracking end (``plan_tracking_end``), and none for an
    archived plan."""
    if plan.archived_at is not None:
        return []
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
