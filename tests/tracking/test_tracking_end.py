"""A plan's 实施期 bounds its periods: no period starts after 31 December of its last year
unless the office sets a later 调度截止日期; a plan imported after its 实施期 starts nothing;
结束调度 stops generation and closes the open periods (reminders only concern open ones)."""

from datetime import date
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from fazhi.accounts.models import Role
from fazhi.audit.models import Event
from fazhi.demo.directory import demo_directory_load
from fazhi.lib.workdays import WorkCalendar
from fazhi.plans.models import PendingImport, Plan
from fazhi.plans.parsing import parse_path
from fazhi.plans.services import plan_import
from fazhi.tracking.models import Assignment, Period, PeriodSnapshot, ReportingCadence
from fazhi.tracking.periods import period_spans
from fazhi.tracking.services import cadence_for, tracking_end_set, tracking_start
from fazhi.workcal.calendar import calendar_invalidate
from tests.conftest import make_user
from tests.plans.test_upload_views import _preview_form

SEED = settings.BASE_DIR / "demo/seeds/tunxi-district-action-plan-2022-2024.txt"
TODAY = date(2026, 12, 2)


@pytest.fixture
def clock():
    calendar_invalidate()
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


@pytest.fixture
def district(db):
    district = demo_directory_load(jurisdiction_name="屯溪区")
    return district, make_user("office_tunxi", role=Role.OFFICE, jurisdiction=district)


@pytest.fixture
def tunxi(district):
    district, office = district
    plan = plan_import(jurisdiction=district, ledger=parse_path(SEED), source_name=SEED.name,
                       source_sha256="t" * 64, by=office)
    return plan, office


def _periods(plan) -> set[tuple[str, date]]:
    return set(Period.objects.filter(plan=plan).values_list("kind", "start"))


def test_no_period_starts_after_the_last_day_but_the_last_years_summary_comes():
    cadence = ReportingCadence()
    spans = period_spans(cadence=cadence, since=date(2024, 11, 1), through=date(2025, 3, 1),
                         until=date(2024, 12, 31), calendar=WorkCalendar())
    assert [(s.kind, s.start) for s in spans] == [
        ("year", date(2024, 1, 1)), ("quarter", date(2024, 10, 1)), ("month", date(2024, 11, 1)),
        ("month", date(2024, 12, 1))]
    assert spans[0].due_on.year == 2025


def test_a_plan_imported_after_its_period_starts_nothing(tunxi, clock):
    plan, office = tunxi
    assert (plan.period_start, plan.period_end) == (2022, 2024)
    assert tracking_start(plan=plan, by=office, today=TODAY) == []
    assert not Period.objects.exists() and not Assignment.objects.exists()
    assert not ReportingCadence.objects.filter(plan=plan).exists()
    call_command("remind", today="2026-12-02")  # not tracked: the hourly run leaves it alone
    assert not Period.objects.exists()


def test_a_plan_tracked_to_its_end_gets_no_period_of_the_next_year(tunxi, clock):
    plan, office = tunxi
    tracking_start(plan=plan, by=office, starts_on=date(2024, 10, 1), today=date(2024, 12, 2))
    call_command("remind", today="2026-12-02")
    assert _periods(plan) == {("month", date(2024, 10, 1)), ("month", date(2024, 11, 1)),
                              ("month", date(2024, 12, 1)), ("quarter", date(2024, 10, 1)),
                              ("year", date(2024, 1, 1))}


def test_extending_the_tracking_end_generates_this_years_periods(tunxi, clock):
    plan, office = tunxi
    tracking_start(plan=plan, by=office, today=TODAY)
    periods = tracking_end_set(plan=plan, ends_on=date(2027, 6, 30), by=office, today=TODAY)
    assert {(p.kind, p.start) for p in periods} == {
        ("month", date(2026, 12, 1)), ("quarter", date(2026, 10, 1)), ("year", date(2026, 1, 1))}
    assert cadence_for(Plan.objects.get(pk=plan.pk)).tracking_start == date(2026, 12, 1)
    assert Assignment.objects.filter(task__plan=plan).exists()
    assert Event.objects.get(action="tracking.end_set").data == {"from": None, "to": "2027-06-30"}
    call_command("remind", today="2027-07-01")
    assert (max(Period.objects.filter(plan=plan).values_list("start", flat=True))) == date(2027, 6, 1)


