"""Which stored files a browser may show inline, decided from their leading bytes alone.

The name and the type a browser sent at upload are the uploader's claims; the bytes are what
the reader's browser would render. Only PDF and the common raster images are shown inline:
each is rendered by the browser's own viewer and runs no page script. Everything else
(Word, Excel, OFD, and any file whose bytes are not what its name says) is downloaded.
"""

from __future__ import annotations

# leading bytes → content type. WebP is "RIFF" + 4 size bytes + "WEBP" (checked below).
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
HEAD_BYTES = 16


def inline_type(head: bytes) -> str | None:
    """The content type to serve ``head``'s file inline as, or None to serve it as a download."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def is_image(content_type: str | None) -> bool:
    return bool(content_type) and content_type.startswith("image/")
