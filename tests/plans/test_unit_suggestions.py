"""The import preview proposes directory candidates for doubtful unit phrases and never applies them by itself."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.orgs.models import Unit
from fazhi.plans.models import PendingImport, Plan, Responsibility

PLAN = """濉溪县法治政府建设实施方案（2021—2025年）

一、健全政府机构职能体系

（一）推进严格规范公正文明执法。（县城管局会同县司法局办理）

（二）加强行政调解工作。（县卫健局负责，县司法局配合）
"""


def _preview(client, personas):
    client.force_login(personas.office)
    client.post(reverse("plans:upload"), {
        "document": SimpleUploadedFile("plan.txt", PLAN.encode(), content_type="text/plain"),
        "jurisdiction": personas.jurisdiction.pk,
    })
    pending = PendingImport.objects.get()
    return pending, client.get(reverse("plans:preview", args=[pending.pk]))


def test_a_short_form_matches_and_a_kind_variant_is_only_suggested(client, personas):
    enforcement = Unit.objects.create(jurisdiction=personas.jurisdiction, name="县城管执法局")
    health = Unit.objects.create(jurisdiction=personas.jurisdiction, name="县卫健委")
    pending, response = _preview(client, personas)
    preview = response.context["preview"]
    rows = {row.phrase: row for row in preview.phrases}
    assert (rows["县城管局"].unit, rows["县城管局"].how) == (enforcement, "abbreviation")
    assert rows["县卫健局"].unit is None
    assert [(s.unit, s.how, s.confidence) for s in rows["县卫健局"].suggestions][:1] == [(health, "variant", 0.75)]

    form = response.context["form"]
    field = next(f for name, f in form.fields.items() if name.endswith("_map") and f.label == "县卫健局")
    assert field.initial in (None, "")
    suggested_group, options = field.choices[1]
    assert suggested_group == "建议对应（按匹配度排序）"
    assert options[0] == (f"unit:{health.pk}", "县卫健委（匹配度 75%）")
    assert "县卫健委（匹配度 75%）" in response.content.decode()

    # Confirming untouched keeps the doubtful phrase unmatched: a suggestion is never applied silently.
    data = {name: f.initial for name, f in form.fields.items() if f.initial is not None}
    client.post(reverse("plans:confirm", args=[pending.pk]), data)
    plan = Plan.objects.get()
    assert Responsibility.objects.get(task__plan=plan, task__seq=2, role="lead").unit is None
    assert Responsibility.objects.get(task__plan=plan, task__seq=1, role="lead").unit == enforcement
    assert Responsibility.objects.get(task__plan=plan, task__seq=1, role="co").unit == personas.lead_unit


def test_the_preview_names_the_short_form_rule_in_chinese(client, personas):
    Unit.objects.create(jurisdiction=personas.jurisdiction, name="县城管执法局")
    _pending, response = _preview(client, personas)
    page = response.content.decode()
    assert "常用简称" in page and "abbreviation" not in page
