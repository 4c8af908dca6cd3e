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


def _unit_state(unit: Unit) -> dict:
    """What the audit log keeps of a unit before and after an edit."""
    return {
        "name": unit.name,
        "full_name": unit.full_name,
        "kind": unit.kind,
        "sort_order": unit.sort_order,
        "is_active": unit.is_active,
        "aliases": sorted(unit.aliases.values_list("text", flat=True)),
    }


def _check_alias_free(unit: Unit, text: str) -> None:
    """``text`` may become an alias of ``unit``: no other unit's alias or name, no group phrase."""
    taken = UnitAlias.objects.filter(jurisdiction_id=unit.jurisdiction_id, text=text).exclude(unit=unit)
    if owner := taken.select_related("unit").first():
        raise ValidationError(
            _("别名“%(text)s”已属于单位“%(other)s”，同一别名不能对应两个单位；请先在该单位中删除这个别名")
            % {"text": text, "other": owner.unit}
        )
    if other := Unit.objects.filter(jurisdiction_id=unit.jurisdiction_id, name=text).exclude(pk=unit.pk).first():
        raise ValidationError(
            _("“%(text)s”已是单位“%(other)s”的名称，不能作为别名") % {"text": text, "other": other}
        )
    if UnitGroup.objects.filter(jurisdiction_id=unit.jurisdiction_id, phrase=text).exists():
        raise ValidationError(_("“%(text)s”已是一个单位组的称谓，不能作为别名") % {"text": text})


def unit_edit(
    *,
    unit: Unit,
    by,
    name: str,
    full_name: str,
    kind: str,
    sort_order: int,
    aliases: Iterable[str],
) -> Unit:
    """Edit a unit in place from the directory: names, kind, order and the full list of its aliases.

    A renamed unit keeps its old name as an alias, so the phrases of plans already imported
    (and of plans still to come) go on matching it. One event with the unit before and after;
    none when nothing changed.
    """
    name = normalise_unit_phrase(name)
    if not name:
        raise ValidationError(_("请填写单位名称"))
    _clean_kind(kind)
    if sort_order is None or sort_order < 0:
        raise ValidationError(_("排序须为不小于 0 的整数"))
    if name != unit.name:
        _check_unit_name_free(unit.jurisdiction, name, unit=unit)
    wanted = list(dict.fromkeys(text for text in (normalise_unit_phrase(a) for a in aliases) if text))
    if name != unit.name and unit.name not in wanted:
        wanted.append(unit.name)  # plans already imported wrote the old name
    wanted = [text for text in wanted if text != name]
    for text in wanted:
        _check_alias_free(unit, text)
    before = _unit_state(unit)
    with transaction.atomic():
        unit.name, unit.full_name, unit.kind, unit.sort_order = name, full_name.strip(), kind, sort_order
        unit.save(update_fields=["name", "full_name", "kind", "sort_order"])
        unit.aliases.exclude(text__in=wanted).delete()
        present = set(unit.aliases.values_list("text", flat=True))
        UnitAlias.objects.bulk_create(
            [UnitAlias(jurisdiction_id=unit.jurisdiction_id, unit=unit, text=text) for text in wanted
             if text not in present]
        )
        after = _unit_state(unit)
        if after != before:
            event_record(actor=by, action="orgs.unit_edit", target=unit, data={"before": before, "after": after})
    return unit


def unit_set_active(*, unit: Unit, is_active: bool, by) -> Unit:
    """停用 or 重新启用 a unit. A deactivated unit gets no new assignments, cards or reminders; its
    past reports stay. The caller brings assignments along (``assignments_follow``) in the same
    transaction, as the directory screens do."""
    if unit.is_active == is_active:
        state = _("已启用") if is_active else _("已停用")
        raise ValidationError(_("单位“%(unit)s”%(state)s，无需重复操作") % {"unit": unit, "state": state})
    with transaction.atomic():
        unit.is_active = is_active
        unit.save(update_fields=["is_active"])
        event_record(
            actor=by,
            action="orgs.unit_activate" if is_active else "orgs.unit_deactivate",
            target=unit,
            data={"before": {"is_active": not is_active}, "after": {"is_active": is_active}},
        )
    return unit


def unit_merge_check(*, absorbed: Unit, survivor: Unit) -> None:
    """The directory's reasons a merge of ``absorbed`` into ``survivor`` cannot happen."""
    if absorbed.pk == survivor.pk:
        raise ValidationError(_("不能把单位并入它自己，请选择另一个单位"))
    if absorbed.jurisdiction_id != survivor.jurisdiction_id:
        raise ValidationError(_("只能合并同一辖区的单位"))
    if not survivor.is_active:
        raise ValidationError(
            _("单位“%(unit)s”已停用，不能把其他单位并入它；请先重新启用它，或选择其他单位") % {"unit": survivor}
        )


def unit_merge_directory(*, absorbed: Unit, survivor: Unit, by, moved: dict | None = None) -> Unit:
    """The directory's part of merging ``absorbed`` into ``survivor``; the unit ``absorbed`` is deleted.

    Its name, full name and aliases become aliases of ``survivor`` (plan phrases keep matching),
    and ``survivor`` joins every group ``absorbed`` was in. Everything above the directory that
    points at ``absorbed`` (assignments, reports, profiles, channels …) must have been moved
    first, in the same transaction: the delete is refused while anything still protects it.
    ``moved`` (counts from the caller) goes into the one audit event of the merge.
    """
    unit_merge_check(absorbed=absorbed, survivor=survivor)
    before = {"absorbed": _unit_state(absorbed), "survivor": _unit_state(survivor)}
    with transaction.atomic():
        texts = [absorbed.name, normalise_unit_phrase(absorbed.full_name),
                 *absorbed.aliases.values_list("text", flat=True)]
        groups = list(absorbed.groups.all())
        absorbed_label, absorbed_pk = str(absorbed), absorbed.pk
        absorbed.delete()
        present = set(survivor.aliases.values_list("text", flat=True))
        for text in dict.fromkeys(texts):
            if text and text != survivor.name and text not in present:
                UnitAlias.objects.create(jurisdiction_id=survivor.jurisdiction_id, unit=survivor, text=text)
        for group in groups:
            group.members.add(survivor)
        event_record(
            actor=by,
            action="orgs.unit_merge",
            target=survivor,
            data={
                "absorbed": {"id": absorbed_pk, "name": absorbed_label},
                "before": before,
                "after": {"survivor": _unit_state(survivor)},
                "groups": [group.phrase for group in groups],
                "moved": moved or {},
            },
        )
    return survivor


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
