"""佐证材料 are recorded per jurisdiction: the same bytes uploaded in two counties are two records
sharing one stored copy, and nothing of one county's file shows in the other. A record whose
bytes are gone answers a Chinese 404, and ``fazhi check`` lists it."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fazhi.accounts.models import Role
from fazhi.files.models import EvidenceFile
from fazhi.orgs.models import Jurisdiction, Unit
from fazhi.plans.models import Plan
from fazhi.tracking.models import ReportEvidence
from fazhi.tracking.services import evidence_attach, evidence_cite, progress_report_save_draft
from tests.conftest import make_user
from tests.tracking.domain_helpers import PDF, add_task, assignment, make_plan, period, start_tracking

SAME_BYTES = PDF + b"minutes of the 2022 meeting"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def _draft(personas, plan, unit, clerk):
    task = add_task(plan, 1, lead=unit, deadlines=[("by", "2022-12-31", "")])
    start_tracking(plan, personas, through=date(2022, 7, 31)) if plan.jurisdiction == personas.jurisdiction else None
    return progress_report_save_draft(assignment=assignment(task, unit), period=period(plan, "month", "2022-07-01"),
                                      by=clerk, data={"status": "in_progress", "narrative": "推进中"},
                                      expected_version=None)


@pytest.fixture
def two_counties(personas, media):
    here = _draft(personas, make_plan(personas), personas.lead_unit, personas.lead_clerk)
    other = Jurisdiction.objects.create(name="杜集区", short_name="区")
    unit = Unit.objects.create(jurisdiction=other, name="区司法局")
    office = make_user("duji_office", role=Role.OFFICE, jurisdiction=other)
    clerk = make_user("duji_clerk", role=Role.CLERK, jurisdiction=other, unit=unit)
    plan = Plan.objects.create(jurisdiction=other, title="杜集区法治政府建设实施方案", period_start=2021, period_end=2025)
    task = add_task(plan, 1, lead=unit, deadlines=[("by", "2022-12-31", "")])
    from fazhi.tracking.services import assignments_follow, periods_generate  # noqa: I001 - the other county's office
    assignments_follow(plan=plan, by=office)
    periods_generate(plan=plan, through=date(2022, 7, 31), by=office)
    there = progress_report_save_draft(assignment=assignment(task, unit), period=period(plan, "month", "2022-07-01"),
                                       by=clerk, data={"status": "in_progress", "narrative": "推进中"},
                                       expected_version=None)
    return here, there, clerk


def test_the_same_bytes_in_two_counties_are_two_records_and_one_stored_copy(personas, two_counties, media):
    here, there, other_clerk = two_counties
    mine = evidence_attach(report=here, uploaded_file=SimpleUploadedFile("濉溪县会议纪要.pdf", SAME_BYTES),
                           by=personas.lead_clerk)
    theirs = evidence_attach(report=there, uploaded_file=SimpleUploadedFile("杜集区纪要.pdf", SAME_BYTES),
                             by=other_clerk)
    assert mine.pk != theirs.pk and theirs.original_name == "杜集区纪要.pdf"
    assert theirs.uploaded_by == other_clerk and theirs.jurisdiction.name == "杜集区"
    assert mine.file.name == theirs.file.name
    assert len([p for p in media.rglob("*.pdf")]) == 1


def test_a_file_of_another_county_cannot_be_cited_or_downloaded(client, personas, two_counties):
    here, there, other_clerk = two_counties
    theirs = evidence_attach(report=there, uploaded_file=SimpleUploadedFile("杜集区纪要.pdf", SAME_BYTES),
                             by=other_clerk)
    with pytest.raises(PermissionDenied):
        evidence_cite(report=here, evidence=theirs, by=personas.lead_clerk)
    client.force_login(personas.lead_clerk)
    assert client.get(reverse("tracking:evidence_download", args=[theirs.pk])).status_code == 404
    home = client.get(reverse("tracking:my_home")).content.decode()
    assert "杜集区纪要" not in home


def test_a_record_whose_file_is_gone_answers_a_chinese_404_and_fazhi_check_lists_it(
        client, personas, two_counties, media, capsys):
    here, _there, _clerk = two_counties
    evidence = evidence_attach(report=here, uploaded_file=SimpleUploadedFile("会议纪要.pdf", SAME_BYTES),
                               by=personas.lead_clerk)
    call_command("check_files")
    assert "缺失 0 个" in capsys.readouterr().out
    (media / evidence.file.name).unlink()

    client.force_login(personas.lead_clerk)
    response = client.get(reverse("tracking:evidence_download", args=[evidence.pk]))
    assert response.status_code == 404
    assert "找不到了" in response.content.decode() and "重新上传" in response.content.decode()

    with pytest.raises(CommandError):
        call_command("check_files")
    assert f"#{evidence.pk}" in capsys.readouterr().out


def test_the_migration_splits_a_file_cited_in_two_counties(personas, two_counties):
    from importlib import import_module

    migration = import_module("fazhi.files.migrations.0002_evidence_per_jurisdiction")
    here, there, _clerk = two_counties
    shared = EvidenceFile.objects.create(jurisdiction=None, sha256="c" * 64, file="evidence/cc/x.pdf",
                                         original_name="纪要.pdf", size=10, content_type="application/pdf")
    ReportEvidence.objects.create(report=here, evidence=shared)
    ReportEvidence.objects.create(report=there, evidence=shared)

    migration.jurisdictions_assign(apps, None)

    records = EvidenceFile.objects.filter(sha256="c" * 64)
    assert {r.jurisdiction.name for r in records} == {"濉溪县", "杜集区"}
    assert {link.evidence.jurisdiction.name for link in ReportEvidence.objects.filter(evidence__in=records)} == {
        "濉溪县", "杜集区"}
    assert len({r.file.name for r in records}) == 1


def test_the_migration_backwards_merges_the_copies_again(personas, two_counties):
    from importlib import import_module

    migration = import_module("fazhi.files.migrations.0002_evidence_per_jurisdiction")
    here, there, _clerk = two_counties
    shared = EvidenceFile.objects.create(jurisdiction=None, sha256="d" * 64, file="evidence/dd/x.pdf",
                                         original_name="纪要.pdf", size=10, content_type="application/pdf")
    ReportEvidence.objects.create(report=here, evidence=shared)
    ReportEvidence.objects.create(report=there, evidence=shared)
    migration.jurisdictions_assign(apps, None)
    assert EvidenceFile.objects.filter(sha256="d" * 64).count() == 2

    migration.jurisdictions_merge(apps, None)

    [kept] = EvidenceFile.objects.filter(sha256="d" * 64)
    assert ReportEvidence.objects.filter(evidence=kept).count() == 2
