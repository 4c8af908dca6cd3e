"""待办: what a user has to do now, computed from the data each time, never stored.

A clerk's 待办 is its unit's returned reports, reports due soon (临期) or overdue and not yet
submitted — the same items the reminder digests list (``fazhi.tracking.reminders.owed_items``) —
the unit's unread 催办 notices, and, for a 牵头单位, its 配合单位' submitted reports that it
reviews (``workflow.routed_to_lead``). An office's is the submitted reports awaiting its review
in the jurisdiction where it acts: the consolidated ones, and 配合单位 ones only of the plans
that send those to the office too (``workflow.routed_to_office``).

``todo_for`` builds the page; ``todo_count`` is the navigation badge, the same number in at most
two queries, so every page can afford it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse

from fazhi.accounts.access import actor_for
from fazhi.notify.models import Notice
from fazhi.notify.services import notices_for
from fazhi.orgs.models import Unit
from fazhi.plans.models import Deadline, Plan
from fazhi.tracking import workflow
from fazhi.tracking.access import assignments_visible_to
from fazhi.tracking.board import cadence_for, rules_for
from fazhi.tracking.judgement import is_due_soon
from fazhi.tracking.models import Assignment, Period, ProgressReport, ReportTransition
from fazhi.tracking.periods import month_replaced_by_quarter
from fazhi.tracking.reminders import Item, owed_items
from fazhi.workcal.calendar import current_calendar

# The office's list shows this many reports; the counts per plan cover them all.
REVIEW_LIST_LIMIT = 100


@dataclass(frozen=True)
class ClerkItem:
    item: Item
    url: str

    @property
    def plan(self):
        return self.item.period.plan


@dataclass
class Todo:
    returned: list[ClerkItem] = field(default_factory=list)
    overdue: list[ClerkItem] = field(default_factory=list)
    due_soon: list[ClerkItem] = field(default_factory=list)
    urges: list[Notice] = field(default_factory=list)
    # The unit's unread notices that due dates became final once a year's holidays were entered.
    notices: list[Notice] = field(default_factory=list)
    digests: list[Notice] = field(default_factory=list)  # a leader's unread 周报: to read, not counted as work
    awaiting_review: list[ProgressReport] = field(default_factory=list)
    awaiting_review_total: int = 0
    awaiting_by_plan: list[tuple[object, int]] = field(default_factory=list)
    co_reports_awaiting: int = 0  # the 牵头单位's: its 配合单位' reports it reviews

    @property
    def total(self) -> int:
        return (len(self.returned) + len(self.overdue) + len(self.due_soon) + len(self.urges)
                + len(self.notices) + self.awaiting_review_total + self.co_reports_awaiting)


def _card_url(item: Item) -> str:
    """The clerk's card for the item: 我的填报 lists rows, so the card's own page."""
    return reverse("tracking:report_edit", args=[item.assignment.pk, item.period.pk])


DIGESTS_SHOWN = 4


def unread_urges(user):
    return notices_for(user).filter(kind=Notice.Kind.URGE, read_at__isnull=True)


def unread_due_dates(user):
    """The unit's unread notices that provisional due dates became final (after a year's holidays were entered)."""
    return notices_for(user).filter(kind=Notice.Kind.DUE_DATE, read_at__isnull=True)


def _awaiting_review(user):
    actor = actor_for(user)
    return ProgressReport.objects.filter(
        workflow.routed_to_office(), state=ProgressReport.State.SUBMITTED,
        assignment__in=assignments_visible_to(user).filter(actor.act_scope("task__plan__jurisdiction"))
    ).exclude(period__state=Period.State.LOCKED)  # nobody reviews in a locked period: not a to-do


def _co_reports_awaiting(unit_id: int):
    """The 配合单位 reports the 牵头单位 ``unit_id`` is asked to review."""
    return ProgressReport.objects.filter(workflow.routed_to_lead(unit_id), state=ProgressReport.State.SUBMITTED
                                         ).exclude(period__state=Period.State.LOCKED)


def todo_for(user, *, today: date) -> Todo:
    actor = actor_for(user)
    todo = Todo()
    if actor.is_clerk:
        items = owed_items(today, current_calendar(), unit=actor.unit_id).get(actor.unit_id, [])
        for item in sorted(items, key=lambda i: (i.period.due_on, i.period.plan_id, i.assignment.task.seq)):
            getattr(todo, item.kind).append(ClerkItem(item, _card_url(item)))
        todo.urges = list(unread_urges(user))
        todo.co_reports_awaiting = _co_reports_awaiting(actor.unit_id).count()
        todo.notices = list(unread_due_dates(user))
    if actor.is_leader:
        todo.digests = list(notices_for(user).filter(kind=Notice.Kind.DIGEST, read_at__isnull=True)[:DIGESTS_SHOWN])
    if actor.is_office:
        reports = _awaiting_review(user)
        todo.awaiting_review = list(
            reports.select_related("assignment__task__plan", "assignment__unit", "period")
            .order_by("submitted_at", "pk")[:REVIEW_LIST_LIMIT])
        counts = dict(reports.order_by().values("assignment__task__plan").annotate(n=Count("pk"))
                      .values_list("assignment__task__plan", "n"))
        todo.awaiting_review_total = sum(counts.values())
        plans = Plan.objects.in_bulk(list(counts))
        todo.awaiting_by_plan = [(plans[pk], n) for pk, n in sorted(counts.items())]
    return todo


# ---------------------------------------------------------------- the badge


def _counted(queryset) -> Subquery:
    """The number of rows of ``queryset`` as a scalar subquery (COUNT without GROUP BY)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
                    output_field=IntegerField())


