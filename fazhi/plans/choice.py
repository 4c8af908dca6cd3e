"""Which plan a page opens on when its URL names none: the board and the ledger.

The plan the user chose last, remembered in a signed cookie salted with the user's id (no
database write, so a page's query count stays what it was; another user on the same browser
cannot read it); else the most recent plan of the user's own jurisdiction that has tasks, so
an empty duplicate import is never the default.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from fazhi.accounts.access import actor_for
from fazhi.plans.access import plans_visible_to
from fazhi.plans.models import Plan, Task

COOKIE = "fazhi_plan"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _salt(user) -> str:
    return f"fazhi.plans.choice.{user.pk}"


def plans_to_choose(user) -> list[Plan]:
    """The plans the user may read, for a plan picker, each with ``has_tasks``; one query."""
    return list(
        plans_visible_to(user)
        .annotate(has_tasks=Exists(Task.objects.filter(plan=OuterRef("pk"))))
        .order_by("jurisdiction__name", "-imported_at", "-id")
    )


def _remembered_id(request) -> int | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=_salt(request.user))
    return int(value) if value and value.isdigit() else None


def plan_default(request, plans: list[Plan]) -> Plan | None:
    """The remembered plan if the user may still read it; else the newest plan with tasks of the
    user's own jurisdiction (then of any it reads); else the newest plan. ``plans`` come from
    ``plans_to_choose``."""
    if not plans:
        return None
    remembered = _remembered_id(request)
    for plan in plans:
        if plan.pk == remembered:
            return plan
    own = actor_for(request.user).jurisdiction_id

    def rank(plan: Plan):
        return (plan.jurisdiction_id == own, plan.has_tasks, plan.imported_at, plan.pk)

    return max(plans, key=rank)


def plan_chosen(request, plans: list[Plan]) -> Plan | None:
    """The plan of ``?plan=`` if it is one of ``plans``, else ``plan_default``."""
    wanted = request.GET.get("plan")
    return next((plan for plan in plans if str(plan.pk) == wanted), None) or plan_default(request, plans)


def plan_remember(request, response, plan: Plan | None) -> None:
    """Remember ``plan`` as the user's last choice (only a changed choice sets the cookie)."""
    if plan is None or _remembered_id(request) == plan.pk:
        return
    response.set_signed_cookie(COOKIE, str(plan.pk), salt=_salt(request.user), max_age=COOKIE_MAX_AGE,
                               httponly=True, samesite="Lax", secure=request.is_secure())
