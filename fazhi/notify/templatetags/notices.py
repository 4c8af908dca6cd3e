"""``{% urge_banner unit_id %}``: the unit's unread 催办 notices, at the top of its home page."""

from django import template

from fazhi.accounts.access import actor_for
from fazhi.notify.models import Notice

register = template.Library()


@register.inclusion_tag("notify/_urge_banner.html", takes_context=True)
def urge_banner(context, unit_id):
    request = context.get("request")
    notices = []
    if unit_id:
        notices = list(Notice.objects.filter(recipient_unit_id=unit_id, kind=Notice.Kind.URGE, read_at__isnull=True)
                       .order_by("-created_at", "-id"))
    user = getattr(request, "user", None)
    # Only the unit's own clerks mark its notices read; an office looking at the unit only sees them.
    may_mark_read = user is not None and actor_for(user).is_clerk and actor_for(user).unit_id == unit_id
    return {"notices": notices, "may_mark_read": may_mark_read, "request": request}
