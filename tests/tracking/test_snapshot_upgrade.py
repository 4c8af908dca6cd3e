"""Periods frozen before snapshots existed: what a lock kept survives the upgrade, and the hourly
run freezes the colours of every closed period that has no snapshot yet. A snapshot's digest
does not depend on the language of the request that took it."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from fazhi.tracking.board import frozen_columns
from fazhi.tracking.models import Period, PeriodSnapshot
from fazhi.tracking.services import period_close
from fazhi.tracking.services.periods import period_snapshot_take, periods_snapshot_missing
from tests.tracking.domain_helpers import add_task, make_plan, period, start_tracking

TODAY = date(2022, 11, 2)


@pytest.fixture
def plan(personas):
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, deadlines=[("by", "2022-12-31", "")])
    start_tracking(plan, personas, through=date(2022, 10, 31))
    return plan


def test_remind_freezes_a_period_closed_before_snapshots_existed(plan, personas, capsys):
    september = period(plan, "month", "2022-09-01")
    Period.objects.filter(pk=september.pk).update(state=Period.State.CLOSED)  # as an older version left it
    call_command("remind", today=TODAY.isoformat())
    snapshot = PeriodSnapshot.objects.get(period=september)
    assert snapshot.reason == PeriodSnapshot.Reason.CLOSE and snapshot.payload["as_of"] == TODAY.isoformat()
    assert "[已冻结]" in capsys.readouterr().out
    assert periods_snapshot_missing(today=TODAY, by=personas.office) == []  # idempotent


def test_the_digest_does_not_depend_on_the_request_language(plan, personas):
    october = period(plan, "month", "2022-10-01")
    with translation.override("en"):
        english = period_snapshot_take(october, reason="close", by=personas.office, today=TODAY)
    with translation.override("zh-hans"):
        chinese = period_snapshot_take(october, reason="close", by=personas.office, today=TODAY)
    assert english.sha256 == chinese.sha256


def test_a_legacy_lock_snapshot_is_kept_and_not_read_as_colours(plan, personas):
    august = period(plan, "month", "2022-08-01")
    period_close(period=august, by=personas.office, today=TODAY)
    PeriodSnapshot.objects.create(period=august, reason=PeriodSnapshot.Reason.LEGACY, sha256="0" * 64,
                                  payload={"legacy_lock_snapshot": {"reports": []}, "as_of": "2022-09-30"})
    assert frozen_columns([period(plan, "month", "2022-08-01")])[august.pk].taken_on == TODAY


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_copies_what_a_lock_kept(personas):
    plan = make_plan(personas)
    graph = MigrationExecutor(connection).loader.graph
    [snapshots] = [key for key in graph.nodes if key[0] == "tracking" and key[1].endswith("_period_snapshots")]
    [before] = [node for node in graph.node_map[snapshots].parents if node.key[0] == "tracking"]
    latest = graph.leaf_nodes()
    executor = MigrationExecutor(connection)
    executor.migrate([before.key])
    old_period = executor.loader.project_state([before.key]).apps.get_model("tracking", "Period")
    old_period.objects.create(plan_id=plan.pk, kind="month", start=date(2022, 7, 1), end=date(2022, 7, 31),
                              due_on=date(2022, 8, 5), state="locked", snapshot={"reports": [{"unit": "县司法局"}]})

    MigrationExecutor(connection).migrate(latest)

    legacy = PeriodSnapshot.objects.get(reason=PeriodSnapshot.Reason.LEGACY)
    assert legacy.payload["legacy_lock_snapshot"] == {"reports": [{"unit": "县司法局"}]}
    assert legacy.sha256 == PeriodSnapshot.digest(legacy.payload)
