"""Plan maintenance pages (依法治县办 only): add, edit, remove, split and merge tasks; archive,
link or delete a plan; and the plan's revision list every office reads.

Each POST calls one write function of ``fazhi.plans.services`` and, in the same transaction,
``assignments_follow`` so the units asked for reports follow the ledger (tracking is the layer
above plans, and only screens compose the two).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.plans.access import (
    get_plan_for_edit,
    get_plan_for_revisions,
    get_task_for_edit,
    may_edit_plan,
    may_manage_plan,
)
from fazhi.plans.models import PlanRevision, Task
from fazhi.plans.services import (
    plan_archive,
    plan_delete,
    plan_parent_set,
    task_add,
    task_cancel,
    task_delete,
    task_merge,
    task_restore,
    task_split,
    task_update,
)
from fazhi.plans.services.revisions import SNAPSHOT_FIELDS, plan_revisions, snapshot_labels
from fazhi.plans.views.task_forms import MergeChoiceForm, ParentForm, ReasonForm, TaskForm
from fazhi.tracking.models import Period, ProgressReport
from fazhi.tracking.services import assignments_follow
from fazhi.tracking.services.assignments import tracked_plans


def _follow(plan, user) -> None:
    """Bring a tracked plan's assignments along; a plan not yet in 调度 gets them when tracking starts."""
    if tracked_plans(plan=plan).exists():
        assignments_follow(plan=plan, by=user)


