"""The one place a plan's ledger rows are built from parsed values.

Every way a ledger is written — a document import (``imports``), an edited Excel 台账
(``ledger_edits``) and a task edited on screen (``revisions``) — builds its Deadline, Target and
Responsibility rows here, so a 时限 or 指标 means the same whichever way it came in.
"""

from __future__ import annotations

from decimal import Decimal

from fazhi.orgs.matching import match_leader_name, match_unit_phrase
from fazhi.plans.models import Deadline, Goal, Responsibility, Target, Task
from fazhi.plans.parsing import ledger as parsed


def clip(value: str | None, model, field_name: str) -> str:
    """Fit ``value`` into a CharField; PostgreSQL refuses what SQLite would quietly keep."""
    text = (value or "").strip()
    return text[: model._meta.get_field(field_name).max_length]


def deadline_rows(task: Task, deadlines: list[parsed.Deadline]) -> list[Deadline]:
    return [
        Deadline(task=task, text=clip(d.text, Deadline, "text"), kind=d.kind, due_on=d.date,
                 period=d.period or "", position=position)
        for position, d in enumerate(deadlines)
    ]


def target_row(raw: parsed.Target, *, position: int, task: Task | None = None, goal: Goal | None = None) -> Target:
    return Target(
        task=task,
        goal=goal,
        text=clip(raw.text, Target, "text"),
        subject=clip(raw.subject, Target, "subject"),
        comparator=raw.comparator or ">=",
        value=Decimal(str(raw.value)),
        unit=clip(raw.unit, Target, "unit"),
        per=clip(raw.per, Target, "per"),
        due_on=raw.by,
        position=position,
    )


def responsibility_row(task: Task, role: str, phrase: str, *, position: int, unit=None, group=None,
                       leader=None) -> Responsibility:
    return Responsibility(task=task, role=role, phrase=clip(phrase, Responsibility, "phrase"), unit=unit,
                          group=group, leader=leader, position=position)


def responsibilities_replace(task: Task, role: str, phrases: list[str], *, plan, directory) -> None:
    """Keep the rows whose phrase stays (with their directory mapping), drop the others, add the new ones."""
    existing = {r.phrase: r for r in task.responsibilities.all() if r.role == role}
    for phrase, responsibility in existing.items():
        if phrase not in phrases:
            responsibility.delete()
    for position, phrase in enumerate(phrases):
        responsibility = existing.get(phrase)
        if responsibility is not None:
            if responsibility.position != position:
                responsibility.position = position
                responsibility.save(update_fields=["position"])
            continue
        unit = group = leader = None
        if role == Responsibility.Role.LEAD_LEADER:
            leader = match_leader_name(plan.jurisdiction, phrase, directory=directory)
        else:
            match = match_unit_phrase(plan.jurisdiction, phrase, directory=directory)
            unit, group = match.unit, match.group
        responsibility_row(task, role, phrase, position=position, unit=unit, group=group, leader=leader).save()
