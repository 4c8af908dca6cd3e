"""The office's review of doubtful tasks in an import preview: keep, correct or reject each.

The choices are written into the pending upload's ledger JSON: the task itself is rewritten
(an edit) or marked ``"review": "reject"``; its reading as uploaded is kept under
``ledger["review"]["originals"]`` so 保留（按识别结果） restores it, and every decision is
appended to ``ledger["review"]["decisions"]`` for the confirm's audit event.
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import require_office
from fazhi.audit.services import event_record
from fazhi.plans.import_review import REVIEW_ACTIONS, REVIEW_EDIT, REVIEW_KEEP, REVIEW_REJECT
from fazhi.plans.models import PendingImport
from fazhi.plans.parsing.annotations import split_units
from fazhi.plans.parsing.deadlines import extract_deadlines, one_year, unique_deadlines
from fazhi.plans.parsing.targets import extract_targets

# Generous bounds for one task as typed in the preview; a plan's task is a paragraph.
MAX_TEXT = 2000
MAX_UNITS_TEXT = 500
MAX_DEADLINE_TEXT = 100


def _plan_year(raw_ledger: dict) -> int | None:
    """The year of a one-year plan (工作要点), so “年底前” means that year's end."""
    plan = raw_ledger.get("plan") or {}
    start, end = plan.get("period_start"), plan.get("period_end")
    return one_year(start, end)


def _edited(task: dict, *, text: str, lead: str, co: str, deadline: str, year: int | None) -> dict:
    """``task`` rewritten from the preview's fields, deadlines and targets read again."""
    text = (text or "").strip()
    lead, co, deadline = (lead or "").strip(), (co or "").strip(), (deadline or "").strip()
    if not text:
        raise ValidationError(_("任务内容不能为空；如不需要导入此项，请选择“不导入此项”"), code="empty_text")
    if len(text) > MAX_TEXT:
        raise ValidationError(_("任务内容不能超过 %(max)s 字") % {"max": MAX_TEXT}, code="too_long")
    if len(lead) > MAX_UNITS_TEXT or len(co) > MAX_UNITS_TEXT:
        raise ValidationError(_("单位名称过长（不超过 %(max)s 字），请用“、”分隔各单位") % {"max": MAX_UNITS_TEXT},
                              code="too_long")
    if len(deadline) > MAX_DEADLINE_TEXT:
        raise ValidationError(_("完成时限不能超过 %(max)s 字") % {"max": MAX_DEADLINE_TEXT}, code="too_long")
    typed_deadlines = []
    for piece in filter(None, (part.strip() for part in deadline.replace(";", "；").split("；"))):
        found = extract_deadlines(piece, year=year)
        if not found:
            raise ValidationError(
                _("无法识别完成时限“%(text)s”，请写成如“2024年6月底前”“每季度”“长期坚持”的形式") % {"text": piece},
                code="bad_deadline",
            )
        typed_deadlines += found
    edited = dict(task)
    edited.update(
        text=text,
        lead_units=split_units(lead),
        co_units=split_units(co),
        deadlines=[d.to_dict() for d in unique_deadlines(typed_deadlines + extract_deadlines(text, year=year))],
        targets=[t.to_dict() for t in extract_targets(text, year=year)],
    )
    return edited


def _changes(before: dict, after: dict) -> dict:
    """{field: [before, after]} of what the office changed, deadlines as their texts."""
    changes = {}
    for key in ("text", "lead_units", "co_units"):
        if before.get(key) != after.get(key):
            changes[key] = [before.get(key), after.get(key)]
    old = [d.get("text") for d in before.get("deadlines") or []]
    new = [d.get("text") for d in after.get("deadlines") or []]
    if old != new:
        changes["deadlines"] = [old, new]
    return changes


def pending_import_review(
    *, pending: PendingImport, task_seq: int, action: str, text: str = "", lead: str = "", co: str = "",
    deadline: str = "", by,
) -> dict:
    """Keep, correct or reject task ``task_seq`` of an unconfirmed upload; returns the task's new JSON.

    ``action``: "keep" (the importer's reading, restoring it after an earlier edit), "edit"
    (``text``, ``lead``/``co`` as 、-separated unit names, ``deadline`` as 时限 phrases
    separated by ；) or "reject" (the task is not imported; confirm renumbers the rest).
    """
    require_office(by, jurisdiction=pending.jurisdiction)
    if action not in REVIEW_ACTIONS:
        raise ValidationError(_("请选择保留、按修改后的内容导入或不导入此项"), code="bad_action")
    with transaction.atomic():
        pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
        if pending.plan_id:
            raise ValidationError(_("该文件已经导入，不能再修改预览中的任务"), code="confirmed")
        ledger = copy.deepcopy(pending.ledger)
        tasks = ledger.get("tasks") or []
        index = next((i for i, task in enumerate(tasks) if task.get("seq") == task_seq), None)
        if index is None:
            raise ValidationError(_("预览中没有第 %(seq)s 项任务，请刷新页面后重试") % {"seq": task_seq},
                                  code="no_task")
        review = ledger.setdefault("review", {})
        originals = review.setdefault("originals", {})
        current = tasks[index]
        original = originals.setdefault(str(task_seq), {k: v for k, v in current.items() if k != "review"})
        if action == REVIEW_REJECT:
            others = [t for i, t in enumerate(tasks) if i != index and t.get("review") != REVIEW_REJECT]
            if not others:
                raise ValidationError(_("不能把所有任务都设为不导入；如整份文件有误，请重新上传"), code="nothing_left")
            updated = dict(current, review=REVIEW_REJECT)
        elif action == REVIEW_KEEP:
            updated = dict(copy.deepcopy(original), review=REVIEW_KEEP)
        else:
            updated = _edited(original, text=text, lead=lead, co=co, deadline=deadline, year=_plan_year(ledger))
            updated["review"] = REVIEW_EDIT
        changes = _changes(original, updated) if action == REVIEW_EDIT else {}
        tasks[index] = updated
        decision = {"seq": task_seq, "action": action, "changes": changes,
                    "by": getattr(by, "pk", None), "at": timezone.now().isoformat()}
        review.setdefault("decisions", []).append(decision)
        pending.ledger = ledger
        pending.save(update_fields=["ledger"])
        event_record(actor=by, action="plan.import_review", target=pending,
                     data={"seq": task_seq, "decision": action, "changes": changes})
    return updated
