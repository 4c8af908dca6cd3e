"""Plan phrase → directory resolution, rule by rule."""

import pytest

from fazhi.orgs.matching import (
    AUTO_MATCH_CONFIDENCE,
    build_directory_index,
    match_leader_name,
    match_unit_phrase,
    normalise_unit_phrase,
)
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("县司法局", "县司法局"),
        (" **县司法局** ", "县司法局"),
        ("县数据资源管理局等", "县数据资源管理局"),
        ("各镇(园区)", "各镇（园区）"),
        ("各镇(园\n区)", "各镇（园区）"),
        ("县委办公室（县委督查考核办)", "县委办公室（县委督查考核办）"),
        ("区法院、", "区法院"),
        ("", ""),
    ],
)
def test_normalise_unit_phrase(raw, normalised):
    assert normalise_unit_phrase(raw) == normalised


@pytest.fixture
def county(db):
    county = Jurisdiction.objects.create(name="濉溪县", short_name="县")
    units = {
        name: Unit.objects.create(jurisdiction=county, name=name, full_name=full_name, kind=kind)
        for name, full_name, kind in [
            ("县司法局", "濉溪县司法局", Unit.Kind.GOVERNMENT),
            ("县委办公室", "中共濉溪县委办公室", Unit.Kind.PARTY),
            ("县政府办公室", "濉溪县人民政府办公室", Unit.Kind.GOVERNMENT),
            ("县住房和城乡建设局", "濉溪县住房和城乡建设局", Unit.Kind.GOVERNMENT),
            ("县公安局", "濉溪县公安局", Unit.Kind.GOVERNMENT),
            ("县交警大队", "濉溪县公安局交通管理大队", Unit.Kind.OTHER),
            ("濉溪镇", "", Unit.Kind.TOWN),
        ]
    }
    Unit.objects.create(jurisdiction=county, name="县老干部局", is_active=False)
    for text, name in [
        ("县委督查考核办", "县委办公室"),
        ("县住建局", "县住房和城乡建设局"),
        ("县人防办", "县住房和城乡建设局"),
    ]:
        UnitAlias.objects.create(jurisdiction=county, unit=units[name], text=text)
    group = UnitGroup.objects.create(jurisdiction=county, phrase="各镇（园区）")
    group.members.set([units["濉溪镇"]])
    UnitGroup.objects.create(jurisdiction=county, phrase="县政府各部门")
    Leader.objects.create(jurisdiction=county, name="钱程")
    # Another county's units never match.
    other = Jurisdiction.objects.create(name="杜集区", short_name="区")
    Unit.objects.create(jurisdiction=other, name="区财政局")
    return county


@pytest.mark.parametrize(
    ("phrase", "unit", "group", "how"),
    [
        ("县司法局", "县司法局", None, "exact"),
        ("**县司法局**", "县司法局", None, "exact"),
        ("县司法局等", "县司法局", None, "exact"),
        ("县住建局", "县住房和城乡建设局", None, "alias"),
        ("濉溪县司法局", "县司法局", None, "full_name"),
        ("中共濉溪县委办公室", "县委办公室", None, "full_name"),
        ("司法局", "县司法局", None, "short"),
        ("濉溪司法局", "县司法局", None, "short"),
        ("濉溪县住建局", "县住房和城乡建设局", None, "short"),
        ("县委办公室（县委督查考核办）", "县委办公室", None, "alias"),
        ("县委办公室(县委督查考核办)", "县委办公室", None, "alias"),
        ("县住建局（县人防办）", "县住房和城乡建设局", None, "alias"),
        ("县委办公室（县档案馆）", "县委办公室", None, "alias"),
        ("各镇（园区）", None, "各镇（园区）", "group"),
        ("各镇(园区)", None, "各镇（园区）", "group"),
        ("县政府各部门", None, "县政府各部门", "group"),
        # Two candidates: never guess.
        ("办公室", None, None, "none"),
        ("县委办公室（县司法局）", None, None, "none"),
        ("县公安局（县交警大队）", None, None, "none"),
        # Unknown, inactive or another jurisdiction's.
        ("县水利局", None, None, "none"),
        ("县老干部局", None, None, "none"),
        ("区财政局", None, None, "none"),
        ("市司法局", None, None, "none"),
        ("", None, None, "none"),
    ],
)
def test_match_unit_phrase(county, phrase, unit, group, how):
    match = match_unit_phrase(county, phrase)
    assert (match.phrase, match.how) == (phrase, how)
    assert (match.unit.name if match.unit else None) == unit
    assert (match.group.phrase if match.group else None) == group


