"""The platform's address for links in e-mails and robot messages: the office's setting in the
database (``SiteAddress``), else the ``FAZHI_SITE_URL`` environment setting, else none."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.notify.models import SiteAddress

# The same rule as FAZHI_SITE_URL in settings.py: http(s), a host, an optional path, no spaces.
SITE_URL = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")


def site_url() -> str:
    """The address without a trailing slash; empty when neither the office nor the operator set one."""
    stored = SiteAddress.objects.filter(pk=1).values_list("url", flat=True).first()
    return stored or settings.FAZHI_SITE_URL


def site_url_clean(url: str) -> str:
    """``url`` trimmed and without its trailing slash; raises ``ValidationError`` in Chinese."""
    url = (url or "").strip().rstrip("/")
    if url and not SITE_URL.fullmatch(url):
        raise ValidationError(_("站点地址应为 http:// 或 https:// 开头的网址，如 https://fazhi.example.gov.cn，"
                                "不含空格、问号或 #"))
    return url
