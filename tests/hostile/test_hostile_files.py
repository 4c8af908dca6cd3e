"""Every file of the hostile corpus gets a Chinese message from every import that may receive it, never a 500.

Time and memory per file are measured by ``bench/hostile_bench.py`` under a memory cap, not here.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.excel import accounts_import_preview
from fazhi.files.models import EvidenceFile
from fazhi.files.store import EvidenceRejected, evidence_check
from fazhi.lib.limits import ReadLimits
from fazhi.orgs.excel import directory_export, directory_import
from fazhi.plans.ledger_import import ledger_import_preview
from fazhi.plans.models import LedgerImportDraft, PendingImport
from fazhi.plans.services import ledger_import_draft_create, pending_import_create
from fazhi.tracking.models import Period
from fazhi.tracking.services import cadence_update, progress_report_save_draft
from fazhi.workcal.models import CalendarYear
from tests.accounts.sheets import sheet_of
from tests.hostile.corpus import CORPUS, corpus_bytes, xlsx_huge_dimension, xlsx_million_rows
from tests.plans.ledger_plan import build_plan
from tests.tracking.domain_helpers import add_task, assignment, make_plan, start_tracking

pytestmark = pytest.mark.django_db


def _cases(target: str):
    return [pytest.param(entry, id=entry.name) for entry in CORPUS if target in entry.targets]


@pytest.mark.parametrize("entry", _cases("plan"))
def test_plan_upload_answers_each_hostile_file_in_chinese(personas, entry):
    with pytest.raises(ValidationError) as error:
        pending_import_create(jurisdiction=personas.jurisdiction, data=corpus_bytes(entry.name),
                              filename=entry.filename, by=personas.office)
    assert entry.expect in error.value.messages[0]
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize("entry", _cases("ledger"))
def test_ledger_reimport_answers_each_hostile_file_in_chinese(personas, entry):
    plan = build_plan(personas).plan
    with pytest.raises(ValidationError) as error:
        ledger_import_draft_create(plan=plan, data=corpus_bytes(entry.name), filename=entry.filename,
                                   by=personas.office)
    assert entry.expect in error.value.messages[0]
    assert not LedgerImportDraft.objects.exists()


@pytest.mark.parametrize("entry", _cases("directory"))
def test_directory_import_answers_each_hostile_file_in_chinese(personas, entry):
    result = directory_import(jurisdiction=personas.jurisdiction, file=io.BytesIO(corpus_bytes(entry.name)), by=None)
    assert [entry.expect in error.message for error in result.errors] == [True]
    assert result.created == result.updated == 0


@pytest.mark.parametrize("entry", _cases("accounts"))
def test_account_import_answers_each_hostile_file_in_chinese(personas, entry):
    preview = accounts_import_preview(jurisdiction=personas.jurisdiction, file=io.BytesIO(corpus_bytes(entry.name)))
    assert [entry.expect in error for error in preview.errors] == [True]
    assert not preview.ok and not preview.rows


def test_account_rows_past_the_limit_are_refused(personas, settings):
    settings.FAZHI_MAX_TABLE_ROWS = 2
    rows = [["单位", "姓名", "手机", "账号"]] + [["县司法局", f"张{n}", "", f"zhang{n}"] for n in range(3)]
    preview = accounts_import_preview(jurisdiction=personas.jurisdiction, file=io.BytesIO(sheet_of(rows)))
    assert preview.errors == ["表格超过 2 行，请分批导入"]


def test_account_import_view_shows_the_message(client, personas):
    client.force_login(personas.office)
    upload = SimpleUploadedFile("账号.xlsx", corpus_bytes("xlsx_billion_laughs"))
    response = client.post(reverse("accounts:import"), {"workbook": upload})
    assert response.status_code == 200
    assert "文档类型定义（DTD）" in response.content.decode()
    assert "确认创建" not in response.content.decode()


@pytest.mark.parametrize("entry", _cases("evidence"))
def test_evidence_check_refuses_zip_bombs_in_chinese(entry):
    upload = SimpleUploadedFile(entry.filename, corpus_bytes(entry.name))
    with pytest.raises(EvidenceRejected) as error:
        evidence_check(upload)
    message = error.value.messages[0]
    assert message.startswith(f"文件“{entry.filename}”未通过安全检查") and entry.expect in message


def test_a_genuine_docx_evidence_file_still_passes(personas):
    upload = SimpleUploadedFile("纪要.docx", directory_export(personas.jurisdiction))  # any real OOXML file
    sha256, _content_type = evidence_check(upload)
    assert len(sha256) == 64


def test_ledger_rows_past_the_limit_are_refused(personas, settings):
    from fazhi.documents.excel_ledger import ledger_xlsx_bytes

    settings.FAZHI_MAX_TABLE_ROWS = 2
    plan = build_plan(personas).plan
    with pytest.raises(ValidationError) as error:
        ledger_import_draft_create(plan=plan, data=ledger_xlsx_bytes(plan), filename="台账.xlsx", by=personas.office)
    assert error.value.messages == ["台账超过 2 行，请只保留任务行后再导入"]


def test_a_sheet_of_twenty_thousand_rows_is_streamed_only_to_the_row_limit(personas):
    plan = build_plan(personas).plan
    with pytest.raises(ValidationError) as error:
        ledger_import_preview(plan=plan, xlsx_bytes=xlsx_million_rows(rows=20_000))
    assert error.value.messages == ["台账超过 5000 行，请只保留任务行后再导入"]


def test_a_sheet_claiming_every_cell_of_excel_reads_no_row(personas):
    plan = build_plan(personas).plan
    diff = ledger_import_preview(plan=plan, xlsx_bytes=xlsx_huge_dimension())
    assert diff.rows_read == 0 and not diff.changes


def test_directory_rows_past_the_limit_are_refused(personas, settings):
    settings.FAZHI_MAX_TABLE_ROWS = 1
    workbook = directory_export(personas.jurisdiction)
    result = directory_import(jurisdiction=personas.jurisdiction, file=io.BytesIO(workbook), by=None)
    assert "单位表超过 1 行，请分批导入" in [error.message for error in result.errors]


def test_every_office_file_reader_checks_the_container_first():
    """openpyxl and python-docx trust the ZIP they open: each module that opens an upload with them
    must pass it through ``zip_check`` (fazhi.lib.limits) first, as the readers do today; the directory
    and account imports open theirs with ``fazhi.lib.xlsxcells.open_workbook``, which does."""
    readers = {}
    for path in sorted((Path(__file__).resolve().parents[2] / "fazhi").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "load_workbook(" in text or "docx.Document(" in text:
            readers[path.name if path.parent.name == "parsing" else f"{path.parent.name}/{path.name}"] = \
                "zip_check(" in text
    assert readers == {"readers.py": True, "plans/ledger_import.py": True, "lib/xlsxcells.py": True}


def test_limits_come_from_the_settings(settings):
    settings.FAZHI_MAX_ZIP_MEMBERS = 7
    settings.FAZHI_MAX_PARSE_SECONDS = 3
    limits = ReadLimits.from_settings(settings)
    assert (limits.zip_members, limits.parse_seconds, limits.pdf_pages) == (7, 3, ReadLimits.pdf_pages)


# --- one view each: a message on the page, never a 500 --------------------------------------------


def test_plan_upload_view_shows_the_message(client, personas):
    client.force_login(personas.office)
    upload = SimpleUploadedFile("方案.docx", corpus_bytes("docx_bomb"))
    response = client.post(reverse("plans:upload"), {"document": upload, "jurisdiction": personas.jurisdiction.pk})
    assert response.status_code == 400
    assert "解压后超过 30 MB" in response.content.decode()


def test_ledger_import_view_shows_the_message(client, personas):
    plan = build_plan(personas).plan
    client.force_login(personas.office)
    upload = SimpleUploadedFile("台账.xlsx", corpus_bytes("xlsx_external_entity"))
    response = client.post(reverse("plans:ledger_import", args=[plan.pk]), {"file": upload})
    assert response.status_code == 200
    assert "文档类型定义（DTD）" in response.content.decode()
    assert not LedgerImportDraft.objects.exists()


def test_directory_import_view_shows_the_message(client, personas):
    client.force_login(personas.office)
    upload = SimpleUploadedFile("名录.xlsx", corpus_bytes("xlsx_malformed_xml"))
    response = client.post(reverse("orgs:import"), {"workbook": upload})
    assert response.status_code == 200
    assert "不是有效的 XML" in response.content.decode()


def test_evidence_upload_view_shows_the_message(client, personas):
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"complete": True})
    plan = make_plan(personas, issued_on=today.replace(day=1))
    cadence_update(plan=plan, by=personas.office, quarterly=False, yearly=False)
    task = add_task(plan, 1, text="全面推行行政执法公示制度", lead=personas.lead_unit, deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas, through=today)
    lead = assignment(task, personas.lead_unit)
    period = Period.objects.get(plan=plan)
    report = progress_report_save_draft(assignment=lead, period=period, by=personas.lead_clerk,
                                        data={"narrative": "初稿"}, expected_version=None)
    client.force_login(personas.lead_clerk)
    upload = SimpleUploadedFile("台账.xlsx", corpus_bytes("xlsx_bomb"))
    response = client.post(reverse("tracking:evidence_upload", args=[report.pk]), {"file": upload},
                           HTTP_HX_REQUEST="true")
    assert response.status_code < 500
    assert "未通过安全检查" in response.content.decode()
    assert not EvidenceFile.objects.exists()
