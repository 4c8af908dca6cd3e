"""待办: the page per role, the badge in the navigation, and 催办 reaching a unit with no channel."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.notify.models import Notice
from fazhi.tracking.services import progress_report_return
from fazhi.web import context_processors
from fazhi.web.todo import todo_count, todo_for
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking

D = date.fromisoformat
# The clerk's 任务台账 page, badge included: 14 of the page (session, user, profile, ledger…) and 2 of the badge.
PAGE_QUERIES = 16


@pytest.fixture
def today(monkeypatch):
    """Fix the views' clock: ``today.set("2022-08-10")``."""
    original = timezone.localdate

    class Clock:
        day = D("2022-08-10")

        def set(self, day: str):
            self.day = D(day)

    clock = Clock()
    monkeypatch.setattr(timezone, "localdate",
                        lambda value=None, timezone=None: clock.day if value is None else original(value, timezone))
    return clock


@pytest.fixture
def plan(personas):
    """Two tasks led by 县司法局 (task 1 with 县财政局 as 配合单位); July is due on 5 August 2022."""
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("by", "2022-12-31", "")])
    add_task(plan, 2, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 9, 30))
    return plan


def _urge(client, personas, plan, unit):
    client.force_login(personas.office)
    response = client.post(reverse("tracking:urge", args=[plan.pk, unit.pk]), follow=True)
    client.logout()
    return response


def test_urge_with_no_channel_shows_on_the_units_home_and_in_its_todo(client, personas, plan, today):
    assert not personas.co_unit.channels.exists() and not personas.co_clerk.email
    response = _urge(client, personas, plan, personas.co_unit)
    assert "已向县财政局发出站内催办" in response.content.decode()

    client.force_login(personas.co_clerk)
    home = client.get(reverse("tracking:my_home")).content.decode()
    assert "urge-banner" in home and "【催办】县财政局法治政府建设任务" in home
    page = client.get(reverse("web:todo")).content.decode()
    assert 'id="todo-urges"' in page and "【催办】县财政局法治政府建设任务" in page
    notice = Notice.objects.get(recipient_unit=personas.co_unit)
    assert f'action="{reverse("web:notice_read", args=[notice.pk])}"' in page

    client.post(reverse("web:notice_read", args=[notice.pk]), {"next": reverse("tracking:my_home")})
    notice.refresh_from_db()
    assert notice.read_at is not None and notice.read_by == personas.co_clerk
    assert "urge-banner" not in client.get(reverse("tracking:my_home")).content.decode()
    assert 'id="todo-urges"' not in client.get(reverse("web:todo")).content.decode()


def test_another_units_clerk_cannot_read_or_mark_the_notice(client, personas, plan, today):
    _urge(client, personas, plan, personas.co_unit)
    notice = Notice.objects.get(recipient_unit=personas.co_unit)
    client.force_login(personas.lead_clerk)
    assert "【催办】" not in client.get(reverse("web:todo")).content.decode()
    assert client.post(reverse("web:notice_read", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_clerk_todo_lists_overdue_reports_with_links_to_their_cards(client, personas, plan, today):
    client.force_login(personas.lead_clerk)
    page = client.get(reverse("web:todo")).content.decode()
    july = period(plan, "month", "2022-07-01")
    assert 'id="todo-overdue"' in page and "逾期未报（2）" in page
    for seq in (1, 2):
        a = assignment(plan.tasks.get(seq=seq), personas.lead_unit)
        assert reverse("tracking:report_edit", args=[a.pk, july.pk]) in page
    assert f"《{plan.title}》2022年7月 任务 1" in page


def test_clerk_todo_lists_reports_due_soon_before_the_due_date(personas, plan, today):
    todo = todo_for(personas.lead_clerk, today=D("2022-08-03"))  # July due Friday 5 August
    assert [(e.item.period.label, e.item.assignment.task.seq) for e in todo.due_soon] == [
        ("2022年7月", 1), ("2022年7月", 2)]
    assert todo.overdue == [] and todo.total == 2


def test_clerk_todo_lists_a_returned_report_with_the_comment(client, personas, plan, today):
    a = assignment(plan.tasks.get(seq=1), personas.co_unit)
    r = report(personas, a, period(plan, "month", "2022-07-01"), submit_on="2022-08-01")
    progress_report_return(report=r, by=personas.office, comment="请补充佐证材料")
    client.force_login(personas.co_clerk)
    page = client.get(reverse("web:todo")).content.decode()
    assert 'id="todo-returned"' in page and "请补充佐证材料" in page
    assert 'id="todo-overdue"' not in page  # the returned report is owed once, as returned


def test_office_todo_lists_reports_awaiting_review_in_its_jurisdiction(client, personas, plan, today,
                                                                         other_county_office):
    july = period(plan, "month", "2022-07-01")
    submitted = report(personas, assignment(plan.tasks.get(seq=1), personas.lead_unit), july,
                       submit_on="2022-08-04")
    report(personas, assignment(plan.tasks.get(seq=2), personas.lead_unit), july, submit_on="2022-08-04",
           accept_on="2022-08-05")
    client.force_login(personas.office)
    page = client.get(reverse("web:todo")).content.decode()
    assert "待审核（1）" in page and reverse("tracking:report_review", args=[submitted.pk]) in page
    assert f'{reverse("tracking:review_queue")}?plan={plan.pk}' in page
    assert todo_count(other_county_office, today=today.day) == 0
    assert todo_count(personas.leader_user, today=today.day) == 0


@pytest.mark.parametrize("day", ["2022-07-20", "2022-08-03", "2022-08-10", "2022-10-20"])
def test_the_badge_counts_what_the_page_lists(client, personas, plan, today, day):
    a = assignment(plan.tasks.get(seq=1), personas.co_unit)
    r = report(personas, a, period(plan, "month", "2022-07-01"), submit_on="2022-08-01")
    progress_report_return(report=r, by=personas.office, comment="请补充佐证材料")
    today.set(day)
    _urge(client, personas, plan, personas.co_unit)
    for user in (personas.lead_clerk, personas.co_clerk, personas.office, personas.admin):
        assert todo_count(user, today=D(day)) == todo_for(user, today=D(day)).total, user.username


def test_the_badge_shows_in_the_navigation(client, personas, plan, today):
    client.force_login(personas.lead_clerk)
    page = client.get(reverse("web:todo")).content.decode()
    assert 'id="todo-badge"' in page and '>2</span>' in page
    client.force_login(personas.leader_user)
    assert 'id="todo-badge"' not in client.get(reverse("web:todo")).content.decode()


@pytest.mark.parametrize("persona", ["lead_clerk", "office"])
def test_the_badge_costs_at_most_two_queries_per_page(client, personas, plan, today, monkeypatch, persona):
    client.force_login(getattr(personas, persona))
    url = reverse("plans:ledger")
    client.get(url)  # the process builds its work calendar once; a request then checks its stamp

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_badge = queries()
    monkeypatch.setattr(context_processors, "todo_count", lambda user, today: 0)
    assert with_badge - queries() <= 2


def test_the_ledger_page_with_the_badge_stays_within_its_queries(client, personas, plan, today,
                                                                 django_assert_max_num_queries):
    client.force_login(personas.lead_clerk)
    client.get(reverse("plans:ledger"))
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(reverse("plans:ledger")).content.decode()
    assert 'id="todo-badge"' in page
