"""The office's settings of how units are reached: 提醒渠道 per unit (with a test message sent at
once) and the 站点地址 that e-mails and robot messages link to."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.accounts.access import is_installation_keeper, require_installation_keeper, require_office
from fazhi.notify.channels import clerk_emails, clerk_emails_by_unit
from fazhi.notify.models import SiteAddress, UnitChannel
from fazhi.notify.services import (
    site_url_set,
    unit_channel_add,
    unit_channel_delete,
    unit_channel_enable,
    unit_channel_test,
    unit_channel_update,
)
from fazhi.notify.site import site_url
from fazhi.notify.transports.email import mail_delivered
from fazhi.orgs.access import get_directory_for_user
from fazhi.orgs.models import Unit


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("渠道"), choices=UnitChannel.Kind.choices)
    target = forms.CharField(label=gettext_lazy("邮箱或 Webhook 地址"), max_length=500,
                             widget=forms.TextInput(attrs={"size": 60}))
    secret = forms.CharField(label=gettext_lazy("加签密钥（仅钉钉，可不填）"), max_length=200, required=False)


class SiteForm(forms.Form):
    url = forms.CharField(label=gettext_lazy("站点地址"), max_length=200, required=False,
                          widget=forms.TextInput(attrs={"size": 50, "placeholder": "https://fazhi.example.gov.cn"}))


def _display_target(channel: UnitChannel) -> str:
    """A robot URL carries its access token: show the host and the token's first characters only."""
    if channel.kind == UnitChannel.Kind.EMAIL:
        return channel.target
    base, _sep, query = channel.target.partition("?")
    return f"{base}?{query[:18]}…" if query else base


@login_required
def channels(request):
    _actor, jurisdiction = get_directory_for_user(request.user, request.GET.get("jurisdiction"), write=True)
    units = list(Unit.objects.filter(jurisdiction=jurisdiction, is_active=True).prefetch_related("channels"))
    emails = clerk_emails_by_unit(units)
    rows = [{"unit": u, "channels": list(u.channels.all()), "clerk_emails": emails.get(u.pk, [])} for u in units]
    return render(request, "notify/channels.html", {"jurisdiction": jurisdiction, "rows": rows,
                                                     "mail_delivered": mail_delivered()})


def _unit_for(request, unit_pk) -> Unit:
    unit = get_object_or_404(Unit.objects.select_related("jurisdiction"), pk=unit_pk)
    get_directory_for_user(request.user, unit.jurisdiction_id, write=True)
    return unit


@login_required
def unit_channels(request, unit_pk):
    unit = _unit_for(request, unit_pk)
    form, status = ChannelForm(), 200
    if request.method == "POST":
        form = ChannelForm(request.POST)
        if form.is_valid():
            try:
                unit_channel_add(unit=unit, by=request.user, **form.cleaned_data)
            except ValidationError as refused:
                for field, errors in refused.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已为%(unit)s添加提醒渠道，建议点“发送测试消息”确认能收到") % {"unit": unit.name})
                return redirect("notify:unit_channels", unit_pk=unit.pk)
        status = 400
    rows = [{"channel": c, "target": _display_target(c)} for c in unit.channels.all()]
    return render(request, "notify/unit_channels.html", {
        "unit": unit, "rows": rows, "form": form, "clerk_emails": clerk_emails(unit),
        "mail_delivered": mail_delivered(),
    }, status=status)


def _channel_for(request, pk) -> UnitChannel:
    channel = get_object_or_404(UnitChannel.objects.select_related("unit__jurisdiction"), pk=pk)
    get_directory_for_user(request.user, channel.unit.jurisdiction_id, write=True)
    return channel


class ChannelEditForm(forms.Form):
    target = ChannelForm.base_fields["target"]
    secret = ChannelForm.base_fields["secret"]


@login_required
def channel_edit(request, pk):
    """A new address or secret for one channel; the secret is never shown, so it is entered again."""
    channel = _channel_for(request, pk)
    form, status = ChannelEditForm(initial={"target": channel.target}), 200
    if request.method == "POST":
        form = ChannelEditForm(request.POST)
        if form.is_valid():
            try:
                unit_channel_update(channel=channel, by=request.user, **form.cleaned_data)
            except ValidationError as refused:
                for field, errors in refused.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已修改该提醒渠道，建议点“发送测试消息”确认能收到"))
                return redirect("notify:unit_channels", unit_pk=channel.unit_id)
        status = 400
    return render(request, "notify/channel_edit.html", {"channel": channel, "form": form}, status=status)


@login_required
@require_POST
def channel_test(request, pk):
    channel = _channel_for(request, pk)
    error = unit_channel_test(channel=channel, by=request.user)
    if not error and channel.kind == UnitChannel.Kind.EMAIL and not mail_delivered():
        messages.warning(request, _("本平台尚未配置邮件服务器，测试邮件没有真正发出（只写入了服务器日志）。"
                                    "请系统管理员设置 FAZHI_EMAIL_BACKEND 和 EMAIL_HOST 等（见 README）"))
    elif error:
        messages.error(request, _("测试消息未能发到%(kind)s：%(error)s") % {"kind": channel.get_kind_display(), "error": error})
    else:
        messages.success(request, _("测试消息已发到%(kind)s，请到群里或邮箱确认收到") % {"kind": channel.get_kind_display()})
    return redirect("notify:unit_channels", unit_pk=channel.unit_id)


@login_required
@require_POST
def channel_action(request, pk, action):
    channel = _channel_for(request, pk)
    if action == "delete":
        unit_channel_delete(channel=channel, by=request.user)
        messages.success(request, _("已删除该提醒渠道"))
    elif action in ("enable", "disable"):
        unit_channel_enable(channel=channel, enabled=action == "enable", by=request.user)
        messages.success(request, _("已启用该提醒渠道") if action == "enable" else _("已停用该提醒渠道，提醒不再发到这里"))
    else:
        raise Http404(_("没有这项操作"))
    return redirect("notify:unit_channels", unit_pk=channel.unit_id)


@login_required
def site(request):
    actor = require_office(request.user)
    keeper = is_installation_keeper(actor)
    stored = SiteAddress.objects.filter(pk=1).values_list("url", flat=True).first() or ""
    form, status = SiteForm(initial={"url": stored}), 200
    if request.method == "POST":
        require_installation_keeper(request.user, refusal=_("站点地址由全系统共用，请由最上级辖区的依法治办或系统管理员设置"))
        form = SiteForm(request.POST)
        if form.is_valid():
            try:
                entry = site_url_set(url=form.cleaned_data["url"], by=request.user)
            except ValidationError as refused:
                form.add_error("url", refused.messages)
            else:
                messages.success(request, _("已保存站点地址：%(url)s") % {"url": entry.url} if entry.url
                                 else _("已清空站点地址，将使用服务器配置的地址（如有）"))
                return redirect("notify:site")
        status = 400
    return render(request, "notify/site.html", {
        "form": form, "keeper": keeper, "stored": stored, "in_force": site_url(),
        "env_url": settings.FAZHI_SITE_URL,
    }, status=status)
