"""The office's audit log: the events of its jurisdiction (a city office: and below), filtered, paged,
exported to .xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.audit.excel import events_xlsx
from fazhi.audit.filters import day_bound, parse_day
from fazhi.audit.labels import action_label, event_changes, event_details, target_label, unit_ids
from fazhi.audit.models import Event
from fazhi.orgs.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _office(request):
    actor = actor_for(request.user)
    if not actor.is_office:
        raise PermissionDenied(_("只有依法治县办或系统管理员可以查看操作日志"))
    return actor


def _filtered(request, actor):
    """The events the actor may read, narrowed by the query string; and the filters as given."""
    events = Event.objects.filter(actor.read_scope("jurisdiction")).select_related("actor", "jurisdiction")
    scope = events
    filters = {key: request.GET.get(key, "").strip() for key in ("who", "action", "target", "since", "until", "q")}
    if filters["who"]:
        events = events.filter(Q(actor__username__icontains=filters["who"])
                               | Q(actor__first_name__icontains=filters["who"]))
    if filters["action"]:
        events = events.filter(action=filters["action"])
    if filters["target"]:
        events = events.filter(target_type=filters["target"])
    if filters["q"]:
        events = events.filter(Q(target_label__icontains=filters["q"]) | Q(action__icontains=filters["q"]))
    for key, end in (("since", False), ("until", True)):
        if not filters[key]:
            continue
        day = parse_day(filters[key])
        if day is None:
            messages.error(request, _("日期“%(value)s”无法识别，请按 2026-01-31 的格式填写") % {"value": filters[key]})
            continue
        events = events.filter(**{"at__lte" if end else "at__gte": day_bound(day, end=end)})
    return scope, events.order_by("-at", "-id"), filters


@login_required
def event_list(request):
    actor = _office(request)
    scope, events, filters = _filtered(request, actor)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    names = dict(Unit.objects.filter(pk__in=unit_ids(page)).values_list("pk", "name"))
    for event in page:
        event.action_text = action_label(event.action)
        event.target_text = target_label(event.target_type)
        event.changes = event_changes(event.data, event.action, event.target_type)
        event.details = event_details(event.data, event.action, event.target_type, names)
        event.is_login = event.action.startswith("accounts.login")
    actions = sorted(scope.order_by().values_list("action", flat=True).distinct())
    targets = sorted(scope.order_by().values_list("target_type", flat=True).distinct())
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/events.html", {
        "page": page, "filters": filters, "query": query.urlencode(),
        "actions": [(code, action_label(code)) for code in actions],
        "targets": [(code, target_label(code)) for code in targets if code],
    })


@login_required
def event_export(request):
    actor = _office(request)
    _scope, events, _filters = _filtered(request, actor)
    body, _truncated = events_xlsx(events)
    response = HttpResponse(body, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition_header(True, _("操作日志-%(stamp)s.xlsx") % {"stamp": stamp})
    return response
