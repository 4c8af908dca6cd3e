"""Edit a plan through its Excel 台账: keep an upload with its diff for preview, then apply it.

The import edits existing tasks only: it never adds or deletes one. What it changed is
recorded as one revision of the plan (``revisions``). After a change of
牵头/配合单位 the caller brings tracking's assignments along (``assignments_follow``):
plans is below tracking and never reaches up.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import event_record
from fazhi.orgs.matching import build_directory_index
from fazhi.plans.ledger_import import (
    ROLE_OF_FIELD,
    ImportDiff,
    TaskChange,
    ledger_import_preview,
    plan_fingerprint,
)
from fazhi.plans.models import Deadline, LedgerImportDraft, Plan, Target, Task
from fazhi.plans.parsing import ledger as parsed
from fazhi.plans.queries import ledger_tasks, with_ledger_details
from fazhi.plans.services.revisions import (
    plan_revision_record,
    refuse_if_archived,
    task_entry,
    task_snapshot,
)
from fazhi.plans.services.rows import deadline_rows, responsibilities_replace, target_row

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Drafts nobody confirmed are dropped after this long; the office can upload again.
DRAFT_TTL = timedelta(days=3)


def ledger_import_draft_create(*, plan: Plan, data: bytes, filename: str, by) -> LedgerImportDraft:
    """Read an edited 台账 against ``plan`` and keep it with its diff until the office confirms it."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("文件超过 10 MB，请只保留“任务台账”工作表后再导入"), code="too_large")
    diff = ledger_import_preview(plan=plan, xlsx_bytes=data)
    with transaction.atomic():
        LedgerImportDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_TTL).delete()
        draft = LedgerImportDraft.objects.create(
            plan=plan,
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            source_name=(filename or "")[:255],
            data=data,
            diff=diff.to_dict(),
        )
        event_record(
            actor=by,
            action="plan.ledger_import_upload",
            target=plan,
            data={"draft": draft.pk, "source_name": draft.source_name, "changes": len(diff.changes),
                  "errors": len(diff.errors)},
        )
    return draft


def ledger_import_draft_apply(*, draft: LedgerImportDraft, by, accepted: set[str] | None = None,
                              reason: str = "") -> int:
    """Apply the diff the office previewed; returns how many tasks changed. A draft applies once.
    The plan's revision says ``reason``, or which file it came from when the office wrote none."""
    if accepted is not None and not accepted:
        raise ValidationError(_("您没有勾选任何任务，请勾选要导入的修改"), code="nothing_accepted")
    with transaction.atomic():
        draft = LedgerImportDraft.objects.select_for_update().select_related("plan__jurisdiction").get(pk=draft.pk)
        if draft.applied_at is not None:
            raise ValidationError(_("该文件已于 %(time)s 导入，无需重复导入")
                                  % {"time": timezone.localtime(draft.applied_at).strftime("%Y-%m-%d %H:%M")},
                                  code="applied")
        reason = (reason or "").strip() or _("按 Excel 台账“%(name)s”修改") % {"name": draft.source_name}
        changed = ledger_import_apply(plan=draft.plan, diff=ImportDiff.from_dict(draft.diff), by=by,
                                      accepted=accepted, reason=reason)
        draft.applied_at = timezone.now()
        draft.save(update_fields=["applied_at"])
    return len(changed)


# --- applying -------------------------------------------------------------------------------------


def ledger_import_apply(*, plan: Plan, diff: ImportDiff, by, accepted: set[str] | None = None,
                        reason: str = "") -> list[Task]:
    """Write the changes of ``diff`` (only the task keys in ``accepted``, if given) to ``plan``.

    Refuses a diff with errors, and one made before the plan last changed: the
    office then re-exports and edits the current 台账 instead of overwriting a
    colleague's change unseen.
    """
    if diff.plan_id != plan.pk:
        raise ValidationError(_("该预览不属于本方案，请重新上传"), code="plan")
    if diff.has_errors:
        raise ValidationError(_("文件中还有错误，请修改后重新上传"), code="errors")
    refuse_if_archived(plan)
    reason = (reason or "").strip() or _("按 Excel 台账修改")
    changed: list[Task] = []
    entries: list[dict] = []
    with transaction.atomic():
        if plan_fingerprint(plan) != diff.fingerprint:
            raise ValidationError(
                _("方案在您上传后已被修改，为免覆盖他人的修改，请重新导出台账、修改后再导入"), code="stale"
            )
        directory = build_directory_index(plan.jurisdiction)
        tasks = {task.pk: task for task in ledger_tasks(plan)}
        for change in diff.changes:
            if accepted is not None and change.key not in accepted:
                continue
            task = tasks[change.task_id]
            before = task_snapshot(task)
            _apply_task_change(task, change, plan=plan, directory=directory)
            after = task_snapshot(with_ledger_details(Task.objects.filter(pk=task.pk)).get())
            entries.append(task_entry("changed", task, before=before, after=after))
            event_record(
                actor=by,
                action="task.ledger_import",
                target=task,
                jurisdiction=plan.jurisdiction,
                data={"row": change.row, "changes": [asdict(c) for c in change.changes]},
            )
            changed.append(task)
        if changed:
            event_record(actor=by, action="plan.ledger_import", target=plan,
                         data={"tasks": [task.seq for task in changed]})
            plan_revision_record(plan=plan, by=by, reason=reason, tasks=entries)
    return changed


def _apply_task_change(task: Task, change: TaskChange, *, plan: Plan, directory) -> None:
    values = change.values
    if "text" in values:
        task.text = values["text"]
        task.save(update_fields=["text"])
    for name, role in ROLE_OF_FIELD.items():
        if name in values:
            responsibilities_replace(task, role, values[name], plan=plan, directory=directory)
    if "deadlines" in values:
        task.deadlines.all().delete()
        Deadline.objects.bulk_create(deadline_rows(task, [parsed.Deadline.from_dict(raw) for raw in values["deadlines"]]))
    if "targets" in values:
        task.targets.all().delete()
        Target.objects.bulk_create(
            target_row(parsed.Target.from_dict(raw), position=i, task=task) for i, raw in enumerate(values["targets"])
        )
