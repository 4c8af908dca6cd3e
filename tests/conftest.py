"""Shared personas: a 依法治县办 officer, a 牵头单位 clerk, a 配合单位 clerk,
an outsider clerk, a 县领导 and an administrator, all in one county."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from fazhi.accounts.models import Profile, Role
from fazhi.orgs.models import Jurisdiction, Leader, Unit


@dataclass
class Personas:
    jurisdiction: Jurisdiction
    lead_unit: Unit
    co_unit: Unit
    outsider_unit: Unit
    leader: Leader
    office: object
    lead_clerk: object
    co_clerk: object
    outsider_clerk: object
    leader_user: object
    admin: object


def make_user(username: str, *, role: str, jurisdiction=None, unit=None, leader=None, password: str = "pass-12345"):
    user = get_user_model().objects.create_user(username=username, password=password)
    if role == Role.ADMIN:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    Profile.objects.create(user=user, role=role, jurisdiction=jurisdiction, unit=unit, leader=leader)
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher would take most of the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_work_calendar():
    """The work calendar is cached per process; a test's calendar rows must not outlive its rollback."""
    from fazhi.workcal.calendar import calendar_invalidate

    calendar_invalidate()
    yield
    calendar_invalidate()


@pytest.fixture
def personas(db) -> Personas:
    county = Jurisdiction.objects.create(name="濉溪县", short_name="县", level=Jurisdiction.Level.COUNTY)
    lead_unit = Unit.objects.create(jurisdiction=county, name="县司法局", full_name="濉溪县司法局")
    co_unit = Unit.objects.create(jurisdiction=county, name="县财政局", full_name="濉溪县财政局")
    outsider_unit = Unit.objects.create(jurisdiction=county, name="县水利局", full_name="濉溪县水利局")
    leader = Leader.objects.create(jurisdiction=county, name="钱程", title="副县长")
    return Personas(
        jurisdiction=county,
        lead_unit=lead_unit,
        co_unit=co_unit,
        outsider_unit=outsider_unit,
        leader=leader,
        office=make_user("office", role=Role.OFFICE, jurisdiction=county),
        lead_clerk=make_user("lead_clerk", role=Role.CLERK, jurisdiction=county, unit=lead_unit),
        co_clerk=make_user("co_clerk", role=Role.CLERK, jurisdiction=county, unit=co_unit),
        outsider_clerk=make_user("outsider_clerk", role=Role.CLERK, jurisdiction=county, unit=outsider_unit),
        leader_user=make_user("leader", role=Role.LEADER, jurisdiction=county, leader=leader),
        admin=make_user("admin", role=Role.ADMIN, jurisdiction=county),
    )
