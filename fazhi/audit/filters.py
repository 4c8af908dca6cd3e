"""Date-range filtering of events, shared by the audit log and the login record."""

from datetime import date, datetime, time

from django.utils import timezone


def parse_day(text: str) -> date | None:
    """``2026-01-31`` as a date; None for anything else (also 2026-13-01)."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        return None


def day_bound(day: date, *, end: bool) -> datetime:
    """The first (or, with ``end``, the last) moment of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))
