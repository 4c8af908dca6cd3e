"""The review lists: the office's queue (route, filters, paging, batch 通过), the 牵头单位's
配合单位报告 page, the batch service, and the 待办 of both.

The world: a 2022 plan of 12 tasks led by 县司法局 with 县财政局 as 配合单位, July due on
5 August; and a second plan of the same county with one task. Reports are moved through the
services at fixed days (``tests.tracking.domain_helpers.report``).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.tracking.models import ProgressReport, ReportTransition
from fazhi.tracking.services import (
    cadence_update,
    period_lock,
    progress_report_accept,
    progress_report_return,
    progress_reports_accept_batch,
)
from fazhi.tracking.views import review
from fazhi.web.todo import todo_count, todo_for
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking

State = ProgressReport.State
TODAY = date(2022, 9, 10)


class World:
    pass


@pytest.fixture
def w(personas):
    world = World()
    world.plan = make_plan(personas)
    world.tasks = [add_task(world.plan, seq, lead=personas.lead_unit, co=[personas.co_unit],
                            deadlines=[("ongoing", None, "")]) for seq in range(1, 13)]
    start_tracking(world.plan, personas, through=date(2022, 9, 30))
    world.july, world.august = period(world.plan, "month", "2022-07-01"), period(world.plan, "month", "2022-08-01")
    world.other_plan = make_plan(personas, title="濉溪县法治社会建设实施方案（2021-2025年）")
    add_task(world.other_plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("ongoing", None, "")])
    start_tracking(world.other_plan, personas, through=date(2022, 9, 30))
    return world


def lead_of(personas, task):
    return assignment(task, personas.lead_unit)


def co_of(personas, task):
    return assignment(task, personas.co_unit)


def listed(response) -> list[int]:
    return [r.pk for r in response.context["reports"]]


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------- the office's queue


def test_the_office_queue_lists_consolidated_reports_and_co_reports_only_on_request(client, personas, w):
    lead = report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    co = report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-02")
    client.force_login(personas.office)
    url = reverse("tracking:review_queue")
    assert listed(client.get(url)) == [lead.pk]
    everything = client.get(url + "?route=all")
    assert listed(everything) == [co.pk, lead.pk]
    assert "由牵头单位审核" in everything.content.decode()

    cadence_update(plan=w.plan, by=personas.office, co_reports_to_office=True)
    assert listed(client.get(url)) == [co.pk, lead.pk]


def test_the_office_queue_filters_by_plan_period_unit_lateness_and_state(client, personas, w):
    cadence_update(plan=w.plan, by=personas.office, co_reports_to_office=True)
    on_time = report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    late = report(personas, lead_of(personas, w.tasks[1]), w.july, submit_on="2022-08-20")
    august = report(personas, lead_of(personas, w.tasks[0]), w.august, submit_on="2022-09-02")
    co = report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-04")
    returned = report(personas, lead_of(personas, w.tasks[2]), w.july, submit_on="2022-08-04")
    progress_report_return(report=returned, by=personas.office, comment="请补充会议纪要文号")
    other_task = w.other_plan.tasks.get()
    other = report(personas, lead_of(personas, other_task), period(w.other_plan, "month", "2022-07-01"),
                   submit_on="2022-08-01")
    client.force_login(personas.office)
    url = reverse("tracking:review_queue")

    def get(query):
        return listed(client.get(url + query))

    assert get("") == [other.pk, on_time.pk, co.pk, late.pk, august.pk]
    assert get(f"?plan={w.plan.pk}") == [on_time.pk, co.pk, late.pk, august.pk]
    assert get(f"?plan={w.plan.pk}&period={w.july.pk}") == [on_time.pk, co.pk, late.pk]
    assert get(f"?plan={w.plan.pk}&period={w.july.pk}&unit={personas.co_unit.pk}") == [co.pk]
    assert get(f"?plan={w.plan.pk}&late=1") == [late.pk]
    assert get("?state=returned") == [returned.pk]
    page = client.get(url + "?state=returned").content.decode()
    assert "退回意见：请补充会议纪要文号" in page and 'name="report"' not in page  # nothing to accept there
    # A period of another plan, or nonsense, filters nothing rather than failing.
    assert get(f"?plan={w.plan.pk}&period={period(w.other_plan, 'month', '2022-07-01').pk}") == \
        [on_time.pk, co.pk, late.pk, august.pk]
    assert get("?plan=abc&unit=²&state=draft") == [other.pk, on_time.pk, co.pk, late.pk, august.pk]


def test_every_row_names_its_plan_and_period(client, personas, w):
    report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    client.force_login(personas.office)
    page = client.get(reverse("tracking:review_queue")).content.decode()
    assert 'title="濉溪县法治政府建设实施方案（2021-2025年）"' in page and "2022年7月" in page


def test_paging_keeps_the_filters(client, personas, w, monkeypatch):
    monkeypatch.setattr(review, "QUEUE_PER_PAGE", 5)
    made = [report(personas, lead_of(personas, task), w.july, submit_on="2022-08-03") for task in w.tasks[:7]]
    client.force_login(personas.office)
    first = client.get(reverse("tracking:review_queue") + f"?plan={w.plan.pk}&period={w.july.pk}")
    assert listed(first) == [r.pk for r in made[:5]]
    next_link = f"?plan={w.plan.pk}&amp;period={w.july.pk}&amp;page=2"
    assert next_link in first.content.decode()
    second = client.get(reverse("tracking:review_queue") + f"?plan={w.plan.pk}&period={w.july.pk}&page=2")
    assert listed(second) == [r.pk for r in made[5:]]
    assert f"?plan={w.plan.pk}&amp;period={w.july.pk}&amp;page=1" in second.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["tracking:review_queue", "tracking:co_reports"])
def test_the_page_costs_the_same_queries_for_2_rows_as_for_10(client, personas, w, monkeypatch, page):
    for task in w.tasks[:10]:
        report(personas, lead_of(personas, task), w.july, submit_on="2022-08-03")
        report(personas, co_of(personas, task), w.july, submit_on="2022-08-03", evidence=True)
    client.force_login(personas.office if page == "tracking:review_queue" else personas.lead_clerk)
    url = reverse(page) + ("?route=all" if page == "tracking:review_queue" else "")
    client.get(url)  # warm the work calendar and session
    counts = []
    for size in (2, 10):
        monkeypatch.setattr(review, "QUEUE_PER_PAGE", size)
        monkeypatch.setattr(review, "LEAD_PER_PAGE", size)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]


# ---------------------------------------------------------------- batch 通过


def test_the_batch_service_accepts_each_report_with_its_event_and_skips_the_rest_saying_why(personas, w):
    submitted = [report(personas, lead_of(personas, task), w.july, submit_on="2022-08-03") for task in w.tasks[:3]]
    already = report(personas, lead_of(personas, w.tasks[3]), w.july, submit_on="2022-08-03",
                     accept_on="2022-08-04")
    stale = submitted[2]
    progress_report_accept(report=ProgressReport.objects.get(pk=stale.pk), by=personas.office)  # meanwhile
    outcome = progress_reports_accept_batch(reports=[*submitted, already], by=personas.office, comment="请继续推进")
    assert [r.pk for r in outcome.accepted] == [submitted[0].pk, submitted[1].pk]
    assert [(r.pk, why) for r, why in outcome.skipped] == [
        (stale.pk, "该报告刚被他人处理过"), (already.pk, "该报告已通过，不能执行此操作")]
    for r in outcome.accepted:
        assert r.state == State.ACCEPTED and r.review_comment == "请继续推进"
        assert ReportTransition.objects.filter(report=r, to_state=State.ACCEPTED, comment="请继续推进").exists()
        assert Event.objects.filter(action="progress_report.accept", target_id=str(r.pk)).count() == 1
    assert ProgressReport.objects.get(pk=stale.pk).review_comment == ""  # the earlier accept, untouched


def test_the_batch_skips_what_the_reviewer_may_not_review(personas, w):
    co = report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    lead = report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    outcome = progress_reports_accept_batch(reports=[co, lead], by=personas.lead_clerk)
    assert [r.pk for r in outcome.accepted] == [co.pk]
    assert [(r.pk, why) for r, why in outcome.skipped] == [(lead.pk, "牵头单位的汇总报告由依法治县办审核")]
    assert ProgressReport.objects.get(pk=lead.pk).state == State.SUBMITTED


def test_the_office_batch_accepts_the_selected_and_lists_the_skipped(client, personas, w):
    reports = [report(personas, lead_of(personas, task), w.july, submit_on="2022-08-03") for task in w.tasks[:4]]
    progress_report_accept(report=reports[3], by=personas.office)
    client.force_login(personas.office)
    back = reverse("tracking:review_queue") + f"?plan={w.plan.pk}"
    response = client.post(reverse("tracking:reports_accept_batch"), {
        "which": "selected", "report": [str(r.pk) for r in (reports[0], reports[1], reports[3])],
        "page_report": [str(r.pk) for r in reports], "comment": "", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    states = dict(ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).values_list("pk", "state"))
    assert [states[r.pk] for r in reports] == [State.ACCEPTED, State.ACCEPTED, State.SUBMITTED, State.ACCEPTED]
    said = texts(response)
    assert said[0] == "已通过 2 份报告"
    assert said[1] == "以下报告未通过，其余不受影响：任务 4 · 县司法局（2022年7月）：该报告已通过，不能执行此操作"


def test_accept_the_whole_page(client, personas, w):
    reports = [report(personas, lead_of(personas, task), w.july, submit_on="2022-08-03") for task in w.tasks[:3]]
    client.force_login(personas.office)
    page = client.get(reverse("tracking:review_queue"))
    assert "通过本页全部（3 份）" in page.content.decode()
    client.post(reverse("tracking:reports_accept_batch"), {
        "which": "page", "page_report": [str(r.pk) for r in reports], "comment": "符合要求"})
    assert set(ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).values_list("state", "review_comment")) \
        == {(State.ACCEPTED, "符合要求")}


def test_a_batch_with_nothing_selected_or_of_unseen_reports_changes_nothing(client, personas, w, other_county_office):
    lead = report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    client.force_login(personas.office)
    response = client.post(reverse("tracking:reports_accept_batch"), {"which": "selected"})
    assert texts(response) == ["请先勾选要通过的报告"]
    client.force_login(other_county_office)
    assert client.post(reverse("tracking:reports_accept_batch"), {"report": [str(lead.pk)]}).status_code == 404
    client.force_login(personas.co_clerk)  # its unit leads nothing
    assert client.post(reverse("tracking:reports_accept_batch"), {"report": [str(lead.pk)]}).status_code == 403
    assert ProgressReport.objects.get(pk=lead.pk).state == State.SUBMITTED


def test_the_office_sets_where_co_reports_go(client, personas, w):
    client.force_login(personas.office)
    page = client.get(reverse("tracking:review_queue") + f"?plan={w.plan.pk}").content.decode()
    assert "本方案配合单位的报告由牵头单位审核" in page and "改为配合单位报告也报依法治县办审核" in page
    response = client.post(reverse("tracking:review_route", args=[w.plan.pk]), {"co_reports_to_office": "1"})
    assert response.status_code == 302
    w.plan.refresh_from_db()
    assert w.plan.cadence.co_reports_to_office
    assert Event.objects.filter(action="cadence.update", data__co_reports_to_office=True).exists()
    client.force_login(personas.lead_clerk)
    assert client.post(reverse("tracking:review_route", args=[w.plan.pk]),
                       {"co_reports_to_office": "0"}).status_code == 403


# ---------------------------------------------------------------- the 牵头单位's page


def test_the_lead_unit_reviews_its_co_units_reports_on_its_page(client, personas, w):
    first = report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03", evidence=True,
                   narrative="已完成财政资金执法检查")
    second = report(personas, co_of(personas, w.tasks[1]), w.july, submit_on="2022-08-03")
    report(personas, co_of(personas, w.tasks[2]), w.july)  # a draft is not the lead's business yet
    client.force_login(personas.lead_clerk)
    url = reverse("tracking:co_reports")
    page = client.get(url)
    html = page.content.decode()
    assert listed(page) == [first.pk, second.pk]
    assert "已完成财政资金执法检查" in html and "会议纪要.pdf" in html and ">预览</a>" in html

    review = client.get(reverse("tracking:report_review", args=[first.pk]))
    assert review.context["may_review"] and review.context["review_refusal"] is None
    narrowed = url + f"?task={w.tasks[0].pk}&period={w.july.pk}"
    assert listed(client.get(narrowed)) == [first.pk]
    response = client.post(reverse("tracking:report_accept", args=[first.pk]), {"next": narrowed})
    assert response.status_code == 302 and response["Location"] == narrowed
    response = client.post(reverse("tracking:report_return", args=[second.pk]),
                           {"comment": "请附执法检查记录", "next": url})
    assert response["Location"] == url
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.reviewed_by) == (State.ACCEPTED, personas.lead_clerk)
    assert (second.state, second.review_comment) == (State.RETURNED, "请附执法检查记录")
    assert listed(client.get(url)) == []
    assert listed(client.get(url + "?state=all")) == [first.pk, second.pk]


def test_returning_without_a_comment_keeps_the_report_and_says_why(client, personas, w):
    co = report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("tracking:report_return", args=[co.pk]), {"comment": " "})
    assert response.status_code == 400 and "退回时请写明需要修改的内容" in response.content.decode()
    assert ProgressReport.objects.get(pk=co.pk).state == State.SUBMITTED


def test_the_lead_unit_may_not_review_its_own_report_nor_reach_the_page_without_leading(client, personas, w):
    lead = report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    client.force_login(personas.lead_clerk)
    assert client.post(reverse("tracking:report_accept", args=[lead.pk])).status_code == 403
    for user in (personas.co_clerk, personas.outsider_clerk, personas.office, personas.leader_user):
        client.force_login(user)
        assert client.get(reverse("tracking:co_reports")).status_code == 403, user.username


def test_when_the_plan_sends_co_reports_to_the_office_the_lead_only_reads_them(client, personas, w):
    co = report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    cadence_update(plan=w.plan, by=personas.office, co_reports_to_office=True)
    client.force_login(personas.lead_clerk)
    page = client.get(reverse("tracking:co_reports"))
    html = page.content.decode()
    assert listed(page) == [co.pk]
    assert "本方案的配合单位报告报依法治县办审核，牵头单位无需审核" in html
    assert reverse("tracking:report_accept", args=[co.pk]) not in html and 'id="batch"' not in html
    assert client.post(reverse("tracking:report_accept", args=[co.pk])).status_code == 302
    assert ProgressReport.objects.get(pk=co.pk).state == State.SUBMITTED


def test_the_lead_unit_batch_accepts_from_its_page(client, personas, w):
    reports = [report(personas, co_of(personas, task), w.july, submit_on="2022-08-03") for task in w.tasks[:3]]
    client.force_login(personas.lead_clerk)
    html = client.get(reverse("tracking:co_reports")).content.decode()
    assert html.count('form="batch" name="report"') == 3
    response = client.post(reverse("tracking:reports_accept_batch"), {
        "which": "selected", "report": [str(reports[0].pk), str(reports[2].pk)]})
    assert response["Location"] == reverse("tracking:co_reports")
    assert [ProgressReport.objects.get(pk=r.pk).state for r in reports] == [
        State.ACCEPTED, State.SUBMITTED, State.ACCEPTED]


# ---------------------------------------------------------------- 待办


def test_the_lead_units_todo_counts_its_co_reports_to_review(client, personas, w):
    for task in w.tasks[:2]:
        report(personas, co_of(personas, task), w.july, submit_on="2022-08-03")
    lead = report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    todo = todo_for(personas.lead_clerk, today=TODAY)
    assert todo.co_reports_awaiting == 2
    assert todo_count(personas.lead_clerk, today=TODAY) == todo.total
    client.force_login(personas.lead_clerk)
    html = client.get(reverse("web:todo")).content.decode()
    assert "待审核的配合单位报告 2 项" in html and reverse("tracking:co_reports") in html
    # The office is asked for the consolidated report only.
    office = todo_for(personas.office, today=TODAY)
    assert [r.pk for r in office.awaiting_review] == [lead.pk]
    assert todo_count(personas.office, today=TODAY) == office.total == 1

    cadence_update(plan=w.plan, by=personas.office, co_reports_to_office=True)
    assert todo_for(personas.lead_clerk, today=TODAY).co_reports_awaiting == 0
    assert todo_count(personas.lead_clerk, today=TODAY) == todo_for(personas.lead_clerk, today=TODAY).total
    assert todo_count(personas.office, today=TODAY) == todo_for(personas.office, today=TODAY).total == 3


def test_the_badge_counts_co_reports_also_when_no_period_is_open(personas, w):
    report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    late = date(2031, 1, 1)  # past every period: only notices, returns and reviews count
    assert todo_count(personas.lead_clerk, today=late) == todo_for(personas.lead_clerk, today=late).total
    assert todo_for(personas.lead_clerk, today=late).co_reports_awaiting == 1


def test_a_report_left_submitted_in_a_locked_period_is_nobodys_to_do(personas, w):
    report(personas, co_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    report(personas, lead_of(personas, w.tasks[0]), w.july, submit_on="2022-08-03")
    period_lock(period=w.july, by=personas.office)
    for user in (personas.lead_clerk, personas.office):
        todo = todo_for(user, today=TODAY)
        assert (todo.co_reports_awaiting, todo.awaiting_review_total) == (0, 0), user.username
        assert todo_count(user, today=TODAY) == todo.total
