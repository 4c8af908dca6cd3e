"""The review lists in a real browser: a 牵头单位's clerk accepts one 配合单位 report and
returns another with a comment; the 依法治县办 narrows its queue to one plan and period and
accepts the 20 reports on it at once."""

from __future__ import annotations

import struct
import zlib
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.tracking.models import ProgressReport
from fazhi.tracking.services import evidence_attach, progress_report_submit
from tests.browser.conftest import login
from tests.factories import ClerkFactory, UnitFactory
from tests.tracking.domain_helpers import add_task, assignment, at, make_plan, period, report, start_tracking

State = ProgressReport.State


def small_png() -> bytes:
    """A real 40×24 PNG (a grey bar), so the thumbnail shows something."""
    width, height = 40, 24
    rows = b"".join(b"\x00" + bytes([120, 140, 160]) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_the_lead_unit_accepts_one_co_report_and_returns_another(transactional_db, personas, page, screenshot):
    plan = make_plan(personas)
    police = UnitFactory(jurisdiction=personas.jurisdiction, name="县公安局")
    task1 = add_task(plan, 1, text="深入推进严格规范公正文明执法，全面落实行政执法三项制度",
                     lead=personas.lead_unit, co=[personas.co_unit, police], deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 8, 31))
    july = period(plan, "month", "2022-07-01")
    first = report(personas, assignment(task1, personas.co_unit), july, evidence=True,
                   narrative="已完成财政资金使用情况执法检查，发现问题3个，已全部整改")
    evidence_attach(report=first, uploaded_file=SimpleUploadedFile("检查现场.png", small_png()),
                    by=personas.co_clerk)
    first = progress_report_submit(report=first, by=personas.co_clerk, expected_version=first.version,
                                   now=at("2022-08-03"))
    police_clerk = ClerkFactory(unit=police)
    second = report(personas, assignment(task1, police), july, submit_on="2022-08-08", clerk=police_clerk,
                    narrative="已开展执法培训")

    login(page, "lead_clerk")
    page.goto(page.base_url + "/tracking/co-reports/")
    page.wait_for_selector(f"#report-{first.pk} img.evidence-thumb")
    assert page.locator("article.co-review").count() == 2
    assert "预览" in page.locator(f"#report-{first.pk} .evidence-list").inner_text()
    screenshot(page, "review-lead-co-reports")

    page.click(f"#report-{first.pk} form.accept button:has-text('通过')")
    page.wait_for_selector(".messages li:has-text('已通过县财政局的报告')")
    page.fill(f"#report-{second.pk} textarea[name=comment]", "请补充培训签到表和培训课件")
    page.click(f"#report-{second.pk} form.return button:has-text('退回')")
    page.wait_for_selector(".messages li:has-text('已退回县公安局的报告')")
    page.wait_for_selector("p.card:has-text('目前没有待您审核的配合单位报告')")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, first.reviewed_by_id) == (State.ACCEPTED, personas.lead_clerk.pk)
    assert (second.state, second.review_comment) == (State.RETURNED, "请补充培训签到表和培训课件")

    page.select_option("select[name=state]", "all")
    page.click("#co-filters button[type=submit]")
    page.wait_for_selector(f"#report-{second.pk} .returned-note")
    screenshot(page, "review-lead-co-reports-done")


def test_the_office_filters_its_queue_and_accepts_20_reports_at_once(transactional_db, personas, page, screenshot):
    plan = make_plan(personas)
    tasks = [add_task(plan, seq, text=f"第{seq}项任务：完善行政规范性文件备案审查制度", lead=personas.lead_unit,
                      co=[personas.co_unit], deadlines=[("ongoing", None, "")]) for seq in range(1, 23)]
    start_tracking(plan, personas, through=date(2022, 8, 31))
    july, august = period(plan, "month", "2022-07-01"), period(plan, "month", "2022-08-01")
    chosen = [report(personas, assignment(task, personas.lead_unit), july,
                     submit_on="2022-08-03" if seq % 5 else "2022-08-12")
              for seq, task in enumerate(tasks[:20], start=1)]
    others = [report(personas, assignment(task, personas.lead_unit), august, submit_on="2022-09-02")
              for task in tasks[:2]]
    other_plan = make_plan(personas, title="濉溪县法治社会建设实施方案（2021-2025年）")
    add_task(other_plan, 1, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(other_plan, personas, through=date(2022, 8, 31))
    others.append(report(personas, assignment(other_plan.tasks.get(), personas.lead_unit),
                         period(other_plan, "month", "2022-07-01"), submit_on="2022-08-01"))

    login(page, "office")
    page.goto(page.base_url + "/tracking/review/")
    assert page.locator("table.queue tbody tr").count() == 23
    page.select_option("select[name=plan]", str(plan.pk))
    page.click("#queue-filters button[type=submit]")
    page.select_option("select[name=period]", str(july.pk))
    page.click("#queue-filters button[type=submit]")
    page.wait_for_selector("text=共 20 项")
    assert page.locator("table.queue tbody tr").count() == 20
    screenshot(page, "review-office-queue-filtered")

    page.fill("input[name=comment]", "材料齐全，予以通过")
    page.click("button:has-text('通过本页全部（20 份）')")
    page.wait_for_selector(".messages li:has-text('已通过 20 份报告')")
    page.wait_for_selector("p.card:has-text('没有符合筛选条件的报告')")
    screenshot(page, "review-office-queue-after-batch")
    states = set(ProgressReport.objects.filter(pk__in=[r.pk for r in chosen]).values_list("state", "review_comment"))
    assert states == {(State.ACCEPTED, "材料齐全，予以通过")}
    assert set(ProgressReport.objects.filter(pk__in=[r.pk for r in others]).values_list("state", flat=True)) \
        == {State.SUBMITTED}
