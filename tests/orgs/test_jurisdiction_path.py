"""Jurisdiction.path: set on create, rewritten with every descendant on re-parenting, filled by the migration."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from fazhi.orgs.models import Jurisdiction

Level = Jurisdiction.Level
fill_paths = importlib.import_module("fazhi.orgs.migrations.0002_jurisdiction_path").fill_paths


@pytest.fixture
def tree(db):
    anhui = Jurisdiction.objects.create(name="安徽省", level=Level.PROVINCE)
    huaibei = Jurisdiction.objects.create(name="淮北市", level=Level.CITY, parent=anhui)
    huangshan = Jurisdiction.objects.create(name="黄山市", level=Level.CITY, parent=anhui)
    suixi = Jurisdiction.objects.create(name="濉溪县", level=Level.COUNTY, parent=huaibei)
    town = Jurisdiction.objects.create(name="濉溪镇", level=Level.TOWNSHIP, parent=suixi)
    return anhui, huaibei, huangshan, suixi, town


def stored_paths() -> dict[str, str]:
    return dict(Jurisdiction.objects.values_list("name", "path"))


def test_a_new_jurisdiction_gets_the_path_of_its_ancestors(tree):
    anhui, huaibei, _huangshan, suixi, town = tree
    assert town.path == f"/{anhui.pk}/{huaibei.pk}/{suixi.pk}/{town.pk}/"
    assert stored_paths()["濉溪镇"] == town.path
    assert anhui.path == f"/{anhui.pk}/"


def test_below_is_one_prefix_filter(tree, django_assert_num_queries):
    _anhui, huaibei, _huangshan, suixi, town = tree
    with django_assert_num_queries(1):
        below = set(Jurisdiction.objects.filter(path__startswith=huaibei.path))
    assert below == {huaibei, suixi, town}


def test_reparenting_moves_every_descendant(tree):
    anhui, _huaibei, huangshan, suixi, town = tree
    suixi.parent = huangshan
    suixi.save()
    paths = stored_paths()
    assert paths["濉溪县"] == suixi.path == f"/{anhui.pk}/{huangshan.pk}/{suixi.pk}/"
    assert paths["濉溪镇"] == f"/{anhui.pk}/{huangshan.pk}/{suixi.pk}/{town.pk}/"
    assert set(Jurisdiction.objects.filter(path__startswith=huangshan.path)) == {huangshan, suixi, town}


def test_reparenting_to_the_root_and_with_update_fields(tree):
    anhui, huaibei, _huangshan, suixi, town = tree
    huaibei.parent = None
    huaibei.save(update_fields=["parent"])
    paths = stored_paths()
    assert paths["淮北市"] == f"/{huaibei.pk}/"
    assert paths["濉溪镇"] == f"/{huaibei.pk}/{suixi.pk}/{town.pk}/"
    assert paths["安徽省"] == f"/{anhui.pk}/"


def test_a_stale_instance_still_moves_the_stored_subtree(tree):
    """The ancestors moved after this instance was loaded: its save works from the stored paths."""
    anhui, _huaibei, huangshan, suixi, town = tree
    stale_town = Jurisdiction.objects.get(pk=town.pk)
    suixi.parent = huangshan
    suixi.save()
    stale_town.name = "濉溪镇（新）"
    stale_town.save()
    assert stored_paths()["濉溪镇（新）"] == f"/{anhui.pk}/{huangshan.pk}/{suixi.pk}/{town.pk}/"


def test_a_jurisdiction_cannot_move_below_itself(tree):
    anhui, huaibei, _huangshan, _suixi, town = tree
    huaibei.parent = town
    with pytest.raises(ValidationError, match="不能把辖区放到它自己或它的下级辖区之下"):
        huaibei.full_clean()
    with pytest.raises(ValidationError, match="不能把辖区放到它自己或它的下级辖区之下"):
        huaibei.save()
    assert Jurisdiction.objects.get(pk=huaibei.pk).parent_id == anhui.pk


def test_the_migration_fills_existing_rows(tree):
    before = stored_paths()
    Jurisdiction.objects.update(path="")
    fill_paths(apps, None)
    assert stored_paths() == before
