"""Each transport on its own, with the network mocked: what it sends, where, and that a failure raises."""

import base64
import hashlib
import hmac
import json
import urllib.parse

import pytest
from django.core import mail

from fazhi.notify.transports import base
from fazhi.notify.transports.base import Message
from fazhi.notify.transports.dingtalk import DingTalkTransport, dingtalk_signed_url
from fazhi.notify.transports.email import EmailTransport
from fazhi.notify.transports.wecom import WeComTransport
from tests.notify.fakes import FakeResponse

DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=t"
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
MESSAGE = Message(title="县司法局法治政府建设任务提醒", text="### 县司法局法治政府建设任务提醒\n**已逾期**")


@pytest.fixture
def robot(monkeypatch):
    """Captured posts as (url, payload); ``robot.answer`` is what the robot replies."""
    class Posts(list):
        answer = b'{"errcode": 0, "errmsg": "ok"}'

    posts = Posts()

    def fake_urlopen(request, timeout):
        assert timeout == base.HTTP_TIMEOUT
        assert request.get_header("Content-type") == "application/json; charset=utf-8"
        posts.append((request.full_url, json.loads(request.data.decode("utf-8"))))
        return FakeResponse(posts.answer)

    monkeypatch.setattr(base, "urlopen", fake_urlopen)
    return posts


def test_dingtalk_signature_is_hmac_sha256_of_timestamp_and_secret():
    secret = "SEC0123456789"
    url = dingtalk_signed_url(DINGTALK, secret, timestamp_ms=1660000000000)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    expected = base64.b64encode(hmac.new(secret.encode(), f"1660000000000\n{secret}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert query == {"access_token": ["t"], "timestamp": ["1660000000000"], "sign": [expected]}


def test_dingtalk_signature_starts_the_query_when_the_url_has_none():
    assert dingtalk_signed_url("https://robot.example/send", "s", timestamp_ms=1).startswith(
        "https://robot.example/send?timestamp=1&sign=")


def test_dingtalk_sends_a_signed_markdown_message(robot):
    DingTalkTransport(DINGTALK, secret="SEC0123456789").send(MESSAGE)
    [(url, payload)] = robot
    assert url.startswith(DINGTALK + "&timestamp=") and "&sign=" in url
    assert payload == {"msgtype": "markdown", "markdown": {"title": MESSAGE.title, "text": MESSAGE.text}}


def test_dingtalk_without_a_secret_posts_to_the_url_as_given(robot):
    DingTalkTransport(DINGTALK).send(MESSAGE)
    assert robot[0][0] == DINGTALK


def test_wecom_sends_the_text_as_markdown_content(robot):
    WeComTransport(WECOM).send(MESSAGE)
    assert robot == [(WECOM, {"msgtype": "markdown", "markdown": {"content": MESSAGE.text}})]


def test_a_robot_refusal_raises_with_its_answer(robot):
    robot.answer = b'{"errcode": 310000, "errmsg": "sign not match"}'
    with pytest.raises(RuntimeError, match="310000"):
        WeComTransport(WECOM).send(MESSAGE)


def test_a_network_failure_raises(monkeypatch):
    def unreachable(request, timeout):
        raise OSError("network unreachable")

    monkeypatch.setattr(base, "urlopen", unreachable)
    with pytest.raises(OSError):
        DingTalkTransport(DINGTALK).send(MESSAGE)


def test_email_is_one_message_to_all_recipients():
    EmailTransport(["a@suixi.gov.cn", "b@suixi.gov.cn"]).send(MESSAGE)
    [sent] = mail.outbox
    assert sent.subject == MESSAGE.title and sent.body == MESSAGE.text
    assert sent.to == ["a@suixi.gov.cn", "b@suixi.gov.cn"]


def test_a_link_ends_every_kind_of_message(robot):
    message = Message(title="县司法局法治政府建设任务提醒", text="**已逾期**", link="https://fazhi.example.cn/tracking/")
    EmailTransport(["a@suixi.gov.cn"]).send(message)
    DingTalkTransport(DINGTALK).send(message)
    WeComTransport(WECOM).send(message)
    assert mail.outbox[0].body == "**已逾期**\n\nhttps://fazhi.example.cn/tracking/"
    markdown = "**已逾期**\n\n[县司法局法治政府建设任务提醒](https://fazhi.example.cn/tracking/)"
    assert robot[0][1]["markdown"]["text"] == markdown and robot[1][1]["markdown"]["content"] == markdown
