"""Reminders with a fake clock and mocked HTTP: one digest per unit, no repeats, retries, 催办,
and every send after the commit that decided it."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.audit.models import Event
from fazhi.lib.workdays import WorkCalendar
from fazhi.notify.models import Notice, UnitChannel
from fazhi.notify.transports import base as transport_base
from fazhi.tracking.models import ReminderSent
from fazhi.tracking.reminders import last_urged, reminders_run, urge_unit
from fazhi.tracking.services import cadence_update, progress_report_return
from tests.notify.fakes import FakeResponse
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking

D = date.fromisoformat
CAL = WorkCalendar()
WECOM = "https://qyapi.weixin.qq.com/x?key=1"


@pytest.fixture
def posted(monkeypatch):
    """Captured robot posts; set ``posted.fail = True`` to make them fail. ``posted.in_atomic``
    says, per post, whether it was made inside a transaction."""
    class Calls(list):
        fail = False
        in_atomic: list[bool]

    calls = Calls()
    calls.in_atomic = []

    def fake_urlopen(request, timeout):
        assert timeout == transport_base.HTTP_TIMEOUT
        calls.in_atomic.append(transaction.get_connection().in_atomic_block)
        if calls.fail:
            raise OSError("network unreachable")
        calls.append((request.full_url, json.loads(request.data.decode())))
        return FakeResponse(b'{"errcode": 0, "errmsg": "ok"}')

    monkeypatch.setattr(transport_base, "urlopen", fake_urlopen)
    return calls


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """``reminders_run`` on ``day``, then the sends it left for after the commit, as a real
    commit (which the test's rollback never reaches) would run them."""
    def run(day: str, **options):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_run(today=D(day), calendar=CAL, **options)
    return run


@pytest.fixture
def urge(django_capture_on_commit_callbacks, plan, personas):
    def urge(day: str, *, by=None, unit=None):
        with django_capture_on_commit_callbacks(execute=True):
            return urge_unit(plan=plan, unit=unit or personas.lead_unit, by=by or personas.office, today=D(day),
                             calendar=CAL)
    return urge


@pytest.fixture
def plan(personas):
    personas.lead_clerk.email = "sfj@suixi.gov.cn"
    personas.lead_clerk.save()
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("by", "2022-12-31", "")])
    add_task(plan, 2, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 9, 30))
    return plan


def test_one_digest_per_unit_and_nothing_twice(plan, personas, posted, run):
    wecom = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    first = run("2022-08-03")  # July due 8/5: due soon for both tasks
    assert [(d.unit.name, d.channel) for d in first] == [("县司法局", "email"), ("县司法局", f"wecom:{wecom.pk}")]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sfj@suixi.gov.cn"]
    body = mail.outbox[0].body
    assert f"《{plan.title}》2022年7月，截止 2022-08-05" in body and "  任务 1 " in body and "  任务 2 " in body
    assert "**" not in body and "###" not in body  # plain text, not Markdown
    assert len(posted) == 1 and posted[0][1]["msgtype"] == "markdown"
    assert "任务 1、2" in posted[0][1]["markdown"]["content"]
    assert run("2022-08-03") == []  # the hourly cron again
    assert run("2022-08-04") == []
    assert len(mail.outbox) == 1 and len(posted) == 1


def test_overdue_comes_back_weekly_until_submitted(plan, personas, run):
    assert len(run("2022-08-08")) == 1  # July overdue
    assert run("2022-08-09") == []  # same ISO week
    assert len(run("2022-08-15")) == 1  # next week
    a = assignment(plan.tasks.get(seq=1), personas.lead_unit)
    b = assignment(plan.tasks.get(seq=2), personas.lead_unit)
    for x in (a, b):
        report(personas, x, period(plan, "month", "2022-07-01"), submit_on="2022-08-16")
    assert run("2022-08-22") == []


def test_returned_report_is_reminded_once_per_return(plan, personas, run):
    a = assignment(plan.tasks.get(seq=1), personas.co_unit)
    personas.co_clerk.email = "czj@suixi.gov.cn"
    personas.co_clerk.save()
    r = report(personas, a, period(plan, "month", "2022-07-01"), submit_on="2022-08-01")
    progress_report_return(report=r, by=personas.office, comment="请补充佐证材料")
    digests = [d for d in run("2022-08-02") if d.unit == personas.co_unit]
    assert len(digests) == 1 and "请补充佐证材料" in digests[0].text
    again = [d for d in run("2022-08-02") if d.unit == personas.co_unit]
    assert again == []


