"""The ledger pages: the whole plan by section, 我的任务, one task, and tasks per 牵头领导."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.utils.translation import gettext as _

from fazhi.accounts.access import actor_for
from fazhi.orgs.models import Unit
from fazhi.plans.access import (
    get_plan_for_user,
    get_task_for_user,
    may_edit_plan,
    may_manage_plan,
    plans_visible_to,
)
from fazhi.plans.choice import plan_default, plan_remember, plans_to_choose
from fazhi.plans.forms import LedgerFilterForm
from fazhi.plans.models import Heading, Plan, Responsibility, Task
from fazhi.plans.queries import ledger_tasks, plans_for_unit, responsibilities_reaching_unit
from fazhi.tracking.access import may_open_task_history

PAGE_SIZE = 50


def _plan_or_picker(request, view_name):
    """The user's only plan, or None with the list of plans to choose from."""
    plans = list(plans_visible_to(request.user).order_by("jurisdiction__name", "-imported_at"))
    if len(plans) == 1:
        return plans[0], plans
    return None, plans


def _picker(request, plans, target):
    return render(request, "plans/plan_list.html", {"plans": plans, "target": target, "actor": actor_for(request.user)})


@login_required
def ledger(request):
    """The plan the user chose last (else the newest with tasks); ``?choose=1`` lists every plan."""
    plans = plans_to_choose(request.user)
    plan = None if request.GET.get("choose") else plan_default(request, plans)
    if plan is None:
        return _picker(request, plans, "plans:plan_ledger")
    return _ledger_page(request, plan)


@login_required
def plan_ledger(request, pk):
    plan = get_plan_for_user(request.user, pk)
    response = _ledger_page(request, plan)
    plan_remember(request, response, plan)
    return response


def _top_and_sub(heading_id, headings):
    """The level-1 section of a heading, and the heading itself when it sits deeper."""
    heading = headings.get(heading_id)
    if heading is None:
        return None, None
    top = heading
    while top.parent_id and top.parent_id in headings:
        top = headings[top.parent_id]
    return top, (heading if heading.pk != top.pk else None)


def ledger_rows(plan: Plan, tasks, *, grouped: bool, previous_heading_id: int | None = None) -> list[dict]:
    """Table rows for a page of tasks: a section row whenever the section changes, and at the page's top.

    The page may start in the middle of a section, so the first row repeats its
    title (marked 续) instead of leaving tasks without a heading.
    """
    if not grouped:
        return [{"task": task} for task in tasks]
    headings = {h.pk: h for h in Heading.objects.filter(plan=plan)}
    rows: list[dict] = []
    current_top = current_sub = object()
    previous_top = _top_and_sub(previous_heading_id, headings)[0] if previous_heading_id else None
    for task in tasks:
        top, sub = _top_and_sub(task.heading_id, headings)
        if top is not current_top:
            if top is not None:
                continued = not rows and top is previous_top
                rows.append({"section": top, "continued": continued})
            current_top, current_sub = top, object()
        if sub is not current_sub:
            if sub is not None:
                rows.append({"subsection": sub})
            current_sub = sub
        rows.append({"task": task})
    return rows


def _own_task_ids(actor, plan) -> set[int]:
    """Tasks the signed-in clerk's unit or leader answers for, to highlight them."""
    if actor.is_clerk:
        return set(
            responsibilities_reaching_unit(Unit(pk=actor.unit_id)).filter(task__plan=plan).values_list("task_id", flat=True)
        )
    if actor.is_leader and actor.leader_id:
        return set(
            Responsibility.objects.filter(task__plan=plan, leader_id=actor.leader_id).values_list("task_id", flat=True)
        )
    return set()


def _export_scope(filters: dict) -> dict | None:
    """The Excel 台账 can be cut for one unit or one leader; offer the cut the filters show."""
    if filters.get("unit") is not None:
        return {"query": f"unit={filters['unit'].pk}", "label": filters["unit"].name}
    if filters.get("leader") is not None:
        return {"query": f"leader={filters['leader'].pk}", "label": filters["leader"].name}
    return None


def _ledger_page(request, plan):
    actor = actor_for(request.user)
    form = LedgerFilterForm(request.GET or None, plan=plan)
    filters = form.ledger_filters() if request.GET else {"sort": "seq"}
    matching = ledger_tasks(plan, **filters)
    paginator = Paginator(matching, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    tasks = list(page.object_list)
    grouped = filters["sort"] == "seq"
    previous_heading_id = None
    if grouped and page.number > 1:
        # The last task of the previous page tells whether this page starts mid-section.
        previous_heading_id = (
            matching.prefetch_related(None).values_list("heading_id", flat=True)[page.start_index() - 2]
        )
    prefetch_related_objects(tasks, "responsibilities__group__members")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "plan": plan,
        "form": form,
        "page": page,
        "rows": ledger_rows(plan, tasks, grouped=grouped, previous_heading_id=previous_heading_id),
        "own_task_ids": _own_task_ids(actor, plan),
        "query": query.urlencode(),
        "sort": filters["sort"],
        "actor": actor,
        "export_scope": _export_scope(filters),
        "may_edit": may_edit_plan(request.user, plan),
        "may_manage": may_manage_plan(request.user, plan),
    }
    # htmx restoring history after a cache miss wants the whole page, not the table.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    template = "plans/_ledger_table.html" if partial else "plans/ledger.html"
    return render(request, template, context)


