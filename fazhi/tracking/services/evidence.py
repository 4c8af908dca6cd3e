"""佐证材料: upload once per content, cite from any report (“报过不再报”)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.audit.services import event_record
from fazhi.tracking.models import EvidenceFile, ProgressReport, ReportEvidence
from fazhi.tracking.services import workflow

# extension → (content type, accepted leading bytes). docx/xlsx/ofd are all ZIP containers.
ZIP = (b"PK\x03\x04",)
ALLOWED_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "ofd": ("application/ofd", ZIP),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


class EvidenceRejected(ValidationError):
    """The file is of a type, size or content fazhi does not keep."""


def _unsupported(name: str) -> EvidenceRejected:
    return EvidenceRejected(
        _("文件“%(name)s”的类型不受支持，请上传 PDF、Word、Excel、OFD 或图片") % {"name": name})


def evidence_check(uploaded_file) -> tuple[str, str]:
    """Check type (extension and leading bytes) and size; return (sha256, content type)."""
    name = uploaded_file.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_TYPES:
        raise _unsupported(name)
    limit_mb = settings.FAZHI_MAX_UPLOAD_MB
    if uploaded_file.size > limit_mb * 1024 * 1024:
        raise EvidenceRejected(_("文件“%(name)s”超过 %(mb)s MB 的大小上限，请压缩或拆分后上传") % {
            "name": name, "mb": limit_mb})
    if uploaded_file.size == 0:
        raise EvidenceRejected(_("文件“%(name)s”是空文件，请重新选择") % {"name": name})
    content_type, magics = ALLOWED_TYPES[ext]
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    if not any(head.startswith(m) for m in magics):
        raise EvidenceRejected(
            _("文件“%(name)s”的内容与扩展名不符，请上传 PDF、Word、Excel、OFD 或图片的原始文件") % {"name": name})
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest(), content_type


def _require_editable(report: ProgressReport, by) -> None:
    reason = workflow.reason_cannot_edit(actor_for(by), report.assignment, report.period, report)
    if reason:
        raise PermissionDenied(reason)


def _link(report: ProgressReport, evidence: EvidenceFile, by, action: str) -> ReportEvidence:
    link, created = ReportEvidence.objects.get_or_create(report=report, evidence=evidence,
                                                         defaults={"added_by": by})
    if created:
        event_record(actor=by, action=action, target=report,
                     jurisdiction=report.assignment.task.plan.jurisdiction,
                     data={"sha256": evidence.sha256, "name": evidence.original_name})
    return link


def evidence_attach(*, report: ProgressReport, uploaded_file, by) -> EvidenceFile:
    """Upload a file for ``report``. A file whose content is already stored is not stored again."""
    _require_editable(report, by)
    sha256, content_type = evidence_check(uploaded_file)
    with transaction.atomic():
        evidence = EvidenceFile.objects.filter(sha256=sha256).first()
        if evidence is None:
            evidence = EvidenceFile(sha256=sha256, original_name=uploaded_file.name[:255], size=uploaded_file.size,
                                    content_type=content_type, uploaded_by=by)
            evidence.file.save(uploaded_file.name, uploaded_file, save=False)
            try:
                with transaction.atomic():
                    evidence.save()
            except IntegrityError:
                evidence.file.delete(save=False)
                evidence = EvidenceFile.objects.get(sha256=sha256)
        _link(report, evidence, by, "evidence.attach")
    return evidence


def evidence_visible_to(actor, evidence: EvidenceFile) -> bool:
    """Whoever uploaded a file, or may see a report that cites it, may open it.

    Report visibility is the one rule of ``assignments_visible_to``: an office sees
    its own jurisdiction (and a city its counties), a 牵头单位 its 配合单位's reports,
    a 县领导 the tasks they lead. A file is never visible just for being stored.
    """
    if evidence.uploaded_by_id is not None and evidence.uploaded_by_id == getattr(actor.user, "pk", None):
        return True
    from fazhi.tracking.access import assignments_visible_to  # access imports services

    return ReportEvidence.objects.filter(
        evidence=evidence, report__assignment__in=assignments_visible_to(actor.user)
    ).exists()


def evidence_cite(*, report: ProgressReport, evidence: EvidenceFile, by) -> ReportEvidence:
    """Cite a file already stored (报过不再报) from another report."""
    _require_editable(report, by)
    if not evidence_visible_to(actor_for(by), evidence):
        raise PermissionDenied(_("您无权引用该佐证材料"))
    with transaction.atomic():
        return _link(report, evidence, by, "evidence.cite")


def evidence_detach(*, report: ProgressReport, evidence: EvidenceFile, by) -> None:
    """Remove the file from the report; the stored file stays for other reports that cite it."""
    _require_editable(report, by)
    with transaction.atomic():
        deleted, _unused = ReportEvidence.objects.filter(report=report, evidence=evidence).delete()
        if deleted:
            event_record(actor=by, action="evidence.detach", target=report,
                         jurisdiction=report.assignment.task.plan.jurisdiction,
                         data={"sha256": evidence.sha256, "name": evidence.original_name})
