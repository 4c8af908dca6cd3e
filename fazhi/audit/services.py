"""The single entry point for writing audit events."""

from django.db import models

from fazhi.audit.models import Event


def event_record(*, actor, action: str, target: models.Model, jurisdiction=None, data: dict | None = None) -> Event:
    """Append an audit event for ``action`` on ``target``.

    Call it inside the write function's transaction, so the event and the change
    it describes commit or roll back together.
    """
    if jurisdiction is None:
        jurisdiction = getattr(target, "jurisdiction", None)
    return Event.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        jurisdiction=jurisdiction,
        data=data or {},
    )


def events_for(target: models.Model):
    return Event.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )
