"""Response headers every page carries, and what a request with an expired session meets.

The Content-Security-Policy is one constant string (settings.CONTENT_SECURITY_POLICY): no
nonces, no per-view exceptions, so a few lines here do what django-csp would, without its
configuration format (which changed in 4.0) or another dependency. Django 6.0's own
``SECURE_CSP`` can replace this middleware once 5.2 is no longer supported.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class NoStoreWhenSignedInMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user.

    A shared office computer's browser cache (or a proxy) must not keep a unit's reports after
    logout. Static files never reach this middleware: WhiteNoise, above it, answers them with
    their own long-lived caching headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


def _same_site_path(url: str, request) -> str:
    """The path (and query) of ``url`` when it points into this site, else ""."""
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                                      require_https=request.is_secure()):
        return ""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path.startswith("/") else ""


def login_url_back_to(path: str) -> str:
    """The login page, coming back to ``path`` after signing in."""
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({REDIRECT_FIELD_NAME: path or '/'})}"


class ExpiredSessionMiddleware:
    """What a request meets when its session has expired (or was ended elsewhere).

    ``login_required`` answers every such request with a redirect to the login page whose
    ``next`` is the URL asked for. Two kinds of request must not get that:

    * an htmx request (autosave, upload): the browser follows the redirect and htmx would
      swap the login page into the card. It gets ``401`` with ``X-Fazhi-Login`` (the login URL,
      back to the page the user is on) and the JS in ``web/forms.js`` says so, keeping the text;
    * a plain POST (保存草稿, 提交): after signing in the browser would GET a POST-only URL
      and end on a 405 page. It is sent to the login page with ``next`` = the page the form
      was on (the same-site Referer, else home); the typed text waits in the browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 302 or request.user.is_authenticated:
            return response
        target = urlsplit(response.get("Location", ""))
        # Only ``login_required``'s redirect carries ``next``; logging out also lands on the login
        # page, and must not send the next person to sign in back to the last one's page.
        if target.path != resolve_url(settings.LOGIN_URL) or REDIRECT_FIELD_NAME not in parse_qs(target.query):
            return response
        if request.headers.get("HX-Request") == "true":
            back = _same_site_path(request.headers.get("HX-Current-URL", ""), request) or "/"
            expired = HttpResponse(_("登录已过期，请重新登录。您填写的内容保存在本浏览器中，登录后可以恢复"),
                                   status=401, content_type="text/plain; charset=utf-8")
            expired["X-Fazhi-Login"] = login_url_back_to(back)
            return expired
        if request.method not in ("GET", "HEAD"):
            back = _same_site_path(request.headers.get("Referer", ""), request) or "/"
            return HttpResponseRedirect(login_url_back_to(back))
        return response
