"""县领导周报: once a week each 县领导 account is told how the tasks he or she leads stand.

For every leader account (``Profile`` role leader with its ``leader`` seat) and every plan it
leads tasks in, the digest gives the figures of the leader's own page (“我牵头的任务”,
``fazhi.tracking.views.leader.led_tasks``, reused as it is so the two never disagree): the
count of red/yellow/green/blue/grey lights, the tasks that turned red since last week's
digest, the units 逾期未报 for the period last due, and the 存在问题 (需协调事项) of the 牵头单位's
latest consolidated reports. It goes out as an in-app notice (shown on the leader's 待办) and,
when the account has an e-mail address, as a plain-text e-mail ending with a link built from
``FAZHI_SITE_URL``.

``leader_digests_run`` is called by the hourly ``fazhi remind``. A week's digest goes out on
the first run on or after ``FAZHI_DIGEST_WEEKDAY`` (Monday by default), once per leader account
and ISO week: the ``LeaderDigest`` row, written in the transaction that creates the notice, is
the ledger. A leader who leads no task gets nothing. The e-mail is sent after commit; one that
failed, or was never sent (the process died after the commit), is tried again by the next runs of
the same week (at most ``MAX_EMAIL_ATTEMPTS`` times).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from fazhi.accounts.access import SYSTEM
from fazhi.accounts.models import Role
from fazhi.audit.services import event_record
from fazhi.notify.models import Notice
from fazhi.notify.services import notice_create
from fazhi.notify.transports.base import Message
from fazhi.notify.transports.email import EmailTransport
from fazhi.plans.access import plans_visible_to
from fazhi.plans.models import Responsibility
from fazhi.tracking.judgement import RED
from fazhi.tracking.models import LeaderDigest
from fazhi.tracking.reminders import SEND_GRACE, site_link

# The leader page's figures, reused so the digest and the page never disagree (the page's
# read functions live beside its view; they are plain functions of the plan and the leader).
from fazhi.tracking.views.leader import COLOUR_ORDER, colour_label, led_tasks

MAX_EMAIL_ATTEMPTS = 5
PROBLEM_CHARS = 200


@dataclass
class PlanWeek:
    """One plan's part of a leader's digest."""

    plan: object
    periods: list
    counts: list[tuple[str, int]]
    turned_red: list = field(default_factory=list)  # LedTask
    overdue_units: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # LedTask whose latest consolidated report names problems


@dataclass
class LeaderWeek:
    user: object
    leader: object
    week: str
    plans: list[PlanWeek]
    lights: dict[str, str]
    title: str = ""
    text: str = ""
    row: LeaderDigest | None = None


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def leader_accounts():
    """Active 县领导 accounts with a 牵头领导 seat."""
    return (get_user_model().objects.filter(is_active=True, profile__role=Role.LEADER,
                                             profile__leader__isnull=False)
            .select_related("profile__leader__jurisdiction").order_by("pk"))


def _led_sections(user, leader, day: date) -> list[dict]:
    """``led_tasks`` for every plan ``user`` may read in which ``leader`` leads a task, as on the page."""
    leads = Responsibility.objects.filter(task__plan=OuterRef("pk"), leader_id=leader.pk,
                                          role=Responsibility.Role.LEAD_LEADER)
    plans = plans_visible_to(user).filter(Exists(leads)).order_by("-imported_at", "pk")
    return [led_tasks(plan, leader, today=day) for plan in plans]


def _lights(sections: list[dict]) -> dict[str, str]:
    return {str(t.task.pk): t.light.colour for s in sections for t in s["tasks"]}


def leader_week_build(user, *, today: date) -> LeaderWeek | None:
    """The digest of ``user`` (a leader account) for the week of ``today``; None when the leader
    leads no task. “Turned red” compares with the lights of the leader's last digest or, before
    the first, with the lights as they were judged a week ago."""
    leader = user.profile.leader
    sections = _led_sections(user, leader, today)
    lights = _lights(sections)
    if not lights:
        return None
    last = LeaderDigest.objects.filter(user=user).exclude(week=iso_week(today)).order_by("-created_at").first()
    before = last.lights if last is not None else _lights(_led_sections(user, leader, today - timedelta(days=7)))
    plans = []
    for s in sections:
        if not s["tasks"]:
            continue
        plans.append(PlanWeek(
            plan=s["plan"], periods=s["periods"], counts=s["counts"], overdue_units=s["overdue_units"],
            turned_red=[t for t in s["tasks"] if t.light.colour == RED and before.get(str(t.task.pk)) != RED],
            problems=[t for t in s["tasks"] if t.report is not None and t.report.problems.strip()],
        ))
    week = LeaderWeek(user=user, leader=leader, week=iso_week(today), plans=plans, lights=lights)
    week.title, week.text = render_leader_digest(week, today=today)
    return week


def _period_kind(period) -> str:
    """月度调度 / 季度盘点 / 年度总结, the words the clerk's card uses."""
    return {"month": _("月度调度"), "quarter": _("季度盘点")}.get(period.kind, _("年度总结"))


