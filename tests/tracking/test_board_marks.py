"""Marks on the board's cells: the “!” (曾逾期) only beside a task that was late and recovered
(on a red cell the red already says it, and a “!” there reads as a second, unexplained
warning); a third month served by the quarter's 盘点 says so."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from fazhi.tracking.services import cadence_update
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking


def _cell(body: str, seq: int, period_pk: int) -> str:
    row = re.search(rf'<tr data-task="{seq}">(.*?)</tr>', body, re.S).group(1)
    return re.search(rf'data-period="{period_pk}">(.*?)</td>', row, re.S).group(1)


def test_the_late_mark_shows_only_beside_a_recovered_task(client, personas):
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    recovered = add_task(plan, 2, lead=personas.lead_unit, deadlines=[("by", "2022-07-15", "")])
    start_tracking(plan, personas, through=date(2022, 9, 30))
    july = period(plan, "month", "2022-07-01")
    report(personas, assignment(recovered, personas.lead_unit), july, status="done", submit_on="2022-08-20",
           accept_on="2022-08-21", evidence=True)
    client.force_login(personas.office)
    body = client.get(reverse("tracking:board") + f"?plan={plan.pk}&periods=2022-07..2022-07").content.decode()
    red = _cell(body, 1, july.pk)
    assert "逾期未报" in red and "late-mark" not in red
    overdue_now = re.search(r'<tr data-task="1">(.*?)</tr>', body, re.S).group(1)
    assert "status-red" in overdue_now and "late-mark" not in overdue_now
    # task 2 was done after its 完成时限: blue today, with the mark that it was late
    done_late = re.search(r'<tr data-task="2">(.*?)</tr>', body, re.S).group(1)
    assert re.search(r'status-blue"[^>]*></span><span class="late-mark" title="曾逾期">!</span>', done_late)


def test_a_third_month_served_by_the_quarter_says_so(client, personas):
    """With quarter_replaces_month, September has no report of its own: its cell shows the
    quarter's 报送状态 and says “随季度盘点”, its tooltip why; August does not."""
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    cadence_update(plan=plan, by=personas.office, quarterly=True, quarter_replaces_month=True)
    start_tracking(plan, personas, through=date(2022, 9, 30))
    august, september = period(plan, "month", "2022-08-01"), period(plan, "month", "2022-09-01")
    client.force_login(personas.office)
    body = client.get(reverse("tracking:board") + f"?plan={plan.pk}&periods=2022-07..2022-09").content.decode()
    assert "随季度盘点" in _cell(body, 1, september.pk) and "由本季度盘点报告代替" in _cell(body, 1, september.pk)
    assert "随季度盘点" not in _cell(body, 1, august.pk)
