"""Who reviews a 配合单位's report, as one table: action × the plan's route setting × period
state × persona. The counterpart of ``test_workflow_table`` (which covers the 牵头单位's
consolidated report, still the 依法治县办's alone).

The world: task 1 led by 县司法局 with 县财政局 as 配合单位; task 2 led by 县公安局 with the
same 配合单位. 县财政局's report on task 1 is submitted in July (open), August (closed) and
September (locked). One officer and one 县司法局 clerk appear among the writers of each of those
reports' versions (as if they had rewritten it): they may never review it. With
``co_reports_to_office`` off (the default) the 牵头单位 reviews and the office may step in; on,
only the office reviews.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from fazhi.accounts.access import actor_for
from fazhi.tracking import workflow
from fazhi.tracking.models import Assignment, Period, ProgressReport, ReportVersion
from fazhi.tracking.services import (
    cadence_update,
    period_close,
    period_lock,
    progress_report_accept,
    progress_report_return,
)
from tests.factories import (
    ClerkFactory,
    JurisdictionFactory,
    LeaderFactory,
    LeaderUserFactory,
    OfficeFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    assignment_of,
    period_of,
    shared_world,
    tracking_started,
)

PERSONAS = ("office", "office_who_wrote_it", "office_in_co_unit", "lead_clerk", "lead_clerk_who_wrote_it",
            "other_task_lead_clerk", "co_clerk", "outsider_clerk", "leader", "other_office")
PERIODS = ("open", "closed", "locked")
ROUTES = ("to_lead", "to_office")

LEAD_AND_OFFICE = ("office", "lead_clerk")
OFFICE = ("office",)
NOBODY = ()

# route → allowed personas in an (open, closed, locked) period; the same for accept and return.
TABLE = {
    "to_lead": (LEAD_AND_OFFICE, LEAD_AND_OFFICE, NOBODY),  # review goes on after the close
    "to_office": (OFFICE, OFFICE, NOBODY),
}
CASES = [(action, route, period) for action in ("accept", "return") for route in ROUTES for period in PERIODS]


class World:
    """See the module docstring."""


def _build_world() -> World:
    w = World()
    county = JurisdictionFactory(name="濉溪县", short_name="县")
    lead_unit = UnitFactory(jurisdiction=county, name="县司法局")
    other_lead = UnitFactory(jurisdiction=county, name="县公安局")
    co_unit = UnitFactory(jurisdiction=county, name="县财政局")
    seat = LeaderFactory(jurisdiction=county, name="钱程")
    w.users = {
        "office": OfficeFactory(jurisdiction=county),
        "office_who_wrote_it": OfficeFactory(jurisdiction=county),
        "office_in_co_unit": OfficeFactory(jurisdiction=county, unit=co_unit),
        "lead_clerk": ClerkFactory(unit=lead_unit),
        "lead_clerk_who_wrote_it": ClerkFactory(unit=lead_unit),
        "other_task_lead_clerk": ClerkFactory(unit=other_lead),
        "co_clerk": ClerkFactory(unit=co_unit),
        "outsider_clerk": ClerkFactory(unit=UnitFactory(jurisdiction=county, name="县水利局")),
        "leader": LeaderUserFactory(leader=seat),
        "other_office": OfficeFactory(jurisdiction=JurisdictionFactory(name="屯溪区", short_name="区")),
    }
    office = w.users["office"]
    w.plan = PlanFactory(jurisdiction=county)
    task = TaskFactory(plan=w.plan, seq=1, leaders=[seat], lead_units=[lead_unit], co_units=[co_unit], ongoing=True)
    TaskFactory(plan=w.plan, seq=2, lead_units=[other_lead], co_units=[co_unit], ongoing=True)
    tracking_started(w.plan, through=date(2022, 9, 30), by=office)
    months = dict(zip(PERIODS, ("2022-07-01", "2022-08-01", "2022-09-01"), strict=True))
    periods = {name: period_of(w.plan, "month", start) for name, start in months.items()}
    w.report_pks = {}
    for name, period in periods.items():
        report = ProgressReportFactory(assignment=assignment_of(task, co_unit), period=period, state="submitted")
        w.report_pks[name] = report.pk
        for number, writer in ((100, "office_who_wrote_it"), (101, "lead_clerk_who_wrote_it")):
            ReportVersion.objects.create(report=report, number=number, narrative="改写：已全部完成",
                                         status=report.status, by=w.users[writer], by_outsider=True)
    w.lead_report_pk = ProgressReportFactory(assignment=assignment_of(task, lead_unit), period=periods["open"],
                                             state="submitted").pk
    period_close(period=periods["closed"], by=office)
    period_lock(period=periods["locked"], by=office)
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield _build_world()


def _report(pk) -> ProgressReport:
    return ProgressReport.objects.select_related("assignment__task__plan__jurisdiction",
                                                 "assignment__task__plan__cadence", "assignment__unit",
                                                 "period").get(pk=pk)


def _route(world, route: str) -> None:
    if route == "to_office":
        cadence_update(plan=world.plan, by=world.users["office"], co_reports_to_office=True)


def _outcome(world, action, route, period, user) -> str:
    with transaction.atomic():
        try:
            _route(world, route)
            report = _report(world.report_pks[period])
            if action == "accept":
                left = progress_report_accept(report=report, by=user)
            else:
                left = progress_report_return(report=report, by=user, comment="请补充会议纪要文号")
        except PermissionDenied:
            return "refused"
        finally:
            transaction.set_rollback(True)
    expected = "accepted" if action == "accept" else "returned"
    return "allowed" if left.state == expected else f"allowed, but {left.state}"


@pytest.mark.parametrize("action, route, period", CASES, ids=["-".join(case) for case in CASES])
def test_who_may_review_a_co_units_report(world, db, action, route, period):
    allowed = TABLE[route][PERIODS.index(period)]
    wrong = []
    for persona in PERSONAS:
        got = _outcome(world, action, route, period, world.users[persona])
        expected = "allowed" if persona in allowed else "refused"
        if got != expected:
            wrong.append(f"{persona}: expected {expected}, got {got}")
    assert not wrong, f"{action} a co report routed {route} in a {period} period: " + "; ".join(wrong)


# The reasons a 牵头单位's clerk is given, in the words the page shows.
REASONS = [
    ("lead_clerk", "to_office", "open", "本方案的配合单位报告报依法治县办审核，牵头单位无需审核"),
    ("lead_clerk_who_wrote_it", "to_lead", "open", "您修改过这份报告，请由本单位其他同志或依法治县办审核"),
    ("other_task_lead_clerk", "to_lead", "open", "配合单位的报告由牵头单位或依法治县办审核"),
    ("office_in_co_unit", "to_lead", "open", "不能审核本单位的报告，请由依法治县办其他同志审核"),
    ("lead_clerk", "to_lead", "locked", "2022年9月已锁定，不能再审核"),
]


@pytest.mark.parametrize("persona, route, period, reason", REASONS)
def test_a_refused_reviewer_is_told_why(world, db, persona, route, period, reason):
    with transaction.atomic():
        _route(world, route)
        got = workflow.reason_cannot("accept", _actor(world, persona), _report(world.report_pks[period]))
        transaction.set_rollback(True)
    assert got == reason


def _actor(world, persona):
    return actor_for(world.users[persona])


def test_the_lead_units_clerk_never_reviews_its_own_consolidated_report(world, db):
    report = _report(world.lead_report_pk)
    assert workflow.reason_cannot("accept", _actor(world, "lead_clerk"), report) == "牵头单位的汇总报告由依法治县办审核"
    assert workflow.may_accept(_actor(world, "office"), report)


def test_an_inactive_lead_assignment_no_longer_reviews(world, db):
    report = _report(world.report_pks["open"])
    lead = Assignment.objects.get(task=report.assignment.task, role=Assignment.Role.LEAD)
    with transaction.atomic():
        Assignment.objects.filter(pk=lead.pk).update(is_active=False)
        assert not workflow.may_accept(_actor(world, "lead_clerk"), report)
        transaction.set_rollback(True)
    assert workflow.may_accept(_actor(world, "lead_clerk"), report)


def test_the_facts_read_for_a_page_give_the_same_answers_without_queries(world, db, django_assert_num_queries):
    reports = [_report(pk) for pk in world.report_pks.values()]
    for persona in PERSONAS:
        actor = _actor(world, persona)
        one_by_one = [workflow.reason_cannot("accept", actor, r) for r in reports]
        fresh = [_report(r.pk) for r in reports]
        workflow.review_facts_attach(actor, fresh)
        with django_assert_num_queries(0):
            at_once = [workflow.reason_cannot("accept", actor, r) for r in fresh]
        assert at_once == one_by_one, persona


def test_the_routes_as_filters_match_the_rule(world, db):
    co_pks = set(world.report_pks.values())
    lead_unit = _actor(world, "lead_clerk").unit_id
    assert set(ProgressReport.objects.filter(workflow.routed_to_lead(lead_unit)).values_list("pk", flat=True)) \
        == co_pks
    assert set(ProgressReport.objects.filter(workflow.routed_to_office()).values_list("pk", flat=True)) \
        == {world.lead_report_pk}
    with transaction.atomic():
        _route(world, "to_office")
        assert not ProgressReport.objects.filter(workflow.routed_to_lead(lead_unit)).exists()
        assert set(ProgressReport.objects.filter(workflow.routed_to_office()).values_list("pk", flat=True)) \
            == co_pks | {world.lead_report_pk}
        transaction.set_rollback(True)
    assert Period.objects.filter(plan=world.plan, state=Period.State.LOCKED).count() == 1
