"""Plan maintenance as numbered revisions: add, edit, cancel, delete, split and merge tasks,
archive or delete a plan, link a 工作要点 to its 实施方案.

Every function here checks that ``by`` is the plan's own 依法治县办, writes inside one
transaction, records a ``PlanRevision`` (what changed, task by task, before and after)
and an audit event. Who is asked for reports is tracking's business, the layer above:
after a change of who a task reaches the caller runs ``assignments_follow(plan=…)`` in
the same transaction (the views do).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import SYSTEM, require_office
from fazhi.audit.services import event_record
from fazhi.orgs.matching import build_directory_index
from fazhi.plans.ledger_columns import COLUMN_TITLES, ledger_row_values
from fazhi.plans.models import Deadline, Heading, Plan, PlanRevision, Responsibility, Target, Task
from fazhi.plans.parsing import ledger as parsed
from fazhi.plans.parsing.deadlines import extract_deadlines
from fazhi.plans.parsing.targets import extract_targets
from fazhi.plans.services.rows import (
    clip,
    deadline_rows,
    responsibilities_replace,
    target_row,
)

# The fields a revision compares, in the order the revision page shows them.
SNAPSHOT_FIELDS = ("seq", "heading", "number", "text", "lead_leaders", "lead_units", "co_units", "deadlines", "targets",
                   "state")
IMPORT_REASON = "导入方案"


def snapshot_labels() -> dict[str, str]:
    return {**COLUMN_TITLES, "heading": _("章节"), "number": _("条目号"), "state": _("状态")}


def task_snapshot(task: Task) -> dict[str, str]:
    """What a revision remembers of a task: the 台账 row plus its section, 条目号 and state."""
    values = ledger_row_values(task)
    heading = task.heading
    return {
        "seq": str(task.seq),
        "heading": f"{heading.number}{heading.title}" if heading else "",
        "number": task.number,
        "text": values["text"],
        "lead_leaders": values["lead_leaders"],
        "lead_units": values["lead_units"],
        "co_units": values["co_units"],
        "deadlines": values["deadlines"],
        "targets": values["targets"],
        "state": task.get_state_display(),
    }


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in SNAPSHOT_FIELDS if before.get(k) != after.get(k)]
    return {k: before.get(k, "") for k in keys}, {k: after.get(k, "") for k in keys}


def task_entry(op: str, task: Task, *, before: dict | None = None, after: dict | None = None, **extra) -> dict:
    """One line of a revision's summary. For a change only the fields that differ are kept."""
    if before is not None and after is not None and op == "changed":
        before, after = _changed(before, after)
    entry = {"op": op, "task_id": task.pk, "seq": task.seq, "text": task.text[:200]}
    if before is not None:
        entry["before"] = before
    if after is not None:
        entry["after"] = after
    entry.update(extra)
    return entry


# --- revisions --------------------------------------------------------------------------------


def import_revision(plan: Plan) -> PlanRevision:
    """Revision 1 as the import left the plan, unsaved: ``plan_revision_import`` stores it, and the
    revision pages show it for a plan that has not been revised since its import."""
    return PlanRevision(plan=plan, number=1, by=plan.imported_by, at=plan.imported_at or timezone.now(),
                        reason=IMPORT_REASON,
                        summary={"import": {"source_name": plan.source_name, "tasks": plan.tasks.count()},
                                 "tasks": []})


def plan_revisions(plan: Plan) -> list[PlanRevision]:
    """The plan's revisions, newest first, revision 1 (the import) always among them."""
    revisions = list(plan.revisions.select_related("by").order_by("-number"))
    if not revisions or revisions[-1].number != 1:
        revisions.append(import_revision(plan))
    return revisions


def plan_revision_import(*, plan: Plan) -> PlanRevision:
    """Store revision 1, the import itself, once (an import calls it, or else the first edit does)."""
    existing = plan.revisions.filter(number=1).first()
    if existing is not None:
        return existing
    revision = import_revision(plan)
    revision.save()
    return revision


