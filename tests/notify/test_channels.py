"""Who to reach for a unit: its enabled channels and its active clerks' e-mail."""

from fazhi.accounts.models import Role
from fazhi.notify.channels import clerk_emails, unit_channels
from fazhi.notify.models import UnitChannel
from fazhi.notify.transports.dingtalk import DingTalkTransport
from fazhi.notify.transports.email import EmailTransport
from fazhi.notify.transports.wecom import WeComTransport
from tests.conftest import make_user


def test_clerks_with_an_address_are_reached_by_email_once_each(personas):
    personas.lead_clerk.email = "sfj@suixi.gov.cn"
    personas.lead_clerk.save()
    second = make_user("lead_clerk_2", role=Role.CLERK, jurisdiction=personas.jurisdiction, unit=personas.lead_unit)
    second.email, second.is_active = "old@suixi.gov.cn", False
    second.save()
    third = make_user("lead_clerk_3", role=Role.CLERK, jurisdiction=personas.jurisdiction, unit=personas.lead_unit)
    third.email = "sfj@suixi.gov.cn"
    third.save()
    personas.office.email = "office@suixi.gov.cn"
    personas.office.save()
    assert clerk_emails(personas.lead_unit) == ["sfj@suixi.gov.cn"]


def test_one_email_channel_for_all_addresses_then_each_enabled_robot(personas):
    personas.lead_clerk.email = "sfj@suixi.gov.cn"
    personas.lead_clerk.save()
    UnitChannel.objects.create(unit=personas.lead_unit, kind="email", target="bgs@suixi.gov.cn")
    wecom = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target="https://qyapi.weixin.qq.com/x")
    UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target="https://old.example/x", enabled=False)
    ding = UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk", target="https://oapi.dingtalk.com/r",
                                      secret="SEC1")
    UnitChannel.objects.create(unit=personas.co_unit, kind="email", target="czj@suixi.gov.cn")
    channels = unit_channels(personas.lead_unit)
    assert [key for key, _transport in channels] == ["email", f"wecom:{wecom.pk}", f"dingtalk:{ding.pk}"]
    email, robot_w, robot_d = (transport for _key, transport in channels)
    assert isinstance(email, EmailTransport) and email.recipients == ["bgs@suixi.gov.cn", "sfj@suixi.gov.cn"]
    assert isinstance(robot_w, WeComTransport) and robot_w.url == "https://qyapi.weixin.qq.com/x"
    assert isinstance(robot_d, DingTalkTransport)
    assert (robot_d.url, robot_d.secret) == ("https://oapi.dingtalk.com/r", "SEC1")


def test_a_unit_with_no_address_cannot_be_reached(personas):
    assert unit_channels(personas.outsider_unit) == []