def render_leader_digest(week: LeaderWeek, *, today: date) -> tuple[str, str]:
    """(title, plain text) of a leader's digest; the text ends with a link to 我牵头的任务 when
    ``FAZHI_SITE_URL`` is set."""
    year, number = week.week.split("-W")
    title = _("%(name)s同志牵头的法治政府建设任务周报（%(year)s年第%(week)s周）") % {
        "name": week.leader.name, "year": year, "week": int(number)}
    lines = [_("%(name)s同志：") % {"name": week.leader.name}, "",
             _("以下是您牵头的法治政府建设任务截至 %(day)s 的情况。") % {"day": today.isoformat()}, ""]
    for p in week.plans:
        lines.append(_("《%(plan)s》") % {"plan": p.plan.title})
        if p.periods:
            lines.append(_("最近截止的报送周期：%(periods)s（%(kind)s，报送截止 %(due)s）") % {
                "periods": "、".join(period.label for period in p.periods),
                "kind": "、".join(_period_kind(period) for period in p.periods),
                "due": p.periods[0].due_on.isoformat()})
        else:
            lines.append(_("尚无已过报送截止日的调度周期"))
        counts = _("，").join(_("%(colour)s %(n)s 项") % {"colour": colour_label(c), "n": n}
                             for c, n in p.counts if c in COLOUR_ORDER)
        lines.append(_("进展灯：%(counts)s") % {"counts": counts})
        if p.turned_red:
            lines.append(_("本周转为红灯（%(n)s 项）：") % {"n": len(p.turned_red)})
            for t in p.turned_red:
                lines.append(_("  任务 %(seq)s %(text)s（%(reason)s）") % {
                    "seq": t.task.seq, "text": Truncator(t.task.text).chars(40), "reason": t.light.reason})
        else:
            lines.append(_("本周没有转为红灯的任务"))
        if p.periods:
            units = "、".join(u.name for u in p.overdue_units) or _("无")
            lines.append(_("逾期未报的单位：%(units)s") % {"units": units})
        if p.problems:
            lines.append(_("存在问题和需协调事项（牵头单位最新汇总报告）："))
            for t in p.problems:
                r = t.report
                lines.append(_("  任务 %(seq)s（%(period)s，%(unit)s）：%(problems)s") % {
                    "seq": t.task.seq, "period": r.period.label, "unit": r.assignment.unit.name,
                    "problems": Truncator(" ".join(r.problems.split())).chars(PROBLEM_CHARS)})
        lines.append("")
    link = site_link(reverse("tracking:leader_home"))
    lines.append(_("详情请登录法治政府建设督办平台查看“我牵头的任务”：%(link)s") % {"link": link} if link
                 else _("详情请登录法治政府建设督办平台查看“我牵头的任务”。"))
    return title, "\n".join(lines)


def _email_after_commit(row: LeaderDigest, title: str) -> None:
    """Send ``row``'s e-mail once its transaction has committed, then record how it went."""

    def send() -> None:
        try:
            EmailTransport([row.email]).send(Message(title=title, text=row.body))
        except Exception as error:  # noqa: BLE001 - any failure is recorded and retried next run
            ok, message = False, f"{type(error).__name__}: {error}"[:2000]
        else:
            ok, message = True, ""
        with transaction.atomic():
            LeaderDigest.objects.filter(pk=row.pk).update(email_ok=ok, email_error=message,
                                                          attempts=F("attempts") + 1)
        row.email_ok, row.email_error = ok, message

    transaction.on_commit(send)


def leader_digest_send(*, user, today: date) -> LeaderWeek | None:
    """Deliver ``user``'s digest for the week of ``today`` unless it went out already or the
    leader leads nothing: the in-app notice, the ledger row and its audit event in one
    transaction, the e-mail after commit."""
    week_key = iso_week(today)
    with transaction.atomic():
        # Two overlapping runs (cron and a manual one) queue here instead of both sending.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if LeaderDigest.objects.filter(user=user, week=week_key).exists():
            return None
        week = leader_week_build(user, today=today)
        if week is None:
            return None
        notice = notice_create(kind=Notice.Kind.DIGEST, user=user, title=week.title, text=week.text,
                               link=reverse("tracking:leader_home"), by=SYSTEM)
        week.row = LeaderDigest.objects.create(user=user, week=week_key, notice=notice, lights=week.lights,
                                               body=week.text, email=user.email.strip())
        event_record(actor=SYSTEM, action="leader_digest.send", target=week.row,
                     jurisdiction=week.leader.jurisdiction,
                     data={"week": week_key, "notice": notice.pk, "email": bool(week.row.email),
                           "plans": [p.plan.pk for p in week.plans]})
        if week.row.email:
            _email_after_commit(week.row, week.title)
    return week


def leader_digests_run(*, today: date, dry_run: bool = False) -> list[LeaderWeek]:
    """Every leader's digest for this week when ``today`` is on or after the configured weekday
    (none when ``FAZHI_DIGEST_WEEKDAY`` is 0), and this week's failed e-mails again. Dry: what
    would go out, nothing written or sent."""
    weekday = settings.FAZHI_DIGEST_WEEKDAY
    if not weekday or today.isoweekday() < weekday:
        return []
    week_key = iso_week(today)
    sent: list[LeaderWeek] = []
    for user in leader_accounts():
        if dry_run:
            if not LeaderDigest.objects.filter(user=user, week=week_key).exists():
                week = leader_week_build(user, today=today)
                if week is not None:
                    sent.append(week)
            continue
        week = leader_digest_send(user=user, today=today)
        if week is not None:
            sent.append(week)
    if not dry_run:
        # Failed, or still pending long after its commit (the process died before sending).
        unsent = Q(email_ok=False) | Q(email_ok__isnull=True, created_at__lt=timezone.now() - SEND_GRACE)
        for row in LeaderDigest.objects.filter(unsent, week=week_key, attempts__lt=MAX_EMAIL_ATTEMPTS) \
                .exclude(email="").select_related("notice"):
            with transaction.atomic():
                _email_after_commit(row, row.notice.title if row.notice else _("法治政府建设任务周报"))
    return sent
