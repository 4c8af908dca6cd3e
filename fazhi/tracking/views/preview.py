"""预览: a 佐证材料 shown in the browser instead of downloaded, for the reviewer's pages.

Same access rule as the download (``evidence_visible_to``). PDF and images are served inline
with the type read from the stored bytes (``fazhi.lib.sniff``), never the type the uploader's
browser sent nor the file name; ``X-Content-Type-Options: nosniff`` stops the browser from
guessing otherwise. Anything else — or a ".pdf" whose bytes are HTML — is sent as an
attachment of type ``application/octet-stream``, exactly as the download link would.

No embedded viewer: the site's Content-Security-Policy (``frame-ancestors 'none'``,
``object-src 'none'``) and ``X-Frame-Options: DENY`` forbid framing any of its responses, so
pages link here (a new tab) and show images with ``<img>``, which ``img-src 'self'`` allows.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.files.models import EvidenceFile
from fazhi.lib.sniff import HEAD_BYTES, inline_type
from fazhi.tracking.access import evidence_visible_to


@login_required
def evidence_preview(request, evidence_pk):
    actor = actor_for(request.user)
    evidence = EvidenceFile.objects.filter(pk=evidence_pk).select_related("jurisdiction").first()
    if evidence is None or (evidence.jurisdiction and not actor.may_read(evidence.jurisdiction)):
        raise Http404(_("没有找到该佐证材料"))
    if not evidence_visible_to(actor, evidence):
        raise PermissionDenied(_("您无权查看该佐证材料"))
    try:
        stored = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("“%(name)s”的文件在服务器上找不到了。请上传单位重新上传该材料，并请系统管理员运行"
                        "“fazhi check”检查其他缺失的文件") % {"name": evidence.original_name}) from None
    head = stored.read(HEAD_BYTES)
    stored.seek(0)
    content_type = inline_type(head)
    if content_type is None:
        response = FileResponse(stored, as_attachment=True, filename=evidence.original_name,
                                content_type="application/octet-stream")
    else:
        response = FileResponse(stored, as_attachment=False, filename=evidence.original_name,
                                content_type=content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
