"""The office reviews doubtful tasks in the import preview: keep, correct or reject each, then confirm."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fazhi.audit.models import Event
from fazhi.plans.models import PendingImport, Plan
from fazhi.plans.services import pending_import_confirm, pending_import_review

from .test_import_review import PLAN, _with_doubts
from .test_upload_views import _preview_form, _upload


@pytest.fixture
def pending(client, personas):
    _upload(client, personas, content=PLAN)
    pending = PendingImport.objects.get()
    pending.ledger = _with_doubts(pending.ledger)
    pending.save()
    return pending


def _task(pending, seq):
    pending.refresh_from_db()
    return next(task for task in pending.ledger["tasks"] if task["seq"] == seq)


def test_an_edit_rewrites_the_task_and_reads_its_deadline_and_units_again(pending, personas):
    pending_import_review(pending=pending, task_seq=3, action="edit", text="每季度开展一次案卷评查，评查率达100%。",
                          lead="县司法局", co="县财政局、县审计局", deadline="年底前", by=personas.office)
    task = _task(pending, 3)
    assert task["review"] == "edit" and task["text"] == "每季度开展一次案卷评查，评查率达100%。"
    assert task["lead_units"] == ["县司法局"] and task["co_units"] == ["县财政局", "县审计局"]
    # “年底前” of a 2025 工作要点 is the end of 2025; the text's own “每季度” is kept too.
    assert [(d["text"], d["date"]) for d in task["deadlines"]] == [("年底前", "2025-12-31"), ("每季度", None)]
    assert [t["value"] for t in task["targets"]] == [100]
    decision = pending.ledger["review"]["decisions"][-1]
    assert decision["seq"] == 3 and decision["action"] == "edit"
    assert decision["changes"]["co_units"] == [[], ["县财政局", "县审计局"]]
    assert "text" in decision["changes"] and "deadlines" in decision["changes"]
    event = Event.objects.get(action="plan.import_review")
    assert event.data["seq"] == 3 and event.data["changes"] == decision["changes"]


def test_keep_restores_the_importers_reading_after_an_edit(pending, personas):
    original = _task(pending, 3)
    pending_import_review(pending=pending, task_seq=3, action="edit", text="改过的任务", by=personas.office)
    pending_import_review(pending=pending, task_seq=3, action="keep", by=personas.office)
    task = _task(pending, 3)
    assert task["review"] == "keep"
    assert {k: v for k, v in task.items() if k != "review"} == original


@pytest.mark.parametrize(("fields", "message"), [
    ({"action": "edit", "text": "  "}, "任务内容不能为空"),
    ({"action": "edit", "text": "开展评查", "deadline": "尽快"}, "无法识别完成时限“尽快”"),
    ({"action": "edit", "text": "开展评查", "lead": "县" * 501}, "单位名称过长"),
    ({"action": "merge"}, "请选择保留"),
])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(pending, personas, fields, message):
    before = _task(pending, 3)
    with pytest.raises(ValidationError) as error:
        pending_import_review(pending=pending, task_seq=3, by=personas.office, **fields)
    assert message in error.value.messages[0]
    assert _task(pending, 3) == before and "review" not in pending.ledger
    assert not Event.objects.filter(action="plan.import_review").exists()


def test_an_unknown_task_or_a_confirmed_upload_is_refused(pending, personas):
    with pytest.raises(ValidationError, match="没有第 9 项"):
        pending_import_review(pending=pending, task_seq=9, action="keep", by=personas.office)
    pending_import_confirm(pending=pending, decisions=[], by=personas.office)
    with pytest.raises(ValidationError, match="已经导入"):
        pending_import_review(pending=pending, task_seq=1, action="reject", by=personas.office)


def test_every_task_cannot_be_rejected(pending, personas):
    pending_import_review(pending=pending, task_seq=1, action="reject", by=personas.office)
    pending_import_review(pending=pending, task_seq=2, action="reject", by=personas.office)
    with pytest.raises(ValidationError, match="不能把所有任务都设为不导入"):
        pending_import_review(pending=pending, task_seq=3, action="reject", by=personas.office)


def test_confirm_imports_the_reviewed_ledger(pending, personas):
    pending_import_review(pending=pending, task_seq=1, action="reject", by=personas.office)
    pending_import_review(pending=pending, task_seq=3, action="edit", text="每季度开展一次行政执法案卷评查。",
                          lead="县司法局", co="县财政局", deadline="2025年9月底前", by=personas.office)
    plan = pending_import_confirm(pending=pending, decisions=[], by=personas.office)
    tasks = list(plan.tasks.order_by("seq"))
    # The rejected first task is gone and the rest are numbered 1..2.
    assert [(t.seq, t.text) for t in tasks] == [
        (1, "年底前完成规范性文件清理。"), (2, "每季度开展一次行政执法案卷评查。")]
    edited = tasks[1]
    assert sorted((r.role, r.phrase, r.unit_id) for r in edited.responsibilities.all()) == [
        ("co", "县财政局", personas.co_unit.pk), ("lead", "县司法局", personas.lead_unit.pk)]
    assert date(2025, 9, 30) in {d.due_on for d in edited.deadlines.all()}
    event = Event.objects.get(action="plan.import_reviewed")
    assert event.target_id == str(plan.pk)
    assert event.data["rejected"] == [1] and event.data["edited"] == [3]
    assert [d["action"] for d in event.data["decisions"]] == ["reject", "edit"]
    assert Event.objects.get(action="plan.import").data["tasks"] == 2


def test_the_preview_counts_and_maps_the_reviewed_tasks(client, pending, personas):
    pending_import_review(pending=pending, task_seq=1, action="reject", by=personas.office)
    pending_import_review(pending=pending, task_seq=3, action="edit", text="开展案卷评查。", lead="县档案馆",
                          by=personas.office)
    response = client.get(reverse("plans:preview", args=[pending.pk]))
    page = response.content.decode()
    assert response.context["preview"].counts["tasks"] == 2
    assert '<strong id="count-tasks">2</strong>' in page and "另有 1 项不导入" in page
    # The new name of the edit is offered for mapping; the rejected task is listed, struck out.
    assert "县档案馆" in response.context["preview"].unmatched_phrases
    assert 'data-phrase="县档案馆"' in page
    assert 'class="preview-task rejected"' in page and "不导入</span>" in page
    # Task 3 is decided; task 2 (a doubtful line) is still to check.
    assert response.context["review"].doubtful_count == 1
    assert 'id="count-doubtful" class="doubt-count">1<' in page


def test_the_review_form_works_without_js_and_with_htmx(client, pending, personas):
    client.force_login(personas.office)
    url = reverse("plans:preview_task_review", args=[pending.pk, 3])
    page = client.get(reverse("plans:preview", args=[pending.pk])).content.decode()
    assert f'action="{url}"' in page and 'name="action" value="reject"' in page
    # A plain form post saves and goes back to the task in the preview.
    response = client.post(url, {"action": "reject"})
    assert response.status_code == 302 and response["Location"].endswith("#task-3")
    assert _task(pending, 3)["review"] == "reject"
    # A refused plain post shows the preview again, the message and the typed units in the task's block.
    response = client.post(url, {"action": "edit", "text": " ", "lead": "县审计局"})
    body = response.content.decode()
    assert response.status_code == 400 and "第 3 项未保存：任务内容不能为空" in body
    block = body[body.index('id="task-block-3"'):]
    assert 'value="县审计局"' in block[:block.index("</tbody>")]
    # A bad edit is shown in the task's block, with what was typed kept.
    response = client.post(url, {"action": "edit", "text": "", "lead": "县司法局"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "任务内容不能为空" in body and 'value="县司法局"' in body
    assert body.startswith('\n<tbody id="task-block-3"') and _task(pending, 3)["review"] == "reject"
    # htmx gets the block and the counts back.
    response = client.post(url, {"action": "keep"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="task-block-3"' in body and 'id="preview-counts" hx-swap-oob="true"' in body and "已核对" in body
    # An edit bringing a new name to map reloads the page, so the mapping table lists it.
    response = client.post(url, {"action": "edit", "text": "开展评查。", "lead": "县档案馆"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Refresh"] == "true"
    data, _response = _preview_form(client, pending)
    assert "县档案馆" in data.values()


def test_an_upload_without_review_imports_as_before(pending, personas):
    plan = pending_import_confirm(pending=pending, decisions=[], by=personas.office)
    assert Plan.objects.get() == plan and plan.tasks.count() == 3
    assert not Event.objects.filter(action="plan.import_reviewed").exists()
