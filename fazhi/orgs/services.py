"""Write functions for the unit directory; each validates, saves in one transaction and records an audit event."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext as _

from fazhi.audit.services import event_record
from fazhi.core.services import model_update
from fazhi.orgs.matching import normalise_unit_phrase
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup


def jurisdiction_create(
    *, name: str, level: str, by, short_name: str = "", parent: Jurisdiction | None = None, code: str = ""
) -> Jurisdiction:
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写辖区名称"))
    if level not in Jurisdiction.Level.values:
        raise ValidationError(_("辖区层级“%(level)s”无法识别") % {"level": level})
    if Jurisdiction.objects.filter(parent=parent, name=name).exists():
        raise ValidationError(_("辖区“%(name)s”已存在") % {"name": name})
    with transaction.atomic():
        jurisdiction = Jurisdiction.objects.create(
            name=name, short_name=short_name.strip(), level=level, parent=parent, code=code.strip()
        )
        event_record(
            actor=by, action="orgs.jurisdiction_create", target=jurisdiction, jurisdiction=jurisdiction
        )
    return jurisdiction


def _check_unit_name_free(jurisdiction: Jurisdiction, name: str, *, unit: Unit | None = None) -> None:
    """A unit name may not repeat another unit's name, alias or a group phrase: matching would become ambiguous."""
    units = Unit.objects.filter(jurisdiction=jurisdiction, name=name)
    if unit is not None:
        units = units.exclude(pk=unit.pk)
    if units.exists():
        raise ValidationError(_("本辖区已有名为“%(name)s”的单位") % {"name": name})
    alias = UnitAlias.objects.filter(jurisdiction=jurisdiction, text=name).select_related("unit").first()
    if alias and alias.unit_id != getattr(unit, "pk", None):
        raise ValidationError(
            _("“%(name)s”已是单位“%(unit)s”的别名，请换一个名称或先删除该别名")
            % {"name": name, "unit": alias.unit}
        )
    if UnitGroup.objects.filter(jurisdiction=jurisdiction, phrase=name).exists():
        raise ValidationError(_("“%(name)s”已是一个单位组的称谓，请换一个名称") % {"name": name})


def _clean_kind(kind: str) -> str:
    if kind not in Unit.Kind.values:
        raise ValidationError(_("单位类别“%(kind)s”无法识别") % {"kind": kind})
    return kind


def unit_create(
    *, jurisdiction: Jurisdiction, name: str, kind: str, full_name: str = "", by, is_sample: bool = False
) -> Unit:
    name = normalise_unit_phrase(name)
    if not name:
        raise ValidationError(_("请填写单位名称"))
    _clean_kind(kind)
    _check_unit_name_free(jurisdiction, name)
    with transaction.atomic():
        last = Unit.objects.filter(jurisdiction=jurisdiction).aggregate(last=Max("sort_order"))["last"]
        unit = Unit.objects.create(
            jurisdiction=jurisdiction,
            name=name,
            full_name=full_name.strip(),
            kind=kind,
            is_sample=is_sample,
            sort_order=(last or 0) + 1,
        )
        event_record(
            actor=by, action="orgs.unit_create", target=unit, data={"kind": kind, "is_sample": is_sample}
        )
    return unit


_UNIT_FIELDS = ("name", "full_name", "kind", "is_sample", "is_active")


def unit_update(
    *,
    unit: Unit,
    by,
    name: str | None = None,
    full_name: str | None = None,
    kind: str | None = None,
    is_sample: bool | None = None,
    is_active: bool | None = None,
) -> Unit:
    """Change the given fields; ``None`` leaves a field as it is. No event when nothing changes."""
    wanted = {
        "name": name,
        "full_name": full_name,
        "kind": kind,
        "is_sample": is_sample,
        "is_active": is_active,
    }
    if name is not None:
        wanted["name"] = normalise_unit_phrase(name)
        if not wanted["name"]:
            raise ValidationError(_("请填写单位名称"))
        if wanted["name"] != unit.name:
            _check_unit_name_free(unit.jurisdiction, wanted["name"], unit=unit)
    if full_name is not None:
        wanted["full_name"] = full_name.strip()
    if kind is not None:
        _clean_kind(kind)
    model_update(instance=unit, data=wanted, by=by, action="orgs.unit_update")
    return unit


def unit_alias_add(*, unit: Unit, text: str, by) -> UnitAlias:
    """Remember that a plan writes ``text`` for ``unit`` (from the upload preview or the directory)."""
    text = normalise_unit_phrase(text)
    if not text:
        raise ValidationError(_("请填写别名"))
    if text == normalise_unit_phrase(unit.name):
        raise ValidationError(_("“%(text)s”就是该单位的名称，无需添加为别名") % {"text": text})
    existing = (
        UnitAlias.objects.filter(jurisdiction_id=unit.jurisdiction_id, text=text)
        .select_related("unit")
        .first()
    )
    if existing:
        if existing.unit_id == unit.pk:
            raise ValidationError(_("单位“%(unit)s”已有别名“%(text)s”") % {"unit": unit, "text": text})
        raise ValidationError(
            _(
                "别名“%(text)s”已属于单位“%(other)s”，同一别名不能对应两个单位；如需改正，请先在单位名录中删除原别名"
            )
            % {"text": text, "other": existing.unit}
        )
    other = Unit.objects.filter(jurisdiction_id=unit.jurisdiction_id, name=text).first()
    if other:
        raise ValidationError(
            _("“%(text)s”已是单位“%(other)s”的名称，不能作为别名") % {"text": text, "other": other}
        )
    if UnitGroup.objects.filter(jurisdiction_id=unit.jurisdiction_id, phrase=text).exists():
        raise ValidationError(_("“%(text)s”已是一个单位组的称谓，不能作为别名") % {"text": text})
    with transaction.atomic():
        alias = UnitAlias.objects.create(jurisdiction_id=unit.jurisdiction_id, unit=unit, text=text)
        event_record(actor=by, action="orgs.unit_alias_add", target=unit, data={"alias": text})
    return alias


