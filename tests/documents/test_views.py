from urllib.parse import quote

import pytest
from django.urls import reverse

from fazhi.orgs.models import Unit
from tests.plans.ledger_plan import open_xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_url(ledger, **params):
    url = reverse("documents:ledger_xlsx", args=[ledger.plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.mark.parametrize("who", ["office", "lead_clerk", "outsider_clerk", "leader_user", "admin"])
def test_anyone_who_sees_the_plan_may_export(client, personas, ledger, who):
    client.force_login(getattr(personas, who))
    response = client.get(_export_url(ledger))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="ledger-{ledger.plan.pk}-')
    assert "filename*=UTF-8''" + quote("濉溪县法治政府建设实施方案（2021—2025年）-任务台账-") in disposition
    assert open_xlsx(response.content)["B3"].value == "任务内容"


def test_unit_and_leader_exports_are_scoped(client, personas, ledger):
    client.force_login(personas.lead_clerk)
    response = client.get(_export_url(ledger, unit=personas.lead_unit.pk))
    assert quote("-任务台账-县司法局-") in response["Content-Disposition"]
    assert open_xlsx(response.content)["A1"].value.endswith("（县司法局）")
    response = client.get(_export_url(ledger, leader=personas.leader.pk))
    assert open_xlsx(response.content)["A1"].value.endswith("（牵头领导：钱程）")


def test_a_unit_of_another_jurisdiction_is_not_found(client, personas, ledger, other_county_office):
    foreign = Unit.objects.create(jurisdiction=other_county_office.profile.jurisdiction, name="区司法局")
    client.force_login(personas.office)
    assert client.get(_export_url(ledger, unit=foreign.pk)).status_code == 404
    assert client.get(_export_url(ledger, unit="x")).status_code == 404


def test_another_jurisdiction_may_not_export(client, ledger, other_county_office):
    client.force_login(other_county_office)
    assert client.get(_export_url(ledger)).status_code == 404


def test_anonymous_is_sent_to_login(client, ledger):
    response = client.get(_export_url(ledger))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
