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
from .deadlines import extract_deadlines, one_year
from .frontmatter import is_closing_line
from .ledger import Deadline, Doubt, Heading, Task, Unparsed
from .numbering import match_label
from .readers import DocumentTable
from .targets import extract_targets

_ROW_NUMBER = re.compile(r"^\d{1,4}[.．、]?$")
_HEADER_CELL_CHARS = 12
_SECTION_CHARS = 30
_NUMBER_HEADER = re.compile(r"^(序号|编号|序)$")
LOW_REBUILT = "由逐行排列的表格单元格重建 / rebuilt from a table flattened to one cell per line"

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


def merge_tables(result, task_tables, *, limits: ReadLimits) -> None:
    """Add the tasks, headings and unparsed rows of ``task_tables`` to a parse ``result`` of the text around them.

    ``task_tables`` holds (table, header row index, columns); a table goes under the last heading above it.
    """
    ledger = result.ledger
    # A one-year plan (2025年…工作要点) dates the phrases its rows write without a year (6月底前).
    meta = ledger.plan
    year = one_year(meta.period_start, meta.period_end)
    for table, header_index, columns in task_tables:
        parent = next((h for h in reversed(ledger.headings) if (h.line or 0) < table.lines[0]), None)
        tasks, headings, unparsed, roles = tasks_from_table(
            table, header_index, columns, parent=parent, first_heading_number=len(ledger.headings) + 1,
            max_chars=limits.line_chars, year=year)
        ledger.tasks += tasks
        ledger.headings += headings
        ledger.unparsed += unparsed
        result.line_roles.update(roles)
        # Text after a table is not front matter even when no heading or task was found in the text around it.
        for line, role in result.line_roles.items():
            if role == "front" and line > table.lines[0]:
                result.line_roles[line] = "back"
        result.back += ["\t".join(row) for row in table.rows[: header_index + 1]]
        if table.spans:
            ledger.doubts.append(Doubt(
                line=table.lines[0], text=" ".join(table.rows[header_index]),
                reason=f"表格按单元格逐行排列，已重建为 {len(table.rows) - header_index - 1} 行，请核对各列 / "
                       "a table flattened to one cell per line was rebuilt; check the columns",
                suggestion="\n".join([" | ".join(row) for row in table.rows[header_index + 1:]
                                      if len(set(row)) > 1][:3])))
    ledger.tasks.sort(key=lambda t: t.lines[0] if t.lines else 0)
    ledger.headings.sort(key=lambda h: h.line or 0)
    ledger.unparsed.sort(key=lambda u: u.line)
    ledger.doubts.sort(key=lambda d: d.line)
    for seq, task in enumerate(ledger.tasks, start=1):
        task.seq = seq


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


def _deadlines(cell: str, text: str, year: int | None = None) -> list[Deadline]:
    """The 完成时限 cell's deadline; failing that, the time phrases written in the task text itself."""
    if _ONGOING.match(cell):
        return [Deadline(text=cell, kind="ongoing")]
    return extract_deadlines(cell, year=year) or extract_deadlines(text, year=year)


def _is_deadline_cell(cell: str) -> bool:
    return bool(_ONGOING.match(cell) or (len(cell) <= 20 and extract_deadlines(cell)))


def flat_tables(lines: list[str]) -> list[tuple[DocumentTable, int, dict[str, int]]]:
    """Read cleaned lines; write the task tables flattened to one cell per line (a table copied from a web page).

    A run of short lines that name a 序号 column, a task column and a unit column is the header; each row
    then starts at a line holding only the next row number. A row with fewer cells than columns (empty
    cells leave no line) gets its task text first, a time phrase in the 时限 column, the rest in order.
    A line that is an item label (二、…) between rows is a section row. The table ends at the first line
    that is neither. ``DocumentTable.spans`` holds every source line of each row.
    """
    found = []
    n = 0
    while n < len(lines):
        if not _NUMBER_HEADER.match(lines[n]):
            n += 1
            continue
        header_lines = []
        at = n
        while at < len(lines) and 0 < len(lines[at]) <= _HEADER_CELL_CHARS and _cell_role(lines[at]):
            header_lines.append(at)
            at += 1
            while at < len(lines) and not lines[at]:
                at += 1
        columns = find_columns([lines[i] for i in header_lines]) if len(header_lines) >= 3 else None
        if not columns or columns.get("number") != 0:
            n = max(at, n + 1)
            continue
        header = [lines[i] for i in header_lines]
        table = DocumentTable(rows=[header], lines=[header_lines[0] + 1], spans=[[i + 1 for i in header_lines]])
        expected = 1
        blank_before = False
        row: list[int] = []
        while at < len(lines):
            text = lines[at]
            starts_row = bool(_ROW_NUMBER.match(text)) and int(text.rstrip(".．、")) == expected
            section = not starts_row and len(text) <= _SECTION_CHARS and _is_section(text)
            if starts_row or section:
                if row:
                    _add_row(table, [lines[i] for i in row], row, columns, len(header))
                row = [at] if starts_row else []
                expected += starts_row
                if section:
                    table.rows.append([text] * len(header))
                    table.lines.append(at + 1)
                    table.spans.append([at + 1])
            elif text and row and len(row) < len(header) and not (blank_before and is_closing_line(text)):
                row.append(at)
            elif text:
                break  # a full row, or the signature below the table
            blank_before = not text
            at += 1
        if row:
            _add_row(table, [lines[i] for i in row], row, columns, len(header))
        if len(table.rows) > 1:
            found.append((table, 0, columns))
        n = max(at, n + 1)
    return found


