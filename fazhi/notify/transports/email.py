"""E-mail through Django's configured backend (``FAZHI_EMAIL_BACKEND``, SMTP settings)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from fazhi.notify.transports.base import Message, Transport

# Django's backends that deliver nothing to anyone's mailbox: the console (the default until a mail
# server is configured), a file or nothing at all. (locmem is the tests' outbox and counts as sent.)
UNDELIVERED_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def mail_delivered() -> bool:
    """Whether e-mail leaves this server at all (``FAZHI_EMAIL_BACKEND`` names a real backend)."""
    return settings.EMAIL_BACKEND not in UNDELIVERED_BACKENDS


class EmailTransport(Transport):
    """One message to all ``recipients`` together."""

    kind = "email"

    def __init__(self, recipients: list[str]):
        self.recipients = list(recipients)

    def send(self, message: Message) -> None:
        body = f"{message.text}\n\n{message.link}" if message.link else message.text
        send_mail(message.title, body, None, self.recipients, fail_silently=False)
