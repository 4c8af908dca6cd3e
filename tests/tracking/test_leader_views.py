"""The 县领导's page (我牵头的任务) and the rule that a leader never meets a link answering 403:
the tasks he leads with their lights, the latest consolidated report, the units 逾期未报 for
the period last due, and a crawl over every page a leader reaches."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.tracking.services import cadence_update
from fazhi.tracking.views.leader import last_due_periods
from fazhi.workcal.models import CalendarYear
from tests.conftest import make_user
from tests.factories import JurisdictionFactory, LeaderFactory, LeaderUserFactory, UnitFactory
from tests.tracking.domain_helpers import add_task, assignment, make_plan, report, start_tracking


class World:
    pass


@pytest.fixture
def led(personas):
    """A plan tracked monthly for four months. 钱程 leads task 1 (县司法局 with 县财政局 as
    配合单位; 县司法局 reported on the period last due, 县财政局 did not), task 2 (due a
    month ago, never reported) and task 4 (no unit named yet); 孙立 leads task 3."""
    today = timezone.localdate()
    for year in (today.year - 1, today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    start = (today.replace(day=1) - timedelta(days=100)).replace(day=1)
    plan = make_plan(personas, issued_on=start)
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False)
    other_leader = LeaderFactory(jurisdiction=personas.jurisdiction, name="孙立")
    w = World()
    w.today, w.plan, w.other_leader = today, plan, other_leader
    w.task1 = add_task(plan, 1, text="深入推进严格规范公正文明执法", lead=personas.lead_unit, co=[personas.co_unit],
                       deadlines=[("ongoing", None, "")], leader=personas.leader)
    w.task2 = add_task(plan, 2, text="全面推行行政执法公示制度", lead=personas.lead_unit,
                       deadlines=[("by", (today - timedelta(days=30)).isoformat(), "")], leader=personas.leader)
    w.task3 = add_task(plan, 3, text="加强水行政执法", lead=personas.outsider_unit,
                       deadlines=[("ongoing", None, "")], leader=other_leader)
    w.task4 = add_task(plan, 4, text="建立健全法律顾问制度", deadlines=[("ongoing", None, "")], leader=personas.leader)
    start_tracking(plan, personas, through=today)
    w.period = last_due_periods(plan, today)[0]
    w.report = report(personas, assignment(w.task1, personas.lead_unit), w.period, percent=60,
                      narrative="已召开专题会议部署执法规范化建设", submit_on=w.period.due_on)
    w.report.problems, w.report.next_steps = "执法记录仪配备不足", "下月完成装备采购"
    w.report.save(update_fields=["problems", "next_steps"])
    return w


def page(client, user):
    client.force_login(user)
    response = client.get(reverse("tracking:leader_home"))
    assert response.status_code == 200
    return response


def test_the_page_shows_exactly_the_tasks_he_leads_with_counts_per_colour(client, personas, led):
    response = page(client, personas.leader_user)
    tasks = [t for s in response.context["sections"] for t in s["tasks"]]
    assert [t.task.pk for t in tasks] == [led.task1.pk, led.task2.pk, led.task4.pk]
    body = response.content.decode()
    assert "我牵头的 3 项任务" in body and led.plan.title in body and "加强水行政执法" not in body
    colours = re.findall(r'<tr class="leader-task" data-task="\d+" data-colour="(\w+)"', body)
    assert len(colours) == 3
    counts = {colour: n for colour, _label, n in response.context["counts"]}
    assert counts == {c: colours.count(c) for c in ("red", "yellow", "green", "blue", "grey")}
    summary = body[body.index('id="leader-summary"'):].split("</p>", 1)[0]
    assert f"红 {counts['red']}" in summary and f"绿 {counts['green']}" in summary
    by_task = {t.task.pk: t for t in tasks}
    assert by_task[led.task2.pk].light.colour == "red"  # past its 完成时限 and never reported


def test_a_task_whose_lead_unit_is_overdue_is_never_green(client, personas, led):
    tasks = [t for s in page(client, personas.leader_user).context["sections"] for t in s["tasks"]]
    task2 = next(t for t in tasks if t.task.pk == led.task2.pk)
    assert [f.state for f in task2.lead_filings] == ["overdue"]
    assert task2.light.colour == "red"


def test_it_shows_the_latest_consolidated_report(client, personas, led):
    body = page(client, personas.leader_user).content.decode()
    row = body[body.index(f'data-task="{led.task1.pk}"'):].split("</tr>", 1)[0]
    assert led.period.label in row and "60%" in row and "已召开专题会议部署执法规范化建设" in row
    assert "执法记录仪配备不足" in row and "下月完成装备采购" in row
    row2 = body[body.index(f'data-task="{led.task2.pk}"'):].split("</tr>", 1)[0]
    assert "牵头单位尚未报送汇总报告" in row2


def test_it_lists_the_units_overdue_for_the_period_last_due(client, personas, led):
    response = page(client, personas.leader_user)
    (section,) = response.context["sections"]
    assert section["periods"] == [led.period]
    # 县财政局 (配合 on task 1) and 县司法局 (牵头 on task 2) owe the period; 县水利局's task is not his.
    assert [u.name for u in section["overdue_units"]] == ["县财政局", "县司法局"]
    by_task = {t.task.pk: [(u.name, f.state) for u, f in t.overdue] for t in section["tasks"]}
    assert by_task == {led.task1.pk: [("县财政局", "overdue")], led.task2.pk: [("县司法局", "overdue")],
                       led.task4.pk: []}


def test_clerks_and_the_office_are_refused(client, personas, led):
    for user in (personas.lead_clerk, personas.outsider_clerk, personas.office):
        client.force_login(user)
        assert client.get(reverse("tracking:leader_home")).status_code == 403


def test_a_leader_with_no_seat_is_refused_and_not_sent_there(client, personas, led):
    seatless = make_user("seatless", role=Role.LEADER, jurisdiction=personas.jurisdiction)
    client.force_login(seatless)
    assert client.get(reverse("tracking:leader_home")).status_code == 403
    assert client.get(reverse("web:home"))["Location"] == reverse("plans:ledger")


def test_home_sends_a_leader_to_his_page_and_the_menu_offers_it(client, personas, led):
    client.force_login(personas.leader_user)
    assert client.get(reverse("web:home"))["Location"] == reverse("tracking:leader_home")
    body = client.get(reverse("tracking:leader_home")).content.decode()
    assert f'href="{reverse("tracking:leader_home")}"' in body and "我牵头的任务" in body
    client.force_login(personas.lead_clerk)
    assert "我牵头的任务" not in client.get(reverse("plans:ledger")).content.decode()


def test_a_leader_of_another_county_sees_nothing_of_this_one(client, personas, led):
    county = JurisdictionFactory(name="杜集区", short_name="区")
    stranger = LeaderUserFactory(username="stranger", leader=LeaderFactory(jurisdiction=county, name="周明"))
    response = page(client, stranger)
    assert response.context["sections"] == [] and "深入推进严格规范公正文明执法" not in response.content.decode()
    for name, pk in (("tracking:task_history", led.task1.pk), ("plans:task_detail", led.task1.pk),
                     ("tracking:report_review", led.report.pk), ("plans:plan_ledger", led.plan.pk)):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name


def test_the_leader_opens_the_record_of_a_task_he_leads_even_with_no_unit_assigned(client, personas, led):
    client.force_login(personas.leader_user)
    assert client.get(reverse("tracking:task_history", args=[led.task4.pk])).status_code == 200
    assert client.get(reverse("tracking:task_history", args=[led.task3.pk])).status_code == 403


def test_the_record_link_shows_only_to_who_may_open_it(client, personas, led):
    link = 'href="{}"'.format(reverse("tracking:task_history", args=[led.task3.pk]))
    for user, shown in ((personas.leader_user, False), (personas.lead_clerk, False), (personas.outsider_clerk, True),
                        (personas.office, True)):
        client.force_login(user)
        body = client.get(reverse("plans:task_detail", args=[led.task3.pk])).content.decode()
        assert (link in body) is shown, user.username


HREF = re.compile(r'href="([^"]+)"')
NOT_CRAWLED = ("/static/", "/media/", "/admin/", "/logout/", "/i18n/")


def crawl(client, start: list[str], *, limit: int = 400) -> dict[str, int]:
    """GET every same-site link reachable from ``start``; path → status code."""
    seen: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urldefrag(unescape(href))[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(NOT_CRAWLED):
                continue
            if target not in seen:
                queue.append(target)
    return seen


def test_no_link_a_leader_reaches_answers_403(client, personas, led):
    client.force_login(personas.leader_user)
    start = [reverse("tracking:leader_home"), reverse("plans:plan_ledger", args=[led.plan.pk]),
             reverse("plans:plan_leaders", args=[led.plan.pk]),
             *(reverse("plans:task_detail", args=[t.pk]) for t in (led.task1, led.task2, led.task3, led.task4))]
    seen = crawl(client, start)
    refused = {url: code for url, code in seen.items() if code >= 400}
    assert refused == {}
    for task in (led.task1, led.task2, led.task4):
        assert reverse("tracking:task_history", args=[task.pk]) in seen
    assert reverse("tracking:report_review", args=[led.report.pk]) in seen
    assert reverse("tracking:task_history", args=[led.task3.pk]) not in seen


def test_the_page_queries_do_not_grow_with_the_tasks(client, personas, led):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            page(client, personas.leader_user)
        return len(captured)

    page(client, personas.leader_user)  # the session and the work calendar are read once, then cached
    before = queries()
    for seq in (5, 6, 7):
        add_task(led.plan, seq, lead=UnitFactory(jurisdiction=personas.jurisdiction), co=[personas.co_unit],
                 deadlines=[("ongoing", None, "")], leader=personas.leader)
    start_tracking(led.plan, personas, through=led.today)
    assert len(page(client, personas.leader_user).context["sections"][0]["tasks"]) == 6
    assert queries() == before
