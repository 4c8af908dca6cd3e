"""The 依法治县办 enters 2027 from the 国务院办公厅 notice in a real browser: 设置 → 工作日历 →
2027 → paste → 解析预览 → 保存. The 2026 Q4 盘点 and 年度总结, due in January 2027 and so far
暂定, get their final due dates, and the unit's clerk finds the notice on 待办."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fazhi.lib.workdays import WorkCalendar
from fazhi.notify.models import UnitChannel
from fazhi.tracking.models import Period
from tests.browser.conftest import login, watch_csp
from tests.factories import PlanFactory, TaskFactory, tracking_started

NOTICE_2027 = (Path(__file__).parents[1] / "fixtures/calendar/notice-2027.txt").read_text(encoding="utf-8")


def test_office_enters_2027_from_the_notice_and_units_are_told(transactional_db, personas, page, browser,
                                                                 screenshot):
    if WorkCalendar().knows_year(2027):
        pytest.skip("the chinese-calendar package already carries 2027")
    plan = PlanFactory(jurisdiction=personas.jurisdiction, issued_on=date(2026, 10, 1), period_start=2026,
                       title="濉溪县法治政府建设实施方案（2026-2030年）")
    TaskFactory(plan=plan, seq=1, text="深入推进严格规范公正文明执法", lead_units=[personas.lead_unit],
                co_units=[personas.co_unit], ongoing=True)
    tracking_started(plan, through=date(2026, 12, 31), by=personas.office)
    q4 = Period.objects.get(plan=plan, kind="quarter", start=date(2026, 10, 1))
    summary = Period.objects.get(plan=plan, kind="year", start=date(2026, 1, 1))
    assert q4.due_on_provisional and summary.due_on_provisional and q4.due_on == date(2027, 1, 7)

    login(page, "office")
    page.click("nav.mainnav a:has-text('设置')")
    page.wait_for_selector("h1:has-text('设置')")
    screenshot(page, "settings-index")
    page.click("#settings-calendar a:has-text('工作日历')")
    page.wait_for_selector("tr[data-year='2027'] .source-unknown")
    screenshot(page, "calendar-years-before")
    page.click("tr[data-year='2027'] a:has-text('录入')")
    page.fill("#paste textarea[name=notice]", NOTICE_2027)
    page.click("#paste button:has-text('解析预览')")
    page.wait_for_selector("#preview:has-text('国办发明电〔2026〕9号')")
    assert page.locator("#preview tbody tr").count() == 7
    assert page.is_checked("input[name=flip][value='2027-02-08']")  # 春节 Monday, ticked 休
    assert page.is_checked("input[name=flip][value='2027-02-20']")  # 调休 Saturday, ticked 班
    screenshot(page, "calendar-2027-preview")
    # A click on a day toggles it and the counts follow; a second click undoes it.
    assert page.inner_text("[data-count=rest]") == "18"
    page.click("label.day:has(input[value='2027-03-03'])")
    assert page.is_checked("input[name=flip][value='2027-03-03']")
    assert page.inner_text("[data-count=rest]") == "19"
    page.click("label.day:has(input[value='2027-03-03'])")
    assert page.inner_text("[data-count=rest]") == "18"
    page.click("#grid-form button:has-text('保存并标记为已录入')")
    page.wait_for_selector(".messages li:has-text('已保存2027年工作日历')")
    assert "已重算 3 个暂定的报送截止日，并通知了 2 个单位" in page.content()
    page.wait_for_selector("tr[data-year='2027'] .source-local")
    screenshot(page, "calendar-years-after")

    q4.refresh_from_db()
    summary.refresh_from_db()
    assert (q4.due_on, q4.due_on_provisional) == (date(2027, 1, 8), False)
    assert (summary.due_on, summary.due_on_provisional) == (date(2027, 1, 15), False)

    page.goto(page.base_url + f"/tracking/plans/{plan.pk}/periods/")
    assert "暂定" not in page.locator("table.periods").inner_text()
    screenshot(page, "periods-after-calendar")

    # The other settings screens, to look at.
    page.goto(page.base_url + f"/tracking/plans/{plan.pk}/cadence/")
    assert page.input_value("input[name=tracking_end]") == "" and page.locator("input[type=date]").count() == 2
    screenshot(page, "settings-cadence")
    UnitChannel.objects.create(unit=personas.lead_unit, kind="dingtalk",
                               target="https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123",
                               secret="SEC0123")
    page.goto(page.base_url + f"/settings/channels/units/{personas.lead_unit.pk}/")
    screenshot(page, "settings-unit-channels")
    page.goto(page.base_url + "/settings/channels/")
    assert page.locator("tr[data-unit]").count() == 3
    screenshot(page, "settings-channels")
    page.goto(page.base_url + "/settings/site/")
    page.fill("input[name=url]", "fazhi.suixi.gov.cn")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".errorlist:has-text('站点地址应为 http:// 或 https:// 开头的网址')")
    assert page.input_value("input[name=url]") == "fazhi.suixi.gov.cn"
    screenshot(page, "settings-site-error")

    clerk_context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    clerk_csp = watch_csp(clerk_context)
    clerk = clerk_context.new_page()
    clerk.set_default_timeout(15_000)
    clerk.base_url = page.base_url
    login(clerk, "co_clerk")
    clerk.goto(clerk.base_url + "/todo/")
    notices = clerk.locator("#todo-notices")
    notices.wait_for()
    text = notices.inner_text()
    assert "报送截止日已确定" in text
    assert "2026年第4季度：截止日确定为 2027-01-08（原暂定 2027-01-07）" in text
    assert "2026年度：截止日确定为 2027-01-15（与暂定日期相同）" in text
    screenshot(clerk, "todo-due-date-notice")
    clerk_context.close()
    assert clerk_csp == []
