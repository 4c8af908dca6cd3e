"""The office's 提醒渠道 and 站点地址 screens: channels added with clear Chinese refusals, a test
message sent at once (fake robots, Django's locmem mail), the site address stored and used."""

import json
import socket
from urllib.error import URLError

import pytest
from django.core import mail
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.notify.models import SiteAddress, UnitChannel
from fazhi.notify.site import site_url
from fazhi.notify.transports import base
from fazhi.tracking.reminders import site_link
from tests.factories import ClerkFactory, JurisdictionFactory, OfficeFactory, UnitFactory
from tests.notify.fakes import FakeResponse

DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789abcdef"
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"


@pytest.fixture
def office(client, personas):
    client.force_login(personas.office)
    return client


@pytest.fixture
def robot(monkeypatch):
    class Posts(list):
        answer = b'{"errcode": 0, "errmsg": "ok"}'

    posts = Posts()

    def fake_urlopen(request, timeout):
        posts.append((request.full_url, json.loads(request.data.decode("utf-8"))))
        return FakeResponse(posts.answer)

    monkeypatch.setattr(base, "urlopen", fake_urlopen)
    return posts


def add(client, unit, **data):
    return client.post(reverse("notify:unit_channels", args=[unit.pk]), {"secret": "", **data}, follow=True)


def test_the_office_adds_a_dingtalk_robot_and_the_test_message_arrives(office, personas, robot):
    page = add(office, personas.lead_unit, kind="dingtalk", target=DINGTALK, secret="SECabc").content.decode()
    assert "已为县司法局添加提醒渠道" in page
    channel = UnitChannel.objects.get(unit=personas.lead_unit)
    assert (channel.kind, channel.secret) == ("dingtalk", "SECabc")
    assert "abcdef0123456789abcdef" not in page  # the access token is not shown whole
    added = Event.objects.get(action="channel.add")
    assert added.data["target"] == "https://oapi.dingtalk.com/robot/send"  # nor kept in the audit log
    page = office.post(reverse("notify:channel_test", args=[channel.pk]), follow=True).content.decode()
    assert "测试消息已发到钉钉机器人，请到群里或邮箱确认收到" in page
    url, payload = robot[0]
    assert url.startswith(DINGTALK + "&timestamp=") and "sign=" in url
    assert "县司法局" in payload["markdown"]["title"]
    assert Event.objects.get(action="channel.test").data["ok"] is True


def test_a_robot_that_refuses_is_reported_in_chinese(office, personas, robot):
    robot.answer = b'{"errcode": 310000, "errmsg": "keywords not in content"}'
    channel = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    page = office.post(reverse("notify:channel_test", args=[channel.pk]), follow=True).content.decode()
    assert "测试消息未能发到企业微信机器人：机器人拒绝了消息" in page and "请检查 Webhook 地址、加签密钥和关键词设置" in page
    assert Event.objects.get(action="channel.test").data["ok"] is False


def test_a_robot_host_that_cannot_be_found_is_reported_in_words(office, personas, monkeypatch):
    def unreachable(request, timeout):
        raise URLError(socket.gaierror(-2, "Name or service not known"))

    monkeypatch.setattr(base, "urlopen", unreachable)
    channel = UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk", target=DINGTALK)
    page = office.post(reverse("notify:channel_test", args=[channel.pk]), follow=True).content.decode()
    assert "无法连接到对方服务器（域名无法解析，地址可能抄错，或本机不能访问外网）" in page
    assert "urlopen error" not in page and "Name or service" not in page


def test_an_email_channel_gets_its_test_message(office, personas):
    channel = UnitChannel.objects.create(unit=personas.lead_unit, kind="email", target="sifaju@example.gov.cn")
    office.post(reverse("notify:channel_test", args=[channel.pk]))
    assert [m.to for m in mail.outbox] == [["sifaju@example.gov.cn"]]
    assert mail.outbox[0].subject == "【测试】县司法局提醒渠道"
    page = office.get(reverse("notify:unit_channels", args=[personas.lead_unit.pk])).content.decode()
    assert 'id="mail-not-configured"' not in page


