"""The login lockout backend and the client address it counts failures by."""

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first in AUTHENTICATION_BACKENDS: a locked-out account or address is refused.

    Only a request can be locked out: ``authenticate()`` without one (``createadmin``, a shell, the
    test client's ``login``) passes on to the next backend instead of failing as axes' own does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            # Refused before the password was looked at: the login record says "locked", not "wrong password".
            request.fazhi_refused_locked_out = True
            raise


def client_address(request) -> str | None:
    """The address a login came from: REMOTE_ADDR, or behind a trusted proxy
    (FAZHI_TRUST_X_FORWARDED_FOR) the last X-Forwarded-For entry, the one the proxy appended."""
    if settings.FAZHI_TRUST_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None
