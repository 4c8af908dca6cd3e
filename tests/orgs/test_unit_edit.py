"""Editing a unit in place: rename keeps the old name as an alias, aliases are checked, 停用 is audited."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.services import events_for
from fazhi.orgs import services
from fazhi.orgs.matching import match_unit_phrase
from fazhi.orgs.models import Unit, UnitAlias
from tests.factories import UnitAliasFactory, UnitGroupFactory


def _edit(unit, by, **changes):
    fields = {"name": unit.name, "full_name": unit.full_name, "kind": unit.kind, "sort_order": unit.sort_order,
              "aliases": list(unit.aliases.values_list("text", flat=True))}
    return services.unit_edit(unit=unit, by=by, **{**fields, **changes})


def test_rename_keeps_the_old_name_as_an_alias_so_plan_phrases_still_match(personas):
    unit = personas.lead_unit
    _edit(unit, personas.office, name="县司法行政局", full_name="濉溪县司法行政局")
    unit.refresh_from_db()
    assert (unit.name, unit.full_name) == ("县司法行政局", "濉溪县司法行政局")
    assert list(unit.aliases.values_list("text", flat=True)) == ["县司法局"]
    assert match_unit_phrase(personas.jurisdiction, "县司法局").unit == unit


def test_edit_records_one_event_with_the_unit_before_and_after(personas):
    unit = personas.lead_unit
    _edit(unit, personas.office, name="县司法行政局", kind=Unit.Kind.DIRECT, sort_order=7, aliases=["司法局"])
    event = events_for(unit).get(action="orgs.unit_edit")
    assert event.actor == personas.office
    assert event.data["before"]["name"] == "县司法局"
    assert event.data["before"]["aliases"] == []
    assert event.data["after"] == {
        "name": "县司法行政局", "full_name": "濉溪县司法局", "kind": "direct", "sort_order": 7, "is_active": True,
        "aliases": ["县司法局", "司法局"],
    }


def test_an_edit_that_changes_nothing_records_nothing(personas):
    _edit(personas.lead_unit, personas.office)
    assert not events_for(personas.lead_unit).filter(action="orgs.unit_edit").exists()


def test_aliases_are_replaced_by_the_list_given(personas):
    unit = personas.lead_unit
    UnitAliasFactory(unit=unit, text="司法局")
    _edit(unit, personas.office, aliases=["濉溪县司法局", " 县 司法局 "])
    # The unit's own name is not an alias of itself; blanks are normalised away.
    assert set(unit.aliases.values_list("text", flat=True)) == {"濉溪县司法局"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "县财政局"}, "本辖区已有名为“县财政局”的单位"),
        ({"name": " "}, "请填写单位名称"),
        ({"aliases": ["县财政局"]}, "“县财政局”已是单位“县财政局”的名称，不能作为别名"),
        ({"aliases": ["财政局"]}, "别名“财政局”已属于单位“县财政局”"),
        ({"aliases": ["县政府各部门"]}, "“县政府各部门”已是一个单位组的称谓，不能作为别名"),
        ({"kind": "army"}, "单位类别“army”无法识别"),
    ],
)
def test_bad_edits_say_why_and_change_nothing(personas, changes, message):
    UnitAliasFactory(unit=personas.co_unit, text="财政局")
    UnitGroupFactory(jurisdiction=personas.jurisdiction, phrase="县政府各部门")
    unit = personas.lead_unit
    with pytest.raises(ValidationError) as raised:
        _edit(unit, personas.office, **changes)
    assert message in raised.value.messages[0]
    unit.refresh_from_db()
    assert unit.name == "县司法局"
    assert not UnitAlias.objects.filter(unit=unit).exists()
    assert not events_for(unit).exists()


def test_set_active_records_before_and_after_and_refuses_a_repeat(personas):
    unit = personas.outsider_unit
    services.unit_set_active(unit=unit, is_active=False, by=personas.office)
    unit.refresh_from_db()
    assert unit.is_active is False
    event = events_for(unit).get(action="orgs.unit_deactivate")
    assert event.data == {"before": {"is_active": True}, "after": {"is_active": False}}
    with pytest.raises(ValidationError, match="已停用，无需重复操作"):
        services.unit_set_active(unit=unit, is_active=False, by=personas.office)
    services.unit_set_active(unit=unit, is_active=True, by=personas.office)
    assert events_for(unit).filter(action="orgs.unit_activate").count() == 1