def test_without_a_mail_server_the_office_is_told_mail_is_not_really_sent(office, personas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # the default until configured
    channel = UnitChannel.objects.create(unit=personas.lead_unit, kind="email", target="sifaju@example.gov.cn")
    page = office.post(reverse("notify:channel_test", args=[channel.pk]), follow=True).content.decode()
    assert "本平台尚未配置邮件服务器，测试邮件没有真正发出" in page and "测试消息已发到" not in page
    assert 'id="mail-not-configured"' in page
    assert 'id="mail-not-configured"' in office.get(reverse("notify:channels")).content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "email", "target": "sifaju"}, "“sifaju”不是有效的邮箱地址，请写成如 sifaju@example.gov.cn"),
    ({"kind": "dingtalk", "target": "oapi.dingtalk.com/robot/send"},
     "机器人 Webhook 地址应为 https:// 开头的网址，请从群机器人的设置中复制"),
    ({"kind": "dingtalk", "target": DINGTALK, "secret": "abc"}, "钉钉机器人的加签密钥以 SEC 开头"),
    ({"kind": "wecom", "target": WECOM, "secret": "SECabc"}, "企业微信群机器人没有加签密钥，请留空"),
    ({"kind": "dingtalk", "target": WECOM}, "这是企业微信群机器人的地址，请把渠道选为“企业微信机器人”"),
    ({"kind": "wecom", "target": DINGTALK}, "这是钉钉群机器人的地址，请把渠道选为“钉钉机器人”"),
])
def test_a_bad_channel_is_refused_with_a_clear_message_and_the_input_kept(office, personas, data, message):
    response = add(office, personas.lead_unit, **data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page and data["target"] in page
    assert not UnitChannel.objects.exists()


def test_a_channel_is_paused_and_deleted(office, personas):
    channel = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    office.post(reverse("notify:channel_action", args=[channel.pk, "disable"]))
    channel.refresh_from_db()
    assert channel.enabled is False
    office.post(reverse("notify:channel_action", args=[channel.pk, "delete"]))
    assert not UnitChannel.objects.exists()
    assert [e.action for e in Event.objects.filter(action__startswith="channel.").order_by("pk")] == [
        "channel.disable", "channel.delete"]


def test_another_county_office_may_not_touch_the_channels(client, personas):
    channel = UnitChannel.objects.create(unit=personas.lead_unit, kind="wecom", target=WECOM)
    client.force_login(OfficeFactory(username="duji", jurisdiction=JurisdictionFactory(name="杜集区")))
    assert client.post(reverse("notify:channel_action", args=[channel.pk, "delete"])).status_code == 403
    assert client.get(reverse("notify:unit_channels", args=[personas.lead_unit.pk])).status_code == 403
    assert UnitChannel.objects.exists()


def test_the_site_address_is_stored_and_used_in_reminder_links(office, settings):
    settings.FAZHI_SITE_URL = "http://127.0.0.1:8000"
    assert site_link("/tracking/") == "http://127.0.0.1:8000/tracking/"
    page = office.post(reverse("notify:site"), {"url": " https://fazhi.suixi.gov.cn/ "}, follow=True).content.decode()
    assert "已保存站点地址：https://fazhi.suixi.gov.cn" in page
    assert site_url() == "https://fazhi.suixi.gov.cn"
    assert site_link("/tracking/") == "https://fazhi.suixi.gov.cn/tracking/"
    assert Event.objects.get(action="site.url_set").data == {"from": "", "to": "https://fazhi.suixi.gov.cn"}
    office.post(reverse("notify:site"), {"url": ""})
    assert site_url() == "http://127.0.0.1:8000"  # empty: back to the environment setting


@pytest.mark.parametrize("url", ["fazhi.suixi.gov.cn", "ftp://fazhi.suixi.gov.cn", "https://fazhi suixi.gov.cn",
                                 "https://fazhi.suixi.gov.cn/?x=1"])
def test_a_bad_site_address_is_refused(office, url):
    response = office.post(reverse("notify:site"), {"url": url})
    assert response.status_code == 400
    assert "站点地址应为 http:// 或 https:// 开头的网址" in response.content.decode()
    assert not SiteAddress.objects.exists()


def test_an_office_below_another_office_reads_the_site_address_only(client, personas):
    city = JurisdictionFactory(name="淮北市")
    OfficeFactory(username="huaibei_office", jurisdiction=city)
    client.force_login(OfficeFactory(username="xiangshan", jurisdiction=JurisdictionFactory(name="相山区", parent=city)))
    assert 'id="read-only"' in client.get(reverse("notify:site")).content.decode()
    assert client.post(reverse("notify:site"), {"url": "https://x.example.cn"}).status_code == 403


def test_the_channels_page_costs_the_same_for_many_units(office, personas, django_assert_max_num_queries):
    for n in range(30):
        unit = UnitFactory(jurisdiction=personas.jurisdiction, name=f"县第{n}局")
        ClerkFactory(username=f"clerk{n}", unit=unit, email=f"clerk{n}@example.gov.cn")
        UnitChannel.objects.create(unit=unit, kind="wecom", target=WECOM)
    with django_assert_max_num_queries(10):
        page = office.get(reverse("notify:channels")).content.decode()
    assert "clerk29@example.gov.cn" in page and "县第29局" in page


def test_a_channel_gets_a_new_address_and_secret(office, personas):
    channel = UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk", target=DINGTALK, secret="SECold")
    page = office.get(reverse("notify:channel_edit", args=[channel.pk])).content.decode()
    assert "SECold" not in page  # the secret is never shown
    new = "https://oapi.dingtalk.com/robot/send?access_token=new0123456789"
    office.post(reverse("notify:channel_edit", args=[channel.pk]), {"target": new, "secret": "SECnew"})
    channel.refresh_from_db()
    assert (channel.target, channel.secret) == (new, "SECnew")
    assert Event.objects.get(action="channel.update").data["signed"] is True
    response = office.post(reverse("notify:channel_edit", args=[channel.pk]), {"target": "not a url", "secret": ""})
    assert response.status_code == 400 and "机器人 Webhook 地址应为 https:// 开头的网址" in response.content.decode()
    channel.refresh_from_db()
    assert channel.target == new
