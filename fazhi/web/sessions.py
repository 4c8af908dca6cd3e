"""When a sign-in runs out, so pages can warn before it does (``web/forms.js``).

A session lasts ``SESSION_COOKIE_AGE`` (``FAZHI_SESSION_HOURS``) from the moment it was last
saved, which for fazhi is the sign-in: nothing else writes the session. The sign-in time is kept
in the session itself, so reading it costs no query beyond the one that loads the user.
"""

from __future__ import annotations

import time

from django.conf import settings

SIGNED_IN_AT = "fazhi_signed_in_at"


def remember_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: note when this session began."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = int(time.time())


def session_expires_ms(request) -> int | None:
    """When the signed-in session of ``request`` ends, in milliseconds since the epoch; None when
    unknown (a session from before this was recorded, or none at all)."""
    session = getattr(request, "session", None)
    signed_in_at = session.get(SIGNED_IN_AT) if session is not None else None
    if not isinstance(signed_in_at, int):
        return None
    return (signed_in_at + settings.SESSION_COOKIE_AGE) * 1000
