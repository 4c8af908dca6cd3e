"""The unit directory: who exists in a jurisdiction, and what plan phrases mean."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    """A level of government that runs a plan. Jurisdictions nest: a city reads its counties.

    ``path`` lists the ids from the root down to this one ("/1/5/23/"), so "this and everything
    below it" is one indexed prefix filter (``path__startswith``). ``save`` keeps it in step with
    ``parent``, descendants included; ``QuerySet.update`` and ``bulk_create`` bypass it.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县区")
        TOWNSHIP = "township", _("乡镇街道")

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(
        _("简称"), max_length=20, blank=True, help_text=_("单位名称中代表本级的字，如“县”“区”")
    )
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级辖区"), null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    path = models.CharField(_("层级路径"), max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_jurisdiction_name_in_parent")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            if self.pk is None:
                super().save(*args, **kwargs)  # the path ends with the id the insert gives
                _own, parent = self._stored_paths()
                self.path = f"{parent}{self.pk}/"
                Jurisdiction.objects.filter(pk=self.pk).update(path=self.path)
                return
            old, parent = self._stored_paths()
            self._check_parent(old, parent)
            self.path = f"{parent}{self.pk}/"
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and self.path != old:
                kwargs["update_fields"] = {*update_fields, "path"}
            super().save(*args, **kwargs)
            if old and self.path != old:
                # Re-parented: every descendant's path swaps the old prefix for the new one, in one UPDATE.
                Jurisdiction.objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old) + 1), output_field=models.CharField())
                )

    def clean(self) -> None:
        super().clean()
        if self.pk is not None and self.parent_id is not None:
            self._check_parent(*self._stored_paths())

    def _stored_paths(self) -> tuple[str, str]:
        """(this row's path, its parent's path) as stored: instances in memory may be stale. One query."""
        stored = dict(Jurisdiction.objects.filter(pk__in=[self.pk, self.parent_id]).values_list("pk", "path"))
        return stored.get(self.pk, ""), stored.get(self.parent_id, "/") if self.parent_id else "/"

    @staticmethod
    def _check_parent(own_path: str, parent_path: str) -> None:
        if own_path and parent_path.startswith(own_path):
            raise ValidationError(
                {"parent": _("不能把辖区放到它自己或它的下级辖区之下，请选择其他上级辖区")}
            )


class Unit(models.Model):
    """A body that is given tasks: a 部门, a 镇, a 街道, the court …"""

    class Kind(models.TextChoices):
        PARTY = "party", _("党委部门")
        GOVERNMENT = "government", _("政府部门")
        DIRECT = "direct", _("直属机构")
        TOWN = "town", _("镇")
        SUBDISTRICT = "subdistrict", _("街道")
        PARK = "park", _("园区")
        COURT = "court", _("法院")
        PROCURATORATE = "procuratorate", _("检察院")
        CONGRESS = "congress", _("人大/政协机关")
        OTHER = "other", _("其他")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("辖区"), related_name="units", on_delete=models.PROTECT
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("方案中常用的名称，如“县司法局”"))
    full_name = models.CharField(_("全称"), max_length=150, blank=True, help_text=_("如“濉溪县司法局”"))
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    is_sample = models.BooleanField(
        _("示例数据"), default=False, help_text=_("演示用的示例单位，方案原文未列明，正式使用前请核实")
    )
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="unique_unit_name")]

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """Another way a plan writes a unit's name: 县司法局 = 濉溪县司法局 = 司法局."""

    jurisdiction = models.ForeignKey(Jurisdiction, related_name="unit_aliases", on_delete=models.CASCADE)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), related_name="aliases", on_delete=models.CASCADE)
    text = models.CharField(_("别名"), max_length=150)

    class Meta:
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "text"], name="unique_unit_alias")]

    def __str__(self) -> str:
        return f"{self.text} → {self.unit}"


class UnitGroup(models.Model):
    """A phrase that stands for a set of units, such as “各镇（园区）” or “县政府各部门”."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("辖区"), related_name="unit_groups", on_delete=models.PROTECT
    )
    phrase = models.CharField(_("称谓"), max_length=150)
    members = models.ManyToManyField(Unit, verbose_name=_("成员单位"), related_name="groups", blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    class Meta:
        verbose_name = _("单位组")
        verbose_name_plural = _("单位组")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "phrase"], name="unique_group_phrase")]

    def __str__(self) -> str:
        return self.phrase


class Leader(models.Model):
    """A 牵头领导 named in a plan (县领导/区领导)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("辖区"), related_name="leaders", on_delete=models.PROTECT
    )
    name = models.CharField(_("姓名"), max_length=30)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在任"), default=True)

    class Meta:
        verbose_name = _("牵头领导")
        verbose_name_plural = _("牵头领导")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="unique_leader_name")]

    def __str__(self) -> str:
        return self.name