@login_required
def my_tasks(request):
    actor = actor_for(request.user)
    if not actor.is_clerk:
        raise PermissionDenied(_("“我的任务”只对单位填报员开放；请在任务台账中按单位筛选"))
    unit = Unit.objects.get(pk=actor.unit_id)
    sections = []
    if not unit.is_active:
        # A deactivated unit answers for nothing any more; its clerk is told why the page is empty.
        messages.warning(request, _("您所在的单位“%(unit)s”已停用，没有需要您办理的任务；如有疑问请联系依法治县办")
                         % {"unit": unit})
    plans = plans_for_unit(unit).filter(pk__in=plans_visible_to(request.user)) if unit.is_active else Plan.objects.none()
    for plan in plans.order_by("-imported_at"):
        lead = list(ledger_tasks(plan, unit=unit, role=Responsibility.Role.LEAD))
        lead_ids = {task.pk for task in lead}
        co = [task for task in ledger_tasks(plan, unit=unit, role=Responsibility.Role.CO) if task.pk not in lead_ids]
        prefetch_related_objects(lead + co, "responsibilities__group__members")
        sections.append({"plan": plan, "lead": lead, "co": co})
    return render(request, "plans/my_tasks.html", {"unit": unit, "sections": sections, "actor": actor})


COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<"}


def _with_sign(target):
    target.comparator_sign = COMPARATOR_SIGNS.get(target.comparator, target.comparator)
    return target


@login_required
def task_detail(request, pk):
    task = get_task_for_user(request.user, pk)
    actor = actor_for(request.user)
    responsibilities = list(
        task.responsibilities.select_related("unit", "group", "leader")
        .prefetch_related("group__members")
        .order_by("role", "position")
    )
    by_role = {role: [r for r in responsibilities if r.role == role] for role in Responsibility.Role.values}
    heading_path = []
    heading = task.heading
    while heading is not None:
        heading_path.insert(0, heading)
        heading = heading.parent
    context = {
        "task": task,
        "plan": task.plan,
        "heading_path": heading_path,
        "leaders": by_role[Responsibility.Role.LEAD_LEADER],
        "lead_units": by_role[Responsibility.Role.LEAD],
        "co_units": by_role[Responsibility.Role.CO],
        "deadlines": list(task.deadlines.order_by("position")),
        "targets": [_with_sign(target) for target in task.targets.order_by("position", "id")],
        "is_own": task.pk in _own_task_ids(actor, task.plan),
        "actor": actor,
        "may_open_history": may_open_task_history(request.user, task),
        "may_edit": may_edit_plan(request.user, task.plan),
    }
    return render(request, "plans/task_detail.html", context)


@login_required
def leaders(request):
    plan, plans = _plan_or_picker(request, "plans:plan_leaders")
    if plan is None:
        return _picker(request, plans, "plans:plan_leaders")
    return _leaders_page(request, plan)


@login_required
def plan_leaders(request, pk):
    return _leaders_page(request, get_plan_for_user(request.user, pk))


def leader_task_groups(plan: Plan, *, own_leader_id: int | None = None) -> list[dict]:
    """Each 牵头领导 of the plan with the tasks they lead; ``own_leader_id`` first, then by task count."""
    rows = (
        # A cancelled task is no leader's business any more; its history stays on the task page.
        Responsibility.objects.filter(task__plan=plan, task__state=Task.State.ACTIVE,
                                      role=Responsibility.Role.LEAD_LEADER)
        .select_related("leader", "task")
        .prefetch_related(
            Prefetch(
                "task__responsibilities",
                queryset=Responsibility.objects.filter(role=Responsibility.Role.LEAD).select_related("unit", "group"),
                to_attr="lead_units",
            ),
            "task__deadlines",
        )
        .order_by("task__seq")
    )
    groups: dict[object, dict] = {}
    for row in rows:
        key = row.leader_id or row.phrase
        group = groups.setdefault(
            key, {"leader": row.leader, "name": row.leader.name if row.leader else row.phrase, "tasks": []}
        )
        group["tasks"].append(row.task)
    ordered = sorted(
        groups.values(),
        key=lambda g: (not (own_leader_id and g["leader"] and g["leader"].pk == own_leader_id), -len(g["tasks"])),
    )
    for group in ordered:
        group["is_own"] = bool(own_leader_id and group["leader"] and group["leader"].pk == own_leader_id)
    return ordered


def _leaders_page(request, plan):
    actor = actor_for(request.user)
    groups = leader_task_groups(plan, own_leader_id=actor.leader_id if actor.is_leader else None)
    return render(request, "plans/leaders.html", {"plan": plan, "groups": groups, "actor": actor})