def tab_tables(lines: list[str]) -> list[tuple[DocumentTable, int, dict[str, int]]]:
    """Read raw lines (before normalising, which removes tabs); write the task tables written as tab-separated rows.

    A spreadsheet pasted into a .txt keeps one row per line with its cells separated by tabs. A run of such
    lines whose first three rows hold a header naming a task column and a unit column is a task table; an
    item label (二、…) on a line of its own between rows is a section row. ``DocumentTable.lines`` holds each
    row's 1-based line; the table has no ``spans``, as a Word table.
    """
    found = []
    n = 0
    while n < len(lines):
        if "\t" not in lines[n]:
            n += 1
            continue
        table = DocumentTable(rows=[], lines=[])
        at = n
        while at < len(lines):
            cleaned = normalise_line(lines[at])
            if "\t" in lines[at]:
                table.rows.append([normalise_line(cell) for cell in lines[at].split("\t")])
            elif table.rows and cleaned and len(cleaned) <= _SECTION_CHARS and _is_section(cleaned):
                table.rows.append([cleaned] * len(table.rows[0]))
            else:
                break
            table.lines.append(at + 1)
            at += 1
        # Only short cells make a header: a plan indented with tabs has 任务 and 牵头 in its long lines too.
        header = next(((index, columns) for index, row in enumerate(table.rows[:3])
                       if sum(1 for cell in row if cell) >= 2 and all(len(cell) <= _HEADER_CELL_CHARS for cell in row)
                       and (columns := find_columns(row))), None)
        if header is not None and len(table.rows) > header[0] + 1:
            found.append((table, *header))
        n = at
    return found


def _cell_role(cell: str) -> bool:
    return any(pattern.search(cell) for _role, pattern in _COLUMNS)


def _add_row(table: DocumentTable, cells: list[str], line_indexes: list[int], columns: dict[str, int],
             width: int) -> None:
    row = [""] * width
    if len(cells) == width:
        row = list(cells)
    else:
        row[0] = cells[0]
        rest = cells[1:]
        if rest and "task" in columns:
            row[columns["task"]] = rest.pop(0)
        if "deadline" in columns and rest and _is_deadline_cell(rest[-1]):
            row[columns["deadline"]] = rest.pop()
        free = [i for i in range(1, width) if not row[i] and i != columns.get("deadline")]
        for index, cell in zip(free, rest, strict=False):
            row[index] = cell
        extra = rest[len(free):]
        if extra:  # more cells than columns: keep them in the last column rather than lose them
            row[-1] = "；".join([row[-1], *extra]).strip("；")
    table.rows.append(row)
    table.lines.append(line_indexes[0] + 1)
    table.spans.append([i + 1 for i in line_indexes])


def tasks_from_table(table: DocumentTable, header_index: int, columns: dict[str, int], *,
                     parent: Heading | None, first_heading_number: int,
                     max_chars: int = ReadLimits.line_chars, year: int | None = None) -> tuple[
                         list[Task], list[Heading], list[Unparsed], dict[int, str]]:
    """Read a task table; write tasks (seq unset), section headings, unparsed rows and line roles.

    A row longer than ``max_chars`` is left unparsed without matching, like an over-long paragraph.
    """
    tasks, headings, unparsed, roles = [], [], [], {}
    level = parent.level + 1 if parent else 1
    section = parent
    spans = table.spans or [[line] for line in table.lines]
    for span in spans[: header_index + 1]:
        for line in span:
            roles[line] = "heading"
    for row, line, span in zip(table.rows[header_index + 1:], table.lines[header_index + 1:],
                               spans[header_index + 1:], strict=True):
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
            for each in span:
                roles[each] = "heading"
            continue
        text = cell("task", "")
        if not text:
            unparsed.append(Unparsed(line=line, text="\t".join(cells),
                                     reason="表格行缺少任务内容 / table row has no task text"))
            roles[line] = "unparsed"
            continue
        lead_units = split_units(cell("lead", ""))
        reasons = [] if lead_units else ["未识别出牵头单位 / no lead unit found"]
        if table.spans:
            reasons.append(LOW_REBUILT)
        deadline_cell = cell("deadline", "")
        if deadline_cell and not _deadlines(deadline_cell, ""):
            reasons.append(f"完成时限“{deadline_cell}”无法识别 / deadline not understood")
        task_column = columns["task"]
        number_column = columns.get("number")
        # Every other cell as written, so a 备注 column or a 等 dropped from a unit list is not lost.
        others = [c for i, c in enumerate(cells) if c and i not in (task_column, number_column)]
        tasks.append(Task(
            seq=0,
            text=text,
            number=(cell("number", "") or "").rstrip(".．、") or None,
            heading=section.id if section else None,
            lead_leaders=split_units(cell("leaders", "")),
            lead_units=lead_units,
            co_units=split_units(cell("co", "")),
            deadlines=_deadlines(deadline_cell, text, year),
            targets=extract_targets(text, year=year),
            lines=(span[0], span[-1]),
            annotation="；".join(others) or None,
            confidence="low" if reasons else "high",
            confidence_reasons=reasons,
        ))
        for each in span:
            roles[each] = "task"
    return tasks, headings, unparsed, roles
