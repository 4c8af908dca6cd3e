"""The one scope rule: an office reads its jurisdiction and everything below it, and acts only in its own."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied

from fazhi.accounts.access import actor_for, is_installation_keeper, require_office
from fazhi.accounts.models import Role
from fazhi.orgs.models import Jurisdiction, Unit
from tests.conftest import make_user

Level = Jurisdiction.Level


@pytest.fixture
def tree(db):
    """安徽省 > 淮北市 > 濉溪县 > 濉溪镇, with a sibling at every level (江苏省, 黄山市, 杜集区 > 高岳街道)."""
    anhui = Jurisdiction.objects.create(name="安徽省", level=Level.PROVINCE)
    jiangsu = Jurisdiction.objects.create(name="江苏省", level=Level.PROVINCE)
    huaibei = Jurisdiction.objects.create(name="淮北市", level=Level.CITY, parent=anhui)
    huangshan = Jurisdiction.objects.create(name="黄山市", level=Level.CITY, parent=anhui)
    suixi = Jurisdiction.objects.create(name="濉溪县", level=Level.COUNTY, parent=huaibei)
    duji = Jurisdiction.objects.create(name="杜集区", level=Level.COUNTY, parent=huaibei)
    suixi_town = Jurisdiction.objects.create(name="濉溪镇", level=Level.TOWNSHIP, parent=suixi)
    gaoyue = Jurisdiction.objects.create(name="高岳街道", level=Level.TOWNSHIP, parent=duji)
    return SimpleNamespace(anhui=anhui, jiangsu=jiangsu, huaibei=huaibei, huangshan=huangshan, suixi=suixi,
                           duji=duji, suixi_town=suixi_town, gaoyue=gaoyue)


def _actor(tree, who: str):
    home = {"province_office": tree.anhui, "city_office": tree.huaibei, "county_office": tree.suixi,
            "county_office_again": tree.suixi,
            "other_county_office": tree.duji, "admin": tree.suixi, "county_clerk": tree.suixi}[who]
    role = {"admin": Role.ADMIN, "county_clerk": Role.CLERK}.get(who, Role.OFFICE)
    unit = Unit.objects.create(jurisdiction=home, name="县司法局") if role == Role.CLERK else None
    return actor_for(make_user(who, role=role, jurisdiction=home, unit=unit))


def _relatives(tree, who: str) -> dict:
    return {
        "province_office": {"own": tree.anhui, "child": tree.huaibei, "parent": None, "sibling": tree.jiangsu},
        "city_office": {"own": tree.huaibei, "child": tree.suixi, "parent": tree.anhui, "sibling": tree.huangshan},
        "county_office": {"own": tree.suixi, "child": tree.suixi_town, "parent": tree.huaibei, "sibling": tree.duji},
        "other_county_office": {"own": tree.duji, "child": tree.gaoyue, "parent": tree.huaibei,
                                "sibling": tree.suixi},
    }.get(who) or {"own": tree.suixi, "child": tree.suixi_town, "parent": tree.huaibei, "sibling": tree.duji}


# (actor, relation of the jurisdiction to the actor's own, may_read, may_act). A province has no parent.
SCOPE_TABLE = [
    ("province_office", "own", True, True),
    ("province_office", "child", True, False),
    ("province_office", "sibling", False, False),
    ("city_office", "own", True, True),
    ("city_office", "child", True, False),
    ("city_office", "parent", False, False),
    ("city_office", "sibling", False, False),
    ("county_office", "own", True, True),
    ("county_office", "child", True, False),
    ("county_office", "parent", False, False),
    ("county_office", "sibling", False, False),
    ("other_county_office", "own", True, True),
    ("other_county_office", "child", True, False),
    ("other_county_office", "parent", False, False),
    ("other_county_office", "sibling", False, False),
    ("admin", "own", True, True),
    ("admin", "child", True, True),
    ("admin", "parent", True, True),
    ("admin", "sibling", True, True),
    ("county_clerk", "own", True, False),
    ("county_clerk", "child", False, False),
    ("county_clerk", "parent", False, False),
    ("county_clerk", "sibling", False, False),
]


@pytest.mark.parametrize(("who", "relation", "reads", "acts"), SCOPE_TABLE)
def test_scope_table(tree, who, relation, reads, acts):
    actor = _actor(tree, who)
    jurisdiction = _relatives(tree, who)[relation]
    assert (actor.may_read(jurisdiction), actor.may_act(jurisdiction)) == (reads, acts)
    assert (actor.may_read(jurisdiction.pk), actor.may_act(jurisdiction.pk)) == (reads, acts)


@pytest.mark.parametrize("who", ["province_office", "city_office", "county_office", "other_county_office", "admin",
                                 "county_clerk"])
def test_scope_filters_agree_with_the_checks(tree, who):
    actor = _actor(tree, who)
    everything = list(Jurisdiction.objects.all())
    assert set(Jurisdiction.objects.filter(actor.read_scope())) == {j for j in everything if actor.may_read(j)}
    assert set(Jurisdiction.objects.filter(actor.act_scope())) == {j for j in everything if actor.may_act(j)}


def test_a_province_office_reads_every_level_below_it(tree):
    actor = _actor(tree, "province_office")
    assert set(Jurisdiction.objects.filter(actor.read_scope())) == {
        tree.anhui, tree.huaibei, tree.huangshan, tree.suixi, tree.duji, tree.suixi_town, tree.gaoyue}


def test_a_prefix_of_digits_is_not_an_ancestor(db):
    """"/9/" must not read "/91/": the path's closing slash keeps ids apart."""
    city = Jurisdiction.objects.create(pk=9, name="淮北市", level=Level.CITY)
    stranger = Jurisdiction.objects.create(pk=91, name="黄山市", level=Level.CITY)
    actor = actor_for(make_user("city_office", role=Role.OFFICE, jurisdiction=city))
    assert not actor.may_read(stranger) and not actor.may_read(stranger.pk)
    assert list(Jurisdiction.objects.filter(actor.read_scope())) == [city]


