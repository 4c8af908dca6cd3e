"""The factories make rows the way the application does."""

from datetime import date

from fazhi.accounts.access import actor_for
from fazhi.tracking.models import Assignment, ProgressReport, ReportTransition
from tests.factories import (
    AdminFactory,
    AssignmentFactory,
    ClerkFactory,
    EvidenceFileFactory,
    GoalFactory,
    JurisdictionFactory,
    LeaderUserFactory,
    OfficeFactory,
    PeriodFactory,
    ProgressReportFactory,
    TaskFactory,
    UnitFactory,
    UnitGroupFactory,
)


def test_a_county_nests_under_a_city_and_a_province(db):
    county = JurisdictionFactory(in_city=True)
    assert (county.level, county.parent.level, county.parent.parent.level) == ("county", "city", "province")
    assert county.path.startswith(county.parent.parent.path)


def test_each_role_factory_gives_the_actor_that_role(db):
    clerk = ClerkFactory()
    assert actor_for(clerk).is_clerk and clerk.profile.jurisdiction == clerk.profile.unit.jurisdiction
    leader = LeaderUserFactory()
    assert actor_for(leader).is_leader and actor_for(leader).leader_id == leader.profile.leader_id
    office = OfficeFactory()
    assert actor_for(office).is_office and not actor_for(office).is_admin
    assert actor_for(AdminFactory()).is_admin
    assert clerk.check_password("pass-12345")


def test_a_task_gets_its_responsibilities_deadlines_and_targets(db):
    unit = UnitFactory()
    group = UnitGroupFactory(jurisdiction=unit.jurisdiction, members=[UnitFactory(jurisdiction=unit.jurisdiction)])
    task = TaskFactory(plan__jurisdiction=unit.jurisdiction, lead_units=[unit], co_units=[group, "县信访局"],
                       due_by="2022-10-31", every="year", ongoing=True, starts_on=date(2022, 10, 1),
                       targets=[("报备率达到100%", 100, "%")])
    roles = list(task.responsibilities.values_list("role", "unit", "group", "phrase"))
    assert ("lead", unit.pk, None, unit.name) in roles and ("co", None, group.pk, group.phrase) in roles
    assert ("co", None, None, "县信访局") in roles
    assert [(d.kind, d.due_on, d.period, d.position) for d in task.deadlines.all()] == [
        ("by", date(2022, 10, 31), "", 0), ("from", date(2022, 10, 1), "", 1), ("every", None, "year", 2),
        ("ongoing", None, "", 3)]
    assert task.targets.get().value == 100
    assert GoalFactory(plan=task.plan, targets=[("网上可办率不低于95%", 95, "%")]).targets.count() == 1


def test_an_assignment_comes_from_the_ledger_through_the_sync(db):
    assignment = AssignmentFactory(role="co")
    assert assignment.role == Assignment.Role.CO and assignment.responsibility.unit == assignment.unit


def test_a_report_reaches_its_state_through_the_workflow(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assignment = AssignmentFactory()
    expected = {
        "draft": [("", "draft")],
        "submitted": [("", "draft"), ("draft", "submitted")],
        "returned": [("", "draft"), ("draft", "submitted"), ("submitted", "returned")],
        "accepted": [("", "draft"), ("draft", "submitted"), ("submitted", "accepted")],
    }
    for month, (state, steps) in enumerate(expected.items(), start=7):
        period = PeriodFactory(plan=assignment.task.plan, day=date(2022, month, 1))
        report = ProgressReportFactory(assignment=assignment, period=period, state=state, evidence=True)
        assert report.state == state
        assert list(ReportTransition.objects.filter(report=report).values_list("from_state", "to_state")) == steps
        assert report.evidence_links.count() == 1
    dated = ProgressReportFactory(assignment=assignment, period=PeriodFactory(plan=assignment.task.plan,
                                                                               day=date(2022, 11, 1)),
                                  submit_on="2022-12-20", review_on="2022-12-21")
    assert dated.state == ProgressReport.State.ACCEPTED and dated.is_late
    assert EvidenceFileFactory(by=dated.submitted_by).file.read().startswith(b"%PDF")
