"""The shape of the Excel 任务台账: its columns and what one task row shows.

Shared by the export (``fazhi.documents.excel_ledger``) and the re-import
(``fazhi.plans.ledger_import``), so the two can never disagree on a column.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.plans.models import Deadline, Responsibility, Task


@dataclass(frozen=True)
class LedgerColumn:
    field: str
    title: str
    width: float


# Widths in Excel character units; together they fill an A4 landscape page at about 90 %.
COLUMNS = (
    LedgerColumn("seq", "序号", 6),
    LedgerColumn("text", "任务内容", 62),
    LedgerColumn("lead_leaders", "牵头领导", 10),
    LedgerColumn("lead_units", "牵头单位", 18),
    LedgerColumn("co_units", "配合单位", 24),
    LedgerColumn("deadlines", "完成时限", 20),
    LedgerColumn("targets", "量化指标", 20),
    LedgerColumn("key", "任务编号", 10),
)
PRINTED_COLUMNS = len(COLUMNS) - 1  # 任务编号 is for the import, not for paper
# The fields ``ledger_import`` compares, in column order.
COMPARED_FIELDS = ("text", "lead_leaders", "lead_units", "co_units", "deadlines", "targets")
COLUMN_TITLES = {column.field: column.title for column in COLUMNS}

TITLE_ROW, SUBTITLE_ROW, HEADER_ROW = 1, 2, 3
SHEET_TITLE = "任务台账"
LIST_JOINER = "、"
ITEM_JOINER = "\n"  # one deadline or target per line


def task_key(task: Task) -> str:
    """Stable across edits and re-exports: the plan and the task's 序号 in it."""
    return f"{task.plan_id}-{task.seq}"


def format_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def deadline_cell_text(deadline: Deadline) -> str:
    """The plan's wording, with the date it means on the next line when the wording does not show it.

    2023年年底前 becomes "2023年年底前\n（2023年12月31日）"; the import drops the bracketed line.
    """
    if deadline.due_on and format_date(deadline.due_on) not in deadline.text:
        return f"{deadline.text}\n（{format_date(deadline.due_on)}）"
    return deadline.text


def ledger_row_values(task: Task) -> dict[str, str]:
    """What one task row shows, unescaped; ``task`` comes from ``ledger_tasks`` (all prefetched)."""
    phrases: dict[str, list[str]] = {role: [] for role in Responsibility.Role.values}
    for responsibility in task.responsibilities.all():
        phrases[responsibility.role].append(responsibility.phrase)
    return {
        "seq": str(task.seq),
        "text": task.text,
        "lead_leaders": LIST_JOINER.join(phrases[Responsibility.Role.LEAD_LEADER]),
        "lead_units": LIST_JOINER.join(phrases[Responsibility.Role.LEAD]),
        "co_units": LIST_JOINER.join(phrases[Responsibility.Role.CO]),
        "deadlines": ITEM_JOINER.join(deadline_cell_text(d) for d in task.deadlines.all()),
        "targets": ITEM_JOINER.join(t.text for t in task.targets.all()),
        "key": task_key(task),
    }
