import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.orgs.models import Jurisdiction, Unit, UnitAlias
from fazhi.plans.models import PendingImport, Plan, Responsibility
from tests.plans.ledgers import departments_group

SMALL_PLAN = """濉溪县法治政府建设实施方案（2021—2025年）

一、健全政府机构职能体系

（一）推进政府机构职能优化协同高效。2023年底前完成经济调节职能改革。〔牵头县领导：钱程；牵头责任单位：县司法局；协同责任单位：县财政局、县政府各部门〕

二、健全依法行政制度体系

（二）加强行政调解工作。行政规范性文件报备率达100%。〔牵头责任单位：县信访局；协同责任单位：县司法局〕
"""


def _file(content: bytes | str = SMALL_PLAN, name: str = "plan.txt"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _upload(client, personas, **file_kwargs):
    client.force_login(personas.office)
    return client.post(
        reverse("plans:upload"), {"document": _file(**file_kwargs), "jurisdiction": personas.jurisdiction.pk}
    )


def _preview_form(client, pending):
    """The preview's mapping fields as the browser would post them untouched."""
    response = client.get(reverse("plans:preview", args=[pending.pk]))
    form = response.context["form"]
    return {name: field.initial for name, field in form.fields.items() if field.initial is not None}, response


def test_upload_page_offers_only_the_offices_jurisdictions(client, personas):
    Jurisdiction.objects.create(name="屯溪区", short_name="区")
    client.force_login(personas.office)
    response = client.get(reverse("plans:upload"))
    assert response.status_code == 200
    assert list(response.context["form"].fields["jurisdiction"].queryset) == [personas.jurisdiction]
    assert 'type="file"' in response.content.decode() and "<progress" in response.content.decode()


def test_a_city_office_imports_for_the_city_not_for_its_counties(client, personas):
    from fazhi.accounts.models import Role
    from tests.conftest import make_user

    city = Jurisdiction.objects.create(name="淮北市", level=Jurisdiction.Level.CITY)
    personas.jurisdiction.parent = city
    personas.jurisdiction.save()
    _upload(client, personas)
    county_pending = PendingImport.objects.get()
    client.force_login(make_user("office_city", role=Role.OFFICE, jurisdiction=city))
    response = client.get(reverse("plans:upload"))
    assert list(response.context["form"].fields["jurisdiction"].queryset) == [city]
    response = client.post(reverse("plans:upload"), {"document": _file(), "jurisdiction": personas.jurisdiction.pk})
    assert response.status_code == 400 and PendingImport.objects.count() == 1
    assert client.get(reverse("plans:preview", args=[county_pending.pk])).status_code == 404


@pytest.mark.parametrize("who", ["lead_clerk", "leader_user"])
def test_only_the_office_may_upload(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(reverse("plans:upload")).status_code == 403
    response = client.post(reverse("plans:upload"), {"document": _file(), "jurisdiction": personas.jurisdiction.pk})
    assert response.status_code == 403
    assert not PendingImport.objects.exists()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("plans:upload"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_happy_path_upload_preview_confirm(client, personas):
    departments_group(personas)
    response = _upload(client, personas)
    pending = PendingImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:preview", args=[pending.pk])
    data, preview = _preview_form(client, pending)
    page = preview.content.decode()
    assert "单位对照" in page and "县信访局" in page and "unmatched-row" in page
    assert [row.phrase for row in preview.context["preview"].unmatched] == ["县信访局"]
    response = client.post(reverse("plans:confirm", args=[pending.pk]), data)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_ledger", args=[plan.pk])
    assert plan.tasks.count() == 2 and plan.source_name == "plan.txt"
    assert Responsibility.objects.get(task__plan=plan, task__seq=2, role="lead").unit is None


def test_mapping_a_phrase_remembers_the_alias(client, personas):
    _upload(client, personas)
    pending = PendingImport.objects.get()
    data, _response = _preview_form(client, pending)
    index = next(key for key, value in data.items() if value == "县信访局").split("_")[0]
    data[f"{index}_map"] = f"unit:{personas.outsider_unit.pk}"
    data[f"{index}_remember"] = "on"
    client.post(reverse("plans:confirm", args=[pending.pk]), data)
    assert UnitAlias.objects.filter(unit=personas.outsider_unit, text="县信访局").exists()
    assert Responsibility.objects.get(task__seq=2, role="lead").unit == personas.outsider_unit


def test_creating_a_unit_from_the_preview(client, personas):
    _upload(client, personas)
    pending = PendingImport.objects.get()
    data, _response = _preview_form(client, pending)
    index = next(key for key, value in data.items() if value == "县信访局").split("_")[0]
    data.update({f"{index}_map": "new", f"{index}_new_name": "县信访局", f"{index}_new_kind": "government"})
    client.post(reverse("plans:confirm", args=[pending.pk]), data)
    unit = Unit.objects.get(jurisdiction=personas.jurisdiction, name="县信访局")
    assert Responsibility.objects.get(task__seq=2, role="lead").unit == unit


def test_confirming_twice_makes_one_plan(client, personas):
    _upload(client, personas)
    pending = PendingImport.objects.get()
    data, _response = _preview_form(client, pending)
    first = client.post(reverse("plans:confirm", args=[pending.pk]), data)
    second = client.post(reverse("plans:confirm", args=[pending.pk]), data)
    assert Plan.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_the_same_file_again_is_refused_at_upload(client, personas):
    _upload(client, personas)
    pending = PendingImport.objects.get()
    data, _response = _preview_form(client, pending)
    client.post(reverse("plans:confirm", args=[pending.pk]), data)
    response = _upload(client, personas)
    assert response.status_code == 400
    assert "无需重复导入" in response.content.decode()
    assert PendingImport.objects.count() == 1


def test_the_same_file_confirmed_from_two_uploads_is_refused(client, personas):
    _upload(client, personas)
    _upload(client, personas)  # both uploaded before either is confirmed
    first, second = PendingImport.objects.order_by("pk")
    data, _response = _preview_form(client, first)
    client.post(reverse("plans:confirm", args=[first.pk]), data)
    response = client.post(reverse("plans:confirm", args=[second.pk]), data)
    assert response.status_code == 400
    assert "无需重复导入" in response.content.decode()
    assert Plan.objects.count() == 1


@pytest.mark.parametrize(
    "content, name",
    [
        (b"PK\x03\x04 this is not really a docx", "plan.docx"),
        (b"", "plan.txt"),
        (b"\x89PNG\r\n\x1a\n0000", "scan.png"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_stored(client, personas, content, name):
    response = _upload(client, personas, content=content, name=name)
    assert response.status_code == 400
    errors = response.context["form"].errors["document"]
    assert errors and all(error for error in errors)
    if not content:
        assert errors == ["上传的文件是空的，请选择实施方案原文后重新上传"]
    assert not PendingImport.objects.exists() and not Plan.objects.exists()


def test_a_scanned_pdf_is_refused_with_the_readers_message(client, personas):
    from reportlab.pdfgen import canvas

    scan = io.BytesIO()
    page = canvas.Canvas(scan)
    page.rect(50, 50, 400, 600, fill=1)  # an image-like page: no text layer
    page.showPage()
    page.save()
    response = _upload(client, personas, content=scan.getvalue(), name="scan.pdf")
    assert response.status_code == 400
    assert "扫描件" in response.context["form"].errors["document"][0]
    assert not PendingImport.objects.exists()


def test_an_oversize_file_is_refused(client, personas, settings):
    settings.FAZHI_MAX_UPLOAD_MB = 1
    response = _upload(client, personas, content=SMALL_PLAN.encode() + b" " * (1024 * 1024))
    assert response.status_code == 400
    assert "1 MB" in response.context["form"].errors["document"][0]
    assert not PendingImport.objects.exists()


def test_another_offices_upload_is_not_found(client, personas):
    _upload(client, personas)
    pending = PendingImport.objects.get()
    other = Jurisdiction.objects.create(name="屯溪区", short_name="区")
    from tests.factories import OfficeFactory

    client.force_login(OfficeFactory(username="office_tunxi", jurisdiction=other))
    assert client.get(reverse("plans:preview", args=[pending.pk])).status_code == 404
    assert client.post(reverse("plans:confirm", args=[pending.pk]), {}).status_code == 404


def test_upload_bytes_survive_memory_and_temp_files(client, personas, settings):
    # Files above FILE_UPLOAD_MAX_MEMORY_SIZE arrive as temporary files; read() must still see all bytes.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    response = _upload(client, personas)
    assert response.status_code == 302
    assert io.BytesIO(SMALL_PLAN.encode()).getbuffer().nbytes > 10
