"""Keep an uploaded file once per content: check its type and size, store it under its digest.

``evidence_store`` is not a use case of its own: the layer that cites the file (a progress
report, later a register record) calls it inside its write function, which also writes
the audit event.
"""

from __future__ import annotations

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fazhi.files.models import EvidenceFile, evidence_upload_to
from fazhi.lib.limits import InputRejected, ReadLimits, zip_check

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
    """Check type (extension and leading bytes) and size; return (sha256, content type).

    A ZIP container (.docx, .xlsx, .ofd) must also unpack within the ``FAZHI_MAX_*`` limits:
    fazhi never opens it, but the reviewer who downloads it does.
    """
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
    # A container zipfile cannot open at all unpacks to nothing; it passes on its leading bytes, as before.
    if magics == ZIP and zipfile.is_zipfile(uploaded_file):
        try:
            zip_check(uploaded_file, ReadLimits.from_settings(settings))
        except InputRejected as error:
            raise EvidenceRejected(_("文件“%(name)s”未通过安全检查：%(reason)s") % {
                "name": name, "reason": error.message_for(get_language())}) from error
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest(), content_type


def evidence_store(uploaded_file, *, jurisdiction, by) -> EvidenceFile:
    """The jurisdiction's record of the content of ``uploaded_file``, made now if it has none.

    The bytes are written only when no jurisdiction has stored them yet; a record is never
    shared across jurisdictions, so nothing of another county's file shows here.
    """
    sha256, content_type = evidence_check(uploaded_file)
    evidence = EvidenceFile.objects.filter(jurisdiction=jurisdiction, sha256=sha256).first()
    if evidence is not None:
        return evidence
    evidence = EvidenceFile(jurisdiction=jurisdiction, sha256=sha256, original_name=uploaded_file.name[:255],
                            size=uploaded_file.size, content_type=content_type, uploaded_by=by)
    canonical = evidence_upload_to(evidence, uploaded_file.name)
    if evidence.file.storage.exists(canonical):
        evidence.file.name = canonical  # the same bytes are already stored: keep one copy
    else:
        evidence.file.save(uploaded_file.name, uploaded_file, save=False)
    try:
        with transaction.atomic():
            evidence.save()
    except IntegrityError:
        # Another request of this jurisdiction recorded the same content meanwhile: keep theirs.
        if evidence.file.name != canonical:
            evidence.file.delete(save=False)
        evidence = EvidenceFile.objects.get(jurisdiction=jurisdiction, sha256=sha256)
    return evidence


def evidence_missing(evidence_files) -> list[EvidenceFile]:
    """The records whose stored bytes are gone (a restore that missed the media folder, a disk fault)."""
    return [e for e in evidence_files if not e.file or not e.file.storage.exists(e.file.name)]
