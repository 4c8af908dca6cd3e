"""Periods, assignments, the report workflow, concurrency and 佐证材料 at the service boundary."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from fazhi.accounts.models import Role
from fazhi.audit.models import Event
from fazhi.files.models import EvidenceFile
from fazhi.orgs.models import Unit, UnitGroup
from fazhi.tracking.access import get_assignment_for_user, get_report_for_user
from fazhi.tracking.board import facts_for_plan, judge_assignment, judge_task, rules_for
from fazhi.tracking.models import (
    Assignment,
    Period,
    ProgressReport,
    ReportEvidence,
    ReportTransition,
)
from fazhi.tracking.services import (
    EvidenceRejected,
    ReportConflict,
    assignments_follow,
    cadence_update,
    evidence_attach,
    evidence_cite,
    evidence_detach,
    period_close,
    period_lock,
    period_open,
    periods_generate,
    progress_report_accept,
    progress_report_return,
    progress_report_save_draft,
    progress_report_submit,
)
from fazhi.workcal.calendar import current_calendar
from tests.conftest import make_user
from tests.tracking.domain_helpers import (
    PDF,
    add_task,
    assignment,
    at,
    make_plan,
    period,
    report,
    start_tracking,
)

D = date.fromisoformat


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(personas):
    plan = make_plan(personas)
    add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("by", "2022-10-31", "")])
    start_tracking(plan, personas)
    return plan


@pytest.fixture
def lead_a(plan, personas):
    return assignment(plan.tasks.get(seq=1), personas.lead_unit)


@pytest.fixture
def co_a(plan, personas):
    return assignment(plan.tasks.get(seq=1), personas.co_unit)


@pytest.fixture
def q3(plan):
    return period(plan, "quarter", "2022-07-01")


# ---------------------------------------------------------------- periods


def test_periods_are_generated_with_workday_due_dates_and_idempotently(plan, personas):
    months = Period.objects.filter(plan=plan, kind="month").order_by("start")
    assert [p.start.month for p in months] == [7, 8, 9, 10, 11, 12]
    september = months.get(start=D("2022-09-01"))
    assert september.due_on == D("2022-10-12")  # 5th workday after 9/30, 国庆 10/1–7 off
    q3 = period(plan, "quarter", "2022-07-01")
    assert q3.due_on == D("2022-10-12") and q3.label == "2022年第3季度"
    year = period(plan, "year", "2022-01-01")
    assert year.due_on == D("2023-01-16")  # 15 January 2023 is a Sunday
    count = Period.objects.filter(plan=plan).count()
    periods_generate(plan=plan, through=date(2022, 12, 31), by=personas.office)
    assert Period.objects.filter(plan=plan).count() == count == 6 + 2 + 1


def test_cadence_changes_due_dates_of_new_periods(plan, personas):
    cadence_update(plan=plan, by=personas.office, monthly=False, quarterly_due_workdays=10)
    periods_generate(plan=plan, through=date(2023, 3, 31), by=personas.office)
    assert period(plan, "quarter", "2023-01-01").due_on == D("2023-04-17")
    assert not Period.objects.filter(plan=plan, kind="month", start__year=2023).exists()


def test_only_the_office_generates_periods(plan, personas):
    with pytest.raises(PermissionDenied):
        periods_generate(plan=plan, through=date(2023, 1, 1), by=personas.lead_clerk)


def test_period_transitions_follow_the_table(plan, personas, q3, lead_a):
    report(personas, lead_a, q3, submit_on="2022-10-10")
    period_close(period=q3, by=personas.office)
    period_open(period=q3, by=personas.office)
    locked = period_lock(period=q3, by=personas.office)
    assert locked.state == "locked"
    with pytest.raises(ValidationError):
        period_open(period=locked, by=personas.office)
    with pytest.raises(PermissionDenied):
        period_close(period=period(plan, "month", "2022-07-01"), by=personas.lead_clerk)


# ---------------------------------------------------------------- assignments


def test_assignment_sync_resolves_groups_keeps_lead_and_is_idempotent(personas):
    plan = make_plan(personas)
    extra = Unit.objects.create(jurisdiction=personas.jurisdiction, name="临涣镇")
    group = UnitGroup.objects.create(jurisdiction=personas.jurisdiction, phrase="县直各单位")
    group.members.add(personas.lead_unit, personas.co_unit, extra)
    task = add_task(plan, 1, lead=personas.lead_unit, group=group)
    result = assignments_follow(plan=plan, by=personas.office)
    roles = dict(Assignment.objects.filter(task=task).values_list("unit__name", "role"))
    assert roles == {"县司法局": "lead", "县财政局": "co", "临涣镇": "co"}
    assert result.created == 3
    again = assignments_follow(plan=plan, by=personas.office)
    assert (again.created, again.updated, again.deactivated) == (0, 0, 0)
    group.members.remove(extra)
    assert assignments_follow(plan=plan, by=personas.office).deactivated == 1
    assert not Assignment.objects.get(task=task, unit=extra).is_active


# ---------------------------------------------------------------- workflow permissions


def _draft(personas, a, p, clerk=None):
    return report(personas, a, p, clerk=clerk)


@pytest.mark.parametrize(
    "who, allowed",
    [("lead_clerk", True), ("office", True), ("co_clerk", False), ("outsider_clerk", False),
     ("leader_user", False)],
)
def test_who_may_save_the_lead_units_consolidated_report(personas, lead_a, q3, who, allowed):
    user = getattr(personas, who)
    save = lambda: progress_report_save_draft(  # noqa: E731
        assignment=lead_a, period=q3, by=user, data={"narrative": "进展"}, expected_version=None)
    if allowed:
        assert save().is_consolidated
    else:
        with pytest.raises(PermissionDenied):
            save()


def test_co_unit_reports_its_part_and_cannot_submit_the_consolidated_report(personas, lead_a, co_a, q3):
    own = _draft(personas, co_a, q3)
    assert not own.is_consolidated
    consolidated = _draft(personas, lead_a, q3)
    with pytest.raises(PermissionDenied):
        progress_report_submit(report=consolidated, by=personas.co_clerk, expected_version=consolidated.version)
    # The lead sees the co-unit's report; the outsider does not.
    assert get_report_for_user(personas.lead_clerk, own.pk) == own
    with pytest.raises(PermissionDenied):
        get_report_for_user(personas.outsider_clerk, own.pk)
    with pytest.raises(PermissionDenied):
        get_report_for_user(personas.co_clerk, consolidated.pk, write=True)
    assert get_assignment_for_user(personas.co_clerk, co_a.pk, write=True) == co_a
    with pytest.raises(PermissionDenied):
        get_assignment_for_user(personas.co_clerk, lead_a.pk, write=True)


def test_full_cycle_return_resubmit_accept_records_every_transition(personas, lead_a, q3):
    r = _draft(personas, lead_a, q3)
    r = progress_report_submit(report=r, by=personas.lead_clerk, expected_version=r.version, now=at("2022-10-09"))
    assert r.state == "submitted" and not r.is_late
    with pytest.raises(ValidationError):
        progress_report_return(report=r, by=personas.office, comment="  ")
    r = progress_report_return(report=r, by=personas.office, comment="请补充会议纪要文号")
    assert r.state == "returned" and r.review_comment == "请补充会议纪要文号"
    r = progress_report_save_draft(assignment=lead_a, period=q3, by=personas.lead_clerk,
                                   data={"narrative": "已补充", "actions_done": [
                                       {"date": "2022-09-20", "doc_number": "濉司〔2022〕12号", "text": "专题会"}]},
                                   expected_version=r.version)
    assert r.state == "returned"
    r = progress_report_submit(report=r, by=personas.lead_clerk, expected_version=r.version, now=at("2022-10-14"))
    assert r.is_late  # due 2022-10-12
    r = progress_report_accept(report=r, by=personas.office)
    assert r.state == "accepted" and r.reviewed_by == personas.office
    steps = list(ReportTransition.objects.filter(report=r).values_list("from_state", "to_state"))
    assert steps == [("", "draft"), ("draft", "submitted"), ("submitted", "returned"),
                     ("returned", "submitted"), ("submitted", "accepted")]
    assert Event.objects.filter(action="progress_report.accept", target_id=str(r.pk)).exists()
    with pytest.raises(PermissionDenied):
        progress_report_save_draft(assignment=lead_a, period=q3, by=personas.lead_clerk,
                                   data={"narrative": "改"}, expected_version=r.version)


def test_reviewer_cannot_review_own_unit_and_clerks_cannot_review(personas, lead_a, q3):
    r = report(personas, lead_a, q3, submit_on="2022-10-09")
    office_in_unit = make_user("office2", role=Role.OFFICE, jurisdiction=personas.jurisdiction,
                               unit=personas.lead_unit)
    for user in (office_in_unit, personas.lead_clerk, personas.co_clerk):
        with pytest.raises(PermissionDenied):
            progress_report_accept(report=r, by=user)
    with pytest.raises(PermissionDenied):
        progress_report_return(report=r, by=office_in_unit, comment="x")


def test_closed_period_refuses_new_reports_but_allows_review_and_correction(personas, lead_a, co_a, q3):
    submitted = report(personas, lead_a, q3, submit_on="2022-10-09")
    period_close(period=q3, by=personas.office)
    q3.refresh_from_db()
    with pytest.raises(PermissionDenied):
        progress_report_save_draft(assignment=co_a, period=q3, by=personas.co_clerk, data={},
                                   expected_version=None)
    returned = progress_report_return(report=submitted, by=personas.office, comment="请补充佐证材料")
    fixed = progress_report_save_draft(assignment=lead_a, period=q3, by=personas.lead_clerk,
                                       data={"narrative": "补充"}, expected_version=returned.version)
    fixed = progress_report_submit(report=fixed, by=personas.lead_clerk, expected_version=fixed.version)
    assert progress_report_accept(report=fixed, by=personas.office).state == "accepted"


def test_locked_period_is_read_only_for_everybody(personas, lead_a, q3):
    r = report(personas, lead_a, q3, submit_on="2022-10-09")
    period_lock(period=q3, by=personas.office)
    r.refresh_from_db()
    r.period.refresh_from_db()
    with pytest.raises(PermissionDenied):
        progress_report_accept(report=r, by=personas.office)
    with pytest.raises(PermissionDenied):
        progress_report_save_draft(assignment=lead_a, period=r.period, by=personas.office, data={},
                                   expected_version=r.version)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"status": "unable"}, "unable_reason"),
        ({"percent": 140}, "percent"),
        ({"status": "nonsense"}, "status"),
        ({"actions_done": [{"date": "2022年9月", "text": "会"}]}, "actions_done"),
    ],
)
def test_invalid_report_content_is_refused_with_a_field_message(personas, lead_a, q3, data, field):
    with pytest.raises(ValidationError) as error:
        progress_report_save_draft(assignment=lead_a, period=q3, by=personas.lead_clerk, data=data,
                                   expected_version=None)
    assert field in error.value.message_dict


def test_submit_needs_a_narrative(personas, lead_a, q3):
    r = progress_report_save_draft(assignment=lead_a, period=q3, by=personas.lead_clerk, data={},
                                   expected_version=None)
    with pytest.raises(ValidationError):
        progress_report_submit(report=r, by=personas.lead_clerk, expected_version=r.version)


# ---------------------------------------------------------------- concurrency


def test_second_save_with_a_stale_version_conflicts_and_keeps_the_first(personas, lead_a, q3):
    r = _draft(personas, lead_a, q3)
    seen = r.version
    first = progress_report_save_draft(assignment=lead_a, period=q3, by=personas.lead_clerk,
                                       data={"narrative": "第一位同事的内容"}, expected_version=seen)
    with pytest.raises(ReportConflict) as conflict:
        progress_report_save_draft(assignment=lead_a, period=q3, by=personas.office,
                                   data={"narrative": "第二位同事的内容"}, expected_version=seen)
    assert "lead_clerk" in conflict.value.message and "请刷新后再提交" in conflict.value.message
    assert conflict.value.current.narrative == "第一位同事的内容"
    assert ProgressReport.objects.get(pk=r.pk).narrative == "第一位同事的内容"
    assert ProgressReport.objects.get(pk=r.pk).version == first.version == seen + 1


def test_creating_a_report_that_already_exists_conflicts(personas, lead_a, q3):
    _draft(personas, lead_a, q3)
    with pytest.raises(ReportConflict):
        progress_report_save_draft(assignment=lead_a, period=q3, by=personas.office, data={"narrative": "x"},
                                   expected_version=None)


def test_submit_with_a_stale_version_conflicts(personas, lead_a, q3):
    r = _draft(personas, lead_a, q3)
    progress_report_save_draft(assignment=lead_a, period=q3, by=personas.office, data={"narrative": "新"},
                               expected_version=r.version)
    with pytest.raises(ReportConflict):
        progress_report_submit(report=r, by=personas.lead_clerk, expected_version=r.version)


# ---------------------------------------------------------------- evidence


def test_same_file_is_stored_once_and_cited_by_several_reports(personas, lead_a, co_a, q3):
    lead_report = _draft(personas, lead_a, q3)
    co_report = _draft(personas, co_a, q3)
    first = evidence_attach(report=lead_report, uploaded_file=SimpleUploadedFile("纪要.pdf", PDF),
                            by=personas.lead_clerk)
    second = evidence_attach(report=co_report, uploaded_file=SimpleUploadedFile("同一份.pdf", PDF),
                             by=personas.co_clerk)
    assert first == second and EvidenceFile.objects.count() == 1
    assert ReportEvidence.objects.count() == 2
    month = period(lead_a.task.plan, "month", "2022-07-01")
    later = _draft(personas, lead_a, month)
    evidence_cite(report=later, evidence=first, by=personas.lead_clerk)
    with pytest.raises(PermissionDenied):
        outsider_task = add_task(lead_a.task.plan, 2, lead=personas.outsider_unit)
        assignments_follow(plan=lead_a.task.plan, by=personas.office)
        outsider_report = _draft(personas, assignment(outsider_task, personas.outsider_unit), q3,
                                 clerk=personas.outsider_clerk)
        evidence_cite(report=outsider_report, evidence=first, by=personas.outsider_clerk)
    evidence_detach(report=lead_report, evidence=first, by=personas.lead_clerk)
    assert ReportEvidence.objects.filter(evidence=first).count() == 2
    assert EvidenceFile.objects.filter(pk=first.pk).exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("病毒.exe", b"MZ\x90\x00", "文件“病毒.exe”的类型不受支持，请上传 PDF、Word、Excel、OFD 或图片"),
        ("假的.pdf", b"GIF89a....", "内容与扩展名不符"),
        ("空.png", b"", "空文件"),
        ("表格.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 1), "超过 1 MB 的大小上限"),
    ],
)
def test_unsupported_or_oversized_files_are_refused(personas, lead_a, q3, settings, name, content, message):
    settings.FAZHI_MAX_UPLOAD_MB = 1
    r = _draft(personas, lead_a, q3)
    with pytest.raises(EvidenceRejected) as error:
        evidence_attach(report=r, uploaded_file=SimpleUploadedFile(name, content), by=personas.lead_clerk)
    assert message in error.value.messages[0]
    assert EvidenceFile.objects.count() == 0


def test_allowed_types_pass_by_extension_and_magic_bytes(personas, lead_a, q3):
    r = _draft(personas, lead_a, q3)
    samples = {"a.docx": b"PK\x03\x04word", "b.ofd": b"PK\x03\x04ofd", "c.jpg": b"\xff\xd8\xff\xe0jpg",
               "d.PNG": b"\x89PNG\r\n\x1a\npng"}
    for name, content in samples.items():
        evidence_attach(report=r, uploaded_file=SimpleUploadedFile(name, content), by=personas.lead_clerk)
    assert EvidenceFile.objects.count() == 4


def test_no_evidence_changes_after_acceptance(personas, lead_a, q3):
    r = report(personas, lead_a, q3, submit_on="2022-10-09", accept_on="2022-10-10")
    with pytest.raises(PermissionDenied):
        evidence_attach(report=r, uploaded_file=SimpleUploadedFile("x.pdf", PDF), by=personas.lead_clerk)


# ---------------------------------------------------------------- access


def test_visibility_of_assignments(plan, personas, lead_a, co_a, q3):
    from fazhi.orgs.models import Jurisdiction
    from fazhi.tracking.access import assignments_visible_to, co_unit_reports

    other = Jurisdiction.objects.create(name="屯溪区")
    foreign_office = make_user("tunxi_office", role=Role.OFFICE, jurisdiction=other)
    assert set(assignments_visible_to(personas.office, plan=plan)) == {lead_a, co_a}
    assert set(assignments_visible_to(personas.lead_clerk, plan=plan)) == {lead_a, co_a}  # lead sees co-units
    assert set(assignments_visible_to(personas.co_clerk, plan=plan)) == {co_a}
    assert set(assignments_visible_to(personas.outsider_clerk, plan=plan)) == set()
    assert set(assignments_visible_to(foreign_office, plan=plan)) == set()
    from fazhi.plans.models import Responsibility

    Responsibility.objects.create(task=lead_a.task, role="leader", phrase="钱程", leader=personas.leader)
    assert set(assignments_visible_to(personas.leader_user, plan=plan)) == {lead_a, co_a}
    with pytest.raises(Http404):  # another county's work: not even its ids are confirmed
        get_assignment_for_user(foreign_office, lead_a.pk)
    with pytest.raises(PermissionDenied):
        get_assignment_for_user(personas.leader_user, lead_a.pk, write=True)
    co_report = report(personas, co_a, q3, submit_on="2022-10-09")
    consolidated = report(personas, lead_a, q3)
    assert list(co_unit_reports(consolidated)) == [co_report]


def test_assignment_colour_is_judged_on_its_own_reports(plan, personas, lead_a, co_a, q3):
    report(personas, co_a, q3, status="done", submit_on="2022-10-09", accept_on="2022-10-10")
    rules = rules_for(plan, calendar=current_calendar())
    facts = facts_for_plan(plan)
    today = D("2022-11-02")
    assert judge_assignment(co_a, facts=facts, today=today, rules=rules).colour == "blue"
    assert judge_assignment(lead_a, facts=facts, today=today, rules=rules).colour == "red"
    # The task follows the 牵头单位's consolidated report.
    task = lead_a.task
    assert judge_task(task, assignments=[lead_a, co_a], facts=facts, today=today, rules=rules).colour == "red"


def test_tracking_start_limits_generated_periods_and_judged_windows(personas):
    plan = make_plan(personas, issued_on=date(2022, 4, 11))
    cadence_update(plan=plan, by=personas.office, tracking_start=date(2022, 10, 1), monthly=False, yearly=False)
    periods = periods_generate(plan=plan, through=date(2022, 12, 31), by=personas.office)
    assert [p.label for p in periods] == ["2022年第4季度"]
    assert rules_for(plan, calendar=current_calendar()).tracking_start == date(2022, 10, 1)


def test_a_save_judges_the_period_as_it_stands_when_it_writes(personas):
    from fazhi.tracking.models import Period
    from fazhi.tracking.services import progress_report_save_draft

    plan = make_plan(personas)
    task = add_task(plan, 1, lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=date(2022, 7, 31))
    stale = Period.objects.get(plan=plan, kind="month", start=date(2022, 7, 1))
    # The office locks the period after the clerk's page was loaded with the open period.
    Period.objects.filter(pk=stale.pk).update(state=Period.State.LOCKED)
    with pytest.raises(PermissionDenied, match="已锁定"):
        progress_report_save_draft(assignment=assignment(task, personas.lead_unit), period=stale,
                                   by=personas.lead_clerk, data={"narrative": "迟到的修改"}, expected_version=None)
