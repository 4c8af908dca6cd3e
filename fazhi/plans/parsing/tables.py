"""Plans written as a table (序号 | 工作任务 | 牵头领导 | 牵头单位 | 配合单位 | 完成时限).

Header names vary between counties, so each column is recognised by the words
its header contains. A row whose cells all say the same thing is a merged
section row (二、健全依法行政制度体系) and becomes a heading.
"""

from __future__ import annotations

import re

from fazhi.lib.limits import ReadLimits
from fazhi.lib.textnorm import normalise_line

from .annotations import split_units
from .deadlines import extract_deadlines
from .ledger import Deadline, Heading, Task, Unparsed
from .numbering import match_label
from .readers import DocumentTable
from .targets import extract_targets

_COLUMNS = (
    ("number", re.compile(r"^(序号|编号|序)$")),
    ("leaders", re.compile(r"领导")),
    ("co", re.compile(r"配合|协同|协办|参与")),
    ("lead_named", re.compile(r"牵头|主责")),
    ("lead", re.compile(r"责任(单位|部门)|负责(单位|部门)")),
    ("deadline", re.compile(r"时限|时间|期限|节点")),
    ("task", re.compile(r"任务|内容|措施|事项|工作")),
)
_ONGOING = re.compile(r"^(长期|长期坚持|持续|持续推进|常态化|长期推进)$")


def find_columns(header: list[str]) -> dict[str, int] | None:
    """Header cells → {role: column index}, or None unless there is a task column and a unit column."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        cell = normalise_line(raw)
        for role, pattern in _COLUMNS:
            if pattern.search(cell) and role not in columns:
                columns[role] = index
                break
    if "lead_named" in columns:
        # 牵头单位 beside 责任单位: the latter share the work, as in 〔牵头单位:…;责任单位:…〕.
        if "lead" in columns and "co" not in columns:
            columns["co"] = columns.pop("lead")
        columns["lead"] = columns.pop("lead_named")
    if "task" in columns and ("lead" in columns or "co" in columns):
        return columns
    return None


def find_task_table(table: DocumentTable) -> tuple[int, dict[str, int]] | None:
    """The header row index and its columns, looking at the first three rows."""
    for index, row in enumerate(table.rows[:3]):
        if columns := find_columns(row):
            return index, columns
    return None


def _is_section(text: str) -> bool:
    label = match_label(text)
    return label is not None and label.family in ("cn", "paren_cn")


def _deadlines(cell: str) -> list[Deadline]:
    if _ONGOING.match(cell):
        return [Deadline(text=cell, kind="ongoing")]
    return extract_deadlines(cell)


def tasks_from_table(table: DocumentTable, header_index: int, columns: dict[str, int], *,
                     parent: Heading | None, first_heading_number: int,
                     max_chars: int = ReadLimits.line_chars) -> tuple[
                         list[Task], list[Heading], list[Unparsed], dict[int, str]]:
    """Read a task table; write tasks (seq unset), section headings, unparsed rows and line roles.

    A row longer than ``max_chars`` is left unparsed without matching, like an over-long paragraph.
    """
    tasks, headings, unparsed, roles = [], [], [], {}
    level = parent.level + 1 if parent else 1
    section = parent
    for line in table.lines[: header_index + 1]:
        roles[line] = "heading"
    for row, line in zip(table.rows[header_index + 1:], table.lines[header_index + 1:], strict=True):
        if sum(len(c) for c in row) > max_chars:
            unparsed.append(Unparsed(line=line, text="\t".join(row)[:200] + "…", reason=(
                f"表格行超过 {max_chars} 个字符，未予识别，请拆分后重新导入 / table row longer than {max_chars} "
                "characters was not parsed")))
            roles[line] = "unparsed"
            continue
        cells = [normalise_line(c) for c in row]

        by_role = {role: cells[index] for role, index in columns.items() if index < len(cells)}
        cell = by_role.get

        non_empty = [c for c in cells if c]
        if not non_empty:
            continue
        # Merged cells repeat their text in every cell python-docx reports.
        if len(set(non_empty)) == 1 and (len(non_empty) > 1 or not cell("task", "") or _is_section(non_empty[0])):
            title = non_empty[0]
            section = Heading(id=f"h{first_heading_number + len(headings)}", level=level, number=None,
                              title=title, parent=parent.id if parent else None, line=line)
            headings.append(section)
            roles[line] = "heading"
            continue
        text = cell("task", "")
        if not text:
            unparsed.append(Unparsed(line=line, text="\t".join(cells),
                                     reason="表格行缺少任务内容 / table row has no task text"))
            roles[line] = "unparsed"
            continue
        tasks.append(Task(
            seq=0,
            text=text,
            number=cell("number", "") or None,
            heading=section.id if section else None,
            lead_leaders=split_units(cell("leaders", "")),
            lead_units=split_units(cell("lead", "")),
            co_units=split_units(cell("co", "")),
            deadlines=_deadlines(cell("deadline", "")),
            targets=extract_targets(text),
            lines=(line, line),
        ))
        roles[line] = "task"
    return tasks, headings, unparsed, roles
