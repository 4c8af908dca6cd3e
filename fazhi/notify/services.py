"""Writing in-app notices: one function per use case."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for, require_installation_keeper, require_office
from fazhi.audit.services import event_record
from fazhi.notify.channels import robot_transport
from fazhi.notify.models import Notice, SiteAddress, UnitChannel
from fazhi.notify.site import site_url_clean
from fazhi.notify.transports.base import Message
from fazhi.notify.transports.email import EmailTransport

# The public robot hosts, to catch one kind's address pasted under the other (a private 政务钉钉
# deployment has its own host, so any other address is accepted as given).
DINGTALK_HOST, WECOM_HOST = "oapi.dingtalk.com", "qyapi.weixin.qq.com"


def notices_for(user) -> QuerySet[Notice]:
    """The notices ``user`` may read: their own, and their unit's if they are its clerk."""
    actor = actor_for(user)
    condition = Q(recipient_user_id=getattr(user, "pk", None))
    if actor.is_clerk:
        condition |= Q(recipient_unit_id=actor.unit_id)
    return Notice.objects.filter(condition)


@transaction.atomic
def notice_create(*, kind: str, title: str, text: str = "", link: str = "", unit=None, user=None, by) -> Notice:
    """A notice to ``unit`` (all its clerks) or to ``user``; exactly one of them."""
    if (unit is None) == (user is None):
        raise ValueError("a notice goes to exactly one unit or one user")
    notice = Notice.objects.create(kind=kind, title=title[:200], text=text, link=link[:500], recipient_unit=unit,
                                   recipient_user=user)
    event_record(actor=by, action="notice.create", target=notice,
                 jurisdiction=unit.jurisdiction if unit is not None else None,
                 data={"kind": kind, "unit": getattr(unit, "pk", None), "user": getattr(user, "pk", None)})
    return notice


@transaction.atomic
def notice_mark_read(*, notice: Notice, by) -> Notice:
    """Mark ``notice`` read by ``by``, who must be a recipient; reading it again changes nothing."""
    if not notices_for(by).filter(pk=notice.pk).exists():
        raise PermissionDenied(_("这条通知不是发给您的"))
    if notice.read_at is None:
        notice.read_at, notice.read_by = timezone.now(), by
        notice.save(update_fields=["read_at", "read_by"])
        event_record(actor=by, action="notice.read", target=notice,
                     jurisdiction=notice.recipient_unit.jurisdiction if notice.recipient_unit_id else None)
    return notice


# ---------------------------------------------------------------- reminder channels and the site address


def _channel_clean(kind: str, target: str, secret: str) -> tuple[str, str]:
    """(target, secret) trimmed and checked for ``kind``; raises ``ValidationError`` keyed by field."""
    target, secret = (target or "").strip(), (secret or "").strip()
    if kind not in UnitChannel.Kind.values:
        raise ValidationError({"kind": _("请选择渠道：电子邮件、钉钉机器人或企业微信机器人")})
    if not target:
        raise ValidationError({"target": _("请填写邮箱地址或机器人 Webhook 地址")})
    if kind == UnitChannel.Kind.EMAIL:
        try:
            validate_email(target)
        except ValidationError:
            raise ValidationError({"target": _("“%(target)s”不是有效的邮箱地址，请写成如 sifaju@example.gov.cn")
                                   % {"target": target[:100]}}) from None
        if secret:
            raise ValidationError({"secret": _("电子邮件没有加签密钥，请留空")})
        return target, ""
    try:
        URLValidator(schemes=["https"])(target)
    except ValidationError:
        raise ValidationError({"target": _("机器人 Webhook 地址应为 https:// 开头的网址，请从群机器人的设置中复制")}) from None
    host = (urlsplit(target).hostname or "").lower()
    if kind == UnitChannel.Kind.DINGTALK and host == WECOM_HOST:
        raise ValidationError({"kind": _("这是企业微信群机器人的地址，请把渠道选为“企业微信机器人”")})
    if kind == UnitChannel.Kind.WECOM and host == DINGTALK_HOST:
        raise ValidationError({"kind": _("这是钉钉群机器人的地址，请把渠道选为“钉钉机器人”")})
    if kind == UnitChannel.Kind.WECOM and secret:
        raise ValidationError({"secret": _("企业微信群机器人没有加签密钥，请留空")})
    if kind == UnitChannel.Kind.DINGTALK and secret and not secret.startswith("SEC"):
        raise ValidationError({"secret": _("钉钉机器人的加签密钥以 SEC 开头，请从机器人“安全设置”中复制")})
    return target, secret


@transaction.atomic
def unit_channel_add(*, unit, kind: str, target: str, secret: str = "", by) -> UnitChannel:
    """A new way to reach ``unit``: an e-mail address, a 钉钉 or 企业微信 group robot."""
    require_office(by, jurisdiction=unit.jurisdiction)
    target, secret = _channel_clean(kind, target, secret)
    if UnitChannel.objects.filter(unit=unit, kind=kind, target=target).exists():
        raise ValidationError({"target": _("该单位已有这个地址")})
    channel = UnitChannel.objects.create(unit=unit, kind=kind, target=target, secret=secret)
    event_record(actor=by, action="channel.add", target=channel, jurisdiction=unit.jurisdiction,
                 data={"unit": unit.pk, "kind": kind, "target": _masked(channel), "signed": bool(secret)})
    return channel


