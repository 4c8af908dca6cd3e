"""Response headers every page carries.

The Content-Security-Policy is one constant string (settings.CONTENT_SECURITY_POLICY): no
nonces, no per-view exceptions, so a few lines here do what django-csp would, without its
configuration format (which changed in 4.0) or another dependency. Django 6.0's own
``SECURE_CSP`` can replace this middleware once 5.2 is no longer supported.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


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
