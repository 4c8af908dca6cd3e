"""A 配合单位's draft is its own until it submits: the 牵头单位's card and the report page of the
consolidated report show its submitted reports only, as the 配合单位报告 page does; a long list
of them starts folded above the lead's form."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from fazhi.accounts.models import Role
from tests.conftest import make_user
from tests.factories import UnitFactory
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


def test_a_long_list_of_co_reports_starts_closed_above_the_form(client, personas):
    """With many 配合单位 the lead's form would sit screens below their reports: more than three
    start folded (the summary counts them); a few are shown open."""
    plan = make_plan(personas)
    many = [UnitFactory(jurisdiction=personas.jurisdiction, name=f"第{n}镇") for n in range(4)]
    few_task = add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("ongoing", None, "")])
    many_task = add_task(plan, 2, lead=personas.lead_unit, co=many, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 9, 30))
    july = period(plan, "month", "2022-07-01")
    report(personas, assignment(few_task, personas.co_unit), july, submit_on="2022-08-03")
    for unit in many:
        clerk = make_user(f"clerk{unit.pk}", role=Role.CLERK, jurisdiction=personas.jurisdiction, unit=unit)
        report(personas, assignment(many_task, unit), july, clerk=clerk, submit_on="2022-08-03")
    client.force_login(personas.lead_clerk)
    few = client.get(reverse("tracking:report_edit", args=[assignment(few_task, personas.lead_unit).pk, july.pk]))
    assert '<details class="co-reports" open>' in few.content.decode()
    lots = client.get(reverse("tracking:report_edit", args=[assignment(many_task, personas.lead_unit).pk, july.pk]))
    assert '<details class="co-reports"><summary>配合单位报告（4）</summary>' in lots.content.decode()
