"""我的填报 as rows (issue 9): the default view, filters, paging, the card page, submit that
stays in place, 代填报 keeping its unit, and a query count that does not grow with periods."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fazhi.tracking.models import Period, ProgressReport
from fazhi.tracking.services import cadence_update, periods_generate
from fazhi.workcal.models import CalendarYear
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking

HX = {"HTTP_HX_REQUEST": "true"}
TODAY = date(2025, 11, 3)  # October's 调度 is due on 7 November: the nearest due date


@pytest.fixture
def today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield TODAY


@pytest.fixture
def home(personas, today):
    """A plan tracked from 1 October 2025 with monthly, quarterly and yearly periods; two tasks
    led by 县司法局 (the first with a 量化指标 and a 完成时限), one with 县财政局 as 配合单位."""
    for year in (2025, 2026):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = make_plan(personas, issued_on=date(2025, 10, 1))
    t1 = add_task(plan, 1, text="深入推进严格规范公正文明执法", lead=personas.lead_unit, co=[personas.co_unit],
                  deadlines=[("by", "2025-12-31", "")])
    t1.targets.create(text="行政执法案卷合格率达到95%以上", subject="行政执法案卷合格率", comparator=">=", value=95,
                      unit="%")
    t2 = add_task(plan, 2, text="全面推行行政执法公示制度", lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=today)
    return plan, t1, t2


def rows(body: str) -> int:
    return body.count('class="home-item"')


def test_the_default_view_is_the_nearest_due_period_as_rows(client, personas, home):
    plan, t1, _t2 = home
    client.force_login(personas.lead_clerk)
    body = client.get(reverse("tracking:my_home")).content.decode()
    october = period(plan, "month", "2025-10-01")
    assert rows(body) == 2 and body.count(f'p{october.pk}"') >= 2
    assert "report-card" not in body  # no form until a row is opened
    assert "濉溪·法治政府2021–2025" in body  # the plan's short name on every row
    # the counts cover every open period: Oct, Nov, Q4 and the year, two tasks each
    assert "待报送 8 项" in body and body.count('id="home-summary"') == 1
    everything = client.get(reverse("tracking:my_home") + "?show=all").content.decode()
    assert rows(everything) == 8


def test_overdue_and_returned_never_hide(client, personas, home, today):
    plan, t1, t2 = home
    november = period(plan, "month", "2025-11-01")
    submitted = report(personas, assignment(t2, personas.lead_unit), november, submit_on="2025-11-01")
    client.force_login(personas.office)
    client.post(reverse("tracking:report_return", args=[submitted.pk]), {"comment": "请补充执法公示截图"})
    with mock.patch("django.utils.timezone.localdate", return_value=date(2025, 11, 12)):  # October now overdue
        client.force_login(personas.lead_clerk)
        body = client.get(reverse("tracking:my_home")).content.decode()
    assert f'id="item-a{assignment(t2, personas.lead_unit).pk}p{november.pk}"' in body  # returned, not due yet
    october = period(plan, "month", "2025-10-01")
    assert body.count(f'p{october.pk}"') >= 2 and "逾期 2 项" in body


@pytest.mark.parametrize("show,expected", [("overdue", 0), ("returned", 0), ("due_soon", 2), ("owed", 8), ("all", 8)])
def test_the_status_filter(client, personas, home, show, expected):
    client.force_login(personas.lead_clerk)
    body = client.get(reverse("tracking:my_home") + f"?show={show}").content.decode()
    assert rows(body) == expected


def test_the_period_filter_and_a_bad_filter_value(client, personas, home):
    plan, *_ = home
    client.force_login(personas.lead_clerk)
    quarter = period(plan, "quarter", "2025-10-01")
    body = client.get(reverse("tracking:my_home") + f"?period={quarter.pk}&show=all").content.decode()
    assert rows(body) == 2 and "2025年第4季度盘点" in body
    assert client.get(reverse("tracking:my_home") + "?period=²&show=nonsense&page=x").status_code == 200


def test_paging_keeps_the_filters_and_the_chosen_unit(client, personas, home):
    plan, *_ = home
    for seq in range(3, 12):
        add_task(plan, seq, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=TODAY)
    client.force_login(personas.office)
    body = client.get(reverse("tracking:my_home") + f"?unit={personas.lead_unit.pk}&show=all").content.decode()
    assert rows(body) == 30 and "第 1 / 2 页，共 44 项" in body
    assert f"?unit={personas.lead_unit.pk}&amp;show=all&amp;page=2" in body
    second = client.get(reverse("tracking:my_home") + f"?unit={personas.lead_unit.pk}&show=all&page=2")
    assert rows(second.content.decode()) == 14
    # a row's card link carries the unit, the filter and the page
    assert f"?unit={personas.lead_unit.pk}&amp;show=all&amp;page=2" in second.content.decode().split("row-open")[1]


def test_a_row_opens_its_card_with_plan_deadline_and_target(client, personas, home):
    plan, t1, _t2 = home
    client.force_login(personas.lead_clerk)
    october = period(plan, "month", "2025-10-01")
    url = reverse("tracking:report_edit", args=[assignment(t1, personas.lead_unit).pk, october.pk])
    card = client.get(url, **HX).content.decode()
    assert card.lstrip().startswith("<section") and "<html" not in card  # the card alone, for the slot
    assert "濉溪·法治政府2021–2025" in card and "by 2025-12-31" in card  # the 完成时限 text
    assert "行政执法案卷合格率达到95%以上" in card
    page = client.get(url).content.decode()  # without JavaScript: the card on a page of its own
    assert "<html" in page and "返回我的填报" in page and 'report-card' in page


def test_a_card_without_deadlines_says_so_and_invents_none(client, personas, home):
    plan, _t1, t2 = home
    t2.deadlines.all().delete()
    client.force_login(personas.lead_clerk)
    card = client.get(reverse("tracking:report_edit", args=[assignment(t2, personas.lead_unit).pk,
                                                            period(plan, "month", "2025-10-01").pk]), **HX)
    assert "方案未写明" in card.content.decode() and "量化指标" not in card.content.decode()


def form(a, p, *, version=0, narrative="已召开专题会议部署"):
    data = {"status": "in_progress", "narrative": narrative, "actions_done": "", "next_steps": "", "problems": "",
            "percent": "", "unable_reason": "", "version": str(version)}
    return {f"a{a.pk}p{p.pk}-{k}": v for k, v in data.items()}


def test_htmx_submit_closes_the_card_into_its_row_with_a_message(client, personas, home):
    plan, t1, _t2 = home
    a, october = assignment(t1, personas.lead_unit), period(plan, "month", "2025-10-01")
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("tracking:report_submit", args=[a.pk, october.pk]) + "?show=all&page=1",
                           form(a, october), HTTP_HX_CURRENT_URL="http://testserver/tracking/?show=all", **HX)
    body = response.content.decode()
    assert response.status_code == 200 and response["HX-Retarget"] == f"#item-a{a.pk}p{october.pk}"
    assert "已报送：濉溪·法治政府2021–2025 任务 1 · 2025年10月调度" in body
    assert "已报送" in body and "?show=all&amp;page=1" in body  # the row keeps the filters
    assert 'id="home-summary" hx-swap-oob="true"' in body and "待报送 7 项" in body  # the counts follow
    assert ProgressReport.objects.get(assignment=a, period=october).state == "submitted"


def test_plain_submit_goes_back_to_the_same_filters_and_row(client, personas, home):
    plan, t1, _t2 = home
    a, october = assignment(t1, personas.lead_unit), period(plan, "month", "2025-10-01")
    client.force_login(personas.office)
    url = reverse("tracking:report_submit", args=[a.pk, october.pk]) + f"?unit={personas.lead_unit.pk}&show=owed&page=1"
    response = client.post(url, form(a, october))
    assert response.status_code == 302
    assert response["Location"] == (reverse("tracking:my_home") + f"?unit={personas.lead_unit.pk}&show=owed&page=1"
                                    f"#item-a{a.pk}p{october.pk}")


def test_the_save_button_through_htmx_returns_the_card_with_a_message(client, personas, home):
    plan, t1, _t2 = home
    a, october = assignment(t1, personas.lead_unit), period(plan, "month", "2025-10-01")
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("tracking:report_save", args=[a.pk, october.pk]), form(a, october),
                           HTTP_HX_TARGET=f"card-a{a.pk}p{october.pk}", **HX)
    assert response["HX-Retarget"] == f"#card-a{a.pk}p{october.pk}"
    assert "已保存草稿：濉溪·法治政府2021–2025 任务 1" in response.content.decode()


def test_the_office_has_a_daitianbao_menu_entry_and_clerks_do_not(client, personas, home):
    client.force_login(personas.office)
    assert "代填报" in client.get(reverse("web:home"), follow=True).content.decode()
    client.force_login(personas.lead_clerk)
    page = client.get(reverse("tracking:my_home")).content.decode()
    assert ">代填报<" not in page and "我的填报" in page


def test_measurement_through_the_card(client, personas, home):
    plan, t1, _t2 = home
    a, october = assignment(t1, personas.lead_unit), period(plan, "month", "2025-10-01")
    target = t1.targets.get()
    client.force_login(personas.lead_clerk)
    draft = report(personas, a, october)
    url = reverse("tracking:measurement_add", args=[draft.pk, target.pk])
    bad = client.post(url, {"value": "九十六", "unit": "%", "as_of": "2025-10-31"}, **HX)
    assert bad.status_code == 400 and "不是数字" in bad.content.decode() and "九十六" in bad.content.decode()
    future = client.post(url, {"value": "96", "unit": "%", "as_of": "2025-12-31"}, **HX)
    assert "晚于今天" in future.content.decode()
    ok = client.post(url, {"value": "96.5", "unit": "%", "as_of": "2025-10-31"}, **HX)
    assert ok.status_code == 200 and "已记录" in ok.content.decode() and "96.5%" in ok.content.decode()
    plain = client.post(url, {"value": "97", "unit": "%", "as_of": "2025-10-31"})
    assert plain.status_code == 302 and "#measure-" in plain["Location"]


def test_the_carry_over_button_fills_the_card(client, personas, home):
    plan, t1, _t2 = home
    a = assignment(t1, personas.lead_unit)
    report(personas, a, period(plan, "month", "2025-10-01"), percent=40, narrative="完成案卷评查", submit_on="2025-11-03")
    november = period(plan, "month", "2025-11-01")
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("tracking:report_carry_over", args=[a.pk, november.pk]), **HX)
    body = response.content.decode()
    assert "已沿用上期内容" in body and "【本期无新进展，沿用2025年10月报告】" in body and "完成案卷评查" in body


def test_query_count_does_not_grow_with_the_number_of_periods(client, personas, today,
                                                               django_assert_max_num_queries):
    for year in (2025, 2026):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = make_plan(personas, issued_on=date(2025, 1, 1))
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False)
    for seq in (1, 2, 3):
        add_task(plan, seq, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2025, 1, 31))
    client.force_login(personas.lead_clerk)
    client.get(reverse("tracking:my_home"))  # the process's work calendar is built once
    with CaptureQueriesContext(connection) as one_month:
        assert client.get(reverse("tracking:my_home") + "?show=all").status_code == 200
    periods_generate(plan=plan, through=date(2025, 12, 31), by=personas.office)
    assert Period.objects.filter(plan=plan).count() == 12
    with django_assert_max_num_queries(len(one_month)):
        body = client.get(reverse("tracking:my_home") + "?show=all").content.decode()
    assert rows(body) == 30


def test_copy_last_without_javascript_returns_to_the_card_and_says_why_when_there_is_nothing(client, personas,
                                                                                             home):
    plan, t1, _t2 = home
    a, october = assignment(t1, personas.lead_unit), period(plan, "month", "2025-10-01")
    client.force_login(personas.lead_clerk)
    url = reverse("tracking:report_copy_last", args=[a.pk, october.pk]) + "?show=all"
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tracking:report_edit", args=[a.pk, october.pk]) + "?show=all"
    assert "无可沿用的内容" in response.content.decode()
    report(personas, a, october, narrative="十月：完成案卷评查", submit_on="2025-11-03")
    november = period(plan, "month", "2025-11-01")
    response = client.post(reverse("tracking:report_copy_last", args=[a.pk, november.pk]), follow=True)
    assert "已复制上期内容" in response.content.decode()
    assert ProgressReport.objects.get(assignment=a, period=november).narrative == "十月：完成案卷评查"


def test_two_plans_rows_are_told_apart_by_short_name_and_filtered_by_plan(client, personas, home):
    plan, *_ = home
    other = make_plan(personas, issued_on=date(2025, 10, 1), title="濉溪县法治社会建设实施方案（2021-2025年）")
    add_task(other, 1, text="深入开展法治宣传教育", lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(other, personas, through=TODAY)
    client.force_login(personas.lead_clerk)
    body = client.get(reverse("tracking:my_home")).content.decode()
    assert rows(body) == 3 and "濉溪·法治社会2021–2025" in body and "濉溪·法治政府2021–2025" in body
    assert f'<option value="{other.pk}">濉溪·法治社会2021–2025</option>' in body  # the plan filter appears
    only = client.get(reverse("tracking:my_home") + f"?plan={other.pk}").content.decode()
    assert rows(only) == 1
