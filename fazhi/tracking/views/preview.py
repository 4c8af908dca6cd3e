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
from django.http import FileResponse

from fazhi.lib.sniff import HEAD_BYTES, inline_type
from fazhi.tracking.views.evidence import evidence_open


@login_required
def evidence_preview(request, evidence_pk):
    evidence, stored = evidence_open(request, evidence_pk)
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
