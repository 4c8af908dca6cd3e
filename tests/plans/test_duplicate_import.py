"""A plan already imported is caught before confirming: the same file, or the same 方案 in another format."""

import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.plans.models import PendingImport, Plan
from fazhi.plans.parsing import Ledger
from fazhi.plans.services import similar_plans
from fazhi.plans.services.imports import _comparable
from tests.factories import JurisdictionFactory, PlanFactory

SEEDS = Path(__file__).resolve().parents[2] / "fazhi/demo/seeds"


def _docx_of(text: str) -> bytes:
    """The seed as a Word document, one paragraph per line, as an office would save it."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(params=["tunxi-district-action-plan-2022-2024", "suixi-county-plan-2021-2025"])
def seed(request):
    text = (SEEDS / f"{request.param}.txt").read_text(encoding="utf-8")
    return {"txt": (f"{request.param}.txt", text.encode("utf-8")), "docx": (f"{request.param}.docx", _docx_of(text))}


def _upload(client, personas, name, data):
    return client.post(reverse("plans:upload"), {
        "document": SimpleUploadedFile(name, data, content_type="application/octet-stream"),
        "jurisdiction": personas.jurisdiction.pk,
    })


def _confirm(client, pending, **extra):
    form = client.get(reverse("plans:preview", args=[pending.pk])).context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    return client.post(reverse("plans:confirm", args=[pending.pk]), {**data, **extra})


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("濉溪县法治政府建设实施方案(2021—2025年)", "濉溪县法治政府建设实施方案（2021-2025年）"),
        ("《屯溪区行动方案（2022－2024年）》", "屯溪区行动方案 (2022-2024年)"),
        ("濉发〔2022〕15号", "濉发〔2022〕 15号"),
    ],
)
def test_titles_and_numbers_compare_without_width_dashes_spaces_or_quotes(one, other):
    assert _comparable(one) == _comparable(other)


def test_the_same_plan_as_txt_then_docx_is_caught_and_may_still_be_imported_deliberately(client, personas, seed):
    client.force_login(personas.office)
    _upload(client, personas, *seed["txt"])
    first = PendingImport.objects.get()
    assert _confirm(client, first).status_code == 302
    existing = Plan.objects.get()

    response = _upload(client, personas, *seed["docx"])
    assert response.status_code == 302, "another file: no refusal at upload"
    pending = PendingImport.objects.exclude(pk=first.pk).get()
    page = client.get(reverse("plans:preview", args=[pending.pk])).content.decode()
    assert "本辖区已导入过同名、同文号、同实施期的方案" in page
    assert reverse("plans:plan_ledger", args=[existing.pk]) in page
    assert "仍要导入为新方案" in page and "确认导入" not in page

    refused = _confirm(client, pending)
    assert refused.status_code == 400
    assert "如确需另存为新方案，请点击“仍要导入为新方案”" in refused.content.decode()
    assert Plan.objects.count() == 1

    assert _confirm(client, pending, import_as_new="1").status_code == 302
    second = Plan.objects.exclude(pk=existing.pk).get()
    assert second.tasks.count() == existing.tasks.count()
    assert Event.objects.get(action="plan.import_as_new").data == {"similar_plans": [existing.pk]}


def test_the_same_file_again_is_refused_at_upload_with_a_link_to_the_plan(client, personas, seed):
    client.force_login(personas.office)
    _upload(client, personas, *seed["txt"])
    _confirm(client, PendingImport.objects.get())
    response = _upload(client, personas, *seed["txt"])
    page = response.content.decode()
    assert response.status_code == 400 and "无需重复导入" in page
    assert reverse("plans:plan_ledger", args=[Plan.objects.get().pk]) in page


def test_similar_plans_need_the_same_jurisdiction_number_and_period(personas):
    ledger = Ledger.from_dict({"plan": {"title": "濉溪县2024年法治政府建设工作要点", "doc_number": "濉法办〔2024〕1号",
                                        "period_start": 2024, "period_end": 2024}, "tasks": []})
    same = PlanFactory(jurisdiction=personas.jurisdiction, title="濉溪县2024年法治政府建设工作要点",
                       doc_number="濉法办〔2024〕1号", period_start=2024, period_end=2024)
    PlanFactory(jurisdiction=personas.jurisdiction, title="濉溪县2024年法治政府建设工作要点",
                doc_number="濉法办〔2025〕1号", period_start=2024, period_end=2024)
    PlanFactory(jurisdiction=personas.jurisdiction, title="濉溪县2024年法治政府建设工作要点",
                doc_number="濉法办〔2024〕1号", period_start=2025, period_end=2025)
    PlanFactory(jurisdiction=JurisdictionFactory(name="杜集区"), title="濉溪县2024年法治政府建设工作要点",
                doc_number="濉法办〔2024〕1号", period_start=2024, period_end=2024)
    assert similar_plans(jurisdiction=personas.jurisdiction, ledger=ledger) == [same]