def plan_revision_record(*, plan: Plan, by, reason: str, tasks: list[dict] | None = None,
                         plan_changes: dict | None = None) -> PlanRevision:
    """Append the next revision of ``plan``; the caller holds the transaction it changed the plan in."""
    reason = _required_reason(reason)
    with transaction.atomic():
        # Locks the plan so two edits at once get different numbers (PostgreSQL; SQLite writes one at a time).
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        plan_revision_import(plan=plan)
        number = (plan.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        summary = {"tasks": tasks or []}
        if plan_changes:
            summary["plan"] = plan_changes
        revision = PlanRevision.objects.create(
            plan=plan, number=number, by=by if getattr(by, "is_authenticated", False) else None,
            reason=reason, summary=summary,
        )
        event_record(actor=by, action="plan.revision", target=plan,
                     data={"revision": number, "reason": reason, "ops": [t["op"] for t in tasks or []]})
    return revision


def _required_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写修订原因，以便日后查阅为何修改"), code="reason")
    return reason


def require_plan_editable(plan: Plan, by) -> None:
    """The plan's own 依法治县办 (or an administrator) edits it, and only while it is not archived."""
    if by is not SYSTEM:
        require_office(by, jurisdiction=plan.jurisdiction)
    refuse_if_archived(plan)


def refuse_if_archived(plan: Plan) -> None:
    if plan.archived_at is not None:
        raise ValidationError(_("该方案已归档，不能修改；如需修改，请先在“方案管理”中取消归档"), code="archived")


# --- what a task form sends -----------------------------------------------------------------


@dataclass
class TaskInput:
    """A task as the office typed it. Units and leaders are phrases (a picked unit sends its name,
    a group its 称谓); deadlines and targets one per line, read with the importer's grammar."""

    text: str
    lead_units: list[str]
    co_units: list[str] = field(default_factory=list)
    lead_leaders: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    heading_id: int | None = None
    number: str = ""
    seq: int | None = None


def parse_deadline_lines(lines: list[str]) -> tuple[list[parsed.Deadline], list[str]]:
    """Each line as one 完成时限 (the office's wording kept whole), and a message per line not understood."""
    deadlines, errors = [], []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        found = extract_deadlines(line)
        if not found:
            errors.append(_("完成时限“%(text)s”无法识别，请改为如“2023年12月31日前”“每季度”或“长期坚持”的格式")
                          % {"text": line})
            continue
        deadlines.append(replace(found[0], text=line))
    return deadlines, errors


def parse_target_lines(lines: list[str], *, default_by=None) -> tuple[list[parsed.Target], list[str]]:
    targets, errors = [], []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        found = extract_targets(line, default_by=default_by)
        if not found:
            errors.append(_("量化指标“%(text)s”无法识别，请改为如“报备率达到100%%”的格式") % {"text": line})
            continue
        targets.append(replace(found[0], text=line))
    return targets, errors


@dataclass
class ParsedTask:
    deadlines: list[parsed.Deadline]
    targets: list[parsed.Target]
    errors: list[str]


def task_input_parse(data: TaskInput) -> ParsedTask:
    """Deadlines and targets as they will be stored, with every message about what is wrong."""
    errors = []
    if not data.text.strip():
        errors.append(_("请填写任务内容"))
    if not [p for p in data.lead_units if p.strip()]:
        errors.append(_("请至少指定一个牵头单位（从名录中勾选，或按原文填写）"))
    deadlines, deadline_errors = parse_deadline_lines(data.deadlines)
    first_due = next((d.date for d in deadlines if d.kind == "by" and d.date), None)
    targets, target_errors = parse_target_lines(data.targets, default_by=first_due)
    return ParsedTask(deadlines=deadlines, targets=targets, errors=errors + deadline_errors + target_errors)


def _dedup(phrases: list[str]) -> list[str]:
    seen, result = set(), []
    for phrase in (p.strip() for p in phrases):
        if phrase and phrase not in seen:
            seen.add(phrase)
            result.append(phrase)
    return result


def _write_task(task: Task, data: TaskInput, parsed_task: ParsedTask, *, plan: Plan, directory) -> None:
    """Replace the task's text, responsibilities, deadlines and targets with ``data``. A phrase
    that stays keeps its row (and so its directory mapping); new phrases are matched as an import does."""
    task.text = data.text.strip()
    task.number = clip(data.number, Task, "number")
    task.heading_id = data.heading_id
    task.save()
    for role, phrases in ((Responsibility.Role.LEAD_LEADER, data.lead_leaders),
                          (Responsibility.Role.LEAD, data.lead_units), (Responsibility.Role.CO, data.co_units)):
        responsibilities_replace(task, role, _dedup(phrases), plan=plan, directory=directory)
    task.deadlines.all().delete()
    Deadline.objects.bulk_create(deadline_rows(task, parsed_task.deadlines))
    task.targets.all().delete()
    Target.objects.bulk_create(target_row(t, position=i, task=task) for i, t in enumerate(parsed_task.targets))


def _checked(plan: Plan, data: TaskInput, *, task: Task | None = None) -> ParsedTask:
    parsed_task = task_input_parse(data)
    errors = list(parsed_task.errors)
    if data.heading_id and not Heading.objects.filter(plan=plan, pk=data.heading_id).exists():
        errors.append(_("所选章节不属于本方案，请重新选择"))
    if data.seq is not None and task is not None:
        # A new task is inserted at a taken 序号 (``_make_room``); an existing one is not moved onto another.
        taken = plan.tasks.filter(seq=data.seq).exclude(pk=task.pk).first()
        if taken is not None:
            errors.append(_("序号 %(seq)s 已被任务“%(text)s”使用，请换一个序号（本方案最大序号为 %(max)s）")
                          % {"seq": data.seq, "text": taken.text[:30], "max": _max_seq(plan)})
    if errors:
        raise ValidationError(errors, code="invalid")
    return parsed_task


def _max_seq(plan: Plan) -> int:
    return plan.tasks.aggregate(n=Max("seq"))["n"] or 0


def _fresh(task: Task) -> Task:
    return Task.objects.select_related("heading", "plan__jurisdiction").get(pk=task.pk)


def _make_room(plan: Plan, seq: int) -> int:
    """Move every task from 序号 ``seq`` on one place down, so a new task can stand there; returns how
    many moved. Highest first, so the unique 序号 never clashes on the way. Reports follow their task,
    not its number; a 台账 exported before no longer applies (its fingerprint differs)."""
    moved = 0
    for task in plan.tasks.filter(seq__gte=seq).order_by("-seq"):
        task.seq += 1
        task.save(update_fields=["seq"])
        moved += 1
    return moved


def _new_task(plan: Plan, data: TaskInput, parsed_task: ParsedTask, *, directory) -> tuple[Task, int]:
    """The new task, and how many tasks after it were renumbered to make room."""
    moved = 0
    if data.seq is not None and plan.tasks.filter(seq=data.seq).exists():
        moved = _make_room(plan, data.seq)
    task = Task(plan=plan, seq=data.seq if data.seq is not None else _max_seq(plan) + 1, text=data.text.strip())
    task.save()
    _write_task(task, data, parsed_task, plan=plan, directory=directory)
    return _fresh(task), moved


# --- task use cases ---------------------------------------------------------------------------


def task_add(*, plan: Plan, data: TaskInput, by, reason: str) -> Task:
    """A task the plan did not have (a new 工作要点, an item the importer missed): at the end of the
    plan, or at ``data.seq`` with the tasks from there on renumbered one down."""
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    parsed_task = _checked(plan, data)
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        task, moved = _new_task(plan, data, parsed_task, directory=build_directory_index(plan.jurisdiction))
        event_record(actor=by, action="task.add", target=task, jurisdiction=plan.jurisdiction,
                     data={"seq": task.seq, "renumbered": moved, "reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason,
                             tasks=[task_entry("added", task, after=task_snapshot(task), renumbered=moved)])
    return task


def task_update(*, task: Task, data: TaskInput, by, reason: str) -> Task:
    plan = task.plan
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    parsed_task = _checked(plan, data, task=task)
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        before = task_snapshot(_fresh(task))
        if data.seq is not None and data.seq != task.seq:
            task.seq = data.seq
        _write_task(task, data, parsed_task, plan=plan, directory=build_directory_index(plan.jurisdiction))
        task = _fresh(task)
        after = task_snapshot(task)
        if before == after:
            raise ValidationError(_("您没有修改任何内容"), code="unchanged")
        event_record(actor=by, action="task.update", target=task, jurisdiction=plan.jurisdiction,
                     data={"seq": task.seq, "reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason,
                             tasks=[task_entry("changed", task, before=before, after=after)])
    return task


def task_delete(*, task: Task, by, reason: str) -> None:
    """Remove a task entered by mistake. A task with reports is refused: cancel it instead."""
    plan = task.plan
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        entry = task_entry("removed", task, before=task_snapshot(_fresh(task)))
        try:
            with transaction.atomic():
                task.delete()
        except ProtectedError:
            raise ValidationError(
                _("任务 %(seq)s 已有单位填报记录，不能删除；如不再执行，请改为“取消任务”，填报记录会保留")
                % {"seq": entry["seq"]}, code="has_reports") from None
        event_record(actor=by, action="task.delete", target=plan,
                     data={"seq": entry["seq"], "text": entry["text"], "reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason, tasks=[entry])


def task_cancel(*, task: Task, by, reason: str, merged_into: Task | None = None) -> Task:
    """Stop a task without losing its history: its reports stay readable, nobody is asked any more
    (``assignments_follow`` ends the assignments of a cancelled task)."""
    plan = task.plan
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    if task.state == Task.State.CANCELLED:
        raise ValidationError(_("任务 %(seq)s 已经取消") % {"seq": task.seq}, code="cancelled")
    return _task_state_set(task, Task.State.CANCELLED, merged_into=merged_into, by=by, reason=reason)


def task_restore(*, task: Task, by, reason: str) -> Task:
    """Undo a cancellation: the task is asked about again from the next 调度."""
    plan = task.plan
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    if task.state != Task.State.CANCELLED:
        raise ValidationError(_("任务 %(seq)s 没有取消，无需恢复") % {"seq": task.seq}, code="active")
    return _task_state_set(task, Task.State.ACTIVE, merged_into=None, by=by, reason=reason)


def _task_state_set(task: Task, state: str, *, merged_into: Task | None, by, reason: str) -> Task:
    """Cancel or restore ``task`` with its audit event and plan revision (the callers check why)."""
    plan = task.plan
    action, kind = ("task.cancel", "cancelled") if state == Task.State.CANCELLED else ("task.restore", "restored")
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        before = task_snapshot(_fresh(task))
        task.state = state
        task.merged_into = merged_into
        task.save(update_fields=["state", "merged_into"])
        event_record(actor=by, action=action, target=task, jurisdiction=plan.jurisdiction,
                     data={"seq": task.seq, "reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason,
                             tasks=[task_entry(kind, task, before=before, after=task_snapshot(task))])
    return task


def task_split(*, task: Task, first: TaskInput, second: TaskInput, by, reason: str) -> tuple[Task, Task]:
    """One task becomes two. ``task`` keeps its 序号, its assignments and every report, with the
    content of ``first``; ``second`` is a new task at the end of the plan (or at ``second.seq``, after
    ``task``, the tasks from there on renumbered), whose units are asked from the next 调度 on."""
    plan = task.plan
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    if task.state != Task.State.ACTIVE:
        raise ValidationError(_("已取消的任务不能拆分"), code="cancelled")
    first = replace(first, seq=None)
    if second.seq is not None and second.seq <= task.seq:
        raise ValidationError(_("新任务的序号须大于 %(seq)s（拆分后原任务保留序号 %(seq)s）") % {"seq": task.seq},
                              code="seq")
    parsed_first = _checked(plan, first, task=task)
    parsed_second = _checked(plan, second)
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        directory = build_directory_index(plan.jurisdiction)
        before = task_snapshot(_fresh(task))
        _write_task(task, first, parsed_first, plan=plan, directory=directory)
        task = _fresh(task)
        new_task, moved = _new_task(plan, second, parsed_second, directory=directory)
        task = _fresh(task)  # its 序号 stays: room is made after it, never before
        event_record(actor=by, action="task.split", target=task, jurisdiction=plan.jurisdiction,
                     data={"seq": task.seq, "new_seq": new_task.seq, "reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason, tasks=[
            task_entry("split", task, before=before, after=task_snapshot(task), into=[task.seq, new_task.seq]),
            task_entry("added", new_task, after=task_snapshot(new_task), split_from=task.seq, renumbered=moved),
        ])
    return task, new_task


def task_merge(*, task: Task, other: Task, data: TaskInput, by, reason: str) -> Task:
    """Two tasks become one: ``task`` takes the content of ``data`` and keeps its reports. ``other``
    is deleted when nobody has reported on it, otherwise cancelled as “并入任务 N” with its reports
    kept under it (reports are never moved: each answers what was asked at the time)."""
    plan = task.plan
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    if other.plan_id != plan.pk or other.pk == task.pk:
        raise ValidationError(_("请选择本方案中的另一项任务"), code="other")
    if task.state != Task.State.ACTIVE or other.state != Task.State.ACTIVE:
        raise ValidationError(_("已取消的任务不能合并"), code="cancelled")
    data = replace(data, seq=None)
    parsed_task = _checked(plan, data, task=task)
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        before = task_snapshot(_fresh(task))
        other_before = task_snapshot(_fresh(other))
        _write_task(task, data, parsed_task, plan=plan, directory=build_directory_index(plan.jurisdiction))
        task = _fresh(task)
        other_entry = task_entry("removed", other, before=other_before, merged_into=task.seq)
        try:
            with transaction.atomic():
                Task.objects.filter(pk=other.pk).delete()
        except ProtectedError:
            other.state = Task.State.CANCELLED
            other.merged_into = task
            other.save(update_fields=["state", "merged_into"])
            other_entry = task_entry("cancelled", other, before=other_before, after=task_snapshot(_fresh(other)),
                                     merged_into=task.seq)
        event_record(actor=by, action="task.merge", target=task, jurisdiction=plan.jurisdiction,
                     data={"seq": task.seq, "other_seq": other_entry["seq"], "other": other_entry["op"],
                           "reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason, tasks=[
            task_entry("merged", task, before=before, after=task_snapshot(task), merged_from=other_entry["seq"]),
            other_entry,
        ])
    return task


# --- plan use cases ---------------------------------------------------------------------------


def plan_archive(*, plan: Plan, by, reason: str, archived: bool = True) -> Plan:
    """Archive (read-only, no more 调度 periods) or bring back a plan."""
    if by is not SYSTEM:
        require_office(by, jurisdiction=plan.jurisdiction)
    reason = _required_reason(reason)
    if archived == (plan.archived_at is not None):
        raise ValidationError(_("该方案已归档") if archived else _("该方案没有归档"), code="unchanged")
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        plan.archived_at = timezone.now() if archived else None
        plan.save(update_fields=["archived_at"])
        event_record(actor=by, action="plan.archive" if archived else "plan.unarchive", target=plan,
                     data={"reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason,
                             plan_changes={"archived": {"before": not archived, "after": archived}})
    return plan


def plan_parent_set(*, plan: Plan, parent: Plan | None, by, reason: str) -> Plan:
    """Link a yearly 工作要点 to the multi-year 实施方案 it carries out (or unlink it)."""
    require_plan_editable(plan, by)
    reason = _required_reason(reason)
    if parent is not None:
        if parent.jurisdiction_id != plan.jurisdiction_id:
            raise ValidationError(_("只能关联本辖区的实施方案"), code="jurisdiction")
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == plan.pk:
                raise ValidationError(_("不能关联方案自身或其下属的工作要点，请选择另一个实施方案"), code="cycle")
            ancestor = ancestor.parent
    if (parent.pk if parent else None) == plan.parent_id:
        raise ValidationError(_("您没有修改所属实施方案"), code="unchanged")
    with transaction.atomic():
        plan_revision_import(plan=plan)  # before the change, so revision 1 counts the imported tasks
        before = plan.parent.title if plan.parent_id else ""
        plan.parent = parent
        plan.save(update_fields=["parent"])
        after = parent.title if parent else ""
        event_record(actor=by, action="plan.parent_set", target=plan,
                     data={"parent": parent.pk if parent else None, "reason": reason})
        plan_revision_record(plan=plan, by=by, reason=reason,
                             plan_changes={"parent": {"before": before, "after": after}})
    return plan


def plan_delete(*, plan: Plan, by, reason: str) -> None:
    """Delete a wrongly imported plan with everything under it. A plan with reports is refused."""
    if by is not SYSTEM:
        require_office(by, jurisdiction=plan.jurisdiction)
    reason = _required_reason(reason)
    with transaction.atomic():
        data = {"title": plan.title, "source_name": plan.source_name, "tasks": plan.tasks.count(),
                "reason": reason}
        event_record(actor=by, action="plan.delete", target=plan, data=data)
        try:
            with transaction.atomic():
                plan.delete()
        except ProtectedError:
            raise ValidationError(
                _("该方案已有单位填报记录，不能删除；如不再执行，请改为归档"), code="has_reports") from None
