"""Django admin cannot change domain rows behind the audit log: each domain admin is read-only or audited."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.core.admin import AuditedAdmin
from fazhi.orgs.models import Unit
from fazhi.workcal.models import CalendarDay, CalendarYear
from tests.factories import PASSWORD, UnitFactory

# These admins write through the app's own services, which record the events (fazhi/workcal/admin.py).
WRITES_THROUGH_SERVICES = {CalendarDay, CalendarYear}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="")


def test_every_domain_admin_is_read_only_or_audited(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if not (model.__module__.startswith("fazhi.") or model is get_user_model()):
            continue
        read_only = not model_admin.has_add_permission(request) and not model_admin.has_change_permission(request)
        if not (read_only or isinstance(model_admin, AuditedAdmin) or model in WRITES_THROUGH_SERVICES):
            unaudited.append(model._meta.label)
    assert not unaudited, f"admins that edit rows without an audit event: {unaudited}"


def test_an_admin_edit_of_a_unit_records_before_and_after(client, superuser, personas):
    client.force_login(superuser)
    unit = personas.lead_unit
    url = reverse("admin:orgs_unit_change", args=[unit.pk])
    form = {"name": unit.name, "full_name": "濉溪县司法局（新）", "kind": unit.kind, "jurisdiction": unit.jurisdiction_id,
            "sort_order": unit.sort_order, "is_active": "on",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
            "Unit_groups-TOTAL_FORMS": "0", "Unit_groups-INITIAL_FORMS": "0"}
    page = client.get(url).content.decode()
    prefixes = {name.split("-TOTAL_FORMS")[0] for name in _input_names(page) if name.endswith("-TOTAL_FORMS")}
    for prefix in prefixes:
        form.setdefault(f"{prefix}-TOTAL_FORMS", "0")
        form.setdefault(f"{prefix}-INITIAL_FORMS", "0")
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Unit.objects.get(pk=unit.pk).full_name == "濉溪县司法局（新）"
    event = Event.objects.get(action="admin.change")
    assert event.actor == superuser and event.jurisdiction == personas.jurisdiction
    assert event.data["before"]["全称"] == unit.full_name
    assert event.data["after"]["全称"] == "濉溪县司法局（新）"


def test_a_password_set_in_the_admin_is_recorded_without_the_password(client, superuser, personas):
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[personas.lead_clerk.pk])
    response = client.post(url, {"password1": "river-lantern-42", "password2": "river-lantern-42",
                                 "usable_password": "true"})
    assert response.status_code == 302
    event = Event.objects.get(action="admin.change", target_type="auth.user")
    assert event.jurisdiction == personas.jurisdiction
    assert "river-lantern-42" not in str(event.data)


def test_an_admin_delete_is_recorded(client, superuser, personas):
    client.force_login(superuser)
    unit = UnitFactory(jurisdiction=personas.jurisdiction, name="县气象局")
    client.post(reverse("admin:orgs_unit_delete", args=[unit.pk]), {"post": "yes"})
    assert not Unit.objects.filter(pk=unit.pk).exists()
    event = Event.objects.get(action="admin.delete")
    assert (event.target_label, event.jurisdiction) == ("县气象局", personas.jurisdiction)


def _input_names(page: str) -> list[str]:
    return re.findall(r'name="([^"]+)"', page)
