"""The single entry point for writing audit events."""

from django.db import models

from fazhi.audit.models import Event


def event_record(*, actor, action: str, target: models.Model | None, jurisdiction=None, data: dict | None = None,
                 target_type: str = "", target_label: str = "") -> Event:
    """Append an audit event for ``action`` on ``target``.

    Call it inside the write function's transaction, so the event and the change
    it describes commit or roll back together. An event about something that is no row
    (a failed login under an unknown user name) passes ``target=None`` with ``target_type``
    and ``target_label``.
    """
    if jurisdiction is None:
        jurisdiction = getattr(target, "jurisdiction", None)
    return Event.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else target_type,
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or str(target))[:300] if target is not None else target_label[:300],
        jurisdiction=jurisdiction,
        data=data or {},
    )


def events_for(target: models.Model):
    return Event.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )
