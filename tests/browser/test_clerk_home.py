"""我的填报 in a real browser (issue 9): rows that open one card at a time; the card names the
plan and shows its 量化指标; the clerk records an actual value and submits without leaving
the list; a 牵头单位 reads its 配合单位' reports and submits the consolidated one."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from fazhi.tracking.models import Measurement, Period, ProgressReport
from fazhi.tracking.services import cadence_update, progress_report_save_draft, progress_report_submit
from fazhi.workcal.models import CalendarYear
from tests.browser.conftest import login
from tests.factories import PlanFactory, TaskFactory, assignment_of, tracking_started


def build(personas, tasks=8):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = PlanFactory(jurisdiction=personas.jurisdiction, title="濉溪县法治政府建设实施方案(2021—2025年)",
                       period_start=2021, period_end=2025, issued_on=today.replace(day=1))
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False,
                   tracking_end=date(today.year + 1, 12, 31))
    first = TaskFactory(plan=plan, seq=1, text="深入推进严格规范公正文明执法，全面落实行政执法三项制度",
                        lead_units=[personas.lead_unit], co_units=[personas.co_unit], due_by=date(today.year, 12, 31))
    first.targets.create(text="行政执法案卷合格率达到95%以上", subject="行政执法案卷合格率", value=95, unit="%")
    for seq in range(2, tasks + 1):
        TaskFactory(plan=plan, seq=seq, text=f"第{seq}项重点任务：完善行政执法监督机制", lead_units=[personas.lead_unit],
                    ongoing=True)
    tracking_started(plan, through=today)
    return plan, first, Period.objects.get(plan=plan)


def test_a_clerk_records_an_actual_value_and_submits_in_place(transactional_db, personas, page, screenshot):
    plan, task, period = build(personas)
    lead = assignment_of(task, personas.lead_unit)
    row, card, prefix = f"#item-a{lead.pk}p{period.pk}", f"#card-a{lead.pk}p{period.pk}", f"#id_a{lead.pk}p{period.pk}"
    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    assert page.locator(".home-item").count() == 8 and page.locator(".report-card").count() == 0
    assert page.locator(f"{row} .plan-name").inner_text() == "濉溪·法治政府2021–2025"
    screenshot(page, "clerk-home-rows")
    page.click(f"{row} a.row-open")
    page.wait_for_selector(f"{card} .targets")
    assert "行政执法案卷合格率达到95%以上" in page.locator(f"{card} .task-terms").inner_text()
    assert "濉溪·法治政府2021–2025" in page.locator(f"{card} .card-head").inner_text()
    # another row: its card opens, the first one closes (one form at a time)
    other = assignment_of(plan.tasks.get(seq=2), personas.lead_unit)
    page.click(f"#item-a{other.pk}p{period.pk} a.row-open")
    page.wait_for_selector(f"#card-a{other.pk}p{period.pk}")
    assert not page.locator(card).is_visible()
    page.click(f"{row} a.row-open")
    page.wait_for_selector(f"{card} form.report-form")
    assert not page.locator(f"#card-a{other.pk}p{period.pk}").is_visible()

    page.fill(f"{prefix}-narrative", "开展行政执法案卷评查，抽查案卷120卷")
    page.locator(f"{prefix}-narrative").press("Tab")  # autosave creates the draft; the value form appears
    page.wait_for_selector(f"{card} .autosave-note:has-text('已自动保存')")
    page.wait_for_selector(f"{card} form.measure input[name=value]")
    page.fill(f"{card} form.measure input[name=value]", "九十六")
    page.fill(f"{card} form.measure input[name=as_of]", timezone.localdate().isoformat())
    page.click(f"{card} form.measure button")
    page.wait_for_selector(f"{card} .targets .error:has-text('不是数字')")
    page.fill(f"{card} form.measure input[name=value]", "96.5")
    page.click(f"{card} form.measure button")
    page.wait_for_selector(f"{card} .targets .actual:has-text('96.5%')")
    screenshot(page, "clerk-home-card-target")
    before = page.evaluate("window.scrollY")
    url = page.url
    page.click(f"{card} button.primary:has-text('提交')")
    page.wait_for_selector(f"{row} .row-message:has-text('已报送：濉溪·法治政府2021–2025 任务 1')")
    assert page.url == url and abs(page.evaluate("window.scrollY") - before) < 400  # no reload to the top
    assert page.locator(f"{row} .filing").inner_text() == "已报送"
    assert page.locator("#home-summary").count() == 1  # the counts at the top follow, once
    assert "待报送 7 项" in page.locator("#home-summary").inner_text()
    screenshot(page, "clerk-home-submitted")
    report = ProgressReport.objects.get(assignment=lead, period=period)
    assert report.state == ProgressReport.State.SUBMITTED
    assert Measurement.objects.get(report=report).value == 96.5


def test_a_lead_clerk_reads_the_co_reports_and_submits_the_consolidated_one(transactional_db, personas, page,
                                                                             screenshot):
    plan, task, period = build(personas, tasks=2)
    co = assignment_of(task, personas.co_unit)
    co_report = progress_report_save_draft(assignment=co, period=period, by=personas.co_clerk,
                                           data={"narrative": "县财政局已拨付执法装备专项经费80万元"}, expected_version=None)
    progress_report_submit(report=co_report, by=personas.co_clerk, expected_version=co_report.version)
    lead = assignment_of(task, personas.lead_unit)
    row, card, prefix = f"#item-a{lead.pk}p{period.pk}", f"#card-a{lead.pk}p{period.pk}", f"#id_a{lead.pk}p{period.pk}"
    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/")
    page.click(f"{row} a.row-open")
    page.wait_for_selector(f"{card} .co-reports")
    assert "县财政局已拨付执法装备专项经费80万元" in page.locator(f"{card} .co-reports").inner_text()
    page.fill(f"{prefix}-narrative", "汇总：司法局完成案卷评查；财政局拨付专项经费80万元")
    page.click(f"{card} button.primary:has-text('提交')")
    page.wait_for_selector(f"{row} .row-message:has-text('已报送')")
    screenshot(page, "clerk-home-lead-consolidated")
    consolidated = ProgressReport.objects.get(assignment=lead, period=period)
    assert consolidated.is_consolidated and consolidated.state == ProgressReport.State.SUBMITTED
