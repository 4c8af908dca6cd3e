"""Closing and locking a period freeze its colours in an append-only ``PeriodSnapshot``: the
board shows a closed period from it, whatever the thresholds become; the close/lock audit
event carries its digest, which recomputes from the stored payload."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.tracking.board import board_rows
from fazhi.tracking.judgement import GREEN, YELLOW
from fazhi.tracking.models import PeriodSnapshot
from fazhi.tracking.services import cadence_update, period_close, period_lock, period_open
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking

D = date.fromisoformat
TODAY = D("2022-10-20")


@pytest.fixture
def plan(personas):
    """Task 1 is due by the end of 2022; its 牵头单位 reported 50% in September (on 序时进度
    then). Periods July–October and the third and fourth quarters."""
    plan = make_plan(personas)
    task = add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("by", "2022-12-31", "")])
    start_tracking(plan, personas, through=TODAY)
    report(personas, assignment(task, personas.lead_unit), period(plan, "month", "2022-09-01"), percent=50,
           submit_on="2022-09-20")
    return plan


def _cells(plan, periods):
    (row,) = board_rows(plan, periods=periods, today=TODAY)
    return row.cells


def test_thresholds_changed_after_close_leave_the_closed_column_alone(plan, personas):
    september, october = period(plan, "month", "2022-09-01"), period(plan, "month", "2022-10-01")
    before = _cells(plan, [september, october])
    assert [c.colour for c in before] == [GREEN, GREEN]
    period_close(period=september, by=personas.office, today=TODAY)
    # 序时进度 on 10/20 is 61% against 50% reported; September was judged at its due date (57%).
    cadence_update(plan=plan, by=personas.office, behind_threshold=5)
    frozen, live = _cells(plan, [period(plan, "month", "2022-09-01"), october])
    assert frozen == before[0]
    assert live.colour == YELLOW and "进度滞后" in live.reason
    cadence_update(plan=plan, by=personas.office, behind_threshold=30, due_soon_workdays=60)
    frozen, live = _cells(plan, [period(plan, "month", "2022-09-01"), october])
    assert frozen == before[0]
    assert live.colour == YELLOW and "临期" in live.reason
    # Reopened, the period is judged live again; its snapshot stays.
    period_open(period=september, by=personas.office)
    reopened, _live = _cells(plan, [period(plan, "month", "2022-09-01"), october])
    assert reopened.colour == YELLOW and september.snapshots.count() == 1


def test_the_audit_event_carries_the_digest_of_the_stored_payload(plan, personas):
    september = period(plan, "month", "2022-09-01")
    period_close(period=september, by=personas.office, today=TODAY)
    snapshot = PeriodSnapshot.objects.get(period=september)
    event = Event.objects.get(action="period.close", target_id=str(september.pk))
    assert event.data == {"from": "open", "to": "closed", "snapshot_sha256": snapshot.sha256}
    canonical = json.dumps(snapshot.payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == snapshot.sha256
    assert (snapshot.reason, snapshot.by) == ("close", personas.office)


def test_the_payload_holds_cells_assignments_rules_and_report_facts(plan, personas):
    september = period(plan, "month", "2022-09-01")
    period_close(period=september, by=personas.office, today=TODAY)
    payload = PeriodSnapshot.objects.get(period=september).payload
    task = plan.tasks.get()
    lead, co = assignment(task, personas.lead_unit), assignment(task, personas.co_unit)
    assert payload["as_of"] == "2022-10-20"
    assert payload["period"] == {"id": september.pk, "kind": "month", "start": "2022-09-01", "end": "2022-09-30",
                                 "due_on": september.due_on.isoformat(), "due_on_provisional": False}
    assert payload["rules"] == {
        "tracking_start": "2022-07-01", "due_soon_workdays": 10, "behind_threshold": 30, "perennial_kind": "quarter",
        "monthly_due_workdays": 5, "quarterly_due_workdays": 5, "yearly_due_month": 1, "yearly_due_day": 15,
        "monthly": True, "quarterly": True, "yearly": True, "quarter_replaces_month": True,
    }
    (cell,) = payload["tasks"]
    assert {k: cell[k] for k in ("id", "seq", "colour", "due_on", "was_overdue", "provisional")} == {
        "id": task.pk, "seq": 1, "colour": "green", "due_on": "2023-01-03", "was_overdue": False,
        "provisional": False}  # 12/31 a Saturday, 1/2 the 元旦 holiday
    report_id = lead.reports.get().pk
    # Both signals are frozen: the lead filed (已报送), the 配合单位 had not by the due date, so
    # its 报送状态 is 逾期未报 and its 进展灯 red, never green beside it.
    assert cell["filing"] == {"lead": "filed", "lead_late": False, "lead_filed_late": False, "co_filed": 0,
                              "co_total": 1, "lead_filed": 1, "lead_total": 1}
    assert {a["id"]: (a["role"], a["report_id"], a["report_state"], a["filing"], a["colour"])
            for a in payload["assignments"]} == {
        lead.pk: ("lead", report_id, "submitted", "filed", "green"), co.pk: ("co", None, None, "overdue", "red")}
    assert [(r["id"], r["state"], r["percent"]) for r in payload["reports"]] == [(report_id, "submitted", 50)]


def test_a_lock_after_close_adds_a_second_snapshot(plan, personas):
    september = period(plan, "month", "2022-09-01")
    period_close(period=september, by=personas.office, today=TODAY)
    period_lock(period=september, by=personas.office, today=D("2022-10-25"))
    snapshots = list(september.snapshots.order_by("pk"))
    assert [(s.reason, s.payload["as_of"]) for s in snapshots] == [("close", "2022-10-20"), ("lock", "2022-10-25")]
    lock_event = Event.objects.get(action="period.lock", target_id=str(september.pk))
    assert lock_event.data["snapshot_sha256"] == snapshots[1].sha256
    with pytest.raises(ValueError, match="append-only"):
        snapshots[0].save()


def test_snapshots_of_every_closed_column_are_read_in_one_query(plan, personas, django_assert_num_queries):
    periods = [period(plan, "month", m) for m in ("2022-08-01", "2022-09-01", "2022-10-01")]
    with django_assert_num_queries(7):  # 6 + the work calendar's stamp, compared on every call outside a request
        board_rows(plan, periods=periods, today=TODAY)
    period_close(period=periods[0], by=personas.office, today=TODAY)
    periods = [period(plan, "month", m) for m in ("2022-08-01", "2022-09-01", "2022-10-01")]
    with django_assert_num_queries(8):  # and one for the snapshots of every closed column
        board_rows(plan, periods=periods, today=TODAY)
    period_close(period=periods[1], by=personas.office, today=TODAY)
    period_lock(period=periods[1], by=personas.office, today=TODAY)
    periods = [period(plan, "month", m) for m in ("2022-08-01", "2022-09-01", "2022-10-01")]
    with django_assert_num_queries(8):
        board_rows(plan, periods=periods, today=TODAY)


def test_the_board_says_a_closed_column_is_a_snapshot(client, plan, personas):
    september = period(plan, "month", "2022-09-01")
    period_close(period=september, by=personas.office, today=TODAY)
    client.force_login(personas.office)
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        html = client.get(reverse("tracking:board"), {"plan": plan.pk, "periods": "2022-09..2022-10"}).content.decode()
    closed = html[html.index(f'data-period="{september.pk}"'):]
    assert "已截止，按 2022-10-20 快照" in closed[:closed.index("</td>")]
    october = period(plan, "month", "2022-10-01")
    live = html[html.index(f'data-period="{october.pk}"'):]
    assert "快照" not in live[:live.index("</td>")]


def test_the_admin_shows_snapshots_read_only(client, plan, personas):
    september = period(plan, "month", "2022-09-01")
    period_close(period=september, by=personas.office, today=TODAY)
    snapshot = PeriodSnapshot.objects.get()
    client.force_login(personas.admin)
    assert client.get(reverse("admin:tracking_periodsnapshot_changelist")).status_code == 200
    page = client.get(reverse("admin:tracking_periodsnapshot_change", args=[snapshot.pk]))
    assert page.status_code == 200 and snapshot.sha256 in page.content.decode()
    assert client.post(reverse("admin:tracking_periodsnapshot_delete", args=[snapshot.pk]),
                       {"post": "yes"}).status_code == 403
    assert PeriodSnapshot.objects.count() == 1
