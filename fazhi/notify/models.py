"""Where a unit can be reached."""

from django.conf import settings
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


class Notice(models.Model):
    """A message shown inside the platform: to one user, or to every clerk of one unit.

    A unit's notice is read once for the unit: the first of its clerks who opens it marks it read.
    """

    class Kind(models.TextChoices):
        URGE = "urge", _("催办")
        DUE_DATE = "due_date", _("截止日确定")
        DIGEST = "digest", _("县领导周报")

    recipient_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), null=True, blank=True,
                                       related_name="notices", on_delete=models.CASCADE)
    recipient_unit = models.ForeignKey("orgs.Unit", verbose_name=_("接收单位"), null=True, blank=True,
                                       related_name="notices", on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("阅读人"), null=True, blank=True,
                                related_name="+", on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient_unit", "read_at"]), models.Index(fields=["recipient_user", "read_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient_user__isnull=True, recipient_unit__isnull=False)
                | models.Q(recipient_user__isnull=False, recipient_unit__isnull=True),
                name="notice_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SiteAddress(models.Model):
    """The platform's address as users reach it, which e-mails and robot messages link to: one row
    for the installation (every jurisdiction is served from the same address). Without it the
    ``FAZHI_SITE_URL`` setting applies; see ``fazhi.notify.site.site_url``."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    url = models.CharField(_("站点地址"), max_length=200, blank=True,
                           help_text=_("如 https://fazhi.example.gov.cn，各单位在浏览器中打开本平台的地址"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("站点地址")
        verbose_name_plural = _("站点地址")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="notify_siteaddress_single_row")]

    def __str__(self) -> str:
        return self.url