def test_an_actor_without_jurisdiction_reads_nothing(tree):
    actor = actor_for(make_user("nobody", role=Role.OFFICE))
    assert not actor.may_read(tree.suixi) and not actor.may_act(tree.suixi.pk)
    assert not Jurisdiction.objects.filter(actor.read_scope()).exists()


def test_actor_for_reads_the_profile_and_its_path_in_one_query(tree, django_assert_num_queries):
    user = make_user("city_office", role=Role.OFFICE, jurisdiction=tree.huaibei)
    with django_assert_num_queries(1):
        actor = actor_for(user)
    assert actor.jurisdiction_path == f"/{tree.anhui.pk}/{tree.huaibei.pk}/"


@pytest.mark.parametrize("who", ["city_office", "county_clerk", "admin"])
def test_checks_on_an_instance_cost_no_query(tree, who, django_assert_num_queries):
    actor = _actor(tree, who)
    with django_assert_num_queries(0):
        for jurisdiction in (tree.anhui, tree.huaibei, tree.suixi, tree.gaoyue):
            actor.may_read(jurisdiction)
            actor.may_act(jurisdiction)


def test_checks_on_an_id_cost_at_most_one_query(tree, django_assert_num_queries):
    actor = _actor(tree, "city_office")
    with django_assert_num_queries(0):
        assert actor.may_read(tree.huaibei.pk)  # its own
        assert actor.may_act(tree.huaibei.pk)
        assert not actor.may_act(tree.suixi.pk)  # acting needs no lookup: only its own qualifies
    with django_assert_num_queries(1):
        assert actor.may_read(tree.suixi.pk)
    with django_assert_num_queries(1):
        assert not actor.may_read(tree.huangshan.pk)


def test_require_office_refuses_a_city_office_acting_in_its_county(tree):
    user = make_user("city_office", role=Role.OFFICE, jurisdiction=tree.huaibei)
    assert require_office(user, jurisdiction=tree.huaibei).jurisdiction_id == tree.huaibei.pk
    with pytest.raises(PermissionDenied, match="此操作须由濉溪县依法治县办办理"):
        require_office(user, jurisdiction=tree.suixi.pk)
    with pytest.raises(PermissionDenied, match="只有本辖区的依法治县办可以执行此操作"):
        require_office(user, jurisdiction=tree.huangshan)
    clerk = make_user("clerk", role=Role.CLERK, jurisdiction=tree.huaibei,
                      unit=Unit.objects.create(jurisdiction=tree.huaibei, name="市司法局"))
    with pytest.raises(PermissionDenied, match="只有依法治县办或系统管理员可以执行此操作"):
        require_office(clerk, jurisdiction=tree.huaibei)


def test_the_installation_keeper_is_the_highest_office_not_the_top_jurisdiction(tree, django_assert_num_queries):
    """The demo's shape: 安徽省 and 淮北市 are only containers, so the 濉溪县 office keeps the work
    calendar and site address (else nobody but an administrator could enter next year's holidays);
    once an office works above it, that office keeps them instead."""
    county = _actor(tree, "county_office")
    with django_assert_num_queries(1):
        assert is_installation_keeper(county) and is_installation_keeper(county)  # asked once per actor
    city = make_user("city_office", role=Role.OFFICE, jurisdiction=tree.huaibei)
    assert is_installation_keeper(actor_for(city))
    assert not is_installation_keeper(_actor(tree, "other_county_office"))
    city.is_active = False
    city.save()
    assert is_installation_keeper(_actor(tree, "county_office_again"))
    assert not is_installation_keeper(_actor(tree, "county_clerk"))
