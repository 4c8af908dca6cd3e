"""县领导周报: what a leader's weekly digest says (the leader page's own figures), that it goes
out once per leader and ISO week from the configured weekday, as a notice and an e-mail, that
a leader who leads nothing gets nothing, and that a failed e-mail is tried again."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from fazhi.notify.models import Notice
from fazhi.tracking.judgement import RED
from fazhi.tracking.leader_digest import iso_week, leader_digests_run
from fazhi.tracking.models import LeaderDigest
from fazhi.tracking.views.leader import led_tasks
from tests.factories import LeaderFactory, LeaderUserFactory
from tests.tracking.test_leader_views import led  # noqa: F401 - the leader page's world, reused

SITE = "https://fazhi.example.gov.cn"


@pytest.fixture
def world(led, settings, personas):  # noqa: F811 - ``led`` is the imported fixture
    """The leader page's world; today is the digest's weekday, the leader has an e-mail address
    and links point at SITE."""
    settings.FAZHI_DIGEST_WEEKDAY = led.today.isoweekday()
    settings.FAZHI_SITE_URL = SITE
    personas.leader_user.email = "qiancheng@suixi.gov.cn"
    personas.leader_user.save(update_fields=["email"])
    return led


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(today, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return leader_digests_run(today=today, **kwargs)
    return go


def test_the_digest_gives_the_leader_pages_figures(personas, world, run):
    page = led_tasks(world.plan, personas.leader, today=world.today)
    weeks = run(world.today)
    assert [w.user for w in weeks] == [personas.leader_user]
    text = weeks[0].text
    assert f"《{world.plan.title}》" in text
    counts = dict(page["counts"])
    for colour, label in (("red", "红"), ("yellow", "黄"), ("green", "绿"), ("blue", "蓝"), ("grey", "灰")):
        assert f"{label} {counts[colour]} 项" in text
    overdue = "、".join(u.name for u in page["overdue_units"])
    assert overdue and f"逾期未报的单位：{overdue}" in text and "县财政局" in overdue
    assert f"{world.period.label}" in text and f"报送截止 {world.period.due_on.isoformat()}" in text
    assert "存在问题和需协调事项" in text and "执法记录仪配备不足" in text and "县司法局" in text
    assert "加强水行政执法" not in text  # 孙立's task
    assert text.rstrip().endswith(f"{SITE}{reverse('tracking:leader_home')}")
    year, week, _day = world.today.isocalendar()
    assert weeks[0].title == f"钱程同志牵头的法治政府建设任务周报（{year}年第{week}周）"
    assert "（月度调度，" in text


def test_it_goes_out_as_a_notice_and_a_plain_email_once_a_week(personas, world, run):
    run(world.today)
    run(world.today)  # the next hourly run of the same day
    notice = Notice.objects.get(kind=Notice.Kind.DIGEST)
    assert notice.recipient_user == personas.leader_user and notice.link == reverse("tracking:leader_home")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["qiancheng@suixi.gov.cn"] and message.subject == notice.title
    assert message.body.startswith(notice.text) and "<" not in message.body
    row = LeaderDigest.objects.get()
    assert row.week == iso_week(world.today) and row.email_ok is True and row.notice == notice
    assert row.lights == {str(t.task.pk): t.light.colour
                          for t in led_tasks(world.plan, personas.leader, today=world.today)["tasks"]}


def test_a_leader_without_an_address_gets_the_notice_only(personas, world, run):
    personas.leader_user.email = ""
    personas.leader_user.save(update_fields=["email"])
    run(world.today)
    assert Notice.objects.filter(kind=Notice.Kind.DIGEST, recipient_user=personas.leader_user).count() == 1
    assert mail.outbox == [] and LeaderDigest.objects.get().email_ok is None


def test_a_leader_who_leads_no_task_gets_nothing(personas, world, run):
    idle = LeaderUserFactory(leader=LeaderFactory(jurisdiction=personas.jurisdiction, name="王五"),
                             email="wangwu@suixi.gov.cn")
    weeks = run(world.today)
    assert idle not in [w.user for w in weeks]
    assert not Notice.objects.filter(recipient_user=idle).exists()
    assert [m.to for m in mail.outbox] == [["qiancheng@suixi.gov.cn"]]


def test_nothing_goes_out_before_the_weekday_or_when_turned_off(personas, world, run, settings):
    if world.today.isoweekday() < 7:
        settings.FAZHI_DIGEST_WEEKDAY = world.today.isoweekday() + 1
        assert run(world.today) == []
    settings.FAZHI_DIGEST_WEEKDAY = 0
    assert run(world.today) == []
    assert not LeaderDigest.objects.exists() and mail.outbox == []


def test_a_task_that_turned_red_since_last_weeks_digest_is_named(personas, world, run):
    tasks = led_tasks(world.plan, personas.leader, today=world.today)["tasks"]
    red = [t for t in tasks if t.light.colour == RED]
    assert red, "the world has a red task (task 2: due a month ago, never reported)"
    LeaderDigest.objects.create(user=personas.leader_user, week="2000-W01",
                                lights={str(t.task.pk): "green" for t in tasks})
    text = run(world.today)[0].text
    section = text.split("本周转为红灯", 1)[1].split("逾期未报的单位", 1)[0]
    assert f"（{len(red)} 项）" in section
    for t in red:
        assert f"任务 {t.task.seq} " in section and t.light.reason in section


def test_a_task_red_last_week_too_is_not_turned_red(personas, world, run):
    tasks = led_tasks(world.plan, personas.leader, today=world.today)["tasks"]
    LeaderDigest.objects.create(user=personas.leader_user, week="2000-W01",
                                lights={str(t.task.pk): t.light.colour for t in tasks})
    assert "本周没有转为红灯的任务" in run(world.today)[0].text


def test_a_failed_email_is_sent_again_by_the_next_run(personas, world, run):
    with mock.patch("fazhi.notify.transports.email.send_mail", side_effect=OSError("connection refused")):
        run(world.today)
    row = LeaderDigest.objects.get()
    assert row.email_ok is False and "connection refused" in row.email_error and mail.outbox == []
    run(world.today)
    row.refresh_from_db()
    assert row.email_ok is True and row.attempts == 2 and len(mail.outbox) == 1
    assert Notice.objects.filter(kind=Notice.Kind.DIGEST).count() == 1


def test_dry_run_writes_and_sends_nothing(personas, world, run):
    weeks = run(world.today, dry_run=True)
    assert [w.user for w in weeks] == [personas.leader_user] and "执法记录仪配备不足" in weeks[0].text
    assert not LeaderDigest.objects.exists() and not Notice.objects.exists() and mail.outbox == []


def test_fazhi_remind_sends_it(personas, world, django_capture_on_commit_callbacks):
    dry = StringIO()
    call_command("remind", "--today", world.today.isoformat(), "--dry-run", stdout=dry)
    assert "[将发送] 县领导周报 → 钱程" in dry.getvalue() and "执法记录仪配备不足" in dry.getvalue()
    assert not LeaderDigest.objects.exists()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", "--today", world.today.isoformat(), stdout=out)
    assert f"[已发送] 县领导周报 {iso_week(world.today)} → 钱程" in out.getvalue()
    assert LeaderDigest.objects.filter(user=personas.leader_user).count() == 1


def test_the_leaders_todo_shows_the_unread_digest(client, personas, world, run):
    run(world.today)
    client.force_login(personas.leader_user)
    body = client.get(reverse("web:todo")).content.decode()
    assert 'id="todo-digests"' in body and "执法记录仪配备不足" in body
    assert f'href="{reverse("tracking:leader_home")}"' in body



def test_an_email_left_pending_by_a_dead_process_is_sent_by_a_later_run(personas, world, run):
    leader_digests_run(today=world.today)  # no commit callbacks run: as if the process died
    row = LeaderDigest.objects.get()
    assert row.email_ok is None and mail.outbox == []
    run(world.today)
    assert mail.outbox == []  # too recent: perhaps still being sent
    LeaderDigest.objects.filter(pk=row.pk).update(created_at=row.created_at - timedelta(minutes=11))
    run(world.today)
    row.refresh_from_db()
    assert row.email_ok is True and len(mail.outbox) == 1
