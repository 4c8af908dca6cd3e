"""调度周期管理: the office lists a plan's periods, closes, locks and reopens them, and sets the
tracking start; everyone else is refused."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.plans.models import Plan
from fazhi.tracking.models import Period
from fazhi.tracking.services import cadence_for
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking


@pytest.fixture
def plan(personas):
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 9, 30))
    return plan


def _url(plan):
    return reverse("tracking:periods", args=[plan.pk])


def _act(client, p, action):
    return client.post(reverse("tracking:period_action", args=[p.pk, action]), follow=True)


def test_office_sees_the_periods_with_report_counts(client, personas, plan, django_assert_max_num_queries):
    july = period(plan, "month", "2022-07-01")
    report(personas, assignment(plan.tasks.get(), personas.lead_unit), july, submit_on="2022-08-03")
    client.force_login(personas.office)
    with django_assert_max_num_queries(14):
        response = client.get(_url(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2022年7月" in html and "2022年第3季度" in html and "填报中" in html
    row = html[html.index(f'data-period="{july.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "<td>1</td><td>0</td>" in row  # one submitted, none accepted yet
    assert "调度周期管理" in client.get(reverse("tracking:board") + f"?plan={plan.pk}").content.decode()


@pytest.mark.parametrize("who", ["lead_clerk", "co_clerk", "leader_user"])
def test_others_are_refused(client, personas, plan, who):
    client.force_login(getattr(personas, who))
    assert client.get(_url(plan)).status_code == 403
    p = period(plan, "month", "2022-07-01")
    assert client.post(reverse("tracking:period_action", args=[p.pk, "close"])).status_code == 403
    assert client.post(reverse("tracking:periods_start", args=[plan.pk]),
                       {"tracking_start": "2022-01-01"}).status_code == 403
    p.refresh_from_db()
    assert p.state == Period.State.OPEN


def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(_url(plan))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_office_of_another_county_does_not_find_the_plan(client, personas, plan):
    from fazhi.accounts.models import Role
    from fazhi.orgs.models import Jurisdiction
    from tests.conftest import make_user

    other = Jurisdiction.objects.create(name="屯溪区", short_name="区", level=Jurisdiction.Level.COUNTY)
    client.force_login(make_user("tunxi_office", role=Role.OFFICE, jurisdiction=other))
    assert client.get(_url(plan)).status_code == 404
    p = period(plan, "month", "2022-07-01")
    assert client.post(reverse("tracking:period_action", args=[p.pk, "lock"])).status_code == 404


def test_close_reopen_and_lock_change_state_and_are_audited(client, personas, plan):
    client.force_login(personas.office)
    p = period(plan, "month", "2022-07-01")
    response = _act(client, p, "close")
    assert "已关闭2022年7月" in response.content.decode()
    p.refresh_from_db()
    assert p.state == Period.State.CLOSED
    _act(client, p, "open")
    p.refresh_from_db()
    assert p.state == Period.State.OPEN
    _act(client, p, "lock")
    p.refresh_from_db()
    assert p.state == Period.State.LOCKED and p.locked_by == personas.office
    actions = list(Event.objects.filter(target_type="tracking.period", target_id=str(p.pk))
                   .order_by("pk").values_list("action", "actor"))
    assert actions == [("period.close", personas.office.pk), ("period.open", personas.office.pk),
                       ("period.lock", personas.office.pk)]
    assert [s.reason for s in p.snapshots.order_by("pk")] == ["close", "lock"]  # reopening kept the first


def test_a_refused_transition_says_why(client, personas, plan):
    client.force_login(personas.office)
    p = period(plan, "month", "2022-07-01")
    _act(client, p, "lock")
    html = _act(client, p, "open").content.decode()
    assert "“2022年7月”当前为“已锁定”，不能改为“填报中”" in html
    p.refresh_from_db()
    assert p.state == Period.State.LOCKED
    assert client.post(reverse("tracking:period_action", args=[p.pk, "delete"])).status_code == 404


def test_changing_the_tracking_start_generates_the_earlier_periods(client, personas, plan):
    client.force_login(personas.office)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2022, 9, 15)):
        response = client.post(reverse("tracking:periods_start", args=[plan.pk]),
                               {"tracking_start": "2022-05-01"}, follow=True)
    assert "已保存开始调度日期并生成报送周期" in response.content.decode()
    assert cadence_for(Plan.objects.get(pk=plan.pk)).tracking_start == date(2022, 5, 1)
    assert Period.objects.filter(plan=plan, kind="month", start=date(2022, 5, 1)).exists()
    bad = client.post(reverse("tracking:periods_start", args=[plan.pk]), {"tracking_start": "五月"})
    assert bad.status_code == 400 and "应为如“2025-01-01”的日期" in bad.content.decode()


def test_provisional_due_dates_are_marked_and_the_year_to_enter_is_named(client, personas):
    late = Plan.objects.create(jurisdiction=personas.jurisdiction, title="方案", period_start=2026)
    start_tracking(late, personas, through=date(2026, 12, 15))
    december = period(late, "month", "2026-12-01")
    client.force_login(personas.office)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 15)):
        html = client.get(_url(late)).content.decode()
    assert 'id="provisional-due-dates"' in html and "2027 年的放假安排" in html
    assert "/admin/" not in html  # the office has no admin account: the page says who enters the year
    row = html[html.index(f'data-period="{december.pk}"'):]
    assert "2027-01-07" in row[:row.index("</tr>")] and "暂定" in row[:row.index("</tr>")]
    november = html[html.index(f'data-period="{period(late, "month", "2026-11-01").pk}"'):]
    assert "暂定" not in november[:november.index("</tr>")]


def test_the_board_marks_a_status_reckoned_in_an_unknown_year(client, personas):
    late = Plan.objects.create(jurisdiction=personas.jurisdiction, title="方案", period_start=2026)
    add_task(late, 1, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(late, personas, through=date(2026, 12, 15))
    december = period(late, "month", "2026-12-01")
    client.force_login(personas.office)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 15)):
        html = client.get(reverse("tracking:board"), {"plan": late.pk, "periods": "2026-12"}).content.decode()
    cell = html[html.index(f'data-period="{december.pk}"'):]
    cell = cell[:cell.index("</td>")]
    # The fourth quarter's window is due in January 2027, a year the calendar does not know.
    assert "截止日暂定（该年放假安排尚未录入）" in cell and '<small class="provisional">暂定</small>' in cell