def test_ending_now_stops_generation_and_closes_the_open_periods(tunxi, clock):
    plan, office = tunxi
    tracking_start(plan=plan, by=office, today=TODAY)
    tracking_end_set(plan=plan, ends_on=date(2027, 12, 31), by=office, today=TODAY)
    tracking_end_set(plan=plan, ends_on=TODAY, by=office, today=TODAY)
    assert not Period.objects.filter(plan=plan, state=Period.State.OPEN).exists()
    assert PeriodSnapshot.objects.filter(period__plan=plan, reason="close").count() == 3
    call_command("remind", today="2027-02-01")
    assert _periods(plan) == {("month", date(2026, 12, 1)), ("quarter", date(2026, 10, 1)),
                              ("year", date(2026, 1, 1))}


def test_the_tracking_end_cannot_precede_the_start(tunxi, clock):
    plan, office = tunxi
    tracking_end_set(plan=plan, ends_on=date(2026, 12, 31), by=office, today=TODAY)
    with pytest.raises(ValidationError):
        tracking_end_set(plan=plan, ends_on=date(2026, 11, 30), by=office, today=TODAY)
    assert cadence_for(Plan.objects.get(pk=plan.pk)).tracking_end == date(2026, 12, 31)


def test_uploading_a_plan_whose_period_has_ended_says_so(client, district, clock):
    district, office = district
    pending = PendingImport.objects.create(jurisdiction=district, uploaded_by=office, source_name=SEED.name,
                                           sha256="t" * 64, ledger=parse_path(SEED).to_dict())
    client.force_login(office)
    data, _preview = _preview_form(client, pending)
    page = client.post(reverse("plans:confirm", args=[pending.pk]), data, follow=True).content.decode()
    assert "实施期已于 2024 年底结束" in page and "调度截止日期" in page
    assert not Period.objects.exists()


def test_the_periods_page_says_the_period_ended_and_extends_or_ends_it(client, tunxi, clock):
    plan, office = tunxi
    client.force_login(office)
    url = reverse("tracking:periods", args=[plan.pk])
    page = client.get(url).content.decode()
    assert 'id="tracking-ended"' in page and "实施期已于 2024 年底结束" in page
    assert 'type="date"' in page and "结束调度" in page
    # One card, in the page body: not repeated inside the <title> or <head>.
    assert page.count('id="tracking-end"') == 1
    assert page.index('id="tracking-end"') > page.index("</head>")

    done = client.post(reverse("tracking:periods_end", args=[plan.pk]), {"tracking_end": "2026-12-31"}, follow=True)
    assert "已将调度截止日期设为 2026-12-31" in done.content.decode()
    assert 'id="tracking-ended"' not in done.content.decode()
    assert _periods(plan) == {("month", date(2026, 12, 1)), ("quarter", date(2026, 10, 1)),
                              ("year", date(2026, 1, 1))}
    assert 'value="2026-12-31"' in done.content.decode()

    bad = client.post(reverse("tracking:periods_end", args=[plan.pk]), {"tracking_end": "年底"})
    assert bad.status_code == 400 and "调度截止日期应为如" in bad.content.decode()

    ended = client.post(reverse("tracking:periods_end", args=[plan.pk]), {"end_now": "1"}, follow=True)
    assert "已结束调度" in ended.content.decode() and "调度已于 2026-12-02 截止" in ended.content.decode()
    assert not Period.objects.filter(plan=plan, state=Period.State.OPEN).exists()
