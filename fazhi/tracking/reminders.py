"""Reminder digests and 催办, by email and 钉钉/企业微信 group robots.

``reminders_run`` is safe to run hourly from cron. Each unit gets at most ONE digest per
channel per run, and only when it holds something not yet sent on that channel. What
counts as "already sent" is the ``ReminderSent`` ledger, one row per (unit, item key,
channel); the key decides how often an item may come back:

* due soon  ``due:{period}:{assignment}`` — once per period (within 3 working days of the
  due date, nothing submitted yet);
* overdue   ``overdue:{period}:{assignment}:{ISO week}`` — once a week until it is submitted;
* returned  ``returned:{transition}`` — once per 退回.

A failed send is recorded with ``ok=False`` and retried on the next run. ``urge_unit``
(the office's one-click 催办) sends at once, at most once per unit and plan per day.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.request import Request, urlopen

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.accounts.models import Role
from fazhi.audit.services import event_record
from fazhi.lib.workdays import CalendarUnknownYear, WorkCalendar
from fazhi.orgs.models import Unit
from fazhi.plans.models import Deadline
from fazhi.tracking.models import (
    Assignment,
    Period,
    ProgressReport,
    ReminderSent,
    ReportTransition,
    UnitChannel,
)

DUE_SOON_WORKDAYS = 3
HTTP_TIMEOUT = 10


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
    ok: bool | None = None  # None: dry run
    error: str = ""
    sent_keys: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- what each unit owes


def _starts_after(task, day: date) -> bool:
    """A “from” task (“2022年第四季度开始”) owes nothing for periods before it starts."""
    starts = [d.due_on for d in task.deadlines.all() if d.kind == Deadline.Kind.FROM and d.due_on]
    return bool(starts) and min(starts) > day


def _owed_items(today: date, calendar: WorkCalendar, *, plan=None, unit=None) -> dict[int, list[Item]]:
    """Items per unit id: reports due soon or overdue in open periods, and returned reports."""
    periods = Period.objects.filter(state=Period.State.OPEN, start__lte=today).select_related("plan")
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
    for p in periods:
        if p.due_on < today:
            kind, key = "overdue", f"overdue:{p.pk}:{{a}}:{year}-W{week:02d}"
        else:
            try:
                left = calendar.workdays_between(today, p.due_on)
            except CalendarUnknownYear:
                continue
            if left > DUE_SOON_WORKDAYS:
                continue
            kind, key = "due_soon", f"due:{p.pk}:{{a}}"
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


def render_digest(unit, items: list[Item], *, urge: bool = False) -> tuple[str, str]:
    """(title, markdown text) of a unit's digest; grouped by kind and period."""
    title = (_("【催办】%(unit)s法治政府建设任务") if urge else _("%(unit)s法治政府建设任务提醒")) % {"unit": unit.name}
    lines = [f"### {title}"]
    if urge:
        lines.append(_("依法治县办提醒：贵单位有逾期未报送的任务，请尽快办理。"))
    headings = {"overdue": _("已逾期"), "due_soon": _("即将到期"), "returned": _("被退回需修改")}
    for kind in ("overdue", "due_soon", "returned"):
        chosen = [i for i in items if i.kind == kind]
        if not chosen:
            continue
        lines.append(f"**{headings[kind]}**")
        by_period: dict[int, list[Item]] = defaultdict(list)
        for i in chosen:
            by_period[i.period.pk].append(i)
        for group in by_period.values():
            p = group[0].period
            seqs = "、".join(str(i.assignment.task.seq) for i in sorted(group, key=lambda i: i.assignment.task.seq))
            if kind == "returned":
                for i in group:
                    lines.append(_("- %(period)s 任务 %(seq)s：%(comment)s") % {
                        "period": p.label, "seq": i.assignment.task.seq, "comment": i.comment})
            else:
                lines.append(_("- %(period)s（截止 %(due)s）：任务 %(seqs)s 待报送") % {
                    "period": p.label, "due": p.due_on.isoformat(), "seqs": seqs})
    lines.append(_("请登录法治政府建设督办平台处理。"))
    return title, "\n".join(lines)


# ---------------------------------------------------------------- channels


def http_post_json(url: str, payload: dict) -> dict:
    request = Request(url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                      headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310 - admin-configured robot URL
        body = response.read().decode("utf-8") or "{}"
    answer = json.loads(body)
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"robot answered {answer}")
    return answer


