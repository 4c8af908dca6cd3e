"""The import preview shows first what the importer is unsure about: doubtful tasks, doubtful lines, suggestions."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from fazhi.plans.import_review import import_review, in_language, unit_suggestions
from fazhi.plans.models import PendingImport
from fazhi.plans.parsing import parse_text
from fazhi.plans.parsing.ledger import Ledger

from .test_upload_views import _upload

PLAN = """某县2025年法治政府建设工作要点
一、依法决策
1．6月底前公布重大行政决策事项目录。（牵头单位：县政府办；责任单位：县司法局）
2．年底前完成规范性文件清理。（牵头单位：县司法局；责任单位：县直各部门）
3．每季度开展一次案卷评查。（牵头单位：县司法局）
"""


def _with_doubts(raw: dict) -> dict:
    """The ledger as the importer writes it once it reports confidence and doubts (issue 16)."""
    raw = {**raw, "tasks": [{**task, "confidence": "high", "confidence_reasons": []} for task in raw["tasks"]]}
    raw["tasks"][2]["confidence"] = "low"
    raw["tasks"][2]["confidence_reasons"] = ["责任单位由“负责”推断 / units inferred from 负责"]
    raw["doubts"] = [{"line": raw["tasks"][1]["lines"][0], "text": "2．年底前完成规范性文件清理。",
                      "reason": "行号缺少标点 / item number without punctuation", "suggestion": "任务 2"},
                     {"line": 99, "text": "附件", "reason": "无法归属 / belongs to no task", "suggestion": "封底"}]
    return raw


def test_without_confidence_or_doubts_every_task_reads_clean_in_plan_order():
    ledger = parse_text(PLAN)
    review = import_review(ledger.to_dict(), ledger)
    assert [(r.task.seq, r.doubtful) for r in review.tasks] == [(1, False), (2, False), (3, False)]
    assert review.doubts == [] and review.doubtful_count == 0


def test_doubtful_tasks_come_first_with_their_reasons_and_lines():
    ledger = parse_text(PLAN)
    review = import_review(_with_doubts(ledger.to_dict()), ledger)
    assert [(r.task.seq, r.doubtful) for r in review.tasks] == [(2, True), (3, True), (1, False)]
    assert review.tasks[1].reasons == ["责任单位由“负责”推断"]
    assert [(d.line, d.task_seq, d.reason) for d in review.doubts] == [
        (4, 2, "行号缺少标点"), (99, None, "无法归属")]
    assert review.tasks[0].doubts == [review.doubts[0]]


def test_reasons_follow_the_readers_language():
    ledger = parse_text(PLAN)
    review = import_review(_with_doubts(ledger.to_dict()), ledger, language="en")
    assert review.tasks[1].reasons == ["units inferred from 负责"]
    assert in_language("只有中文", "en") == "只有中文"


@pytest.mark.parametrize(("confidence", "percent"), [(0.85, 85), (72, 72), (None, None)])
def test_unit_suggestions_are_listed_best_first_with_their_confidence(confidence, percent):
    row = SimpleNamespace(suggestions=[
        SimpleNamespace(unit=SimpleNamespace(name="县城管执法局"), group=None, confidence=confidence),
        SimpleNamespace(unit=None, group=SimpleNamespace(phrase="各镇"), confidence=confidence),
    ])
    assert [(s.label, s.percent) for s in unit_suggestions(row)] == [("县城管执法局", percent), ("各镇", percent)]
    assert unit_suggestions(SimpleNamespace()) == []


def test_the_preview_shows_doubtful_tasks_first_and_the_doubtful_lines(client, personas):
    _upload(client, personas, content=PLAN)
    pending = PendingImport.objects.get()
    pending.ledger = _with_doubts(pending.ledger)
    pending.save()
    response = client.get(reverse("plans:preview", args=[pending.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert [r.task.seq for r in response.context["review"].tasks] == [2, 3, 1]
    assert page.index('id="task-2"') < page.index('id="task-3"') < page.index('id="task-1"')
    assert page.count('class="tag doubt-tag"') == 2
    assert "责任单位由“负责”推断" in page and "行号缺少标点" in page and 'href="#task-2"' in page
    assert 'id="count-doubtful" class="doubt-count">2<' in page
    assert 'id="review-first"' in page


def test_a_clean_preview_has_no_review_note(client, personas):
    _upload(client, personas, content=PLAN)
    pending = PendingImport.objects.get()
    page = client.get(reverse("plans:preview", args=[pending.pk])).content.decode()
    assert 'id="review-first"' not in page and 'class="grid doubts"' not in page
    assert 'id="count-doubtful" class="">0<' in page
    assert Ledger.from_dict(pending.ledger).tasks[0].deadlines[0].date.isoformat() == "2025-06-30"