def test_a_phrase_that_is_both_a_unit_and_a_group_is_not_guessed(county):
    Unit.objects.create(jurisdiction=county, name="各镇")
    UnitGroup.objects.create(jurisdiction=county, phrase="各镇")
    assert match_unit_phrase(county, "各镇").how == "none"


def test_the_prefix_equivalence_refuses_when_two_units_share_the_core(county):
    Unit.objects.create(jurisdiction=county, name="濉溪县司法局分局", full_name="")
    Unit.objects.create(jurisdiction=county, name="司法局分局")
    assert match_unit_phrase(county, "县司法局分局").how == "none"


def test_the_district_prefix_works_with_the_place_name(db):
    tunxi = Jurisdiction.objects.create(name="屯溪区", short_name="区")
    police = Unit.objects.create(jurisdiction=tunxi, name="屯溪公安分局")
    assert match_unit_phrase(tunxi, "区公安分局").unit == police
    assert match_unit_phrase(tunxi, "屯溪区公安分局").unit == police


def test_matching_many_phrases_with_an_index_costs_no_queries(county, django_assert_num_queries):
    with django_assert_num_queries(4):
        directory = build_directory_index(county)
    phrases = [
        "县司法局",
        "县住建局",
        "各镇(园区)",
        "濉溪县司法局",
        "县委办公室（县委督查考核办）",
        "无此单位",
    ] * 20
    with django_assert_num_queries(0):
        matches = [match_unit_phrase(county, phrase, directory=directory) for phrase in phrases]
        leader = match_leader_name(county, "钱 程", directory=directory)
    assert sum(match.is_matched for match in matches) == 100
    assert leader.name == "钱程"


@pytest.mark.parametrize(
    ("name", "found"), [("钱程", True), ("**钱程**", True), ("钱", False), ("王永涛", False)]
)
def test_match_leader_name(county, name, found):
    assert (match_leader_name(county, name) is not None) == found


# --- short forms, group synonyms and ranked suggestions -------------------------------------------


@pytest.fixture
def tunxi(db):
    from fazhi.demo.directory import demo_directory_load

    return demo_directory_load(jurisdiction_name="屯溪区")


@pytest.mark.parametrize(
    ("phrase", "unit", "group", "how"),
    [
        # Common short forms of one unit, with or without the 区 prefix.
        ("区城管局", "区城管执法局", None, "abbreviation"),
        ("城管局", "区城管执法局", None, "abbreviation"),
        ("区城市管理行政执法局", "区城管执法局", None, "abbreviation"),
        ("区编办", "区委编办", None, "abbreviation"),
        ("区委机构编制委员会办公室", "区委编办", None, "alias"),
        ("屯溪区机构编制委员会办公室", "区委编办", None, "abbreviation"),
        ("区住房和城乡建设局", None, None, "none"),
        ("区人力资源社会保障局", "区人社局", None, "abbreviation"),
        ("区人力 资源社会保障局", "区人社局", None, "abbreviation"),
        ("区人民政府办公室", "区政府办", None, "short"),
        ("区交通运输局", "区交运局", None, "alias"),
        ("区交通局", "区交运局", None, "abbreviation"),
        ("区发展改革委", "区发改委", None, "abbreviation"),
        ("区卫生健康委", "区卫健委", None, "abbreviation"),
        ("区委全面依法治区委员会办公室", "区委依法治区办", None, "abbreviation"),
        ("区依法治区办", "区委依法治区办", None, "abbreviation"),
        ("区宣传部", "区委宣传部", None, "abbreviation"),
        ("區市場監督管理局", "区市场监管局", None, "alias"),
        # Group phrase synonyms.
        ("各镇", None, "各镇人民政府", "group_synonym"),
        ("各乡镇", None, "各镇人民政府", "group_synonym"),
        ("各乡镇人民政府", None, "各镇人民政府", "group_synonym"),
        ("各街道", None, "各街道办事处", "group_synonym"),
        ("区政府所属各部门", None, "区政府各部门", "group_synonym"),
        ("区政府相关部门", None, "区政府有关部门", "group_synonym"),
    ],
)
def test_short_forms_and_group_synonyms_match_with_a_confidence(tunxi, phrase, unit, group, how):
    match = match_unit_phrase(tunxi, phrase)
    assert (match.how, match.unit.name if match.unit else None, match.group.phrase if match.group else None) == (
        how, unit, group)
    assert match.confidence >= AUTO_MATCH_CONFIDENCE if how != "none" else match.confidence == 0


