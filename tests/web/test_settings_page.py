"""The office's 设置 page: one entry per settings screen, each linked only for who may use it;
every settings screen renders in both languages."""

import pytest
from django.urls import reverse

from fazhi.workcal.models import CalendarYear
from tests.factories import JurisdictionFactory, OfficeFactory, PlanFactory


def test_the_office_finds_every_settings_screen(client, personas):
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    client.force_login(personas.office)
    page = client.get(reverse("web:settings")).content.decode()
    for url in (reverse("workcal:years"), reverse("tracking:cadence", args=[plan.pk]), reverse("notify:channels"),
                reverse("notify:site")):
        assert f'href="{url}"' in page
    assert "/admin/" not in page
    nav = client.get(reverse("web:todo")).content.decode()
    assert f'href="{reverse("web:settings")}"' in nav


def test_another_countys_plans_are_not_offered(client, personas):
    PlanFactory(jurisdiction=JurisdictionFactory(name="杜集区"), title="杜集区法治政府建设实施方案")
    client.force_login(personas.office)
    assert "杜集区法治政府建设实施方案" not in client.get(reverse("web:settings")).content.decode()


def test_clerks_and_leaders_have_no_settings(client, personas):
    for user in (personas.lead_clerk, personas.leader_user):
        client.force_login(user)
        assert client.get(reverse("web:settings")).status_code == 403
        assert f'href="{reverse("web:settings")}"' not in client.get(reverse("web:todo")).content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_settings_screens_render_in_both_languages(client, personas, language):
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    CalendarYear.objects.create(year=2027, complete=True)
    client.force_login(personas.office)
    for url in (reverse("web:settings"), reverse("workcal:years"), reverse("workcal:year", args=[2027]),
                reverse("tracking:cadence", args=[plan.pk]), reverse("notify:channels"),
                reverse("notify:unit_channels", args=[personas.lead_unit.pk]), reverse("notify:site")):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200, url


def test_an_office_below_another_office_sees_the_calendar_as_read_only(client, personas):
    city = JurisdictionFactory(name="淮北市")
    OfficeFactory(username="huaibei_office", jurisdiction=city)
    client.force_login(OfficeFactory(username="xiangshan", jurisdiction=JurisdictionFactory(name="相山区", parent=city)))
    page = client.get(reverse("web:settings")).content.decode()
    assert "由最上级辖区的依法治办维护，您可以查看。" in page
