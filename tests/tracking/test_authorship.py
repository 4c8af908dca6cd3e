"""Honest authorship: every saved version of a report's content is kept; a report the
依法治县办 wrote or changed (代填报) is marked where it is read; whoever wrote a version
never reviews the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import Role
from fazhi.audit.models import Event
from fazhi.tracking.models import Period, ProgressReport, ReportVersion
from fazhi.tracking.services import (
    cadence_update,
    progress_report_accept,
    progress_report_return,
    progress_report_save_draft,
    progress_report_submit,
)
from fazhi.workcal.models import CalendarYear
from tests.conftest import make_user
from tests.tracking.domain_helpers import add_task, assignment, make_plan, start_tracking

UNIT_TEXT = "已召开专题会议，完成执法案卷评查 120 件"
OFFICE_TEXT = "依法治县办代写：已全部完成"
MARK = "依法治县办曾代为填写/修改"


@pytest.fixture
def lead(personas):
    """The 县司法局's assignment on a task tracked monthly from this month (one open period)."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = make_plan(personas, issued_on=today.replace(day=1))
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False)
    task = add_task(plan, 1, text="深入推进严格规范公正文明执法", lead=personas.lead_unit,
                    deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=today)
    return assignment(task, personas.lead_unit)


def _save(a, by, narrative, version):
    return progress_report_save_draft(assignment=a, period=Period.objects.get(plan=a.task.plan), by=by,
                                      data={"narrative": narrative}, expected_version=version)


@pytest.fixture
def rewritten(personas, lead):
    """The clerk drafts; the office overwrites the text through 代填报; the clerk submits."""
    draft = _save(lead, personas.lead_clerk, UNIT_TEXT, None)
    rewritten = _save(lead, personas.office, OFFICE_TEXT, draft.version)
    return progress_report_submit(report=rewritten, by=personas.lead_clerk, expected_version=rewritten.version)


def test_the_units_own_text_is_recoverable_after_the_office_rewrote_it(personas, rewritten):
    versions = list(ReportVersion.objects.filter(report=rewritten).order_by("number"))
    assert [(v.narrative, v.by, v.by_outsider) for v in versions] == [
        (UNIT_TEXT, personas.lead_clerk, False), (OFFICE_TEXT, personas.office, True)]
    assert rewritten.narrative == OFFICE_TEXT and rewritten.written_by_outsider
    event = Event.objects.filter(action="progress_report.save").latest("pk")
    assert event.data["written_by_outsider"] is True
    assert "县司法局" in event.data["notice"] and "版本记录" in event.data["notice"]


def test_only_writes_that_change_the_content_add_a_version(personas, lead):
    first = _save(lead, personas.lead_clerk, UNIT_TEXT, None)
    again = _save(lead, personas.lead_clerk, UNIT_TEXT, first.version)
    progress_report_submit(report=again, by=personas.lead_clerk, expected_version=again.version)
    assert ReportVersion.objects.filter(report=first).count() == 1
    assert not ProgressReport.objects.get(pk=first.pk).written_by_outsider


def test_the_office_that_rewrote_a_report_cannot_review_it_but_a_colleague_can(personas, rewritten):
    refusal = "您修改过这份报告，请由依法治县办其他同志审核"
    with pytest.raises(PermissionDenied, match=refusal):
        progress_report_accept(report=rewritten, by=personas.office)
    with pytest.raises(PermissionDenied, match=refusal):
        progress_report_return(report=rewritten, by=personas.office, comment="请补充文号")
    colleague = make_user("office2", role=Role.OFFICE, jurisdiction=personas.jurisdiction)
    assert progress_report_accept(report=rewritten, by=colleague).state == ProgressReport.State.ACCEPTED


def test_the_mark_and_the_versions_show_on_the_report_page_the_queue_and_the_units_card(client, personas,
                                                                                         rewritten):
    client.force_login(personas.office)
    page = client.get(reverse("tracking:report_review", args=[rewritten.pk])).content.decode()
    assert MARK in page
    history = page[page.index("版本记录"):]
    assert UNIT_TEXT in history and OFFICE_TEXT in history and "代填报" in history
    assert "您修改过这份报告" in page and reverse("tracking:report_accept", args=[rewritten.pk]) not in page
    queue = client.get(reverse("tracking:review_queue")).content.decode()
    row = re.search(rf'<tr data-report="{rewritten.pk}">.*?</tr>', queue, re.S).group(0)
    assert "代填报" in row
    board = client.get(reverse("tracking:board")).content.decode()
    assert MARK in board
    client.force_login(personas.lead_clerk)
    assert MARK in client.get(reverse("tracking:my_home")).content.decode()


def test_a_report_the_unit_wrote_alone_carries_no_mark(client, personas, lead):
    draft = _save(lead, personas.lead_clerk, UNIT_TEXT, None)
    report = progress_report_submit(report=draft, by=personas.lead_clerk, expected_version=draft.version)
    client.force_login(personas.office)
    assert MARK not in client.get(reverse("tracking:report_review", args=[report.pk])).content.decode()
    row = re.search(rf'<tr data-report="{report.pk}">.*?</tr>',
                    client.get(reverse("tracking:review_queue")).content.decode(), re.S).group(0)
    assert "代填报" not in row
    assert progress_report_accept(report=report, by=personas.office).state == ProgressReport.State.ACCEPTED


def test_versions_are_only_appended(personas, rewritten):
    version = ReportVersion.objects.filter(report=rewritten).first()
    version.narrative = "改写历史"
    with pytest.raises(ValueError):
        version.save()
    with pytest.raises(ValueError):
        version.delete()
    request = RequestFactory().get("/")
    request.user = personas.admin
    version_admin = admin.site._registry[ReportVersion]
    assert not version_admin.has_add_permission(request)
    assert not version_admin.has_change_permission(request, version)
    assert not version_admin.has_delete_permission(request, version)
    inline = next(i for i in admin.site._registry[ProgressReport].get_inline_instances(request, rewritten)
                  if i.model is ReportVersion)
    assert not inline.has_change_permission(request, rewritten) and not inline.has_add_permission(request, rewritten)


def test_no_code_changes_or_removes_a_version():
    root = Path(__file__).resolve().parents[2] / "fazhi"
    uses = [(path.name, line.strip()) for path in root.rglob("*.py") if "migrations" not in path.parts
            for line in path.read_text(encoding="utf-8").splitlines()
            if re.search(r"ReportVersion\.objects|\.versions\.", line)]
    assert uses, "the services append versions"
    writes = [use for use in uses if re.search(r"\.(update|delete|bulk_update|update_or_create)\(", use[1])]
    assert writes == []
