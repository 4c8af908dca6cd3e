"""A full reporting cycle in a real browser: the clerk reports with one 佐证材料 file, the
依法治县办 returns it, the clerk fixes and resubmits, the office accepts, the board cell turns green (已通过).

A 推进中 report accepted with 佐证材料 keeps a 长期 task on track; blue needs an accepted 已完成 report."""

from __future__ import annotations

import time

from django.utils import timezone

from fazhi.tracking.models import Period, ProgressReport
from fazhi.tracking.services import cadence_update
from fazhi.workcal.models import CalendarYear
from tests.browser.conftest import login, watch_csp
from tests.factories import PDF, PlanFactory, TaskFactory, assignment_of, tracking_started

CLERK_BUDGET_SECONDS = 60


def build_plan(personas):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = PlanFactory(jurisdiction=personas.jurisdiction, issued_on=today.replace(day=1))
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False)
    task = TaskFactory(plan=plan, seq=1, text="深入推进严格规范公正文明执法，全面落实行政执法三项制度",
                       lead_units=[personas.lead_unit], co_units=[personas.co_unit], ongoing=True)
    tracking_started(plan, through=today)
    return plan, task, Period.objects.get(plan=plan)


def test_full_reporting_cycle(transactional_db, personas, page, browser, screenshot, tmp_path):
    plan, task, period = build_plan(personas)
    lead = assignment_of(task, personas.lead_unit)
    card = f"#card-a{lead.pk}p{period.pk}"
    row = f"#item-a{lead.pk}p{period.pk}"
    prefix = f"#id_a{lead.pk}p{period.pk}"
    pdf = tmp_path / "执法公示会议纪要.pdf"
    pdf.write_bytes(PDF + b"browser cycle")

    # 1. The clerk reports with one evidence file.
    started = time.monotonic()
    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    page.click(f"{row} a.row-open")  # the row opens its card in place
    page.wait_for_selector(f"{card} form.report-form")
    page.select_option(f"{prefix}-status", "in_progress")
    page.fill(f"{prefix}-percent", "40")
    page.fill(f"{prefix}-narrative", "已完成执法公示平台建设，公示执法决定128件")
    page.locator(f"{prefix}-narrative").press("Tab")  # change → htmx autosave creates the draft
    page.wait_for_selector(f"{card} .autosave-note:has-text('已自动保存')")
    page.wait_for_selector(f"{card} form.upload input[type=file]")  # swapped in with the new draft
    page.set_input_files(f"{card} form.upload input[type=file]", str(pdf))
    page.click(f"{card} form.upload button[type=submit]")
    page.wait_for_selector(f"{card} .evidence-list a:has-text('执法公示会议纪要.pdf')")
    screenshot(page, "tracking-clerk-form")
    page.click(f"{card} button.primary:has-text('提交')")
    page.wait_for_selector(f"{row} .row-message:has-text('已报送')")  # the card closes into its row
    clerk_seconds = time.monotonic() - started
    print(f"\nclerk filed a report with one evidence file in {clerk_seconds:.1f} s")
    assert clerk_seconds < CLERK_BUDGET_SECONDS
    report = ProgressReport.objects.get(assignment=lead, period=period)
    assert report.state == ProgressReport.State.SUBMITTED and report.evidence_links.count() == 1

    # 2. The office returns it with a comment.
    office_context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    office_csp_violations = watch_csp(office_context)
    office = office_context.new_page()
    office.set_default_timeout(15_000)
    office.base_url = page.base_url
    login(office, "office")
    office.goto(office.base_url + "/tracking/review/")
    office.click(f"tr[data-report='{report.pk}'] a:has-text('审核')")
    office.wait_for_selector("h2:has-text('佐证材料')")
    assert "执法公示会议纪要.pdf" in office.content()
    screenshot(office, "tracking-review")
    office.click("button:has-text('退回')")  # empty comment first: a clear message, nothing returned
    office.wait_for_selector(".errorlist:has-text('退回时请写明需要修改的内容')")
    office.fill("textarea[name=comment]", "请补充执法决定公示截图")
    office.click("button:has-text('退回')")
    office.wait_for_selector(".messages li:has-text('已退回')")

    # 3. The clerk sees it first, with the comment, fixes it and resubmits.
    page.goto(page.base_url + "/tracking/")
    first = page.locator(".home-row").first
    assert "is-returned" in first.get_attribute("class")
    page.click(f"{row} a.row-open")
    page.wait_for_selector(f"{card} .returned-note")
    assert "请补充执法决定公示截图" in page.locator(card).inner_text()
    page.fill(f"{prefix}-narrative", "已完成执法公示平台建设，公示执法决定128件，已补充公示截图")
    page.click(f"{card} button.primary:has-text('提交')")
    page.wait_for_selector(f"{row} .row-message:has-text('已报送')")

    # 4. The office accepts; the board cell turns blue (done for this window, with evidence).
    office.goto(office.base_url + "/tracking/review/")
    office.click(f"tr[data-report='{report.pk}'] a:has-text('审核')")
    office.click("button:has-text('通过')")
    office.wait_for_selector(".messages li:has-text('已通过')")
    office.goto(office.base_url + f"/tracking/board/?plan={plan.pk}")
    cell = office.locator(f"tr[data-task='{task.seq}'] td[data-period='{period.pk}']")
    assert "cell-green" in cell.get_attribute("class") and "已通过" in cell.inner_text()  # 推进中: on track, not done
    screenshot(office, "tracking-board")
    report.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED
    office_context.close()
    assert office_csp_violations == []