def test_dry_run_sends_and_records_nothing(plan, personas, posted, django_capture_on_commit_callbacks):
    UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk", target="https://oapi.dingtalk.com/robot/send?access_token=t")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as sends:
        call_command("remind", "--dry-run", "--today", "2022-08-03", stdout=out)
    assert "将发送" in out.getvalue() and "县司法局" in out.getvalue()
    assert sends == [] and mail.outbox == [] and posted == [] and not ReminderSent.objects.exists()


def test_a_failed_send_is_recorded_and_retried_next_run(plan, personas, posted, run):
    wecom = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    channel = f"wecom:{wecom.pk}"
    posted.fail = True
    digests = run("2022-08-03")
    assert {d.channel: d.ok for d in digests} == {"email": True, channel: False}
    failed = ReminderSent.objects.filter(channel=channel, ok=False)
    assert failed.exists() and all(r.error == "OSError: network unreachable" for r in failed)
    posted.fail = False
    retry = run("2022-08-03")
    assert [(d.channel, d.ok) for d in retry] == [(channel, True)]
    assert {r.attempts for r in ReminderSent.objects.filter(channel=channel)} == {2}


def test_nothing_is_sent_before_the_commit_and_a_send_in_flight_is_not_repeated(
        plan, personas, posted, django_capture_on_commit_callbacks):
    UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    with django_capture_on_commit_callbacks() as sends:
        digests = reminders_run(today=D("2022-08-03"), calendar=CAL)
    assert len(sends) == 2 and mail.outbox == [] and posted == []
    assert [d.ok for d in digests] == [None, None]
    pending = ReminderSent.objects.filter(unit=personas.lead_unit)
    assert pending.count() == 4 and all(not r.ok and r.error == "" and r.attempts == 0 for r in pending)
    assert reminders_run(today=D("2022-08-03"), calendar=CAL) == []  # another run meanwhile waits for them
    for send in sends:
        send()
    assert [d.ok for d in digests] == [True, True] and len(mail.outbox) == 1 and len(posted) == 1
    assert all(r.ok and r.attempts == 1 for r in ReminderSent.objects.filter(unit=personas.lead_unit))


def test_rows_left_pending_by_a_dead_process_are_sent_by_a_later_run(plan, personas, run,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():  # the process dies after the commit, before sending
        reminders_run(today=D("2022-08-03"), calendar=CAL)
    ReminderSent.objects.update(sent_at=timezone.now() - timedelta(minutes=11))
    assert [(d.channel, d.ok, len(d.sent_keys)) for d in run("2022-08-03")] == [("email", True, 2)]
    assert len(mail.outbox) == 1


def test_dingtalk_digest_is_signed_and_titled(plan, personas, posted, run):
    UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk",
                               target="https://oapi.dingtalk.com/robot/send?access_token=t", secret="SEC0123456789")
    run("2022-08-03")
    sent_url, payload = posted[0]
    assert "&timestamp=" in sent_url and "&sign=" in sent_url
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"] == "县司法局法治政府建设任务提醒"
    assert payload["markdown"]["text"].startswith("### 县司法局法治政府建设任务提醒")


def test_urge_sends_at_once_but_only_once_a_day(plan, personas, posted, urge):
    UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    with pytest.raises(PermissionDenied):
        urge("2022-08-10", by=personas.co_clerk)
    digests = urge("2022-08-10")
    assert [(d.channel, d.ok) for d in digests] == [("app", True), ("email", True), (digests[2].channel, True)]
    assert "【催办】" in mail.outbox[0].subject and "已逾期" in mail.outbox[0].body
    with pytest.raises(ValidationError) as error:
        urge("2022-08-10")
    assert "今天已向县司法局催办过" in error.value.messages[0]
    assert len(urge("2022-08-11")) == 3


