"""Directory changes that reach into tracking: what deactivating a unit affects, and merging two units.

The directory (``fazhi.orgs``) sits below tracking and may not move assignments or reports,
so the merge of two units is composed here: everything that points at the absorbed unit moves
to the survivor first, then ``fazhi.orgs.services.unit_merge_directory`` folds the names and
groups and deletes the absorbed unit, and assignments follow, all in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from fazhi.accounts.access import SYSTEM, require_office
from fazhi.accounts.models import Profile, Role
from fazhi.orgs.matching import normalise_unit_phrase
from fazhi.orgs.models import Unit, UnitAlias
from fazhi.orgs.services import unit_merge_check, unit_merge_directory
from fazhi.plans.models import Responsibility, Task
from fazhi.tracking.models import Assignment, ProgressReport, ReminderSent
from fazhi.tracking.services.assignments import assignments_follow, tracked_plans


def _clerks(unit: Unit) -> list[Profile]:
    return list(Profile.objects.filter(unit=unit, role=Role.CLERK).select_related("user").order_by("user__username"))


# --- deactivation ------------------------------------------------------------------------------


@dataclass
class DeactivationPreview:
    """What 停用 ``unit`` would change, for the office to read before it confirms."""

    unit: Unit
    assignments: list[Assignment]
    leaderless_tasks: list[Task]
    clerks: list[Profile]
    groups: list[str]
    open_reports: int


def unit_deactivation_preview(unit: Unit) -> DeactivationPreview:
    """A pure read: the unit's active assignments in plans in 调度, the tasks that would be left
    with no active 牵头单位, its clerks (who would see no task any more), its group phrases and
    its reports not yet accepted (they stay readable; nobody can carry them on)."""
    plans = tracked_plans(jurisdiction=unit.jurisdiction)
    assignments = list(
        Assignment.objects.filter(unit=unit, is_active=True, task__plan__in=plans)
        .select_related("task", "task__plan")
        .order_by("task__plan_id", "task__seq")
    )
    lead_task_ids = [a.task_id for a in assignments if a.is_lead]
    other_leads = set(
        Assignment.objects.filter(task_id__in=lead_task_ids, role=Assignment.Role.LEAD, is_active=True,
                                  unit__is_active=True)
        .exclude(unit=unit)
        .values_list("task_id", flat=True)
    )
    leaderless = [a.task for a in assignments if a.is_lead and a.task_id not in other_leads]
    open_reports = ProgressReport.objects.filter(
        assignment__in=assignments,
        state__in=[ProgressReport.State.DRAFT, ProgressReport.State.SUBMITTED, ProgressReport.State.RETURNED],
    ).count()
    return DeactivationPreview(
        unit=unit,
        assignments=assignments,
        leaderless_tasks=leaderless,
        clerks=_clerks(unit),
        groups=list(unit.groups.values_list("phrase", flat=True)),
        open_reports=open_reports,
    )


def unit_reactivation_preview(unit: Unit) -> list[Task]:
    """The tasks of plans in 调度 that name ``unit``, directly or through a group phrase: the ones
    重新启用 gives back to it. A pure read."""
    reaching = Responsibility.objects.filter(
        Q(unit=unit) | Q(group__members=unit),
        role__in=[Responsibility.Role.LEAD, Responsibility.Role.CO],
        task__plan__in=tracked_plans(jurisdiction=unit.jurisdiction),
    )
    return list(Task.objects.filter(Exists(reaching.filter(task=OuterRef("pk")))).select_related("plan")
                .order_by("plan_id", "seq"))


# --- merge -------------------------------------------------------------------------------------


@dataclass
class MergePreview:
    """What merging ``absorbed`` into ``survivor`` would move, and what stops it (``conflicts``)."""

    absorbed: Unit
    survivor: Unit
    moved_assignments: list[Assignment] = field(default_factory=list)
    joined_assignments: list[Assignment] = field(default_factory=list)
    reports: int = 0
    clerks: list[Profile] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)

    @property
    def may_merge(self) -> bool:
        return not self.conflicts


# Relations to Unit that the merge moves itself; every other foreign key to Unit is repointed as it is.
_HANDLED = {(Assignment, "unit"), (ReminderSent, "unit"), (UnitAlias, "unit")}


def _other_relations():
    """(model, field name) of every foreign key to Unit not handled by name: responsibilities,
    profiles, channels, notices, and whatever a later app adds."""
    for relation in Unit._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        key = (relation.related_model, relation.field.name)
        if key not in _HANDLED:
            yield key


def unit_merge_preview(*, absorbed: Unit, survivor: Unit) -> MergePreview:
    """A pure read of what ``unit_merge`` would do. Two units that each reported on the same task
    for the same period cannot be merged: one task has one report per unit and period, and
    neither report may be lost."""
    preview = MergePreview(absorbed=absorbed, survivor=survivor)
    try:
        unit_merge_check(absorbed=absorbed, survivor=survivor)
    except ValidationError as error:
        preview.conflicts.extend(error.messages)
        return preview
    survivor_assignments = {a.task_id: a for a in Assignment.objects.filter(unit=survivor)}
    survivor_periods = defaultdict(set)
    for assignment_id, period_id in ProgressReport.objects.filter(assignment__unit=survivor).values_list(
        "assignment_id", "period_id"
    ):
        survivor_periods[assignment_id].add(period_id)
    assignments = Assignment.objects.filter(unit=absorbed).select_related("task", "task__plan").prefetch_related(
        "reports__period"
    ).order_by("task__plan_id", "task__seq")
    for assignment in assignments:
        reports = list(assignment.reports.all())
        preview.reports += len(reports)
        other = survivor_assignments.get(assignment.task_id)
        if other is None:
            preview.moved_assignments.append(assignment)
            continue
        preview.joined_assignments.append(assignment)
        for report in reports:
            if report.period_id in survivor_periods[other.pk]:
                preview.conflicts.append(
                    _("《%(plan)s》第 %(seq)s 项任务：两个单位都有“%(period)s”的报告，而一项任务每期只能有一份"
                      "单位报告，两份都不能丢失，因此无法合并；如两个条目确是同一单位，可停用其中一个，它的报告保留可查")
                    % {"plan": assignment.task.plan.title, "seq": assignment.task.seq, "period": report.period}
                )
    preview.clerks = _clerks(absorbed)
    names = [absorbed.name, normalise_unit_phrase(absorbed.full_name), *absorbed.aliases.values_list("text", flat=True)]
    preview.aliases = [text for text in dict.fromkeys(names) if text and text != survivor.name]
    preview.groups = list(absorbed.groups.exclude(members=survivor).values_list("phrase", flat=True))
    for model, name in _other_relations():
        count = model._default_manager.filter(**{name: absorbed}).count()
        if count and model is not Profile:
            preview.others[str(model._meta.verbose_name)] = count
    return preview


def unit_merge(*, absorbed: Unit, survivor: Unit, by) -> Unit:
    """Merge ``absorbed`` into ``survivor`` (two entries for one body): its assignments, reports,
    clerks, channels, notices, plan responsibilities, names and groups move to ``survivor``, and
    ``absorbed`` is deleted. Refused, with nothing changed, while ``unit_merge_preview`` lists a
    conflict. One audit event (``orgs.unit_merge``) with both units before and after."""
    if by is not SYSTEM:
        require_office(by, jurisdiction=absorbed.jurisdiction)
    with transaction.atomic():
        absorbed = Unit.objects.select_for_update().get(pk=absorbed.pk)
        survivor = Unit.objects.select_for_update().get(pk=survivor.pk)
        preview = unit_merge_preview(absorbed=absorbed, survivor=survivor)
        if preview.conflicts:
            raise ValidationError(preview.conflicts)
        moved = {
            "assignments": len(preview.moved_assignments),
            "joined_assignments": len(preview.joined_assignments),
            "reports": preview.reports,
            "clerks": [profile.user.get_username() for profile in preview.clerks],
        }
        survivor_assignments = {a.task_id: a for a in Assignment.objects.filter(unit=survivor)}
        for assignment in preview.joined_assignments:
            # The survivor already has this task: its reports join the survivor's assignment.
            ProgressReport.objects.filter(assignment=assignment).update(
                assignment=survivor_assignments[assignment.task_id]
            )
            assignment.delete()
        Assignment.objects.filter(unit=absorbed).update(unit=survivor)
        # A reminder both units got is remembered once; the survivor's row already says it was sent.
        sent = set(ReminderSent.objects.filter(unit=survivor).values_list("key", "channel"))
        for reminder in ReminderSent.objects.filter(unit=absorbed):
            if (reminder.key, reminder.channel) in sent:
                reminder.delete()
            else:
                reminder.unit = survivor
                reminder.save(update_fields=["unit"])
        for model, name in _other_relations():
            count = model._default_manager.filter(**{name: absorbed}).update(**{name: survivor})
            if count:
                moved[model._meta.label_lower] = count
        unit_merge_directory(absorbed=absorbed, survivor=survivor, by=by, moved=moved)
        # The survivor now answers for the absorbed unit's phrases: assignments and roles follow.
        assignments_follow(jurisdiction=survivor.jurisdiction, by=by)
    return survivor

