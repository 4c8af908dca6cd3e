from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    OFFICE = "office", _("依法治县办")
    CLERK = "clerk", _("单位填报员")
    LEADER = "leader", _("县领导")


# The roles whose accounts a 依法治县办 creates and manages for its own units and leaders.
MANAGED_ROLES = (Role.CLERK, Role.LEADER)


class Profile(models.Model):
    """What a user may do in fazhi: a role, the jurisdiction it works in, and its unit or leader seat."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="profile", on_delete=models.CASCADE)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        "orgs.Jurisdiction", verbose_name=_("辖区"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所在单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("单位填报员必填"),
    )
    leader = models.ForeignKey(
        "orgs.Leader",
        verbose_name=_("对应领导"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("县领导账号对应的牵头领导"),
    )
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, help_text=_("新建账号或重置密码后，首次登录须先修改密码")
    )

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"
