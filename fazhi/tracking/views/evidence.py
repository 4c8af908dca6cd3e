"""佐证材料 on the clerk's card: upload, cite (“报过不再报”), detach, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.accounts.access import actor_for
from fazhi.files.models import EvidenceFile
from fazhi.lib.textnorm import parse_pk
from fazhi.tracking import services
from fazhi.tracking.access import evidence_visible_to, get_report_for_user
from fazhi.tracking.services import EvidenceRejected, evidence_attach
from fazhi.tracking.views.clerk import _edit_url, _reports_query, _single_card, card_prefix
from fazhi.tracking.views.common import is_htmx


def _evidence_response(request, report, *, message: str = "", error: bool = False):
    if is_htmx(request):
        report = _reports_query().get(pk=report.pk)
        card = _single_card(request, report.assignment, report.period, report=report)
        return render(request, "tracking/_evidence.html", {"card": card, "evidence_message": message,
                                                           "evidence_error": error})
    (messages.error if error else messages.success)(request, message)
    return redirect(_edit_url(request, report.assignment, report.period,
                              anchor=f"evidence-{card_prefix(report.assignment, report.period)}"))


@login_required
@require_POST
def evidence_upload(request, report_pk):
    report = get_report_for_user(request.user, report_pk, write=True)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _evidence_response(request, report, message=_("请先选择要上传的文件"), error=True)
    try:
        evidence = evidence_attach(report=report, uploaded_file=uploaded, by=request.user)
    except (EvidenceRejected, PermissionDenied) as error:
        text = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return _evidence_response(request, report, message=text, error=True)
    return _evidence_response(request, report, message=_("已上传“%(name)s”") % {"name": evidence.original_name})


@login_required
@require_POST
def evidence_cite(request, report_pk):
    report = get_report_for_user(request.user, report_pk, write=True)
    evidence_pk = parse_pk(request.POST.get("evidence"))
    # Only the report's own jurisdiction's files are looked up: another county's id reads as none at all.
    evidence = EvidenceFile.objects.filter(pk=evidence_pk, jurisdiction_id=report.period.plan.jurisdiction_id).first() \
        if evidence_pk else None
    if evidence is None:
        return _evidence_response(request, report, message=_("请选择要引用的材料"), error=True)
    try:
        services.evidence_cite(report=report, evidence=evidence, by=request.user)
    except PermissionDenied as error:
        return _evidence_response(request, report, message=str(error), error=True)
    return _evidence_response(request, report, message=_("已引用“%(name)s”") % {"name": evidence.original_name})


@login_required
@require_POST
def evidence_detach(request, report_pk, evidence_pk):
    report = get_report_for_user(request.user, report_pk, write=True)
    link = report.evidence_links.filter(evidence_id=evidence_pk).select_related("evidence").first()
    if link is None:
        raise Http404(_("该报告没有引用这份佐证材料"))
    evidence = link.evidence
    try:
        services.evidence_detach(report=report, evidence=evidence, by=request.user)
    except PermissionDenied as error:
        return _evidence_response(request, report, message=str(error), error=True)
    return _evidence_response(request, report, message=_("已移除“%(name)s”") % {"name": evidence.original_name})


def evidence_open(request, evidence_pk):
    """The 佐证材料 ``evidence_pk`` and its bytes opened, if the user may see it (download and 预览)."""
    actor = actor_for(request.user)
    evidence = EvidenceFile.objects.filter(pk=evidence_pk).select_related("jurisdiction").first()
    if evidence is None or (evidence.jurisdiction and not actor.may_read(evidence.jurisdiction)):
        raise Http404(_("没有找到该佐证材料"))
    if not evidence_visible_to(actor, evidence):
        raise PermissionDenied(_("您无权查看该佐证材料"))
    try:
        return evidence, evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        # The record survived but its bytes did not (a restore without the media folder, a disk fault).
        raise Http404(_("“%(name)s”的文件在服务器上找不到了。请上传单位重新上传该材料，并请系统管理员运行"
                        "“fazhi check”检查其他缺失的文件") % {"name": evidence.original_name}) from None


@login_required
def evidence_download(request, evidence_pk):
    evidence, stored = evidence_open(request, evidence_pk)
    return FileResponse(stored, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)