def test_a_second_click_while_the_first_is_sending_is_refused(plan, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sends:
        urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-10"), calendar=CAL)
    assert len(sends) == 1 and mail.outbox == []
    with pytest.raises(ValidationError) as error:
        urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-10"), calendar=CAL)
    assert "今天已向县司法局催办过" in error.value.messages[0]
    sends[0]()
    assert len(mail.outbox) == 1


def test_an_urge_whose_email_failed_reached_the_app_and_the_next_run_retries_the_email(
        plan, personas, urge, run, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("fazhi.notify.transports.email.send_mail", refuse)
    assert [(d.channel, d.ok) for d in urge("2022-08-10")] == [("app", True), ("email", False)]
    assert Notice.objects.filter(recipient_unit=personas.lead_unit, kind="urge").count() == 1
    with pytest.raises(ValidationError):
        urge("2022-08-10")
    monkeypatch.undo()
    assert [(d.channel, d.ok) for d in run("2022-08-10") if d.sent_keys[0].startswith("urge:")] == [("email", True)]
    row = ReminderSent.objects.get(unit=personas.lead_unit, key__startswith="urge:", channel="email")
    assert row.ok and row.attempts == 2 and row.by == personas.office


def test_urge_without_a_channel_leaves_an_in_app_notice(plan, personas, urge):
    digests = urge("2022-08-10", unit=personas.outsider_unit)
    assert [(d.channel, d.ok) for d in digests] == [("app", True)]
    notice = Notice.objects.get(recipient_unit=personas.outsider_unit)
    assert notice.kind == "urge" and notice.title.startswith("【催办】") and notice.read_at is None
    assert notice.link == reverse("tracking:my_home")
    assert last_urged(plan, personas.outsider_unit) is not None
    assert Event.objects.filter(action="unit.urge", data__notice=notice.pk).exists()
    with pytest.raises(ValidationError):
        urge("2022-08-10", unit=personas.outsider_unit)
    assert Notice.objects.filter(recipient_unit=personas.outsider_unit).count() == 1


def test_email_body_names_the_plan_and_links_to_the_site(plan, personas, urge, settings):
    settings.FAZHI_SITE_URL = "https://fazhi.suixi.gov.cn"
    urge("2022-08-10")
    body = mail.outbox[0].body
    assert f"《{plan.title}》2022年7月，截止" in body
    assert "https://fazhi.suixi.gov.cn/tracking/" in body


def test_without_a_site_url_the_email_has_no_link(plan, personas, urge, settings):
    settings.FAZHI_SITE_URL = ""
    urge("2022-08-10")
    assert "http" not in mail.outbox[0].body


def test_a_task_starting_later_owes_nothing_before_it_starts(personas, run):
    personas.lead_clerk.email = "sfj@suixi.gov.cn"
    personas.lead_clerk.save()
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, deadlines=[("from", "2022-10-01", "")])
    start_tracking(plan, personas, through=date(2022, 10, 31))
    assert run("2022-08-03") == []
    assert len(run("2022-11-03")) == 1  # October's report due 11/7


# ---------------------------------------------------------------- with real commits


@pytest.mark.django_db(transaction=True)
def test_urge_sends_after_its_transaction_has_committed(plan, personas, posted):
    UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    digests = urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-10"),
                        calendar=CAL)
    assert [d.ok for d in digests] == [True, True, True]
    assert posted.in_atomic == [False] and len(mail.outbox) == 1
    assert last_urged(plan, personas.lead_unit) is not None


@pytest.mark.django_db(transaction=True)
def test_a_failed_urge_is_committed_and_the_next_run_retries_it(plan, personas, posted):
    wecom = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    channel = f"wecom:{wecom.pk}"
    posted.fail = True
    digests = urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-10"),
                        calendar=CAL)
    assert {d.channel: d.ok for d in digests} == {"app": True, "email": True, channel: False}
    event = Event.objects.get(action="unit.urge")
    assert event.actor == personas.office and event.data["channels"] == ["email", channel]
    failed = ReminderSent.objects.get(channel=channel)
    assert not failed.ok and failed.error == "OSError: network unreachable" and failed.key == f"urge:{plan.pk}:2022-08-10"
    with pytest.raises(ValidationError):  # the email went out: today's 催办 is done, the robot is retried
        urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-10"), calendar=CAL)
    posted.fail = False
    retried = [d for d in reminders_run(today=D("2022-08-10"), calendar=CAL) if d.sent_keys == [failed.key]]
    assert [(d.channel, d.ok) for d in retried] == [(channel, True)]
    assert posted[-1][1]["markdown"]["content"] == failed.body and not any(posted.in_atomic)
    failed.refresh_from_db()
    assert failed.ok and failed.attempts == 2 and failed.by == personas.office
    assert not any(d.sent_keys == [failed.key] for d in reminders_run(today=D("2022-08-10"), calendar=CAL))


@pytest.mark.parametrize(("due_soon_workdays", "expected"), [(10, True), (2, True), (1, False)])
def test_due_soon_follows_the_plans_one_threshold(plan, personas, due_soon_workdays, expected):
    # July's 调度 is due on Friday 5 August 2022; on Wednesday 3 August two working days are left.
    cadence_update(plan=plan, by=personas.office, due_soon_workdays=due_soon_workdays)
    digests = reminders_run(today=D("2022-08-03"), calendar=CAL, dry_run=True)
    kinds = {item.kind for digest in digests for item in digest.items}
    assert ("due_soon" in kinds) is expected
