"""The office fixes the directory in place: renames one unit, reads the 停用 preview of another and
confirms it; that unit's clerk no longer sees its task. The merge preview is looked at, not confirmed."""

import re
from datetime import date

from django.urls import reverse

from fazhi.orgs.models import Unit
from fazhi.tracking.models import Assignment
from tests.browser.conftest import login
from tests.factories import PlanFactory, TaskFactory, tracking_started

TASK = "健全重大行政决策合法性审查机制"


def test_office_renames_and_deactivates_units_and_the_clerk_loses_the_task(
    transactional_db, personas, page, screenshot
):
    plan = PlanFactory(jurisdiction=personas.jurisdiction, title="濉溪县法治政府建设实施方案（2021—2025年）")
    TaskFactory(plan=plan, seq=1, text=TASK, lead_units=[personas.co_unit], co_units=[personas.lead_unit],
                ongoing=True)
    tracking_started(plan, through=date(2022, 12, 31), by=personas.office)

    login(page, "co_clerk")
    page.goto(page.base_url + reverse("tracking:my_home"))
    assert TASK in page.content()

    page.context.clear_cookies()
    login(page, "office")
    page.goto(page.base_url + reverse("orgs:directory"))
    page.click(f"a[href='{reverse('orgs:unit_edit', args=[personas.lead_unit.pk])}']")
    page.fill("#id_name", "县司法行政局")
    page.fill("#id_aliases", "司法局")
    screenshot(page, "directory-unit-edit")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/directory/$|/orgs/$"))
    assert "已将“县司法局”改名为“县司法行政局”，原名称已保留为别名" in page.locator(".messages").inner_text()
    row = page.locator("tr", has_text="县司法行政局").first
    assert "县司法局" in row.inner_text() and "司法局" in row.inner_text()

    page.click(f"a[href='{reverse('orgs:unit_edit', args=[personas.co_unit.pk])}']")
    page.click("#unit-deactivate")
    preview = page.locator("#deactivation-preview")
    assert TASK in preview.inner_text()
    assert "co_clerk" in preview.inner_text()
    assert "停用后将没有牵头单位" in preview.inner_text()
    screenshot(page, "directory-deactivate-preview")
    page.click("#confirm-deactivate")
    page.wait_for_load_state("networkidle")
    assert "已停用“县财政局”，结束任务分工 1 项" in page.locator(".messages").inner_text()
    assert "已停用" in page.locator("tr", has_text="县财政局").first.inner_text()
    screenshot(page, "directory-after")
    assert not Unit.objects.get(pk=personas.co_unit.pk).is_active
    assert not Assignment.objects.filter(unit=personas.co_unit, is_active=True).exists()

    # The merge preview of 县水利局 into 县司法行政局, read and left.
    page.goto(page.base_url + reverse("orgs:unit_merge", args=[personas.outsider_unit.pk]))
    page.select_option("#id_survivor", label="县司法行政局")
    page.click("form.filters button[type=submit]")
    assert "确认合并" in page.locator("#merge-preview").inner_text()
    screenshot(page, "directory-merge-preview")

    page.context.clear_cookies()
    login(page, "co_clerk")
    page.goto(page.base_url + reverse("tracking:my_home"))
    screenshot(page, "directory-clerk-after")
    assert TASK not in page.content()
