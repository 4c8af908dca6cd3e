"""The report workflow as one table: action × report state × period state × persona.

Each row says who may do the action on the 牵头单位's report in that state, in an open, a
closed and a locked period; everybody else must get ``PermissionDenied``. Allowed actions
are checked for their effect (the new state, the evidence linked or gone). The write
functions are called directly (``fazhi.tracking.services``); what a case writes is rolled
back before the next.

The world: five tasks led by 县司法局 with 县财政局 as 配合单位 and 钱程 as 牵头领导, tracked
from July 2022; July stays open, August is closed, September locked. In each of those
months task 1's report is a draft, task 2's submitted, task 3's returned, task 4's accepted,
each with one 佐证材料 file; task 5 has no report yet. The 配合单位's July report on task 5
has a file the lead may cite (报过不再报). A second officer of the county appears among
the writers of every report's versions (代填报): they may still write, never review.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from fazhi.tracking.models import Period, ProgressReport, ReportEvidence, ReportVersion
from fazhi.tracking.services import (
    EvidenceRejected,
    evidence_attach,
    evidence_cite,
    evidence_detach,
    period_close,
    period_lock,
    progress_report_accept,
    progress_report_return,
    progress_report_save_draft,
    progress_report_submit,
)
from tests.factories import (
    PDF,
    ClerkFactory,
    EvidenceFileFactory,
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

PERSONAS = ("office", "office_who_wrote_it", "office_in_lead_unit", "lead_clerk", "co_clerk", "outsider_clerk", "leader", "other_office")
STATES = ("draft", "submitted", "returned", "accepted")
PERIODS = ("open", "closed", "locked")

# Who writes the 牵头单位's report: its clerk and the county's 依法治县办 (also one sitting in that unit).
AUTHORS = ("office", "office_who_wrote_it", "office_in_lead_unit", "lead_clerk")
# Who reviews it: the county's 依法治县办, but not an officer of the reported unit nor one who
# wrote a version of the report (代填报).
REVIEWERS = ("office",)
NOBODY = ()

# action → report state ("none": no report yet) → allowed personas in an (open, closed, locked) period.
TABLE = {
    "save_draft": {
        "none": (AUTHORS, NOBODY, NOBODY),
        "draft": (AUTHORS, NOBODY, NOBODY),
        "submitted": (NOBODY, NOBODY, NOBODY),
        "returned": (AUTHORS, AUTHORS, NOBODY),  # a returned report may be corrected after the close
        "accepted": (NOBODY, NOBODY, NOBODY),
    },
    "submit": {
        "draft": (AUTHORS, NOBODY, NOBODY),
        "submitted": (NOBODY, NOBODY, NOBODY),
        "returned": (AUTHORS, AUTHORS, NOBODY),
        "accepted": (NOBODY, NOBODY, NOBODY),
    },
    "accept": {
        "draft": (NOBODY, NOBODY, NOBODY),
        "submitted": (REVIEWERS, REVIEWERS, NOBODY),  # review goes on after the close
        "returned": (NOBODY, NOBODY, NOBODY),
        "accepted": (NOBODY, NOBODY, NOBODY),
    },
    "return": {
        "draft": (NOBODY, NOBODY, NOBODY),
        "submitted": (REVIEWERS, REVIEWERS, NOBODY),
        "returned": (NOBODY, NOBODY, NOBODY),
        "accepted": (NOBODY, NOBODY, NOBODY),
    },
    "evidence_attach": {
        "draft": (AUTHORS, NOBODY, NOBODY),
        "submitted": (NOBODY, NOBODY, NOBODY),
        "returned": (AUTHORS, AUTHORS, NOBODY),
        "accepted": (NOBODY, NOBODY, NOBODY),
    },
    "evidence_cite": {
        "draft": (AUTHORS, NOBODY, NOBODY),
        "submitted": (NOBODY, NOBODY, NOBODY),
        "returned": (AUTHORS, AUTHORS, NOBODY),
        "accepted": (NOBODY, NOBODY, NOBODY),
    },
    "evidence_detach": {
        "draft": (AUTHORS, NOBODY, NOBODY),
        "submitted": (NOBODY, NOBODY, NOBODY),
        "returned": (AUTHORS, AUTHORS, NOBODY),
        "accepted": (NOBODY, NOBODY, NOBODY),
    },
}

# What an allowed action leaves: the report's new state, or whether the file is now cited.
NEW_STATE = {"save_draft": None, "submit": "submitted", "accept": "accepted", "return": "returned"}

CASES = [(action, state, period) for action, rows in TABLE.items() for state in rows for period in PERIODS]


class World:
    """See the module docstring."""


def _build_world() -> World:
    w = World()
    county = JurisdictionFactory(name="濉溪县", short_name="县")
    lead_unit = UnitFactory(jurisdiction=county, name="县司法局")
    co_unit = UnitFactory(jurisdiction=county, name="县财政局")
    seat = LeaderFactory(jurisdiction=county, name="钱程")
    w.users = {
        "office": OfficeFactory(jurisdiction=county),
        "office_who_wrote_it": OfficeFactory(jurisdiction=county),
        "office_in_lead_unit": OfficeFactory(jurisdiction=county, unit=lead_unit),
        "lead_clerk": ClerkFactory(unit=lead_unit),
        "co_clerk": ClerkFactory(unit=co_unit),
        "outsider_clerk": ClerkFactory(unit=UnitFactory(jurisdiction=county, name="县水利局")),
        "leader": LeaderUserFactory(leader=seat),
        "other_office": OfficeFactory(jurisdiction=JurisdictionFactory(name="屯溪区", short_name="区")),
    }
    office = w.users["office"]
    plan = PlanFactory(jurisdiction=county)
    tasks = [TaskFactory(plan=plan, seq=seq, leaders=[seat], lead_units=[lead_unit], co_units=[co_unit],
                         ongoing=True) for seq in range(1, 6)]
    tracking_started(plan, through=date(2022, 9, 30), by=office)
    months = dict(zip(PERIODS, ("2022-07-01", "2022-08-01", "2022-09-01"), strict=True))
    w.periods = {name: period_of(plan, "month", start) for name, start in months.items()}
    report_pks = {}
    for name, period in w.periods.items():
        for task, state in zip(tasks, STATES, strict=False):
            report = ProgressReportFactory(assignment=assignment_of(task, lead_unit), period=period, state=state,
                                           evidence=True, reviewer=office)
            report_pks[name, state] = report.pk
            # As if this officer had rewritten the text through 代填报 before the clerk's last save.
            ReportVersion.objects.create(report=report, number=0, narrative="依法治县办代写：已全部完成",
                                         status=report.status, by=w.users["office_who_wrote_it"], by_outsider=True)
    w.lead_assignment = assignment_of(tasks[4], lead_unit)
    co_report = ProgressReportFactory(assignment=assignment_of(tasks[4], co_unit), period=w.periods["open"])
    w.citable = EvidenceFileFactory(report=co_report, name="联合执法检查方案.pdf")
    period_close(period=w.periods["closed"], by=office)
    period_lock(period=w.periods["locked"], by=office)
    w.periods = {name: Period.objects.get(pk=period.pk) for name, period in w.periods.items()}
    w.reports = {key: ProgressReport.objects.select_related("assignment__task__plan", "assignment__unit", "period")
                 .get(pk=pk) for key, pk in report_pks.items()}
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield _build_world()


def _act(world, action: str, state: str, period: str, user):
    """Do ``action`` as ``user``; return what it left to check (the report, or the file's link)."""
    if state == "none":
        return progress_report_save_draft(assignment=world.lead_assignment, period=world.periods[period], by=user,
                                          data={"narrative": "已召开专题会议部署"}, expected_version=None)
    report = world.reports[period, state]
    if action == "save_draft":
        return progress_report_save_draft(assignment=report.assignment, period=report.period, by=user,
                                          data={"narrative": "已补充会议纪要文号"}, expected_version=report.version)
    if action == "submit":
        return progress_report_submit(report=report, by=user, expected_version=report.version)
    if action == "accept":
        return progress_report_accept(report=report, by=user)
    if action == "return":
        return progress_report_return(report=report, by=user, comment="请补充会议纪要文号")
    if action == "evidence_attach":
        evidence = evidence_attach(report=report, uploaded_file=SimpleUploadedFile("纪要.pdf", PDF + b"new"), by=user)
        return ReportEvidence.objects.filter(report=report, evidence=evidence).exists()
    if action == "evidence_cite":
        evidence_cite(report=report, evidence=world.citable, by=user)
        return ReportEvidence.objects.filter(report=report, evidence=world.citable).exists()
    evidence = report.evidence_links.get().evidence
    evidence_detach(report=report, evidence=evidence, by=user)
    return not ReportEvidence.objects.filter(report=report, evidence=evidence).exists()


def _outcome(world, action, state, period, user) -> str:
    with transaction.atomic():
        try:
            left = _act(world, action, state, period, user)
        except PermissionDenied:
            return "refused"
        finally:
            transaction.set_rollback(True)
    if isinstance(left, bool):
        return "allowed" if left else "allowed without effect"
    expected = NEW_STATE[action] or ("draft" if state == "none" else state)
    if left.state != expected:
        return f"allowed, but {left.state} instead of {expected}"
    return "allowed" if left.is_consolidated else "allowed, but not as the consolidated report"


@pytest.mark.parametrize("action, state, period", CASES, ids=["-".join(case) for case in CASES])
def test_who_may_act_on_the_lead_units_report(world, db, action, state, period):
    allowed = TABLE[action][state][PERIODS.index(period)]
    wrong = []
    for persona in PERSONAS:
        got = _outcome(world, action, state, period, world.users[persona])
        expected = "allowed" if persona in allowed else "refused"
        if got != expected:
            wrong.append(f"{persona}: expected {expected}, got {got}")
    assert not wrong, f"{action} on a {state} report in a {period} period: " + "; ".join(wrong)


# Content errors are ValidationError for those allowed to act, whoever they are.
@pytest.mark.parametrize("persona", AUTHORS)
def test_submitting_without_a_narrative_is_a_validation_error(world, db, persona):
    report = world.reports["open", "draft"]
    with transaction.atomic():
        blank = progress_report_save_draft(assignment=report.assignment, period=report.period,
                                           by=world.users[persona], data={"narrative": ""},
                                           expected_version=report.version)
        with pytest.raises(ValidationError) as error:
            progress_report_submit(report=blank, by=world.users[persona], expected_version=blank.version)
        transaction.set_rollback(True)
    assert "narrative" in error.value.message_dict


def test_returning_without_a_comment_is_a_validation_error(world, db):
    with pytest.raises(ValidationError) as error:
        progress_report_return(report=world.reports["open", "submitted"], by=world.users["office"], comment="  ")
    assert error.value.message_dict == {"comment": ["退回时请写明需要修改的内容"]}


def test_a_file_of_an_unsupported_type_is_a_validation_error(world, db):
    with pytest.raises(EvidenceRejected):
        evidence_attach(report=world.reports["open", "draft"], by=world.users["lead_clerk"],
                        uploaded_file=SimpleUploadedFile("病毒.exe", b"MZ\x90\x00"))
