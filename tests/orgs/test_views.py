"""Directory screens: only the 依法治县办 (and administrators) get in."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.audit.models import Event
from fazhi.demo.directory import demo_directory_load
from fazhi.orgs import services
from fazhi.orgs.excel import directory_export
from fazhi.orgs.models import Unit, UnitGroup
from tests.factories import OfficeFactory


@pytest.fixture
def group(personas):
    return services.group_create(
        jurisdiction=personas.jurisdiction, phrase="县政府各部门", members=[personas.lead_unit], by=None
    )


def urls(group):
    return [
        reverse("orgs:directory"),
        reverse("orgs:export"),
        reverse("orgs:import"),
        reverse("orgs:unit_create"),
        reverse("orgs:group_create"),
        reverse("orgs:group_edit", args=[group.pk]),
    ]


@pytest.mark.parametrize("who", ["office", "admin"])
def test_office_and_admin_may_open_every_screen(client, personas, group, who):
    client.force_login(getattr(personas, who))
    for url in urls(group):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["lead_clerk", "co_clerk", "outsider_clerk", "leader_user"])
def test_clerks_and_leaders_are_refused(client, personas, group, who):
    client.force_login(getattr(personas, who))
    for url in urls(group):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_anonymous_users_are_sent_to_login(client, personas, group):
    for url in urls(group):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_another_countys_office_is_refused(client, personas, group):
    other = services.jurisdiction_create(name="杜集区", level="county", short_name="区", by=None)
    client.force_login(OfficeFactory(username="duji_office", jurisdiction=other))
    assert (
        client.get(reverse("orgs:directory"), {"jurisdiction": personas.jurisdiction.pk}).status_code == 403
    )
    assert client.get(reverse("orgs:group_edit", args=[group.pk])).status_code == 403
    assert client.get(reverse("orgs:export"), {"jurisdiction": personas.jurisdiction.pk}).status_code == 403


def test_a_city_office_reads_its_countys_directory_but_does_not_edit_it(client, db):
    county = demo_directory_load(jurisdiction_name="濉溪县")
    client.force_login(OfficeFactory(username="city_office", jurisdiction=county.parent))
    response = client.get(reverse("orgs:directory"), {"jurisdiction": county.pk})
    assert response.status_code == 200 and not response.context["may_edit"]
    assert "县司法局" in response.content.decode()
    assert client.get(reverse("orgs:export"), {"jurisdiction": county.pk}).status_code == 200
    group = UnitGroup.objects.filter(jurisdiction=county).first()
    units_before = Unit.objects.filter(jurisdiction=county).count()
    for url in (reverse("orgs:import"), reverse("orgs:unit_create"), reverse("orgs:group_create")):
        response = client.post(url + f"?jurisdiction={county.pk}", {"name": "县审计局", "kind": "government"})
        assert response.status_code == 403, url
        assert "此操作须由濉溪县依法治县办办理" in response.content.decode()
    assert client.post(reverse("orgs:group_edit", args=[group.pk]), {"members": []}).status_code == 403
    assert Unit.objects.filter(jurisdiction=county).count() == units_before
    assert group.members.exists()


def test_directory_page_shows_units_aliases_groups_and_sample_badges(client, personas):
    demo_directory_load(jurisdiction_name="濉溪县")
    client.force_login(personas.office)
    page = client.get(reverse("orgs:directory")).content.decode()
    for text in ["县住房和城乡建设局", "县人防办", "各镇（园区）", "濉溪镇", "示例", "王永涛", "政府部门"]:
        assert text in page


def test_directory_page_query_count_does_not_grow_with_the_directory(
    client, personas, group, django_assert_num_queries
):
    client.force_login(personas.office)
    # session, user, profile, jurisdiction, groups, members, units, aliases, leaders, children, 待办 badge
    with django_assert_num_queries(11):
        small = client.get(reverse("orgs:directory"))
    demo_directory_load(jurisdiction_name="濉溪县")
    with django_assert_num_queries(11):
        large = client.get(reverse("orgs:directory"))
    assert small.status_code == large.status_code == 200


def test_export_downloads_a_workbook(client, personas):
    client.force_login(personas.office)
    response = client.get(reverse("orgs:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["单位", "单位组", "牵头领导"]


def test_import_shows_row_errors(client, personas):
    client.force_login(personas.office)
    workbook = load_workbook(io.BytesIO(directory_export(personas.jurisdiction)))
    workbook["单位"]["C2"] = "局"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = "名录.xlsx"
    buffer.seek(0)
    response = client.post(reverse("orgs:import"), {"workbook": buffer})
    assert response.status_code == 200
    assert "单位表第 2 行“类别”列的“局”无法识别" in response.content.decode()
    assert not Event.objects.filter(action="orgs.directory_import").exists()


def test_import_applies_a_good_workbook_and_redirects(client, personas):
    client.force_login(personas.office)
    workbook = load_workbook(io.BytesIO(directory_export(personas.jurisdiction)))
    workbook["单位"].append(["县审计局", "濉溪县审计局", "政府部门", "", "否", "是"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = "名录.xlsx"
    buffer.seek(0)
    response = client.post(reverse("orgs:import"), {"workbook": buffer}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs:directory")
    assert Unit.objects.filter(jurisdiction=personas.jurisdiction, name="县审计局").exists()
    assert "导入完成" in response.content.decode()


def test_import_refuses_other_file_types(client, personas):
    client.force_login(personas.office)
    upload = io.BytesIO(b"a,b")
    upload.name = "名录.csv"
    response = client.post(reverse("orgs:import"), {"workbook": upload})
    assert "请上传 .xlsx 格式的文件" in response.content.decode()


def test_unit_create_saves_and_reports_duplicates(client, personas):
    client.force_login(personas.office)
    response = client.post(
        reverse("orgs:unit_create"), {"name": "县审计局", "full_name": "", "kind": "government"}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(jurisdiction=personas.jurisdiction, name="县审计局")
    assert Event.objects.filter(
        action="orgs.unit_create", target_id=str(unit.pk), actor=personas.office
    ).exists()
    response = client.post(
        reverse("orgs:unit_create"), {"name": "县审计局", "full_name": "", "kind": "government"}
    )
    assert response.status_code == 200
    assert "本辖区已有名为“县审计局”的单位" in response.content.decode()


def test_group_edit_sets_members_from_checkboxes(client, personas, group):
    client.force_login(personas.office)
    page = client.get(reverse("orgs:group_edit", args=[group.pk])).content.decode()
    assert f'value="{personas.lead_unit.pk}" checked' in page
    response = client.post(
        reverse("orgs:group_edit", args=[group.pk]),
        {"members": [personas.co_unit.pk, personas.outsider_unit.pk]},
    )
    assert response.status_code == 302
    assert set(UnitGroup.objects.get(pk=group.pk).members.all()) == {personas.co_unit, personas.outsider_unit}
    assert Event.objects.filter(action="orgs.group_set_members", actor=personas.office).exists()


def test_group_edit_refuses_units_of_another_jurisdiction(client, personas, group):
    other = services.jurisdiction_create(name="杜集区", level="county", by=None)
    stranger = services.unit_create(jurisdiction=other, name="区财政局", kind="government", by=None)
    client.force_login(personas.office)
    response = client.post(reverse("orgs:group_edit", args=[group.pk]), {"members": [stranger.pk]})
    assert response.status_code == 200
    assert list(UnitGroup.objects.get(pk=group.pk).members.all()) == [personas.lead_unit]


def test_admin_pages_open_and_an_inline_alias_takes_the_units_jurisdiction(client, personas, group):
    client.force_login(personas.admin)
    unit = personas.lead_unit
    for url in [
        reverse("admin:orgs_unit_changelist"),
        reverse("admin:orgs_unit_change", args=[unit.pk]),
        reverse("admin:orgs_unitgroup_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:orgs_unit_change", args=[unit.pk]))
    data = {
        "jurisdiction": personas.jurisdiction.pk,
        "name": unit.name,
        "full_name": unit.full_name,
        "kind": unit.kind,
        "is_active": "on",
        "sort_order": unit.sort_order,
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-text": "司法局",
        "aliases-0-unit": unit.pk,
    }
    membership = page.context["inline_admin_formsets"][1].formset
    data.update(
        {
            f"{membership.prefix}-TOTAL_FORMS": "1",
            f"{membership.prefix}-INITIAL_FORMS": "1",
            f"{membership.prefix}-0-id": group.members.through.objects.get(unit=unit).pk,
            f"{membership.prefix}-0-unitgroup": group.pk,
            f"{membership.prefix}-0-unit": unit.pk,
        }
    )
    response = client.post(reverse("admin:orgs_unit_change", args=[unit.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert unit.aliases.get().jurisdiction == personas.jurisdiction


def test_group_create_saves_a_phrase_with_members(client, personas, group):
    client.force_login(personas.office)
    page = client.get(reverse("orgs:group_create")).content.decode()
    assert "政府部门" in page and 'name="phrase"' in page
    response = client.post(
        reverse("orgs:group_create"),
        {"phrase": "各镇(园区)", "note": "", "members": [personas.co_unit.pk]},
    )
    assert response.status_code == 302
    created = UnitGroup.objects.get(jurisdiction=personas.jurisdiction, phrase="各镇（园区）")
    assert list(created.members.all()) == [personas.co_unit]
    response = client.post(reverse("orgs:group_create"), {"phrase": "县政府各部门", "members": []})
    assert "称谓为“县政府各部门”的单位组已存在" in response.content.decode()
