"""Navigation shown in every page, filtered by the signed-in user's role.

Entries whose URL is not (yet) defined are skipped, so the menu never breaks a page.
The 待办 entry carries a badge with the number of items: computed only when a template shows
it (a callable, which the template calls), in at most two queries (``fazhi.web.todo.todo_count``).
"""

from functools import partial

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import actor_for
from fazhi.web.sessions import session_expires_ms
from fazhi.web.todo import todo_count

# (url name, label, who sees it: "all" | "office" | "clerk" | "leader")
NAV_ITEMS = [
    ("web:home", _("首页"), "all"),
    ("web:todo", _("待办"), "all"),
    ("tracking:my_home", _("我的填报"), "clerk"),
    # The office's 代填报: 我的填报 of a unit it picks (``?unit=``).
    ("tracking:my_home", _("代填报"), "office"),
    ("plans:my_tasks", _("我的任务"), "clerk"),
    ("tracking:leader_home", _("我牵头的任务"), "leader"),
    ("plans:ledger", _("任务台账"), "all"),
    ("plans:leaders", _("领导视图"), "all"),
    ("tracking:board", _("调度看板"), "office"),
    ("tracking:review_queue", _("审核"), "office"),
    ("plans:upload", _("导入方案"), "office"),
    ("orgs:directory", _("单位名录"), "office"),
    ("accounts:list", _("账号管理"), "office"),
    ("audit:events", _("操作日志"), "office"),
    ("web:settings", _("设置"), "office"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    actor = actor_for(user)
    if actor.must_change_password:
        # Every page but the password change is closed until then (fazhi.accounts.middleware).
        return {"nav_items": [], "actor": actor}
    allowed = {"all"}
    if actor.is_office:
        allowed.add("office")
    if actor.is_clerk:
        allowed.add("clerk")
    if actor.is_leader:
        allowed.add("leader")
    items = []
    for name, label, audience in NAV_ITEMS:
        if audience not in allowed or any(item["name"] == name for item in items):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        badge = partial(todo_count, user, today=timezone.localdate()) if name == "web:todo" else None
        items.append({"name": name, "url": url, "label": label, "active": request.path == url, "badge": badge})
    return {"nav_items": items, "actor": actor, "session_expires_ms": session_expires_ms(request)}
