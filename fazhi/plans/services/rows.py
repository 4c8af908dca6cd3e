"""The one place a plan's ledger rows are built from parsed values.

Both ways a ledger is written — a document import (``imports``) and an edited
Excel 台账 (``ledger_edits``) — build their Deadline, Target and Responsibility rows
here, so a 时限 or 指标 means the same whichever way it came in.
"""

from __future__ import annotations

from decimal import Decimal

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