@transaction.atomic
def unit_channel_update(*, channel: UnitChannel, target: str, secret: str = "", by) -> UnitChannel:
    """A new address or signing secret for ``channel`` (a robot re-created, a secret rotated); its kind stays."""
    require_office(by, jurisdiction=channel.unit.jurisdiction)
    target, secret = _channel_clean(channel.kind, target, secret)
    if UnitChannel.objects.filter(unit=channel.unit, kind=channel.kind, target=target).exclude(pk=channel.pk).exists():
        raise ValidationError({"target": _("该单位已有这个地址")})
    before = _masked(channel)
    channel.target, channel.secret = target, secret
    channel.save(update_fields=["target", "secret"])
    event_record(actor=by, action="channel.update", target=channel, jurisdiction=channel.unit.jurisdiction,
                 data={"unit": channel.unit_id, "kind": channel.kind, "from": before, "to": _masked(channel),
                       "signed": bool(secret)})
    return channel


@transaction.atomic
def unit_channel_enable(*, channel: UnitChannel, enabled: bool, by) -> UnitChannel:
    """Pause a channel (reminders skip it) or resume it."""
    require_office(by, jurisdiction=channel.unit.jurisdiction)
    if channel.enabled != enabled:
        channel.enabled = enabled
        channel.save(update_fields=["enabled"])
        event_record(actor=by, action="channel.enable" if enabled else "channel.disable", target=channel,
                     jurisdiction=channel.unit.jurisdiction, data={"unit": channel.unit_id, "kind": channel.kind})
    return channel


@transaction.atomic
def unit_channel_delete(*, channel: UnitChannel, by) -> None:
    require_office(by, jurisdiction=channel.unit.jurisdiction)
    event_record(actor=by, action="channel.delete", target=channel, jurisdiction=channel.unit.jurisdiction,
                 data={"unit": channel.unit_id, "kind": channel.kind, "target": _masked(channel)})
    channel.delete()


def _masked(channel: UnitChannel) -> str:
    """What the audit log keeps of a target: a robot URL carries its access token, so only the host."""
    if channel.kind == UnitChannel.Kind.EMAIL:
        return channel.target
    return channel.target.split("?")[0]


def unit_channel_test(*, channel: UnitChannel, by) -> str:
    """Send a test message through ``channel`` now; returns "" on success, else what went wrong in
    Chinese. The attempt is recorded either way (outside any transaction: nothing else changes)."""
    require_office(by, jurisdiction=channel.unit.jurisdiction)
    transport = (EmailTransport([channel.target]) if channel.kind == UnitChannel.Kind.EMAIL
                 else robot_transport(channel))
    message = Message(title=_("【测试】%(unit)s提醒渠道") % {"unit": channel.unit.name},
                      text=_("这是法治政府建设督办平台发出的测试消息：%(unit)s今后的报送提醒和催办会发到这里。")
                      % {"unit": channel.unit.name})
    error = ""
    try:
        transport.send(message)
    except Exception as failure:  # noqa: BLE001 - every failure is reported to the office, in words
        error = _channel_error(failure)
    event_record(actor=by, action="channel.test", target=channel, jurisdiction=channel.unit.jurisdiction,
                 data={"unit": channel.unit_id, "kind": channel.kind, "ok": not error, "error": error})
    return error


def _channel_error(failure: Exception) -> str:
    text = str(failure)[:300]
    if "errcode" in text:
        return _("机器人拒绝了消息（%(answer)s），请检查 Webhook 地址、加签密钥和关键词设置") % {"answer": text}
    if isinstance(failure, (OSError, TimeoutError)):
        return _("无法连接到对方服务器（%(reason)s），请检查地址和本机网络") % {"reason": _network_reason(failure) or text}
    return _("发送失败：%(reason)s") % {"reason": text}


@transaction.atomic
def site_url_set(*, url: str, by) -> SiteAddress:
    """Store the platform's address (empty: fall back to ``FAZHI_SITE_URL``). The address is the
    installation's, so only its keeper (top office or administrator) sets it."""
    require_installation_keeper(by, refusal=_("站点地址由全系统共用，请由最上级辖区的依法治办或系统管理员设置"))
    url = site_url_clean(url)
    entry = SiteAddress.objects.filter(pk=1).first() or SiteAddress(pk=1)
    before = entry.url
    entry.url = url
    entry.save()
    event_record(actor=by, action="site.url_set", target=entry, data={"from": before, "to": url})
    return entry


def _network_reason(failure: OSError) -> str:
    """The common network failures in words ("" for others): urllib wraps the socket's error."""
    cause = getattr(failure, "reason", failure)
    if isinstance(cause, socket.gaierror):
        return _("域名无法解析，地址可能抄错，或本机不能访问外网")
    if isinstance(cause, TimeoutError | socket.timeout):
        return _("连接超时")
    if isinstance(cause, ConnectionRefusedError):
        return _("对方拒绝连接")
    return ""
