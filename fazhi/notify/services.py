"""Writing in-app notices: one function per use case."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.audit.services import event_record
from fazhi.notify.models import Notice


def notices_for(user) -> QuerySet[Notice]:
    """The notices ``user`` may read: their own, and their unit's if they are its clerk."""
    actor = actor_for(user)
    condition = Q(recipient_user_id=getattr(user, "pk", None))
    if actor.is_clerk:
        condition |= Q(recipient_unit_id=actor.unit_id)
    return Notice.objects.filter(condition)


@transaction.atomic
def notice_create(*, kind: str, title: str, text: str = "", link: str = "", unit=None, user=None, by) -> Notice:
    """A notice to ``unit`` (all its clerks) or to ``user``; exactly one of them."""
    if (unit is None) == (user is None):
        raise ValueError("a notice goes to exactly one unit or one user")
    notice = Notice.objects.create(kind=kind, title=title[:200], text=text, link=link[:500], recipient_unit=unit,
                                   recipient_user=user)
    event_record(actor=by, action="notice.create", target=notice,
                 jurisdiction=unit.jurisdiction if unit is not None else None,
                 data={"kind": kind, "unit": getattr(unit, "pk", None), "user": getattr(user, "pk", None)})
    return notice


@transaction.atomic
def notice_mark_read(*, notice: Notice, by) -> Notice:
    """Mark ``notice`` read by ``by``, who must be a recipient; reading it again changes nothing."""
    if not notices_for(by).filter(pk=notice.pk).exists():
        raise PermissionDenied(_("这条通知不是发给您的"))
    if notice.read_at is None:
        notice.read_at, notice.read_by = timezone.now(), by
        notice.save(update_fields=["read_at", "read_by"])
        event_record(actor=by, action="notice.read", target=notice,
                     jurisdiction=notice.recipient_unit.jurisdiction if notice.recipient_unit_id else None)
    return notice
