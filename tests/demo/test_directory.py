"""The demo directories cover every unit and leader phrase of the two seed plans."""

import re
from collections import Counter
from pathlib import Path

import pytest

from fazhi.demo.directory import demo_directory_load
from fazhi.orgs.matching import build_directory_index, match_leader_name, match_unit_phrase
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup

SEEDS = Path(__file__).resolve().parents[2] / "fazhi" / "demo" / "seeds"
ROLE = re.compile(r"(?:牵头责任单位|协同责任单位|责任单位|配合单位|牵头县领导)\s*[:：]\s*")


def annotation_phrases(text: str) -> tuple[set[str], set[str]]:
    """(unit phrases, leader names) in the seed's responsibility annotations.

    Page breaks split names across lines, so line breaks are dropped first; a phrase ends
    at ；, a closing bracket of the annotation or 〕/], and brackets inside a phrase nest.
    """
    text = re.sub(r"\s*\n\s*", "", text.replace("*", ""))
    units, leaders = set(), set()
    for role in ROLE.finditer(text):
        depth, chars = 0, []
        for char in text[role.end() :]:
            if char in "（(":
                depth += 1
            elif char in "）)":
                if depth == 0:
                    break
                depth -= 1
            elif char in "；;〕]" and depth == 0:
                break
            chars.append(char)
        target = leaders if role.group().startswith("牵头县领导") else units
        target.update(part.strip() for part in re.split(r"[、，,]", "".join(chars)) if part.strip())
    return units, leaders


def seed_phrases(name: str):
    return annotation_phrases((SEEDS / name).read_text(encoding="utf-8"))


SUIXI = "suixi-county-plan-2021-2025.txt"
TUNXI = "tunxi-district-action-plan-2022-2024.txt"


def test_the_extraction_finds_the_phrases_of_both_plans():
    suixi_units, suixi_leaders = seed_phrases(SUIXI)
    tunxi_units, tunxi_leaders = seed_phrases(TUNXI)
    assert {
        "县司法局",
        "县委办公室（县委督查考核办）",
        "县住建局（县人防办）",
        "各镇(园区)",
        "各镇",
    } <= suixi_units
    assert len(suixi_units) >= 30
    assert suixi_leaders == {
        "王永涛",
        "葛剑",
        "鲍锐",
        "钱程",
        "吴飞",
        "蒋鹏",
        "马明",
        "李登玖",
        "刘鏊",
        "陈明月",
        "张华",
    }
    assert {"区司法局", "屯溪公安分局等", "各镇人民政府", "各街道办事处", "区政府有关部门"} <= tunxi_units
    assert len(tunxi_units) >= 28
    assert tunxi_leaders == set()


@pytest.mark.parametrize(("jurisdiction_name", "seed"), [("濉溪县", SUIXI), ("屯溪区", TUNXI)])
def test_every_phrase_of_the_seed_plan_resolves(db, jurisdiction_name, seed):
    county = demo_directory_load(jurisdiction_name=jurisdiction_name)
    units, leaders = seed_phrases(seed)
    directory = build_directory_index(county)
    unmatched = [p for p in sorted(units) if not match_unit_phrase(county, p, directory=directory).is_matched]
    assert unmatched == []
    assert [name for name in leaders if match_leader_name(county, name, directory=directory) is None] == []


def snapshot():
    return Counter(
        {
            "jurisdictions": Jurisdiction.objects.count(),
            "units": Unit.objects.count(),
            "aliases": UnitAlias.objects.count(),
            "groups": UnitGroup.objects.count(),
            "members": UnitGroup.members.through.objects.count(),
            "leaders": Leader.objects.count(),
        }
    )


def test_loading_twice_changes_nothing(db):
    demo_directory_load(jurisdiction_name="濉溪县")
    demo_directory_load(jurisdiction_name="屯溪区")
    before = snapshot()
    demo_directory_load(jurisdiction_name="濉溪县")
    demo_directory_load(jurisdiction_name="屯溪区")
    assert snapshot() == before
    # 安徽省 once, two cities, two counties.
    assert before["jurisdictions"] == 5


def test_the_counties_sit_under_their_cities(db):
    suixi = demo_directory_load(jurisdiction_name="濉溪县")
    tunxi = demo_directory_load(jurisdiction_name="屯溪区")
    assert (suixi.parent.name, suixi.parent.level, suixi.short_name) == (
        "淮北市",
        Jurisdiction.Level.CITY,
        "县",
    )
    assert (tunxi.parent.name, tunxi.short_name) == ("黄山市", "区")
    assert suixi.path == f"/{suixi.parent.parent_id}/{suixi.parent_id}/{suixi.pk}/"


def test_units_the_plan_does_not_name_are_marked_as_samples(db):
    county = demo_directory_load(jurisdiction_name="濉溪县")
    towns = Unit.objects.filter(jurisdiction=county, kind=Unit.Kind.TOWN)
    assert towns.count() == 11
    assert all(town.is_sample for town in towns)
    assert not Unit.objects.get(jurisdiction=county, name="县司法局").is_sample
    group = UnitGroup.objects.get(jurisdiction=county, phrase="各镇（园区）")
    assert group.is_sample
    assert group.note == "示例数据：方案未列明具体镇（园区），请按实际名录修改"
    assert set(group.members.values_list("name", flat=True)) == {
        *towns.values_list("name", flat=True),
        "濉溪经济开发区",
    }


def test_units_get_kind_full_name_and_aliases(db):
    county = demo_directory_load(jurisdiction_name="濉溪县")
    unit = Unit.objects.get(jurisdiction=county, name="县司法局")
    assert (unit.full_name, unit.kind) == ("濉溪县司法局", Unit.Kind.GOVERNMENT)
    office = Unit.objects.get(jurisdiction=county, name="县委办公室")
    assert office.kind == Unit.Kind.PARTY
    assert list(office.aliases.values_list("text", flat=True)) == ["县委督查考核办"]
    directory = build_directory_index(county)
    for phrase, name in [
        ("县发改委", "县发展和改革委员会"),
        ("县卫健委", "县卫生健康委员会"),
        ("县人防办", "县住房和城乡建设局"),
    ]:
        assert match_unit_phrase(county, phrase, directory=directory).unit.name == name


def test_loading_into_an_existing_county_keeps_its_units(personas):
    county = demo_directory_load(jurisdiction_name="濉溪县")
    assert county == personas.jurisdiction
    assert Unit.objects.filter(jurisdiction=county, name="县水利局").exists()
    assert Leader.objects.filter(jurisdiction=county, name="钱程").count() == 1


def test_the_command_loads_both_directories(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_demo_directory", stdout=out)
    assert "濉溪县: 39 units (12 sample)" in out.getvalue()
    assert "屯溪区: 33 units (7 sample)" in out.getvalue()
