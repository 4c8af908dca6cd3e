"""Reminders with a fake clock and mocked HTTP: one digest per unit, no repeats, retries, 催办."""

import base64
import hashlib
import hmac
import io
import json
import urllib.parse
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from fazhi.lib.workdays import WorkCalendar
from fazhi.tracking import reminders
from fazhi.tracking.models import ReminderSent, UnitChannel
from fazhi.tracking.reminders import dingtalk_signed_url, reminders_run, urge_unit
from fazhi.tracking.services import progress_report_return
from tests.factories import (
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    assignment_of,
    period_of,
    tracking_started,
)

D = date.fromisoformat
CAL = WorkCalendar()


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def posted(monkeypatch):
    """Captured robot posts; set ``posted.fail = True`` to make them fail."""
    class Calls(list):
        fail = False

    calls = Calls()

    def fake_urlopen(request, timeout):
        assert timeout == reminders.HTTP_TIMEOUT
        if calls.fail:
            raise OSError("network unreachable")
        calls.append((request.full_url, json.loads(request.data.decode())))
        return FakeResponse(b'{"errcode": 0, "errmsg": "ok"}')

    monkeypatch.setattr(reminders, "urlopen", fake_urlopen)
    return calls


@pytest.fixture
def plan(personas):
    personas.lead_clerk.email = "sfj@suixi.gov.cn"
    personas.lead_clerk.save()
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], co_units=[personas.co_unit],
                due_by="2022-12-31")
    TaskFactory(plan=plan, seq=2, lead_units=[personas.lead_unit], ongoing=True)
    tracking_started(plan, through=date(2022, 9, 30))
    return plan


def test_one_digest_per_unit_and_nothing_twice(plan, personas, posted):
    wecom = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target="https://qyapi.weixin.qq.com/x?key=1")
    first = reminders_run(today=D("2022-08-03"), calendar=CAL)  # July due 8/5: due soon for both tasks
    assert [(d.unit.name, d.channel) for d in first] == [("县司法局", "email"), ("县司法局", f"wecom:{wecom.pk}")]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sfj@suixi.gov.cn"]
    assert "2022年7月（截止 2022-08-05）：任务 1、2 待报送" in mail.outbox[0].body
    assert len(posted) == 1 and posted[0][1]["msgtype"] == "markdown"
    assert "任务 1、2" in posted[0][1]["markdown"]["content"]
    assert reminders_run(today=D("2022-08-03"), calendar=CAL) == []  # the hourly cron again
    assert reminders_run(today=D("2022-08-04"), calendar=CAL) == []
    assert len(mail.outbox) == 1 and len(posted) == 1


def test_overdue_comes_back_weekly_until_submitted(plan, personas):
    assert len(reminders_run(today=D("2022-08-08"), calendar=CAL)) == 1  # July overdue
    assert reminders_run(today=D("2022-08-09"), calendar=CAL) == []  # same ISO week
    assert len(reminders_run(today=D("2022-08-15"), calendar=CAL)) == 1  # next week
    a = assignment_of(plan.tasks.get(seq=1), personas.lead_unit)
    b = assignment_of(plan.tasks.get(seq=2), personas.lead_unit)
    for x in (a, b):
        ProgressReportFactory(assignment=x, period=period_of(plan, "month", "2022-07-01"),
                              submit_on="2022-08-16")
    assert reminders_run(today=D("2022-08-22"), calendar=CAL) == []


def test_returned_report_is_reminded_once_per_return(plan, personas):
    a = assignment_of(plan.tasks.get(seq=1), personas.co_unit)
    personas.co_clerk.email = "czj@suixi.gov.cn"
    personas.co_clerk.save()
    r = ProgressReportFactory(assignment=a, period=period_of(plan, "month", "2022-07-01"),
                              submit_on="2022-08-01")
    progress_report_return(report=r, by=personas.office, comment="请补充佐证材料")
    digests = [d for d in reminders_run(today=D("2022-08-02"), calendar=CAL) if d.unit == personas.co_unit]
    assert len(digests) == 1 and "请补充佐证材料" in digests[0].text
    again = [d for d in reminders_run(today=D("2022-08-02"), calendar=CAL) if d.unit == personas.co_unit]
    assert again == []


