"""The office adds a task to a plan in 调度 in a real browser, assigning a 牵头单位 and a 配合单位;
the lead unit's clerk finds it on 我的填报, and the plan's revision list records the change."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from fazhi.tracking.services import cadence_update
from fazhi.workcal.models import CalendarYear
from tests.browser.conftest import login
from tests.factories import tracking_started
from tests.plans.ledger_plan import build_plan

NEW_TASK = "建立健全行政执法案卷评查制度，每年组织一次全县执法案卷集中评查"


def test_office_adds_a_task_and_the_lead_clerk_sees_it(transactional_db, personas, page, browser, screenshot):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = build_plan(personas).plan
    plan.issued_on = today.replace(day=1)
    plan.save(update_fields=["issued_on"])
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False)
    tracking_started(plan, through=today)

    login(page, "office")
    page.goto(page.base_url + reverse("plans:plan_ledger", args=[plan.pk]))
    page.click("#task-add")
    page.fill("#id_text", NEW_TASK)
    page.locator("#id_lead_picks label", has_text="县司法局").locator("input").check()
    page.locator("#id_co_picks label", has_text="县财政局").locator("input").check()
    page.locator("#id_leader_picks label", has_text="钱程").locator("input").check()
    page.fill("#id_deadlines", "每年\n2026年12月31日前")
    page.fill("#id_targets", "案卷评查覆盖率达到100%")
    page.locator("#id_targets").press("Tab")
    # htmx refreshes the preview on change; the 预览 button does the same without JavaScript.
    page.wait_for_selector("#task-preview td:has-text('2026-12-31 前')")
    page.fill("#id_reason", "根据年度工作要点新增")
    screenshot(page, "plans-task-add")
    page.click("button.primary:has-text('保存')")
    page.wait_for_selector(".messages li:has-text('已新增任务 5')")
    screenshot(page, "plans-task-added")

    clerk = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}).new_page()
    clerk.set_default_timeout(15_000)
    clerk.base_url = page.base_url
    login(clerk, "lead_clerk")
    clerk.goto(clerk.base_url + reverse("tracking:my_home"))
    assert NEW_TASK[:20] in clerk.content()
    screenshot(clerk, "plans-task-added-clerk-home")
    clerk.context.close()

    page.goto(page.base_url + reverse("plans:plan_ledger", args=[plan.pk]))
    page.click("#plan-revisions")
    row = page.locator("#revisions tr[data-number='2']")
    assert "根据年度工作要点新增" in row.inner_text() and "新增任务 5" in row.inner_text()
    screenshot(page, "plans-revisions")
    row.locator("a").first.click()
    page.wait_for_selector("h1:has-text('第 2 次修订')")
    assert NEW_TASK in page.content()
    screenshot(page, "plans-revision-detail")
