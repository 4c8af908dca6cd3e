"""Reads that feed ledger pages, exports and tracking. One place decides which tasks reach a unit."""

from __future__ import annotations

from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery

from fazhi.plans.models import Deadline, Plan, Responsibility, Target, Task


def responsibilities_reaching_unit(unit, *, roles: list[str] | None = None) -> QuerySet[Responsibility]:
    """Responsibilities that name ``unit`` directly or through a group phrase it belongs to."""
    qs = Responsibility.objects.filter(Q(unit=unit) | Q(group__members=unit))
    if roles:
        qs = qs.filter(role__in=roles)
    return qs


def ledger_tasks(
    plan: Plan,
    *,
    unit=None,
    leader=None,
    role: str | None = None,
    deadline_year: int | None = None,
    has_target: bool | None = None,
    text: str | None = None,
    sort: str = "seq",
) -> QuerySet[Task]:
    """The plan's tasks in document order, filtered, with everything a ledger row shows prefetched.

    ``role`` (牵头/配合) narrows the ``unit`` filter to that role; without a unit it
    keeps tasks that have any responsibility of that role. ``sort`` is one of
    ``LEDGER_SORTS``: document order, earliest 完成时限, or first 牵头单位.
    """
    tasks = plan.tasks.all()
    unit_roles = [role] if role in (Responsibility.Role.LEAD, Responsibility.Role.CO) else None
    if unit is not None:
        reaching = responsibilities_reaching_unit(unit, roles=unit_roles).filter(task=OuterRef("pk"))
        tasks = tasks.filter(Exists(reaching))
    elif unit_roles:
        tasks = tasks.filter(Exists(Responsibility.objects.filter(task=OuterRef("pk"), role__in=unit_roles)))
    if leader is not None:
        tasks = tasks.filter(
            Exists(Responsibility.objects.filter(task=OuterRef("pk"), leader=leader, role=Responsibility.Role.LEAD_LEADER))
        )
    if deadline_year:
        tasks = tasks.filter(Exists(Deadline.objects.filter(task=OuterRef("pk"), due_on__year=deadline_year)))
    if has_target is not None:
        with_target = Exists(Target.objects.filter(task=OuterRef("pk")))
        tasks = tasks.filter(with_target if has_target else ~with_target)
    if text:
        tasks = tasks.filter(Q(text__icontains=text) | Q(annotation__icontains=text))
    return _sorted(with_ledger_details(tasks), sort)


LEDGER_SORTS = ("seq", "deadline", "lead_unit")


def _sorted(tasks: QuerySet[Task], sort: str) -> QuerySet[Task]:
    if sort == "deadline":
        # Tasks with no dated 完成时限 (长期坚持, 每年) come last, in document order.
        return tasks.annotate(first_due=Min("deadlines__due_on")).order_by(F("first_due").asc(nulls_last=True), "seq")
    if sort == "lead_unit":
        first_lead = Responsibility.objects.filter(task=OuterRef("pk"), role=Responsibility.Role.LEAD).order_by(
            "position"
        )
        return tasks.annotate(first_lead=Subquery(first_lead.values("phrase")[:1])).order_by(
            F("first_lead").asc(nulls_last=True), "seq"
        )
    return tasks


def with_ledger_details(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related("heading", "heading__parent").prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("unit", "group", "leader").order_by("role", "position"),
        ),
        Prefetch("deadlines", queryset=Deadline.objects.order_by("position")),
        Prefetch("targets", queryset=Target.objects.order_by("position", "id")),
    ).order_by("seq")


def plans_for_unit(unit) -> QuerySet[Plan]:
    return Plan.objects.filter(
        Exists(responsibilities_reaching_unit(unit).filter(task__plan=OuterRef("pk")))
    )
