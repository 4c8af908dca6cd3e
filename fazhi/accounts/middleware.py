"""Sends a user who must change the password (a new account, a reset one) to the change page first."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.accounts.access import actor_for

# What such a user may still reach: the change page itself, signing out, the language switch, files.
ALLOWED_PREFIXES = ("/static/", "/i18n/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and actor_for(user).must_change_password:
            allowed = (reverse("accounts:password_change"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                # The change page says why. An htmx request would swap that whole page into a fragment:
                # it is told to load the page instead.
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = reverse("accounts:password_change")
                    return response
                return redirect("accounts:password_change")
        return self.get_response(request)