def dingtalk_signed_url(url: str, secret: str, *, timestamp_ms: int | None = None) -> str:
    """钉钉 “加签”: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64, url-encoded."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def dingtalk_payload(title: str, text: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def wecom_payload(text: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"content": text}}


def clerk_emails(unit) -> list[str]:
    users = get_user_model().objects.filter(profile__unit=unit, profile__role=Role.CLERK, is_active=True) \
        .exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def unit_channels(unit) -> list[tuple[str, object]]:
    """(ledger channel key, how to send) for each way to reach ``unit``.

    All email recipients (the unit's email channels and its clerks' addresses) share
    one message and one key, ``email``.
    """
    configured = list(UnitChannel.objects.filter(unit=unit, enabled=True).order_by("id"))
    emails = sorted({c.target for c in configured if c.kind == UnitChannel.Kind.EMAIL} | set(clerk_emails(unit)))
    channels: list[tuple[str, object]] = []
    if emails:
        channels.append(("email", ("email", emails)))
    for c in configured:
        if c.kind != UnitChannel.Kind.EMAIL:
            channels.append((f"{c.kind}:{c.pk}", (c.kind, c)))
    return channels


def send(how, title: str, text: str) -> None:
    kind, target = how
    if kind == "email":
        send_mail(title, text, None, target, fail_silently=False)
    elif kind == UnitChannel.Kind.DINGTALK:
        url = dingtalk_signed_url(target.target, target.secret) if target.secret else target.target
        http_post_json(url, dingtalk_payload(title, text))
    elif kind == UnitChannel.Kind.WECOM:
        http_post_json(target.target, wecom_payload(text))
    else:
        raise ValueError(f"unknown channel kind {kind}")


def _record(unit, keys: list[str], channel: str, *, ok: bool, error: str, body: str, by=None) -> None:
    for key in keys:
        row, _created = ReminderSent.objects.get_or_create(unit=unit, key=key, channel=channel)
        row.ok, row.error, row.body, row.by = ok, error[:2000], body, by
        row.attempts += 1
        row.save()


# ---------------------------------------------------------------- the runs


def reminders_run(*, today: date, calendar: WorkCalendar, dry_run: bool = False) -> list[Digest]:
    """Send every unit its digest of new items. Returns what was (or, dry, would be) sent."""
    owed = _owed_items(today, calendar)
    digests: list[Digest] = []
    for _unit_id, items in sorted(owed.items()):
        unit = items[0].assignment.unit
        keys = [i.key for i in items]
        for channel, how in unit_channels(unit):
            sent = set(ReminderSent.objects.filter(unit=unit, channel=channel, key__in=keys, ok=True)
                       .values_list("key", flat=True))
            new = [k for k in keys if k not in sent]
            if not new:
                continue
            title, text = render_digest(unit, items)
            digest = Digest(unit, items, channel, text, title, sent_keys=new)
            digests.append(digest)
            if dry_run:
                continue
            try:
                send(how, title, text)
                digest.ok = True
            except Exception as error:  # noqa: BLE001 - any failure is recorded and retried next run
                digest.ok, digest.error = False, f"{type(error).__name__}: {error}"
            with transaction.atomic():
                _record(unit, new, channel, ok=digest.ok, error=digest.error, body=text)
    return digests


def urge_unit(*, plan, unit, by, today: date | None = None, calendar: WorkCalendar) -> list[Digest]:
    """The office's one-click 催办: send the unit its overdue and returned items now, on every channel."""
    actor = actor_for(by)
    if not actor.may_act(plan.jurisdiction_id):
        raise PermissionDenied(actor.reason_cannot_act(plan.jurisdiction))
    today = today or timezone.localdate()
    key = f"urge:{plan.pk}:{today.isoformat()}"
    # One transaction holding the unit's row: a double click waits for the first 催办 to
    # finish and then finds it recorded, instead of sending twice.
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        if ReminderSent.objects.filter(unit=unit, key=key, ok=True).exists():
            raise ValidationError(
                _("今天已向%(unit)s催办过，每个单位每天最多催办一次，请明天再试") % {"unit": unit.name})
        channels = unit_channels(unit)
        if not channels:
            raise ValidationError(
                _("%(unit)s尚未设置提醒渠道（邮箱或机器人），请先在“提醒渠道”中添加") % {"unit": unit.name})
        items = [i for i in _owed_items(today, calendar, plan=plan, unit=unit).get(unit.pk, [])
                 if i.kind in ("overdue", "returned")]
        title, text = render_digest(unit, items, urge=True)
        digests = []
        for channel, how in channels:
            digest = Digest(unit, items, channel, text, title, sent_keys=[key])
            try:
                send(how, title, text)
                digest.ok = True
            except Exception as error:  # noqa: BLE001 - recorded; the office may try again
                digest.ok, digest.error = False, f"{type(error).__name__}: {error}"
            _record(unit, [key], channel, ok=digest.ok, error=digest.error, body=text, by=by)
            digests.append(digest)
        event_record(actor=by, action="unit.urge", target=unit, jurisdiction=plan.jurisdiction,
                     data={"plan": plan.pk, "channels": {d.channel: d.ok for d in digests},
                           "items": [i.key for i in items]})
    return digests


def last_urged(plan, unit):
    """When ``unit`` was last successfully 催办'd for ``plan`` (for the board), or None."""
    row = ReminderSent.objects.filter(Q(key__startswith=f"urge:{plan.pk}:"), unit=unit, ok=True) \
        .order_by("-sent_at").first()
    return row.sent_at if row else None