def unit_alias_remove(*, alias: UnitAlias, by) -> None:
    with transaction.atomic():
        unit, text = alias.unit, alias.text
        alias.delete()
        event_record(actor=by, action="orgs.unit_alias_remove", target=unit, data={"alias": text})


def _clean_members(jurisdiction: Jurisdiction, members: Iterable[Unit]) -> list[Unit]:
    members = list(dict.fromkeys(members))
    strangers = [unit.name for unit in members if unit.jurisdiction_id != jurisdiction.pk]
    if strangers:
        raise ValidationError(_("以下单位不属于本辖区：%(names)s") % {"names": "、".join(strangers)})
    return members


def group_create(
    *,
    jurisdiction: Jurisdiction,
    phrase: str,
    members: Iterable[Unit],
    by,
    note: str = "",
    is_sample: bool = False,
) -> UnitGroup:
    phrase = normalise_unit_phrase(phrase)
    if not phrase:
        raise ValidationError(_("请填写单位组的称谓，如“各镇（园区）”"))
    if UnitGroup.objects.filter(jurisdiction=jurisdiction, phrase=phrase).exists():
        raise ValidationError(_("称谓为“%(phrase)s”的单位组已存在") % {"phrase": phrase})
    if Unit.objects.filter(jurisdiction=jurisdiction, name=phrase).exists():
        raise ValidationError(_("“%(phrase)s”已是一个单位的名称，不能作为单位组称谓") % {"phrase": phrase})
    members = _clean_members(jurisdiction, members)
    with transaction.atomic():
        group = UnitGroup.objects.create(
            jurisdiction=jurisdiction, phrase=phrase, note=note.strip(), is_sample=is_sample
        )
        group.members.set(members)
        event_record(
            actor=by,
            action="orgs.group_create",
            target=group,
            data={"members": [unit.name for unit in members]},
        )
    return group


def group_set_members(*, group: UnitGroup, members: Iterable[Unit], by) -> UnitGroup:
    """Replace the members of ``group``; the event lists who was added and removed."""
    members = _clean_members(group.jurisdiction, members)
    before = {unit.pk: unit.name for unit in group.members.all()}
    after = {unit.pk: unit.name for unit in members}
    added = [name for pk, name in after.items() if pk not in before]
    removed = [name for pk, name in before.items() if pk not in after]
    if not added and not removed:
        return group
    with transaction.atomic():
        group.members.set(members)
        event_record(
            actor=by, action="orgs.group_set_members", target=group, data={"added": added, "removed": removed}
        )
    return group


def group_update(
    *, group: UnitGroup, by, note: str | None = None, is_sample: bool | None = None
) -> UnitGroup:
    model_update(instance=group, data={"note": None if note is None else note.strip(), "is_sample": is_sample},
                 by=by, action="orgs.group_update")
    return group


def leader_create(*, jurisdiction: Jurisdiction, name: str, title: str = "", by) -> Leader:
    name = "".join(name.split())
    if not name:
        raise ValidationError(_("请填写领导姓名"))
    if Leader.objects.filter(jurisdiction=jurisdiction, name=name).exists():
        raise ValidationError(_("本辖区已有名为“%(name)s”的领导") % {"name": name})
    with transaction.atomic():
        leader = Leader.objects.create(jurisdiction=jurisdiction, name=name, title=title.strip())
        event_record(actor=by, action="orgs.leader_create", target=leader)
    return leader


def leader_update(*, leader: Leader, by, title: str | None = None, is_active: bool | None = None) -> Leader:
    model_update(instance=leader, data={"title": None if title is None else title.strip(), "is_active": is_active},
                 by=by, action="orgs.leader_update")
    return leader


# Reads


def group_members(group: UnitGroup) -> list[Unit]:
    """The active units a group phrase stands for, in directory order."""
    return [unit for unit in group.members.all() if unit.is_active]


def groups_containing(unit: Unit) -> list[UnitGroup]:
    """The group phrases that reach ``unit``: a task for “各镇（园区）” is also a task for 濉溪镇."""
    return list(unit.groups.all())


def directory_units(jurisdiction: Jurisdiction):
    return Unit.objects.filter(jurisdiction=jurisdiction).prefetch_related("aliases", "groups")


def directory_groups(jurisdiction: Jurisdiction):
    return UnitGroup.objects.filter(jurisdiction=jurisdiction).prefetch_related(
        Prefetch("members", queryset=Unit.objects.order_by("sort_order", "id"))
    )


def directory_leaders(jurisdiction: Jurisdiction):
    return Leader.objects.filter(jurisdiction=jurisdiction)
