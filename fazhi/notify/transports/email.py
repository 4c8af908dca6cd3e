"""E-mail through Django's configured backend (``FAZHI_EMAIL_BACKEND``, SMTP settings)."""

from __future__ import annotations

from django.core.mail import send_mail

from fazhi.notify.transports.base import Message, Transport


class EmailTransport(Transport):
    """One message to all ``recipients`` together."""

    kind = "email"

    def __init__(self, recipients: list[str]):
        self.recipients = list(recipients)

    def send(self, message: Message) -> None:
        body = f"{message.text}\n\n{message.link}" if message.link else message.text
        send_mail(message.title, body, None, self.recipients, fail_silently=False)
