"""Who to reach for a unit, and how."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from fazhi.accounts.models import Role
from fazhi.notify.models import UnitChannel
from fazhi.notify.transports.base import Transport
from fazhi.notify.transports.dingtalk import DingTalkTransport
from fazhi.notify.transports.email import EmailTransport
from fazhi.notify.transports.wecom import WeComTransport


def clerk_emails(unit) -> list[str]:
    users = get_user_model().objects.filter(profile__unit=unit, profile__role=Role.CLERK, is_active=True) \
        .exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def clerk_emails_by_unit(units) -> dict[int, list[str]]:
    """``clerk_emails`` of many units in one query: unit id → sorted addresses."""
    rows = get_user_model().objects.filter(profile__unit__in=units, profile__role=Role.CLERK, is_active=True) \
        .exclude(email="").values_list("profile__unit_id", "email")
    emails: dict[int, set[str]] = {}
    for unit_id, email in rows:
        emails.setdefault(unit_id, set()).add(email)
    return {unit_id: sorted(found) for unit_id, found in emails.items()}


def robot_transport(channel: UnitChannel) -> Transport:
    if channel.kind == UnitChannel.Kind.DINGTALK:
        return DingTalkTransport(channel.target, secret=channel.secret)
    if channel.kind == UnitChannel.Kind.WECOM:
        return WeComTransport(channel.target)
    raise ValueError(f"no robot transport for channel kind {channel.kind!r}")


def unit_channels(unit) -> list[tuple[str, Transport]]:
    """(channel key, transport) for each way to reach ``unit``, in a stable order.

    All email recipients (the unit's email channels and its clerks' addresses) share one
    message and one key, ``email``; each robot is ``{kind}:{channel id}``. Callers keep
    ledgers by these keys, so they must not change.
    """
    configured = list(UnitChannel.objects.filter(unit=unit, enabled=True).order_by("id"))
    emails = sorted({c.target for c in configured if c.kind == UnitChannel.Kind.EMAIL} | set(clerk_emails(unit)))
    channels: list[tuple[str, Transport]] = []
    if emails:
        channels.append(("email", EmailTransport(emails)))
    for c in configured:
        if c.kind != UnitChannel.Kind.EMAIL:
            channels.append((f"{c.kind}:{c.pk}", robot_transport(c)))
    return channels
