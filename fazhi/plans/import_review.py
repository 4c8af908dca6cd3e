"""What the office should check first in an import preview: doubtful tasks and lines, unit suggestions.

The importer writes, beside each task, a ``confidence`` ("high": read from a clean
responsibility annotation; "low": something was inferred) with ``confidence_reasons``,
and on the ledger a list of ``doubts`` (a line it read but is unsure about, the reason
and the reading it chose). Both are read from the stored ledger JSON, so a preview
stored before they existed simply shows every task as read cleanly.

Reasons are written "中文 / English"; the page shows the half of the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fazhi.plans.parsing.ledger import Ledger, Task


def in_language(text: str, language: str) -> str:
    """"第 3 行合并了两行 / two lines joined" → the Chinese half, or the English half for English readers."""
    chinese, separator, english = (text or "").partition(" / ")
    if separator and language.startswith("en"):
        return english.strip()
    return chinese.strip()


@dataclass
class DoubtLine:
    line: int
    text: str
    reason: str
    suggestion: str
    task_seq: int | None = None
    """The task whose source lines hold this line, if any."""


# The office's choice for one task in the preview, kept in the task's JSON under "review".
REVIEW_KEEP = "keep"
REVIEW_EDIT = "edit"
REVIEW_REJECT = "reject"
REVIEW_ACTIONS = (REVIEW_KEEP, REVIEW_EDIT, REVIEW_REJECT)


def reviewed_ledger(raw_ledger: dict[str, Any], *, renumber: bool = False) -> Ledger:
    """The ledger as it would be imported: tasks the office rejected in the preview left out.

    With ``renumber`` the remaining tasks are numbered 1..n again (what confirm stores); the
    preview keeps the uploaded numbers so each task's editor stays addressable.
    """
    raw = dict(raw_ledger)
    raw["tasks"] = [task for task in raw_ledger.get("tasks") or [] if task.get("review") != REVIEW_REJECT]
    ledger = Ledger.from_dict(raw)
    if renumber:
        for seq, task in enumerate(ledger.tasks, start=1):
            task.seq = seq
    return ledger


def review_decisions(raw_ledger: dict[str, Any]) -> list[dict[str, Any]]:
    """What the office decided in the preview, in order: seq, action, changes, by, at."""
    return list((raw_ledger.get("review") or {}).get("decisions") or [])


@dataclass
class TaskReview:
    task: Task
    doubtful: bool
    reasons: list[str] = field(default_factory=list)
    doubts: list[DoubtLine] = field(default_factory=list)
    state: str = ""
    """The office's choice in the preview: "" (not yet), "keep", "edit" or "reject"."""

    @property
    def rejected(self) -> bool:
        return self.state == REVIEW_REJECT

    @property
    def lead_text(self) -> str:
        return "、".join(self.task.lead_units)

    @property
    def co_text(self) -> str:
        return "、".join(self.task.co_units)

    @property
    def deadline_text(self) -> str:
        return "；".join(deadline.text for deadline in self.task.deadlines)


@dataclass
class ImportReview:
    tasks: list[TaskReview]
    """Doubtful tasks first, each group in the plan's order."""
    doubts: list[DoubtLine]

    @property
    def doubtful_count(self) -> int:
        """Doubtful tasks the office has not yet kept, corrected or rejected."""
        return sum(1 for review in self.tasks if review.doubtful and not review.state)

    @property
    def rejected_count(self) -> int:
        return sum(1 for review in self.tasks if review.rejected)


def _task_of_line(tasks: list[Task], line: int) -> int | None:
    for task in tasks:
        if task.lines and task.lines[0] <= line <= task.lines[1]:
            return task.seq
    return None


def import_review(raw_ledger: dict[str, Any], ledger: Ledger, *, language: str = "zh-hans") -> ImportReview:
    """Read the stored ledger JSON and its parsed :class:`Ledger`; write what to check, doubtful first.

    A task is doubtful when the importer gave it low confidence or one of its lines is a doubt.
    ``ledger`` holds every uploaded task, rejected ones too (they are listed, struck out).
    """
    raw_tasks = {raw.get("seq"): raw for raw in raw_ledger.get("tasks") or []}
    doubts = []
    for raw in raw_ledger.get("doubts") or []:
        line = raw.get("line")
        doubts.append(DoubtLine(
            line=line,
            text=raw.get("text") or "",
            reason=in_language(raw.get("reason") or "", language),
            suggestion=raw.get("suggestion") or "",
            task_seq=_task_of_line(ledger.tasks, line) if isinstance(line, int) else None,
        ))
    reviews = []
    for task in ledger.tasks:
        raw = raw_tasks.get(task.seq) or {}
        reasons = [in_language(reason, language) for reason in raw.get("confidence_reasons") or []]
        own_doubts = [doubt for doubt in doubts if doubt.task_seq == task.seq]
        doubtful = raw.get("confidence") == "low" or bool(own_doubts)
        reviews.append(TaskReview(task=task, doubtful=doubtful, reasons=reasons, doubts=own_doubts,
                                  state=raw.get("review") or ""))
    # Stable: plan order within each group; rejected tasks last.
    reviews.sort(key=lambda review: (review.rejected, not review.doubtful))
    return ImportReview(tasks=reviews, doubts=doubts)


@dataclass
class Suggestion:
    label: str
    percent: int | None


def unit_suggestions(row) -> list[Suggestion]:
    """The ranked directory candidates the unit matching offers for an unmatched phrase, best first.

    Each candidate names a unit or a group and may carry a confidence (0–1 or 0–100).
    """
    found = []
    for candidate in getattr(row, "suggestions", None) or []:
        unit = getattr(candidate, "unit", None)
        group = getattr(candidate, "group", None)
        label = (getattr(unit, "name", None) or getattr(group, "phrase", None) or getattr(candidate, "name", None)
                 or str(candidate))
        confidence = getattr(candidate, "confidence", None)
        if confidence is None:
            percent = None
        else:
            percent = round(confidence * 100) if confidence <= 1 else round(confidence)
        found.append(Suggestion(label=label, percent=percent))
    return found
