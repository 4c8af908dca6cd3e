"""Write helpers shared by every app's use-case functions (no domain knowledge here)."""

from __future__ import annotations

from django.db import models, transaction

from fazhi.audit.services import event_record


def model_update(*, instance: models.Model, data: dict, by, action: str, jurisdiction=None) -> dict[str, list]:
    """Set the fields of ``data`` that differ, save only those, and append one audit event.

    Returns the changes as ``{field: [old, new]}``; nothing is written (and no event is
    recorded) when every value is already in place. ``None`` in ``data`` means "leave as is".
    Values are compared after the caller's cleaning, so pass cleaned values.
    """
    changes = {
        name: [getattr(instance, name), value]
        for name, value in data.items()
        if value is not None and getattr(instance, name) != value
    }
    if not changes:
        return changes
    with transaction.atomic():
        for name, (_old, new) in changes.items():
            setattr(instance, name, new)
        instance.save(update_fields=list(changes))
        event_record(actor=by, action=action, target=instance, jurisdiction=jurisdiction,
                     data={"changes": {name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()}})
    return changes


def _plain(value):
    """A value the JSON audit log can hold: dates as ISO text, model rows by primary key."""
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
