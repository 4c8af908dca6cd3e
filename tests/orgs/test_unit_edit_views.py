"""The directory's unit screens: edit, 停用/重新启用 after a preview, merge after a preview."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.orgs.models import Unit
from fazhi.tracking.models import Assignment
from tests.factories import PlanFactory, TaskFactory, tracking_started


@pytest.fixture
def plan(personas):
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    TaskFactory(plan=plan, seq=1, text="健全依法决策机制", lead_units=[personas.co_unit], ongoing=True)
    tracking_started(plan, through=date(2022, 12, 31), by=personas.office)
    return plan


@pytest.fixture
def office(client, personas):
    client.force_login(personas.office)
    return client


def test_directory_links_each_unit_to_its_edit_page_for_the_office_only(client, personas, db):
    client.force_login(personas.office)
    edit_url = reverse("orgs:unit_edit", args=[personas.lead_unit.pk])
    assert edit_url in client.get(reverse("orgs:directory")).content.decode()


@pytest.mark.parametrize("name", ["orgs:unit_edit", "orgs:unit_activation", "orgs:unit_merge"])
@pytest.mark.parametrize("who", ["lead_clerk", "leader_user"])
def test_clerks_and_leaders_are_refused(client, personas, name, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse(name, args=[personas.lead_unit.pk])).status_code == 403


def test_another_countys_office_is_refused(client, personas, other_county_office):
    client.force_login(other_county_office)
    for name in ("orgs:unit_edit", "orgs:unit_activation", "orgs:unit_merge"):
        assert client.get(reverse(name, args=[personas.lead_unit.pk])).status_code == 403


def test_rename_from_the_edit_page(office, personas):
    url = reverse("orgs:unit_edit", args=[personas.lead_unit.pk])
    page = office.get(url).content.decode()
    assert 'value="县司法局"' in page
    response = office.post(url, {"name": "县司法行政局", "full_name": "", "kind": "government", "sort_order": "3",
                                 "aliases": "司法局\n"}, follow=True)
    assert "已将“县司法局”改名为“县司法行政局”，原名称已保留为别名" in response.content.decode()
    unit = Unit.objects.get(pk=personas.lead_unit.pk)
    assert unit.name == "县司法行政局"
    assert set(unit.aliases.values_list("text", flat=True)) == {"司法局", "县司法局"}


def test_a_bad_edit_shows_the_reason_and_keeps_what_was_typed(office, personas):
    url = reverse("orgs:unit_edit", args=[personas.lead_unit.pk])
    response = office.post(url, {"name": "县财政局", "full_name": "濉溪县司法局", "kind": "government",
                                 "sort_order": "3", "aliases": "司法局"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "本辖区已有名为“县财政局”的单位" in page
    assert "司法局</textarea>" in page
    assert Unit.objects.get(pk=personas.lead_unit.pk).name == "县司法局"


def test_deactivation_shows_the_preview_then_ends_the_units_assignments(office, personas, plan):
    url = reverse("orgs:unit_activation", args=[personas.co_unit.pk])
    page = office.get(url).content.decode()
    assert "健全依法决策机制" in page
    assert "co_clerk" in page
    assert "停用后将没有牵头单位" in page
    response = office.post(url, {"is_active": "0"}, follow=True)
    assert "已停用“县财政局”，结束任务分工 1 项" in response.content.decode()
    assert not Assignment.objects.filter(unit=personas.co_unit, is_active=True).exists()
    assert Event.objects.filter(action="orgs.unit_deactivate").count() == 1
    # A second click of the same button changes nothing.
    response = office.post(url, {"is_active": "0"}, follow=True)
    assert "已停用，无需重复操作" in response.content.decode()
    assert Event.objects.filter(action="orgs.unit_deactivate").count() == 1


def test_reactivation_brings_the_assignments_back(office, personas, plan):
    url = reverse("orgs:unit_activation", args=[personas.co_unit.pk])
    office.post(url, {"is_active": "0"})
    page = office.get(url).content.decode()
    assert "确认重新启用" in page
    assert "将重新分派 1 项任务" in page and "健全依法决策机制" in page
    office.post(url, {"is_active": "1"})
    assert Assignment.objects.filter(unit=personas.co_unit, is_active=True).count() == 1


def test_the_clerk_of_a_deactivated_unit_no_longer_sees_its_tasks(client, office, personas, plan):
    client.force_login(personas.co_clerk)
    assert "健全依法决策机制" in client.get(reverse("tracking:my_home")).content.decode()
    client.force_login(personas.office)
    client.post(reverse("orgs:unit_activation", args=[personas.co_unit.pk]), {"is_active": "0"})
    client.force_login(personas.co_clerk)
    assert "健全依法决策机制" not in client.get(reverse("tracking:my_home")).content.decode()


def test_my_tasks_of_a_deactivated_unit_is_empty_and_says_why(client, personas, plan):
    client.force_login(personas.co_clerk)
    assert "健全依法决策机制" in client.get(reverse("plans:my_tasks")).content.decode()
    client.force_login(personas.office)
    client.post(reverse("orgs:unit_activation", args=[personas.co_unit.pk]), {"is_active": "0"})
    client.force_login(personas.co_clerk)
    page = client.get(reverse("plans:my_tasks")).content.decode()
    assert "健全依法决策机制" not in page
    assert "您所在的单位“县财政局”已停用" in page


def test_merge_previews_then_merges(office, personas, plan):
    url = reverse("orgs:unit_merge", args=[personas.co_unit.pk])
    assert office.get(url).status_code == 200
    page = office.get(url, {"survivor": personas.lead_unit.pk}).content.decode()
    assert "确认合并" in page and "co_clerk" in page
    response = office.post(url, {"survivor": personas.lead_unit.pk}, follow=True)
    assert "已将“县财政局”并入“县司法局”" in response.content.decode()
    assert not Unit.objects.filter(pk=personas.co_unit.pk).exists()
    assert Assignment.objects.get(task__plan=plan).unit == personas.lead_unit


def test_merge_into_an_unknown_unit_is_a_form_error(office, personas):
    url = reverse("orgs:unit_merge", args=[personas.co_unit.pk])
    response = office.post(url, {"survivor": "999999"})
    assert response.status_code == 400
    assert Unit.objects.filter(pk=personas.co_unit.pk).exists()
