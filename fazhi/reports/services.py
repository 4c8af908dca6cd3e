"""Write functions of the reports app: keep an uploaded 台账 for preview, then apply it."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import event_record
from fazhi.plans.models import Plan
from fazhi.reports.ledger_import import ImportDiff, ledger_import_apply, ledger_import_preview
from fazhi.reports.models import LedgerImportDraft

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


def ledger_import_draft_apply(*, draft: LedgerImportDraft, by, accepted: set[str] | None = None) -> int:
    """Apply the diff the office previewed; returns how many tasks changed. A draft applies once."""
    if accepted is not None and not accepted:
        raise ValidationError(_("您没有勾选任何任务，请勾选要导入的修改"), code="nothing_accepted")
    with transaction.atomic():
        draft = LedgerImportDraft.objects.select_for_update().select_related("plan__jurisdiction").get(pk=draft.pk)
        if draft.applied_at is not None:
            raise ValidationError(_("该文件已于 %(time)s 导入，无需重复导入")
                                  % {"time": timezone.localtime(draft.applied_at).strftime("%Y-%m-%d %H:%M")},
                                  code="applied")
        changed = ledger_import_apply(plan=draft.plan, diff=ImportDiff.from_dict(draft.diff), by=by,
                                      accepted=accepted)
        draft.applied_at = timezone.now()
        draft.save(update_fields=["applied_at"])
    return len(changed)
