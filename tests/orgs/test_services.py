"""Directory write functions validate, save and leave an audit event."""

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Event
from fazhi.audit.services import events_for
from fazhi.orgs import services
from fazhi.orgs.models import Jurisdiction, Unit


def test_unit_create_saves_and_records_an_event(personas):
    unit = services.unit_create(
        jurisdiction=personas.jurisdiction,
        name=" 县审计局 ",
        kind=Unit.Kind.GOVERNMENT,
        full_name="濉溪县审计局",
        by=personas.office,
    )
    assert (unit.name, unit.full_name, unit.is_sample) == ("县审计局", "濉溪县审计局", False)
    assert unit.sort_order > personas.lead_unit.sort_order
    event = events_for(unit).get()
    assert (event.action, event.actor, event.jurisdiction) == (
        "orgs.unit_create",
        personas.office,
        personas.jurisdiction,
    )


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("", Unit.Kind.GOVERNMENT, "请填写单位名称"),
        ("县审计局", "bureau", "单位类别“bureau”无法识别"),
        ("县司法局", Unit.Kind.GOVERNMENT, "本辖区已有名为“县司法局”的单位"),
    ],
)
def test_unit_create_refuses_bad_input(personas, name, kind, message):
    with pytest.raises(ValidationError) as raised:
        services.unit_create(jurisdiction=personas.jurisdiction, name=name, kind=kind, by=personas.office)
    assert message in raised.value.messages[0]


def test_unit_create_refuses_a_name_that_is_already_an_alias(personas):
    services.unit_alias_add(unit=personas.lead_unit, text="县法治局", by=personas.office)
    with pytest.raises(ValidationError, match="已是单位“县司法局”的别名"):
        services.unit_create(
            jurisdiction=personas.jurisdiction, name="县法治局", kind="government", by=personas.office
        )


def test_unit_update_records_only_real_changes(personas):
    unit = personas.lead_unit
    services.unit_update(unit=unit, full_name="濉溪县司法局", by=personas.office)
    assert not events_for(unit).exists()
    services.unit_update(unit=unit, kind=Unit.Kind.DIRECT, is_active=False, by=personas.office)
    unit.refresh_from_db()
    assert (unit.kind, unit.is_active) == (Unit.Kind.DIRECT, False)
    assert events_for(unit).get().data == {
        "changes": {"kind": ["government", "direct"], "is_active": [True, False]}
    }


def test_alias_add_remembers_a_plan_phrase(personas):
    alias = services.unit_alias_add(
        unit=personas.lead_unit, text="**县司法局（县法宣办）**", by=personas.office
    )
    assert alias.text == "县司法局（县法宣办）"
    assert alias.jurisdiction == personas.jurisdiction
    assert events_for(personas.lead_unit).get().data == {"alias": "县司法局（县法宣办）"}


def test_a_duplicate_alias_gives_a_clear_error(personas):
    services.unit_alias_add(unit=personas.lead_unit, text="司法局", by=personas.office)
    with pytest.raises(ValidationError) as same_unit:
        services.unit_alias_add(unit=personas.lead_unit, text="司法局", by=personas.office)
    assert same_unit.value.messages == ["单位“县司法局”已有别名“司法局”"]
    with pytest.raises(ValidationError) as other_unit:
        services.unit_alias_add(unit=personas.co_unit, text="司法局", by=personas.office)
    assert "别名“司法局”已属于单位“县司法局”" in other_unit.value.messages[0]
    with pytest.raises(ValidationError, match="已是单位“县财政局”的名称"):
        services.unit_alias_add(unit=personas.lead_unit, text="县财政局", by=personas.office)
    with pytest.raises(ValidationError, match="就是该单位的名称"):
        services.unit_alias_add(unit=personas.lead_unit, text="县司法局", by=personas.office)


def test_group_create_and_set_members(personas):
    group = services.group_create(
        jurisdiction=personas.jurisdiction,
        phrase="县政府各部门",
        members=[personas.lead_unit, personas.co_unit],
        note="示例",
        by=personas.office,
    )
    assert services.group_members(group) == [personas.lead_unit, personas.co_unit]
    assert services.groups_containing(personas.lead_unit) == [group]
    services.group_set_members(
        group=group, members=[personas.co_unit, personas.outsider_unit], by=personas.office
    )
    assert services.group_members(group) == [personas.co_unit, personas.outsider_unit]
    assert services.groups_containing(personas.lead_unit) == []
    actions = [(event.action, event.data) for event in events_for(group).order_by("id")]
    assert actions == [
        ("orgs.group_create", {"members": ["县司法局", "县财政局"]}),
        ("orgs.group_set_members", {"added": ["县水利局"], "removed": ["县司法局"]}),
    ]


def test_group_members_leave_out_inactive_units(personas):
    group = services.group_create(
        jurisdiction=personas.jurisdiction,
        phrase="各部门",
        members=[personas.lead_unit, personas.co_unit],
        by=None,
    )
    services.unit_update(unit=personas.co_unit, is_active=False, by=None)
    assert services.group_members(group) == [personas.lead_unit]


def test_a_group_may_not_hold_units_of_another_jurisdiction(personas):
    other = services.jurisdiction_create(
        name="杜集区", level=Jurisdiction.Level.COUNTY, short_name="区", by=None
    )
    stranger = services.unit_create(jurisdiction=other, name="区财政局", kind="government", by=None)
    with pytest.raises(ValidationError, match="以下单位不属于本辖区：区财政局"):
        services.group_create(
            jurisdiction=personas.jurisdiction, phrase="各部门", members=[stranger], by=None
        )
    assert not Event.objects.filter(action="orgs.group_create").exists()


def test_group_phrase_must_be_unique(personas):
    services.group_create(jurisdiction=personas.jurisdiction, phrase="各镇(园区)", members=[], by=None)
    with pytest.raises(ValidationError, match="称谓为“各镇（园区）”的单位组已存在"):
        services.group_create(jurisdiction=personas.jurisdiction, phrase="各镇（园区）", members=[], by=None)


def test_leader_create_and_duplicate(personas):
    leader = services.leader_create(
        jurisdiction=personas.jurisdiction, name="王 永涛", title="县长", by=personas.office
    )
    assert (leader.name, leader.title) == ("王永涛", "县长")
    assert events_for(leader).get().action == "orgs.leader_create"
    with pytest.raises(ValidationError, match="已有名为“钱程”的领导"):
        services.leader_create(jurisdiction=personas.jurisdiction, name="钱程", by=personas.office)


def test_jurisdiction_create_nests_under_a_parent(db):
    city = services.jurisdiction_create(name="淮北市", level=Jurisdiction.Level.CITY, by=None)
    county = services.jurisdiction_create(
        name="濉溪县", level="county", parent=city, short_name="县", by=None
    )
    assert (city.path, county.path) == (f"/{city.pk}/", f"/{city.pk}/{county.pk}/")
    with pytest.raises(ValidationError, match="辖区“濉溪县”已存在"):
        services.jurisdiction_create(name="濉溪县", level="county", parent=city, by=None)