def test_a_county_directory_resolves_its_group_phrases_and_short_forms(db):
    county = Jurisdiction.objects.create(name="歙县", short_name="县")
    towns = [Unit.objects.create(jurisdiction=county, name=name, kind=Unit.Kind.TOWN) for name in ("徽城镇", "郑村镇")]
    UnitGroup.objects.create(jurisdiction=county, phrase="各镇").members.set(towns)
    UnitGroup.objects.create(jurisdiction=county, phrase="县直各单位")
    Unit.objects.create(jurisdiction=county, name="县委编办", full_name="中共歙县县委机构编制委员会办公室")
    assert match_unit_phrase(county, "各乡镇人民政府").group.phrase == "各镇"
    assert match_unit_phrase(county, "县直各部门").group.phrase == "县直各单位"
    assert match_unit_phrase(county, "县机构编制委员会办公室").unit.name == "县委编办"


@pytest.mark.parametrize(
    ("phrase", "ranked"),
    [
        # Another kind word: proposed, not taken.
        ("区卫健局", [("区卫健委", "variant", 0.75)]),
        ("区公安局", [("屯溪公安分局", "variant", 0.75)]),
        ("区生态环境局", [("区生态环境分局", "variant", 0.75)]),
        # Only alike: proposed with a low confidence.
        ("区数据资源管理中心", [("区数据资源局", "similar", None)]),
    ],
)
def test_a_doubtful_phrase_gets_ranked_suggestions_and_no_match(tunxi, phrase, ranked):
    match = match_unit_phrase(tunxi, phrase)
    assert (match.how, match.unit, match.group) == ("none", None, None)
    top = [(s.name, s.how, s.confidence) for s in match.suggestions[: len(ranked)]]
    for (name, how, confidence), (got_name, got_how, got_confidence) in zip(ranked, top, strict=True):
        assert got_name == name
        if confidence is not None:
            assert (got_how, got_confidence) == (how, confidence)
        assert got_confidence < AUTO_MATCH_CONFIDENCE
    confidences = [s.confidence for s in match.suggestions]
    assert confidences == sorted(confidences, reverse=True)


def test_two_units_with_one_short_form_are_ranked_not_guessed(county):
    Unit.objects.create(jurisdiction=county, name="县城市管理局")
    Unit.objects.create(jurisdiction=county, name="县城管执法局")
    match = match_unit_phrase(county, "县城管局")
    assert match.how == "none"
    assert {(s.name, s.how) for s in match.suggestions[:2]} == {("县城市管理局", "ambiguous"), ("县城管执法局", "ambiguous")}


def test_a_group_with_a_bracketed_scope_is_suggested_for_the_plain_phrase(county):
    match = match_unit_phrase(county, "各乡镇")
    assert match.how == "none"
    assert [(s.name, s.how, s.confidence) for s in match.suggestions][:1] == [("各镇（园区）", "group_variant", 0.7)]
    assert match.suggestions[0].choice == f"group:{match.suggestions[0].group.pk}"


def test_unrelated_phrases_get_no_suggestions(county):
    assert match_unit_phrase(county, "国家税务总局").suggestions == []
