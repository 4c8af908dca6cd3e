"""Where a unit can be reached."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitChannel(models.Model):
    """Where a unit's reminders go: an email address, a 钉钉 or 企业微信 group robot."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        DINGTALK = "dingtalk", _("钉钉机器人")
        WECOM = "wecom", _("企业微信机器人")

    unit = models.ForeignKey("orgs.Unit", related_name="channels", on_delete=models.CASCADE)
    kind = models.CharField(_("渠道"), max_length=10, choices=Kind.choices)
    target = models.CharField(_("地址"), max_length=500, help_text=_("邮箱地址或机器人 Webhook 地址"))
    secret = models.CharField(_("加签密钥"), max_length=200, blank=True, help_text=_("钉钉机器人“加签”密钥，可不填"))
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("提醒渠道")
        verbose_name_plural = _("提醒渠道")
        ordering = ["unit", "id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"