def _errors_to(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _wants_preview(request) -> bool:
    return "preview" in request.POST


def _task_form_page(request, *, plan, task, form, reason_form, title, action, **extra):
    return render(request, "plans/task_form.html", {
        "plan": plan, "task": task, "form": form, "reason_form": reason_form, "title": title,
        "action": action, "preview": form.preview() if request.method == "POST" else None, **extra,
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_add_view(request, pk):
    plan = get_plan_for_edit(request.user, pk)
    form = TaskForm(request.POST or None, plan=plan)
    reason_form = ReasonForm(request.POST or None, initial={"reason": _("新增任务")})
    if request.method == "POST" and not _wants_preview(request) and form.is_valid() and reason_form.is_valid():
        try:
            with transaction.atomic():
                task = task_add(plan=plan, data=form.task_input(), by=request.user,
                                reason=reason_form.cleaned_data["reason"])
                _follow(plan, request.user)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("已新增任务 %(seq)s") % {"seq": task.seq})
            return redirect("plans:task_detail", pk=task.pk)
    return _task_form_page(request, plan=plan, task=None, form=form, reason_form=reason_form,
                           title=_("新增任务"), action=reverse("plans:task_add", args=[plan.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk):
    task = get_task_for_edit(request.user, pk)
    plan = task.plan
    form = TaskForm(request.POST or None, plan=plan, task=task)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and not _wants_preview(request) and form.is_valid() and reason_form.is_valid():
        try:
            with transaction.atomic():
                task = task_update(task=task, data=form.task_input(), by=request.user,
                                   reason=reason_form.cleaned_data["reason"])
                _follow(plan, request.user)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("已修改任务 %(seq)s") % {"seq": task.seq})
            return redirect("plans:task_detail", pk=task.pk)
    return _task_form_page(request, plan=plan, task=task, form=form, reason_form=reason_form,
                           title=_("编辑任务 %(seq)s") % {"seq": task.seq},
                           action=reverse("plans:task_edit", args=[task.pk]))


def _has_reports(task: Task) -> bool:
    return ProgressReport.objects.filter(assignment__task=task).exists()


@login_required
@require_http_methods(["GET", "POST"])
def task_remove(request, pk):
    """Delete a task nobody reported on; cancel one with reports (or any); restore a cancelled one."""
    task = get_task_for_edit(request.user, pk)
    plan = task.plan
    has_reports = _has_reports(task)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        reason = form.cleaned_data["reason"]
        try:
            with transaction.atomic():
                if action == "delete":
                    seq = task.seq
                    task_delete(task=task, by=request.user, reason=reason)
                    _follow(plan, request.user)
                    messages.success(request, _("已删除任务 %(seq)s") % {"seq": seq})
                    return redirect("plans:plan_ledger", pk=plan.pk)
                if action == "cancel":
                    task_cancel(task=task, by=request.user, reason=reason)
                    message = _("已取消任务 %(seq)s，各单位不再需要填报，已有的填报记录保留")
                elif action == "restore":
                    task_restore(task=task, by=request.user, reason=reason)
                    message = _("已恢复任务 %(seq)s，相关单位将从下一次调度起继续填报")
                else:
                    raise ValidationError(_("请选择删除、取消或恢复"))
                _follow(plan, request.user)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, message % {"seq": task.seq})
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_remove.html", {
        "plan": plan, "task": task, "form": form, "has_reports": has_reports,
        "report_count": ProgressReport.objects.filter(assignment__task=task).count() if has_reports else 0,
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_split_view(request, pk):
    task = get_task_for_edit(request.user, pk)
    plan = task.plan
    first = TaskForm(request.POST or None, plan=plan, task=task, prefix="first", seq_editable=False)
    # The new half stands right after the original; the tasks after it move one down.
    second_initial = {**TaskForm.initial_for(task), "text": "", "seq": task.seq + 1, "number": ""}
    second = TaskForm(request.POST or None, plan=plan, prefix="second", initial=second_initial)
    reason_form = ReasonForm(request.POST or None, initial={"reason": _("一项任务拆分为两项")})
    if (request.method == "POST" and not _wants_preview(request) and first.is_valid() and second.is_valid()
            and reason_form.is_valid()):
        try:
            with transaction.atomic():
                task, new_task = task_split(task=task, first=first.task_input(), second=second.task_input(),
                                            by=request.user, reason=reason_form.cleaned_data["reason"])
                _follow(plan, request.user)
        except ValidationError as error:
            _errors_to(first, error)
        else:
            messages.success(request, _("已将任务 %(seq)s 拆分，新任务序号为 %(new)s")
                             % {"seq": task.seq, "new": new_task.seq})
            return redirect("plans:task_detail", pk=new_task.pk)
    return render(request, "plans/task_split.html", {
        "plan": plan, "task": task, "first": first, "second": second, "reason_form": reason_form,
        "first_preview": first.preview() if request.method == "POST" else None,
        "second_preview": second.preview() if request.method == "POST" else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_merge_view(request, pk):
    """Two steps: choose the other task (GET ?other=), then write the merged task."""
    task = get_task_for_edit(request.user, pk)
    plan = task.plan
    chooser = MergeChoiceForm(request.POST if request.method == "POST" else request.GET or None, task=task)
    other = None
    if chooser.is_bound and chooser.is_valid():
        other = plan.tasks.filter(pk=chooser.cleaned_data["other"], state=Task.State.ACTIVE).first()
    if other is None:
        return render(request, "plans/task_merge.html", {"plan": plan, "task": task, "chooser": chooser})
    form = TaskForm(request.POST if "text" in request.POST else None, plan=plan, task=task, seq_editable=False,
                    initial=TaskForm.initial_merged(task, other))
    reason_form = ReasonForm(request.POST if "text" in request.POST else None,
                             initial={"reason": _("合并同类任务")})
    if form.is_bound and not _wants_preview(request) and form.is_valid() and reason_form.is_valid():
        try:
            with transaction.atomic():
                task = task_merge(task=task, other=other, data=form.task_input(), by=request.user,
                                  reason=reason_form.cleaned_data["reason"])
                _follow(plan, request.user)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("已将任务 %(other)s 并入任务 %(seq)s") % {"other": other.seq, "seq": task.seq})
            return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_merge.html", {
        "plan": plan, "task": task, "other": other, "chooser": chooser, "form": form, "reason_form": reason_form,
        "other_has_reports": _has_reports(other), "preview": form.preview() if form.is_bound else None,
    })


# --- the plan ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_manage(request, pk):
    plan = get_plan_for_edit(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    parent_form = ParentForm(request.POST if action == "parent" else None, plan=plan)
    archive_form = ReasonForm(request.POST if action in ("archive", "unarchive") else None,
                              prefix="archive")
    if action == "parent" and parent_form.is_valid():
        parent_id = parent_form.cleaned_data["parent"]
        parent = plan.jurisdiction.plans.filter(pk=parent_id).first() if parent_id else None
        try:
            with transaction.atomic():
                plan_parent_set(plan=plan, parent=parent, by=request.user, reason=parent_form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to(parent_form, error)
        else:
            messages.success(request, _("已关联所属实施方案") if parent else _("已取消关联"))
            return redirect("plans:plan_manage", pk=plan.pk)
    if action in ("archive", "unarchive") and archive_form.is_valid():
        try:
            with transaction.atomic():
                plan_archive(plan=plan, by=request.user, reason=archive_form.cleaned_data["reason"],
                             archived=action == "archive")
        except ValidationError as error:
            _errors_to(archive_form, error)
        else:
            messages.success(request, _("方案已归档，不再生成调度周期") if action == "archive"
                             else _("方案已取消归档，可以继续修改和调度"))
            return redirect("plans:plan_manage", pk=plan.pk)
    return render(request, "plans/plan_manage.html", {
        "plan": plan, "parent_form": parent_form, "archive_form": archive_form,
        "children": list(plan.children.order_by("-imported_at")),
        "revisions": plan_revisions(plan)[:5],
        "has_reports": ProgressReport.objects.filter(period__plan=plan).exists(),
        "may_edit": may_edit_plan(request.user, plan),
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete_view(request, pk):
    plan = get_plan_for_edit(request.user, pk)
    report_count = ProgressReport.objects.filter(period__plan=plan).count()
    form = ReasonForm(request.POST or None, initial={"reason": _("导入了错误的文件")})
    if request.method == "POST" and form.is_valid():
        title = plan.title
        try:
            with transaction.atomic():
                plan_delete(plan=plan, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, _("已删除方案《%(title)s》") % {"title": title})
            return redirect("plans:ledger")
    return render(request, "plans/plan_delete.html", {
        "plan": plan, "form": form, "report_count": report_count,
        "counts": {
            "tasks": plan.tasks.count(), "headings": plan.headings.count(), "goals": plan.goals.count(),
            "periods": Period.objects.filter(plan=plan).count(),
            "units": plan.tasks.filter(assignments__isnull=False).values("assignments__unit").distinct().count(),
        },
        "children": list(plan.children.all()),
    })


# --- revisions ---------------------------------------------------------------------------------

OP_LABELS = {"added": gettext_lazy("新增"), "changed": gettext_lazy("修改"), "removed": gettext_lazy("删除"),
             "cancelled": gettext_lazy("取消"), "restored": gettext_lazy("恢复"), "split": gettext_lazy("拆分"),
             "merged": gettext_lazy("合并")}


def _op_label(op: str) -> str:
    return str(OP_LABELS.get(op, op))


def revision_lines(revision: PlanRevision) -> list[str]:
    """The revision's summary in a sentence per task (or per plan change)."""
    labels = snapshot_labels()
    lines = []
    summary = revision.summary or {}
    if "import" in summary:
        lines.append(_("导入方案，共 %(count)s 项任务") % {"count": summary["import"].get("tasks", 0)})
    for entry in summary.get("tasks", []):
        fields = "、".join(str(labels.get(k, k)) for k in (entry.get("after") or {}) if entry["op"] == "changed")
        line = _("%(op)s任务 %(seq)s") % {"op": _op_label(entry["op"]), "seq": entry["seq"]}
        if fields:
            line += f"（{fields}）"
        if entry.get("renumbered"):
            line += _("（其后 %(count)s 项任务序号顺延）") % {"count": entry["renumbered"]}
        lines.append(line)
    plan_changes = summary.get("plan", {})
    if "archived" in plan_changes:
        lines.append(_("归档方案") if plan_changes["archived"]["after"] else _("取消归档"))
    if "parent" in plan_changes:
        after = plan_changes["parent"]["after"]
        lines.append(_("关联所属实施方案《%(title)s》") % {"title": after} if after else _("取消关联所属实施方案"))
    return lines


@login_required
@require_GET
def revision_list(request, pk):
    plan = get_plan_for_revisions(request.user, pk)
    revisions = [(revision, revision_lines(revision)) for revision in plan_revisions(plan)]
    return render(request, "plans/revision_list.html", {
        "plan": plan, "revisions": revisions, "may_manage": may_manage_plan(request.user, plan),
    })


@login_required
@require_GET
def revision_detail(request, pk, number):
    plan = get_plan_for_revisions(request.user, pk)
    revision = next((r for r in plan_revisions(plan) if r.number == number), None)
    if revision is None:
        raise Http404(_("该修订不存在"))
    labels = snapshot_labels()
    entries = []
    for entry in revision.summary.get("tasks", []):
        before, after = entry.get("before") or {}, entry.get("after") or {}
        keys = [k for k in SNAPSHOT_FIELDS if k in before or k in after]
        task = Task.objects.filter(pk=entry.get("task_id"), plan=plan).first()
        entries.append({
            "op": _op_label(entry["op"]), "seq": entry["seq"], "text": entry.get("text", ""), "task": task,
            "rows": [{"label": labels.get(k, k), "before": before.get(k), "after": after.get(k)} for k in keys],
            "has_before": bool(before), "has_after": bool(after),
            "merged_into": entry.get("merged_into"), "merged_from": entry.get("merged_from"),
            "split_from": entry.get("split_from"), "into": entry.get("into"),
        })
    return render(request, "plans/revision_detail.html", {
        "plan": plan, "revision": revision, "entries": entries, "lines": revision_lines(revision),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if plan.revisions.filter(number=number + 1).exists() else None,
    })
