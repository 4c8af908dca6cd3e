"""Shared personas: a 依法治县办 officer, a 牵头单位 clerk, a 配合单位 clerk,
an outsider clerk, a 县领导 and an administrator, all in one county."""

import os
from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from fazhi.accounts.models import Role
from fazhi.orgs.models import Jurisdiction, Leader, Unit
from tests.factories import (
    AdminFactory,
    ClerkFactory,
    JurisdictionFactory,
    LeaderFactory,
    LeaderUserFactory,
    OfficeFactory,
    UnitFactory,
)
from tests.plans.ledger_plan import build_plan

# Property tests draw the same examples on every run (``FAZHI_HYPOTHESIS=explore`` draws new ones):
# a failure in CI is then reproducible, and a flaky example cannot fail one run and pass the next.
# Known: one random fragment (paragraph pieces over two lines, see the closing note of issue 16) is
# reported as one unparsed entry for two unparsed lines; no character is lost.
hypothesis_settings.register_profile("fazhi", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile(os.environ.get("FAZHI_HYPOTHESIS", "fazhi"))


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


def make_user(username: str, *, role: str, jurisdiction=None, unit=None, leader=None):
    """A user of ``role`` (one of ``Role``), for tests that build an extra persona inline.
    An office or admin without ``jurisdiction`` has none; a clerk or leader takes its seat's."""
    if role in (Role.OFFICE, Role.ADMIN):
        factory = OfficeFactory if role == Role.OFFICE else AdminFactory
        return factory(username=username, jurisdiction=jurisdiction, unit=unit)
    if role == Role.CLERK:
        return ClerkFactory(username=username, unit=unit, **({"jurisdiction": jurisdiction} if jurisdiction else {}))
    return LeaderUserFactory(username=username, leader=leader,
                             **({"jurisdiction": jurisdiction} if jurisdiction else {}))


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
    county = JurisdictionFactory(name="濉溪县", short_name="县")
    lead_unit = UnitFactory(jurisdiction=county, name="县司法局")
    co_unit = UnitFactory(jurisdiction=county, name="县财政局")
    outsider_unit = UnitFactory(jurisdiction=county, name="县水利局")
    leader = LeaderFactory(jurisdiction=county, name="钱程", title="副县长")
    return Personas(
        jurisdiction=county,
        lead_unit=lead_unit,
        co_unit=co_unit,
        outsider_unit=outsider_unit,
        leader=leader,
        office=OfficeFactory(username="office", jurisdiction=county),
        lead_clerk=ClerkFactory(username="lead_clerk", unit=lead_unit),
        co_clerk=ClerkFactory(username="co_clerk", unit=co_unit),
        outsider_clerk=ClerkFactory(username="outsider_clerk", unit=outsider_unit),
        leader_user=LeaderUserFactory(username="leader", leader=leader),
        admin=AdminFactory(username="admin", jurisdiction=county),
    )


@pytest.fixture
def ledger(personas):
    """The small plan of the 台账 export and re-import tests (``tests.plans.ledger_plan``)."""
    return build_plan(personas)


@pytest.fixture
def other_county_office(db):
    """The 依法治区办 of a county that is not the personas'."""
    county = JurisdictionFactory(name="杜集区", short_name="区")
    return OfficeFactory(username="other_office", jurisdiction=county)
