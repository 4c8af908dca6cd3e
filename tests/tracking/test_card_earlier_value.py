"""A card's 量化指标 shows the unit's last value from an earlier period beside the empty field
(after 沿用上期, or in a new period), until a value is recorded for this one."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from fazhi.tracking.services import measurement_record
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking


def test_the_card_shows_the_last_value_reported_before(client, personas):
    plan = make_plan(personas)
    task = add_task(plan, 1, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    target = task.targets.create(text="行政机关负责人出庭应诉率达到100%", subject="出庭应诉率", value=100, unit="%")
    start_tracking(plan, personas, through=date(2022, 9, 30))
    july, august = period(plan, "month", "2022-07-01"), period(plan, "month", "2022-08-01")
    lead = assignment(task, personas.lead_unit)
    july_report = report(personas, lead, july)
    measurement_record(report=july_report, target=target, value="98", unit="%", as_of=date(2022, 7, 31),
                       by=personas.lead_clerk, today=date(2022, 8, 2))
    client.force_login(personas.lead_clerk)
    card = client.get(reverse("tracking:report_edit", args=[lead.pk, august.pk])).content.decode()
    assert "上次报送 98%（截至 2022-07-31）" in card
    own = client.get(reverse("tracking:report_edit", args=[lead.pk, july.pk])).content.decode()
    assert "上次报送" not in own  # July's own value is shown as its 实际值, no earlier one exists


def test_a_quarter_card_sees_its_months_values_and_a_month_not_a_later_one(client, personas):
    plan = make_plan(personas)
    task = add_task(plan, 1, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    target = task.targets.create(text="学法学时不少于40学时", subject="学法学时", value=40, unit="学时")
    start_tracking(plan, personas, through=date(2022, 9, 30))
    july, august = period(plan, "month", "2022-07-01"), period(plan, "month", "2022-08-01")
    quarter = period(plan, "quarter", "2022-07-01")
    lead = assignment(task, personas.lead_unit)
    august_report = report(personas, lead, august)
    measurement_record(report=august_report, target=target, value="32", unit="学时", as_of=date(2022, 8, 31),
                       by=personas.lead_clerk, today=date(2022, 9, 2))
    client.force_login(personas.lead_clerk)
    quarter_card = client.get(reverse("tracking:report_edit", args=[lead.pk, quarter.pk])).content.decode()
    assert "上次报送 32学时（截至 2022-08-31）" in quarter_card
    july_card = client.get(reverse("tracking:report_edit", args=[lead.pk, july.pk])).content.decode()
    assert "上次报送" not in july_card
