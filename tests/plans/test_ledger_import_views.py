import pytest
from django.urls import reverse

from fazhi.accounts.models import Role
from fazhi.documents.excel_ledger import ledger_xlsx_bytes
from fazhi.orgs.models import Jurisdiction
from fazhi.plans.ledger_columns import task_key
from fazhi.plans.models import LedgerImportDraft
from tests.conftest import make_user
from tests.plans.ledger_plan import open_xlsx, row_of, save_xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("who", ["lead_clerk", "co_clerk", "outsider_clerk", "leader_user"])
def test_only_the_office_may_import(client, personas, ledger, who):
    client.force_login(getattr(personas, who))
    url = reverse("plans:ledger_import", args=[ledger.plan.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": _upload(ledger_xlsx_bytes(ledger.plan))}).status_code == 403
    assert not LedgerImportDraft.objects.exists()


def test_another_jurisdictions_office_may_not_import(client, ledger, other_county_office):
    client.force_login(other_county_office)
    assert client.get(reverse("plans:ledger_import", args=[ledger.plan.pk])).status_code == 404


def _upload(data: bytes, name: str = "台账.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=XLSX)


def _edited_upload(ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.cell(row_of(sheet, task_key(ledger.filing)), 2).value = "完善备案审查制度，实现应备尽备。"
    return _upload(save_xlsx(sheet))


def test_office_uploads_previews_and_applies(client, personas, ledger):
    client.force_login(personas.office)
    url = reverse("plans:ledger_import", args=[ledger.plan.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": _edited_upload(ledger)})
    draft = LedgerImportDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:ledger_import_draft", args=[ledger.plan.pk, draft.pk])

    page = client.get(response["Location"]).content.decode()
    assert "完善备案审查制度，实现应备尽备。" in page and "确认导入" in page

    apply_url = reverse("plans:ledger_import_apply", args=[ledger.plan.pk, draft.pk])
    response = client.post(apply_url, {"accept": [task_key(ledger.filing)]})
    assert response.status_code == 302
    ledger.filing.refresh_from_db()
    assert ledger.filing.text == "完善备案审查制度，实现应备尽备。"
    draft.refresh_from_db()
    assert draft.applied_at is not None

    # A second click does not apply twice.
    response = client.post(apply_url, {"accept": [task_key(ledger.filing)]}, follow=True)
    assert "无需重复导入" in response.content.decode()


def test_preview_lists_errors_and_offers_no_apply(client, personas, ledger):
    sheet = open_xlsx(ledger_xlsx_bytes(ledger.plan))
    sheet.cell(row_of(sheet, task_key(ledger.filing)), 6).value = "2023年年度前"
    client.force_login(personas.office)
    response = client.post(reverse("plans:ledger_import", args=[ledger.plan.pk]),
                           {"file": _upload(save_xlsx(sheet))}, follow=True)
    page = response.content.decode()
    assert "第 6 行“完成时限”列的“2023年年度前”无法识别" in page
    assert "确认导入" not in page


def test_a_file_that_is_not_xlsx_shows_the_form_error(client, personas, ledger):
    client.force_login(personas.office)
    response = client.post(reverse("plans:ledger_import", args=[ledger.plan.pk]),
                           {"file": _upload(b"%PDF-1.4", name="方案.pdf")})
    assert response.status_code == 200
    assert "该文件不是 Excel 工作簿（.xlsx）" in response.content.decode()
    assert not LedgerImportDraft.objects.exists()


def test_clerk_may_not_see_or_apply_a_draft(client, personas, ledger):
    client.force_login(personas.office)
    client.post(reverse("plans:ledger_import", args=[ledger.plan.pk]), {"file": _edited_upload(ledger)})
    draft = LedgerImportDraft.objects.get()
    client.force_login(personas.lead_clerk)
    assert client.get(reverse("plans:ledger_import_draft", args=[ledger.plan.pk, draft.pk])).status_code == 403
    response = client.post(reverse("plans:ledger_import_apply", args=[ledger.plan.pk, draft.pk]))
    assert response.status_code == 403
    ledger.filing.refresh_from_db()
    assert ledger.filing.text == "完善行政规范性文件备案审查制度。"


def test_applying_with_nothing_ticked_changes_nothing(client, personas, ledger):
    client.force_login(personas.office)
    client.post(reverse("plans:ledger_import", args=[ledger.plan.pk]), {"file": _edited_upload(ledger)})
    draft = LedgerImportDraft.objects.get()
    response = client.post(reverse("plans:ledger_import_apply", args=[ledger.plan.pk, draft.pk]), follow=True)
    assert "您没有勾选任何任务" in response.content.decode()
    draft.refresh_from_db()
    assert draft.applied_at is None


def test_an_unchanged_file_says_there_is_nothing_to_import(client, personas, ledger):
    client.force_login(personas.office)
    response = client.post(reverse("plans:ledger_import", args=[ledger.plan.pk]),
                           {"file": _upload(ledger_xlsx_bytes(ledger.plan))}, follow=True)
    page = response.content.decode()
    assert "文件与方案一致，没有需要导入的修改" in page and "确认导入" not in page


def test_a_city_office_reads_but_may_not_import_a_countys_ledger(client, ledger):
    city = Jurisdiction.objects.create(name="淮北市", short_name="市", level=Jurisdiction.Level.CITY)
    county = ledger.plan.jurisdiction
    county.parent = city
    county.save()
    client.force_login(make_user("city_office", role=Role.OFFICE, jurisdiction=city))
    assert client.get(reverse("documents:ledger_xlsx", args=[ledger.plan.pk])).status_code == 200
    response = client.get(reverse("plans:ledger_import", args=[ledger.plan.pk]))
    assert response.status_code == 403 and "依法治县办办理" in response.content.decode()