def test_dry_run_sends_and_records_nothing(plan, personas, posted):
    UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk", target="https://oapi.dingtalk.com/robot/send?access_token=t")
    out = io.StringIO()
    call_command("remind", "--dry-run", "--today", "2022-08-03", stdout=out)
    assert "将发送" in out.getvalue() and "县司法局" in out.getvalue()
    assert mail.outbox == [] and posted == [] and not ReminderSent.objects.exists()


def test_a_failed_send_is_recorded_and_retried_next_run(plan, personas, posted):
    wecom = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom",
                                       target="https://qyapi.weixin.qq.com/x?key=1")
    channel = f"wecom:{wecom.pk}"
    posted.fail = True
    digests = reminders_run(today=D("2022-08-03"), calendar=CAL)
    assert {d.channel: d.ok for d in digests} == {"email": True, channel: False}
    assert ReminderSent.objects.filter(channel=channel, ok=False).exists()
    posted.fail = False
    retry = reminders_run(today=D("2022-08-03"), calendar=CAL)
    assert [(d.channel, d.ok) for d in retry] == [(channel, True)]
    assert {r.attempts for r in ReminderSent.objects.filter(channel=channel)} == {2}


def test_dingtalk_signature_and_payload(plan, personas, posted):
    secret = "SEC0123456789"
    url = dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", secret,
                              timestamp_ms=1660000000000)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    expected = base64.b64encode(hmac.new(secret.encode(), f"1660000000000\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert query["timestamp"] == ["1660000000000"] and query["sign"] == [expected]
    assert query["access_token"] == ["t"]
    UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk",
                               target="https://oapi.dingtalk.com/robot/send?access_token=t", secret=secret)
    reminders_run(today=D("2022-08-03"), calendar=CAL)
    sent_url, payload = posted[0]
    assert "&timestamp=" in sent_url and "&sign=" in sent_url
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"] == "县司法局法治政府建设任务提醒"
    assert payload["markdown"]["text"].startswith("### 县司法局法治政府建设任务提醒")


def test_urge_sends_at_once_but_only_once_a_day(plan, personas, posted):
    UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target="https://qyapi.weixin.qq.com/x?key=1")
    with pytest.raises(PermissionDenied):
        urge_unit(plan=plan, unit=personas.lead_unit, by=personas.co_clerk, today=D("2022-08-10"), calendar=CAL)
    digests = urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-10"),
                        calendar=CAL)
    assert [d.ok for d in digests] == [True, True]
    assert "【催办】" in mail.outbox[0].subject and "已逾期" in mail.outbox[0].body
    with pytest.raises(ValidationError) as error:
        urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-10"), calendar=CAL)
    assert "今天已向县司法局催办过" in error.value.messages[0]
    assert len(urge_unit(plan=plan, unit=personas.lead_unit, by=personas.office, today=D("2022-08-11"),
                         calendar=CAL)) == 2


def test_urge_needs_a_channel(plan, personas):
    with pytest.raises(ValidationError) as error:
        urge_unit(plan=plan, unit=personas.outsider_unit, by=personas.office, today=D("2022-08-10"), calendar=CAL)
    assert "尚未设置提醒渠道" in error.value.messages[0]


def test_a_task_starting_later_owes_nothing_before_it_starts(personas):
    personas.lead_clerk.email = "sfj@suixi.gov.cn"
    personas.lead_clerk.save()
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    TaskFactory(plan=plan, seq=1, lead_units=[personas.lead_unit], starts_on="2022-10-01")
    tracking_started(plan, through=date(2022, 10, 31))
    assert reminders_run(today=D("2022-08-03"), calendar=CAL) == []
    assert len(reminders_run(today=D("2022-11-03"), calendar=CAL)) == 1  # October's report due 11/7
