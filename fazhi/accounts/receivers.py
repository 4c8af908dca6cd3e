"""Django's login signals → the login record (``services.login_event_record``). Nothing else listens here."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from fazhi.accounts.backends import client_address
from fazhi.accounts.services import login_event_record


def _address(request):
    return client_address(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="fazhi.accounts.login")
def on_login(sender, request, user, **kwargs):
    login_event_record(result="success", username=user.get_username(), address=_address(request), user=user)


@receiver(user_login_failed, dispatch_uid="fazhi.accounts.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    # LockoutBackend marks an attempt it refused without checking the password.
    locked = bool(getattr(request, "fazhi_refused_locked_out", False))
    login_event_record(result="locked" if locked else "failed", username=str(credentials.get("username") or ""),
                       address=_address(request))


@receiver(user_logged_out, dispatch_uid="fazhi.accounts.logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        login_event_record(result="logout", username=user.get_username(), address=_address(request), user=user)