def _clerk_count(user, actor, today: date) -> int:
    """The clerk's ``todo_for(...).total`` in one query, and a second only if a period not yet due
    needs the work calendar (and this request has not read it already)."""
    unit_id = actor.unit_id
    # Both kinds of notice a clerk's badge counts, in one subquery.
    unread = _counted(notices_for(user).filter(kind__in=[Notice.Kind.URGE, Notice.Kind.DUE_DATE],
                                               read_at__isnull=True))
    to_review = _counted(_co_reports_awaiting(unit_id))
    latest_return = ReportTransition.objects.filter(report=OuterRef("pk"), to_state=ProgressReport.State.RETURNED)
    returned = (ProgressReport.objects.filter(assignment__unit_id=unit_id, assignment__is_active=True,
                                              state=ProgressReport.State.RETURNED)
                .filter(Exists(latest_return)))
    filed = ProgressReport.objects.filter(assignment=OuterRef("pk"), period=OuterRef(OuterRef("pk"))).exclude(
        state=ProgressReport.State.DRAFT)
    done = ProgressReport.objects.filter(assignment=OuterRef("pk"), state=ProgressReport.State.ACCEPTED,
                                         status=ProgressReport.Status.DONE)
    starts = Deadline.objects.filter(task=OuterRef("task"), kind=Deadline.Kind.FROM, due_on__isnull=False)
    owed = (Assignment.objects.filter(unit_id=unit_id, is_active=True, task__plan_id=OuterRef("plan_id"))
            .exclude(Exists(filed)).exclude(Exists(done))
            # a “from” task owes nothing before its first start date (see reminders._starts_after)
            .exclude(Q(Exists(starts)) & ~Q(Exists(starts.filter(due_on__lte=OuterRef(OuterRef("end")))))))
    rows = list(
        Period.objects.filter(state=Period.State.OPEN, start__lte=today)
        .filter(Exists(Assignment.objects.filter(unit_id=unit_id, is_active=True, task__plan_id=OuterRef("plan_id"))))
        .select_related("plan__cadence")
        .annotate(owed=_counted(owed), unread=unread, returned=_counted(returned), to_review=to_review))
    if not rows:  # no open period of the unit's plans: the notices, returns and reviews alone, in one query
        return sum(Unit.objects.filter(pk=unit_id).annotate(
            unread=unread, returned=_counted(returned), to_review=to_review)
            .values_list("unread", "returned", "to_review").get())
    total = rows[0].unread + rows[0].returned + rows[0].to_review
    calendar = None
    for period in rows:
        if not period.owed or month_replaced_by_quarter(period.kind, period.start, cadence_for(period.plan)):
            continue
        if period.due_on < today:
            total += period.owed
            continue
        calendar = calendar or current_calendar()
        if is_due_soon(period.due_on, today, rules_for(period.plan, calendar=calendar,
                                                       cadence=cadence_for(period.plan))):
            total += period.owed
    return total


def todo_count(user, *, today: date) -> int:
    """The number on the 待办 badge: ``todo_for(user, today=today).total`` in at most two queries."""
    actor = actor_for(user)
    total = 0
    if actor.is_clerk:
        total += _clerk_count(user, actor, today)
    if actor.is_office:
        total += _awaiting_review(user).count()
    return total
