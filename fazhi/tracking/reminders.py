"""Reminder digests and 催办: what each unit owes, and the ledger of what it was told.
Delivery (email, 钉钉/企业微信 group robots) is ``fazhi.notify``'s.

``reminders_run`` is safe to run hourly from cron. Each unit gets at most ONE digest per
channel per run, and only when it holds something not yet sent on that channel. What
counts as "already sent" is the ``ReminderSent`` ledger, one row per (unit, item key,
channel); the key decides how often an item may come back:

* due soon  ``due:{period}:{assignment}`` — once per period (临期 as the plan's cadence sets it,
  due date, nothing submitted yet);
* overdue   ``overdue:{period}:{assignment}:{ISO week}`` — once a week until it is submitted;
* returned  ``returned:{transition}`` — once per 退回;
* 催办      ``urge:{plan}:{day}`` — ``urge_unit``, the office's one-click 催办, at most once per
  unit and plan per day.

Sends happen after commit. Deciding what goes out writes the ledger rows as *pending*
(``ok=False`` and no error; a failure always has an error text) in a transaction; the
network send runs in ``transaction.on_commit`` and records ok or the error in its own short
transaction. No network wait holds a transaction or the unit's row lock, and a send that did
not happen (it failed, or the process died between commit and send) stays ``ok=False`` and
is retried by the next run — today's 催办 included.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.audit.services import event_record
from fazhi.lib.workdays import WorkCalendar
from fazhi.notify.channels import unit_channels
from fazhi.notify.models import Notice
from fazhi.notify.services import notice_create
from fazhi.notify.site import site_url
from fazhi.notify.transports.base import Message, Transport
from fazhi.orgs.models import Unit
from fazhi.plans.models import Deadline
from fazhi.tracking.board import cadence_for, rules_for
from fazhi.tracking.judgement import is_due_soon
from fazhi.tracking.models import (
    Assignment,
    Period,
    ProgressReport,
    ReminderSent,
    ReportTransition,
)
from fazhi.tracking.periods import month_replaced_by_quarter

# A pending row younger than this may be a send still under way (a robot post gives up after
# 10 s); an older one was left by a process that died before sending, and is sent again.
SEND_GRACE = timedelta(minutes=10)
# The ledger's channel for a 催办's in-app notice: recorded sent at once, so it counts for
# once-a-day and ``last_urged``, and is never retried.
IN_APP = "app"


@dataclass(frozen=True)
class Item:
    key: str
    kind: str  # "due_soon" | "overdue" | "returned"
    period: Period
    assignment: Assignment
    comment: str = ""


@dataclass
class Digest:
    unit: object
    items: list[Item]
    channel: str
    text: str
    title: str
    ok: bool | None = None  # None: dry run, or the send still waits for the commit
    error: str = ""
    sent_keys: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- what each unit owes


def _starts_after(task, day: date) -> bool:
    """A “from” task (“2022年第四季度开始”) owes nothing for periods before it starts."""
    starts = [d.due_on for d in task.deadlines.all() if d.kind == Deadline.Kind.FROM and d.due_on]
    return bool(starts) and min(starts) > day


def owed_items(today: date, calendar: WorkCalendar, *, plan=None, unit=None) -> dict[int, list[Item]]:
    """Items per unit id: reports due soon or overdue in open periods, and returned reports."""
    # An archived plan is finished business: nobody is reminded of it.
    periods = Period.objects.filter(state=Period.State.OPEN, start__lte=today,
                                    plan__archived_at__isnull=True).select_related("plan__cadence")
    assignments = Assignment.objects.filter(is_active=True).select_related("task", "unit").prefetch_related(
        "task__deadlines")
    if plan is not None:
        periods = periods.filter(plan=plan)
        assignments = assignments.filter(task__plan=plan)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    periods = list(periods)
    by_plan: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_plan[a.task.plan_id].append(a)
    reports = ProgressReport.objects.filter(period__in=periods, assignment__in=assignments)
    state_of = {(r.assignment_id, r.period_id): r.state for r in reports.only("assignment_id", "period_id", "state")}
    done = set(ProgressReport.objects.filter(assignment__in=assignments, state=ProgressReport.State.ACCEPTED,
                                             status=ProgressReport.Status.DONE).values_list("assignment_id",
                                                                                           flat=True))
    items: dict[int, list[Item]] = defaultdict(list)
    year, week, _weekday = today.isocalendar()
    rules = {}
    for p in periods:
        if month_replaced_by_quarter(p.kind, p.start, cadence_for(p.plan)):
            continue  # the quarter's 盘点 serves this month: nobody is asked twice
        if p.plan_id not in rules:
            rules[p.plan_id] = rules_for(p.plan, calendar=calendar)
        if p.due_on < today:
            kind, key = "overdue", f"overdue:{p.pk}:{{a}}:{year}-W{week:02d}"
        elif is_due_soon(p.due_on, today, rules[p.plan_id]):
            kind, key = "due_soon", f"due:{p.pk}:{{a}}"
        else:
            continue
        for a in by_plan.get(p.plan_id, []):
            if a.pk in done or state_of.get((a.pk, p.pk)) not in (None, ProgressReport.State.DRAFT):
                continue
            if _starts_after(a.task, p.end):
                continue
            items[a.unit_id].append(Item(key.format(a=a.pk), kind, p, a))
    returned = (
        ReportTransition.objects.filter(to_state=ProgressReport.State.RETURNED,
                                        report__state=ProgressReport.State.RETURNED,
                                        report__assignment__in=assignments)
        .select_related("report__period__plan", "report__assignment__task", "report__assignment__unit")
        .order_by("report_id", "-id")
    )
    seen = set()
    for t in returned:
        if t.report_id in seen:
            continue  # only the latest return of each report
        seen.add(t.report_id)
        a = t.report.assignment
        items[a.unit_id].append(Item(f"returned:{t.pk}", "returned", t.report.period, a, t.comment))
    return items


# ---------------------------------------------------------------- rendering


def digest_title(unit, *, urge: bool = False) -> str:
    return (_("【催办】%(unit)s法治政府建设任务") if urge else _("%(unit)s法治政府建设任务提醒")) % {"unit": unit.name}


def site_link(path: str) -> str:
    """``path`` on the platform as users reach it (the office's 站点地址, else ``FAZHI_SITE_URL``);
    empty when neither is set."""
    base = site_url()
    return f"{base}{path}" if base else ""


def _grouped(items: list[Item]) -> list[tuple[str, list[list[Item]]]]:
    """(kind, item groups of one period each) in the order a digest lists them."""
    groups = []
    for kind in ("overdue", "due_soon", "returned"):
        by_period: dict[int, list[Item]] = defaultdict(list)
        for i in sorted((i for i in items if i.kind == kind), key=lambda i: (i.period.due_on, i.assignment.task.seq)):
            by_period[i.period.pk].append(i)
        if by_period:
            groups.append((kind, list(by_period.values())))
    return groups


def _headings() -> dict[str, str]:
    return {"overdue": _("已逾期"), "due_soon": _("即将到期"), "returned": _("被退回需修改")}


def render_digest(unit, items: list[Item], *, urge: bool = False, plain: bool = False) -> tuple[str, str]:
    """(title, text) of a unit's digest, grouped by kind and period, each period with its plan's name.

    Markdown for the group robots; with ``plain``, plain text for e-mail, which also names each task.
    Both end with a link to 我的填报 when ``FAZHI_SITE_URL`` is set.
    """
    title = digest_title(unit, urge=urge)
    link = site_link(reverse("tracking:my_home"))
    if plain:
        return title, _render_plain(unit, items, urge=urge, link=link)
    lines = [f"### {title}"]
    if urge:
        lines.append(_("依法治县办提醒：贵单位有逾期未报送的任务，请尽快办理。"))
    for kind, groups in _grouped(items):
        lines.append(f"**{_headings()[kind]}**")
        for group in groups:
            p = group[0].period
            if kind == "returned":
                for i in group:
                    lines.append(_("- 《%(plan)s》%(period)s 任务 %(seq)s：%(comment)s") % {
                        "plan": p.plan.title, "period": p.label, "seq": i.assignment.task.seq, "comment": i.comment})
            else:
                seqs = "、".join(str(i.assignment.task.seq) for i in group)
                lines.append(_("- 《%(plan)s》%(period)s（截止 %(due)s）：任务 %(seqs)s 待报送") % {
                    "plan": p.plan.title, "period": p.label, "due": p.due_on.isoformat(), "seqs": seqs})
    lines.append(f"[{_('请登录法治政府建设督办平台处理')}]({link})" if link else _("请登录法治政府建设督办平台处理。"))
    return title, "\n".join(lines)


def _render_plain(unit, items: list[Item], *, urge: bool, link: str) -> str:
    lines = [_("%(unit)s：") % {"unit": unit.name}, ""]
    if urge:
        lines += [_("依法治县办提醒：贵单位有逾期未报送的任务，请尽快办理。"), ""]
    for kind, groups in _grouped(items):
        lines.append(_headings()[kind])
        for group in groups:
            p = group[0].period
            if kind == "returned":
                lines.append(_("《%(plan)s》%(period)s") % {"plan": p.plan.title, "period": p.label})
            else:
                lines.append(_("《%(plan)s》%(period)s，截止 %(due)s") % {
                    "plan": p.plan.title, "period": p.label, "due": p.due_on.isoformat()})
            for i in group:
                task = i.assignment.task
                line = _("  任务 %(seq)s %(text)s") % {"seq": task.seq, "text": Truncator(task.text).chars(40)}
                if kind == "returned" and i.comment:
                    line += _("（退回意见：%(comment)s）") % {"comment": i.comment}
                lines.append(line)
        lines.append("")
    if not items:
        lines += [_("目前没有逾期或退回的任务。"), ""]
    lines.append(_("请登录法治政府建设督办平台处理：%(link)s") % {"link": link} if link
                 else _("请登录法治政府建设督办平台处理。"))
    return "\n".join(lines)


# ---------------------------------------------------------------- the ledger and the sends


def _taken(now) -> Q:
    """Ledger rows that need no new send: sent, or pending and perhaps still being sent."""
    return Q(ok=True) | Q(ok=False, error="", sent_at__gt=now - SEND_GRACE)


def _mark_pending(unit, keys: list[str], channel: str, *, body: str, by=None) -> None:
    ReminderSent.objects.bulk_create([ReminderSent(unit=unit, key=k, channel=channel) for k in keys],
                                     ignore_conflicts=True)
    changes = {"ok": False, "error": "", "body": body, "sent_at": timezone.now()}
    if by is not None:  # a retry keeps who asked for the 催办
        changes["by"] = by
    ReminderSent.objects.filter(unit=unit, channel=channel, key__in=keys).update(**changes)


def _send_after_commit(digest: Digest, transport: Transport) -> None:
    """Send ``digest`` once the transaction that marked its rows pending has committed, then
    record how it went on those rows and on ``digest`` itself."""

    def send() -> None:
        try:
            transport.send(Message(title=digest.title, text=digest.text))
        except Exception as error:  # noqa: BLE001 - any failure is recorded and retried next run
            digest.ok, digest.error = False, f"{type(error).__name__}: {error}"
        else:
            digest.ok, digest.error = True, ""
        with transaction.atomic():
            ReminderSent.objects.filter(unit=digest.unit, channel=digest.channel, key__in=digest.sent_keys).update(
                ok=digest.ok, error=digest.error[:2000], attempts=F("attempts") + 1, sent_at=timezone.now())

    transaction.on_commit(send)


# ---------------------------------------------------------------- the runs


def reminders_run(*, today: date, calendar: WorkCalendar, dry_run: bool = False) -> list[Digest]:
    """Send every unit its digest of new items, and retry today's 催办 that did not go out.

    Returns what was (or, dry, would be) sent. Each digest's ``ok`` is filled in when its send
    has run, after its transaction commits: before this returns, unless the caller holds a
    transaction open around it.
    """
    owed = owed_items(today, calendar)
    digests: list[Digest] = []
    for _unit_id, items in sorted(owed.items()):
        unit = items[0].assignment.unit
        keys = [i.key for i in items]
        for channel, transport in unit_channels(unit):
            with transaction.atomic():
                if not dry_run:
                    # Two overlapping runs (cron and a manual one) queue here instead of both sending.
                    Unit.objects.select_for_update().filter(pk=unit.pk).first()
                taken = set(ReminderSent.objects.filter(_taken(timezone.now()), unit=unit, channel=channel,
                                                        key__in=keys).values_list("key", flat=True))
                new = [k for k in keys if k not in taken]
                if not new:
                    continue
                title, text = render_digest(unit, items, plain=channel == "email")
                digest = Digest(unit, items, channel, text, title, sent_keys=new)
                digests.append(digest)
                if not dry_run:
                    _mark_pending(unit, new, channel, body=text)
                    _send_after_commit(digest, transport)
    return digests + _urge_retries(today, dry_run=dry_run)


def _urge_retries(today: date, *, dry_run: bool) -> list[Digest]:
    """Today's 催办 that did not go out on a channel the unit still has, sent again as written."""
    rows = (ReminderSent.objects.filter(key__startswith="urge:", key__endswith=f":{today.isoformat()}", ok=False)
            .exclude(_taken(timezone.now())).select_related("unit").order_by("unit_id", "id"))
    by_unit: dict[int, list[ReminderSent]] = defaultdict(list)
    for row in rows:
        by_unit[row.unit_id].append(row)
    digests: list[Digest] = []
    for unit_rows in by_unit.values():
        unit = unit_rows[0].unit
        transports = dict(unit_channels(unit))
        for row in unit_rows:
            transport = transports.get(row.channel)
            if transport is None:
                continue  # the channel was removed or disabled since
            digest = Digest(unit, [], row.channel, row.body, digest_title(unit, urge=True), sent_keys=[row.key])
            digests.append(digest)
            if not dry_run:
                with transaction.atomic():
                    _mark_pending(unit, [row.key], row.channel, body=row.body)
                    _send_after_commit(digest, transport)
    return digests


def urge_unit(*, plan, unit, by, today: date | None = None, calendar: WorkCalendar) -> list[Digest]:
    """The office's one-click 催办: tell the unit its overdue and returned items now, in the app
    (a notice on its home and 待办, always) and on every channel it has.

    The first digest is the in-app notice (channel ``IN_APP``, ok at once); an e-mail or robot
    digest's ``ok`` is filled in once its send has run after commit (see ``reminders_run``).
    """
    actor = actor_for(by)
    if not actor.may_act(plan.jurisdiction_id):
        raise PermissionDenied(actor.reason_cannot_act(plan.jurisdiction))
    today = today or timezone.localdate()
    key = f"urge:{plan.pk}:{today.isoformat()}"
    # The unit's row lock makes a double click wait for the first 催办's transaction and then
    # find its rows, sent or pending. The sends wait for the commit, so none holds the lock.
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        if ReminderSent.objects.filter(_taken(timezone.now()), unit=unit, key=key).exists():
            raise ValidationError(
                _("今天已向%(unit)s催办过，每个单位每天最多催办一次，请明天再试") % {"unit": unit.name})
        items = [i for i in owed_items(today, calendar, plan=plan, unit=unit).get(unit.pk, [])
                 if i.kind in ("overdue", "returned")]
        title, plain = render_digest(unit, items, urge=True, plain=True)
        # The in-app notice always reaches the unit, with or without a configured channel.
        notice = notice_create(kind=Notice.Kind.URGE, unit=unit, title=title, text=plain,
                               link=reverse("tracking:my_home"), by=by)
        _mark_pending(unit, [key], IN_APP, body=plain, by=by)
        ReminderSent.objects.filter(unit=unit, channel=IN_APP, key=key).update(ok=True, attempts=F("attempts") + 1)
        digests = [Digest(unit, items, IN_APP, plain, title, ok=True, sent_keys=[key])]
        for channel, transport in unit_channels(unit):
            text = plain if channel == "email" else render_digest(unit, items, urge=True)[1]
            digest = Digest(unit, items, channel, text, title, sent_keys=[key])
            _mark_pending(unit, [key], channel, body=text, by=by)
            _send_after_commit(digest, transport)
            digests.append(digest)
        event_record(actor=by, action="unit.urge", target=unit, jurisdiction=plan.jurisdiction,
                     data={"plan": plan.pk, "notice": notice.pk,
                           "channels": [d.channel for d in digests if d.channel != IN_APP],
                           "items": [i.key for i in items]})
    return digests


def last_urged(plan, unit):
    """When ``unit`` was last successfully 催办'd for ``plan`` (for the board), or None."""
    row = ReminderSent.objects.filter(Q(key__startswith=f"urge:{plan.pk}:"), unit=unit, ok=True) \
        .order_by("-sent_at").first()
    return row.sent_at if row else None
