"""A 配合单位's draft is its own until it submits: the 牵头单位's card and the report page of the
consolidated report show its submitted reports only, as the 配合单位报告 page does."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking


def test_the_lead_and_the_office_read_submitted_co_reports_not_drafts(client, personas):
    plan = make_plan(personas)
    task = add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit, personas.outsider_unit],
                    deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 9, 30))
    july = period(plan, "month", "2022-07-01")
    lead = assignment(task, personas.lead_unit)
    report(personas, assignment(task, personas.co_unit), july, submit_on="2022-08-03",
           narrative="县财政局已拨付专项经费80万元")
    report(personas, assignment(task, personas.outsider_unit), july, clerk=personas.outsider_clerk,
           narrative="半成品草稿：数字待核实")
    consolidated = report(personas, lead, july, submit_on="2022-08-04", narrative="汇总：专项经费已到位")

    client.force_login(personas.lead_clerk)
    card = client.get(reverse("tracking:report_edit", args=[lead.pk, july.pk])).content.decode()
    assert "县财政局已拨付专项经费80万元" in card and "半成品草稿" not in card

    client.force_login(personas.office)
    page = client.get(reverse("tracking:report_review", args=[consolidated.pk])).content.decode()
    assert "县财政局已拨付专项经费80万元" in page and "半成品草稿" not in page
