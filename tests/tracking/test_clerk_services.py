"""The clerk's write functions of issue 9: 指标实际值, 复制上期, 沿用上期; and one report serving
both the third month and the quarter (``quarter_replaces_month``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import Event
from fazhi.tracking.board import board_rows, unit_overdue_summary
from fazhi.tracking.models import Measurement
from fazhi.tracking.reminders import owed_items
from fazhi.tracking.services import (
    cadence_update,
    evidence_attach,
    measurement_record,
    measurements_latest,
    progress_report_carry_over,
    progress_report_copy_last,
)
from fazhi.web.todo import todo_count
from fazhi.workcal.calendar import current_calendar
from tests.factories import TargetFactory
from tests.tracking.domain_helpers import PDF, add_task, assignment, make_plan, period, report, start_tracking

pytestmark = pytest.mark.django_db
TODAY = date(2022, 10, 20)


@pytest.fixture
def plan(personas):
    plan = make_plan(personas, issued_on=date(2022, 7, 1))
    add_task(plan, 1, text="深入推进严格规范公正文明执法", lead=personas.lead_unit, co=[personas.co_unit],
             deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 10, 31))
    return plan


@pytest.fixture
def lead(plan, personas):
    return assignment(plan.tasks.get(seq=1), personas.lead_unit)


@pytest.fixture
def target(plan):
    return TargetFactory(task=plan.tasks.get(seq=1), text="行政执法案卷合格率达到95%以上", subject="案卷合格率",
                         value=95, unit="%")


# ---------------------------------------------------------------- 指标实际值


def test_a_measurement_is_recorded_with_an_audit_event(personas, plan, lead, target):
    draft = report(personas, lead, period(plan, "month", "2022-07-01"))
    m = measurement_record(report=draft, target=target, value="96.5", unit="", as_of="2022-07-31",
                           by=personas.lead_clerk, today=TODAY)
    assert (m.value, m.unit, m.as_of) == (Decimal("96.5"), "%", date(2022, 7, 31))  # the target's unit by default
    assert m.value_text == "96.5"
    event = Event.objects.get(action="measurement.record")
    assert event.data["value"] == "96.5" and event.actor == personas.lead_clerk


@pytest.mark.parametrize("value,as_of,field,message", [
    ("九十六", "2022-07-31", "value", "不是数字"),
    ("", "2022-07-31", "value", "请填写“案卷合格率”的实际值"),
    ("-3", "2022-07-31", "value", "不能为负数"),
    ("1.23456", "2022-07-31", "value", "最多 4 位小数"),
    ("96", "2022-13-01", "as_of", "无法识别"),
    ("96", "", "as_of", "请填写截至日期"),
    ("96", "2022-12-31", "as_of", "晚于今天"),
])
def test_a_wrong_measurement_is_refused_with_a_chinese_message(personas, plan, lead, target, value, as_of, field,
                                                               message):
    draft = report(personas, lead, period(plan, "month", "2022-07-01"))
    with pytest.raises(ValidationError) as error:
        measurement_record(report=draft, target=target, value=value, as_of=as_of, by=personas.lead_clerk, today=TODAY)
    assert message in error.value.message_dict[field][0]
    assert not Measurement.objects.exists()


def test_evidence_must_be_the_reports_own_and_the_target_the_tasks(personas, plan, lead, target):
    july = period(plan, "month", "2022-07-01")
    draft = report(personas, lead, july, evidence=True)
    other = report(personas, lead, period(plan, "month", "2022-08-01"))
    foreign = evidence_attach(report=other, uploaded_file=_pdf("其他.pdf"), by=personas.lead_clerk)
    with pytest.raises(ValidationError, match="佐证材料中选择"):
        measurement_record(report=draft, target=target, value="96", as_of="2022-07-31", evidence=foreign,
                           by=personas.lead_clerk, today=TODAY)
    own = draft.evidence_links.get().evidence
    assert measurement_record(report=draft, target=target, value="96", as_of="2022-07-31", evidence=own,
                              by=personas.lead_clerk, today=TODAY).evidence == own
    elsewhere = TargetFactory(task=add_task(plan, 2, lead=personas.lead_unit))
    with pytest.raises(ValidationError, match="不属于本报告的任务"):
        measurement_record(report=draft, target=elsewhere, value="1", as_of="2022-07-31", by=personas.lead_clerk,
                           today=TODAY)


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF + name.encode())


def test_measurements_are_appended_and_the_latest_counts(personas, plan, lead, target):
    draft = report(personas, lead, period(plan, "month", "2022-07-01"))
    first = measurement_record(report=draft, target=target, value="90", as_of="2022-07-15", by=personas.lead_clerk,
                               today=TODAY)
    second = measurement_record(report=draft, target=target, value="96", as_of="2022-07-31",
                                by=personas.lead_clerk, today=TODAY)
    assert measurements_latest([draft.pk]) == {(draft.pk, target.pk): second}
    with pytest.raises(ValueError):
        first.save()
    assert Measurement.objects.count() == 2


def test_nobody_but_the_author_records_and_not_on_a_submitted_report(personas, plan, lead, target):
    july = period(plan, "month", "2022-07-01")
    draft = report(personas, lead, july)
    with pytest.raises(PermissionDenied):
        measurement_record(report=draft, target=target, value="96", as_of="2022-07-31", by=personas.co_clerk,
                           today=TODAY)
    submitted = report(personas, lead, period(plan, "month", "2022-08-01"), submit_on="2022-09-01")
    with pytest.raises(PermissionDenied):
        measurement_record(report=submitted, target=target, value="96", as_of="2022-08-31",
                           by=personas.lead_clerk, today=TODAY)


# ---------------------------------------------------------------- 复制上期 / 沿用上期


def test_copy_last_fills_the_draft_from_the_last_filed_report(personas, plan, lead):
    report(personas, lead, period(plan, "month", "2022-07-01"), percent=30, narrative="七月：完成案卷评查",
           submit_on="2022-08-01")
    report(personas, lead, period(plan, "month", "2022-08-01"), narrative="八月草稿，未报送")
    october = period(plan, "month", "2022-10-01")
    copied = progress_report_copy_last(assignment=lead, period=october, by=personas.lead_clerk)
    # August's is only a draft: the last filed report is July's
    assert (copied.narrative, copied.percent, copied.state) == ("七月：完成案卷评查", 30, "draft")
    assert Event.objects.filter(action="progress_report.copy_last", target_id=str(copied.pk)).exists()


def test_carry_over_marks_the_text_and_is_ready_to_submit(personas, plan, lead):
    report(personas, lead, period(plan, "month", "2022-07-01"), status="in_progress", percent=30,
           narrative="完成案卷评查", submit_on="2022-08-01")
    august = period(plan, "month", "2022-08-01")
    existing = report(personas, lead, august, narrative="写了一半")
    carried = progress_report_carry_over(assignment=lead, period=august, by=personas.lead_clerk)
    assert carried.pk == existing.pk and carried.version == existing.version + 1
    assert carried.narrative == "【本期无新进展，沿用2022年7月报告】\n完成案卷评查"
    assert (carried.status, carried.percent) == ("in_progress", 30)
    again = progress_report_carry_over(assignment=lead, period=august, by=personas.lead_clerk)
    assert again.narrative.count("【本期无新进展") == 1
    assert Event.objects.filter(action="progress_report.carry_over").count() == 2


def test_nothing_to_carry_over_is_a_message(personas, plan, lead):
    with pytest.raises(ValidationError, match="无可沿用的内容"):
        progress_report_carry_over(assignment=lead, period=period(plan, "month", "2022-07-01"),
                                   by=personas.lead_clerk)
    co = assignment(plan.tasks.get(seq=1), personas.co_unit)
    with pytest.raises(PermissionDenied):
        report(personas, lead, period(plan, "month", "2022-07-01"), submit_on="2022-08-01")
        progress_report_carry_over(assignment=lead, period=period(plan, "month", "2022-08-01"), by=personas.co_clerk)
    assert co.reports.count() == 0


# ---------------------------------------------------------------- 季度盘点代替季末月度调度


def _september_cell(plan, today):
    periods = [period(plan, "month", "2022-09-01"), period(plan, "quarter", "2022-07-01")]
    row = board_rows(plan, periods=periods, today=today, calendar=current_calendar())[0]
    return row.cells[0], row.filings[0]


def test_the_quarter_report_serves_september(personas, plan, lead):
    late = date(2022, 11, 1)  # September and Q3 are both past their due date
    report(personas, lead, period(plan, "quarter", "2022-07-01"), submit_on="2022-10-10", accept_on="2022-10-11",
           evidence=True)
    cell, filing = _september_cell(plan, late)
    assert filing.lead.state == "accepted" and cell.colour == "green"
    september = period(plan, "month", "2022-09-01")
    owed = owed_items(late, current_calendar())[personas.lead_unit.pk]
    assert all(item.period != september for item in owed)
    assert all(item.period.kind != "month" or item.period.start.month % 3 for items in
               owed_items(late, current_calendar()).values() for item in items)


def test_september_is_not_asked_nor_counted_overdue_when_nothing_was_filed(personas, plan):
    late = date(2022, 11, 1)
    september = period(plan, "month", "2022-09-01")
    every = [item.period for items in owed_items(late, current_calendar()).values() for item in items]
    assert september not in every and period(plan, "quarter", "2022-07-01") in every
    # overdue: July, August and Q3 (October is only 临期)
    summary = {row.unit.pk: row.overdue for row in unit_overdue_summary(plan, late)}
    assert summary[personas.lead_unit.pk] == 3
    owed = owed_items(late, current_calendar())[personas.lead_unit.pk]
    assert sorted(item.kind for item in owed) == ["due_soon", "overdue", "overdue", "overdue"]
    assert todo_count(personas.lead_clerk, today=late) == len(owed) == 4


def test_with_the_setting_off_september_is_asked_again(personas, plan, lead):
    cadence_update(plan=plan, by=personas.office, quarter_replaces_month=False)
    plan.refresh_from_db()
    late = date(2022, 11, 1)
    report(personas, lead, period(plan, "quarter", "2022-07-01"), submit_on="2022-10-10", accept_on="2022-10-11",
           evidence=True)
    cell, filing = _september_cell(plan, late)
    assert filing.lead.state == "overdue" and cell.colour == "red"
    summary = {row.unit.pk: row.overdue for row in unit_overdue_summary(plan, late)}
    assert summary[personas.lead_unit.pk] == 3  # July, August, September


def test_a_report_already_begun_on_september_still_shows_on_the_clerks_home(client, personas, plan, lead):
    from unittest import mock

    from django.urls import reverse

    september = period(plan, "month", "2022-09-01")
    report(personas, lead, september, narrative="九月草稿")
    client.force_login(personas.lead_clerk)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2022, 10, 3)):
        body = client.get(reverse("tracking:my_home") + "?show=all").content.decode()
    assert f'id="item-a{lead.pk}p{september.pk}"' in body
    client.force_login(personas.co_clerk)
    co = assignment(plan.tasks.get(seq=1), personas.co_unit)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2022, 10, 3)):
        body = client.get(reverse("tracking:my_home") + "?show=all").content.decode()
    assert f'id="item-a{co.pk}p{september.pk}"' not in body
    assert f'id="item-a{co.pk}p{period(plan, "quarter", "2022-07-01").pk}"' in body


def test_the_reviewer_reads_the_latest_actual_values(client, personas, plan, lead, target):
    from django.urls import reverse

    draft = report(personas, lead, period(plan, "month", "2022-07-01"))
    for value in ("90", "96.5"):
        measurement_record(report=draft, target=target, value=value, as_of="2022-07-31", by=personas.lead_clerk,
                           today=TODAY)
    client.force_login(personas.office)
    page = client.get(reverse("tracking:report_review", args=[draft.pk])).content.decode()
    assert "指标实际值" in page and "96.5%" in page and ">90%<" not in page


def test_the_leaders_overdue_units_follow_the_quarter_that_serves_september(personas, plan):
    from fazhi.tracking.views.leader import led_tasks

    task = add_task(plan, 2, text="推行行政执法公示", lead=personas.lead_unit, co=[personas.co_unit],
                    deadlines=[("ongoing", None, "")], leader=personas.leader)
    start_tracking(plan, personas, through=date(2022, 10, 31))
    report(personas, assignment(task, personas.lead_unit), period(plan, "quarter", "2022-07-01"),
           submit_on="2022-10-10")
    page = led_tasks(plan, personas.leader, today=TODAY)
    assert {p.kind for p in page["periods"]} == {"month", "quarter"}  # September and Q3, due the same day
    (led,) = page["tasks"]
    assert {unit.name for unit, _filing in led.overdue} == {"县财政局"}  # 县司法局 filed its Q3 盘点
