"""佐证材料: upload once per content, cite from any report (“报过不再报”)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.audit.services import event_record
from fazhi.files.models import EvidenceFile
from fazhi.files.store import evidence_store
from fazhi.tracking import workflow
from fazhi.tracking.access import evidence_visible_to
from fazhi.tracking.models import ProgressReport, ReportEvidence


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
    with transaction.atomic():
        evidence = evidence_store(uploaded_file, jurisdiction=report.period.plan.jurisdiction, by=by)
        _link(report, evidence, by, "evidence.attach")
    return evidence


def evidence_cite(*, report: ProgressReport, evidence: EvidenceFile, by) -> ReportEvidence:
    """Cite a file already stored (报过不再报) from another report."""
    _require_editable(report, by)
    if evidence.jurisdiction_id != report.period.plan.jurisdiction_id or not evidence_visible_to(
            actor_for(by), evidence):
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
