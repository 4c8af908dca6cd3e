"""Read an edited Excel 台账 back: the diff the office looks at before anything is written.

``ledger_import_preview`` reads the workbook the 台账 export wrote (header row found by
its titles, blank and section rows skipped), matches rows by 任务编号 and compares
任务内容, 牵头领导, 牵头单位, 配合单位, 完成时限 and 量化指标 with the plan. It writes
nothing; ``fazhi.plans.services.ledger_edits`` applies a clean preview.

The import edits existing tasks only: it never adds or deletes one.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from fazhi.lib.limits import Deadline, InputRejected, ReadLimits, zip_check
from fazhi.lib.xlsxcells import unescape_cell
from fazhi.plans.ledger_columns import (
    COLUMN_TITLES,
    COMPARED_FIELDS,
    LIST_JOINER,
    ledger_row_values,
    task_key,
)
from fazhi.plans.models import Plan, Responsibility, Task
from fazhi.plans.parsing.deadlines import extract_deadlines
from fazhi.plans.parsing.targets import extract_targets
from fazhi.plans.queries import ledger_tasks

HEADER_SEARCH_ROWS = 20
LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
ITEM_SEPARATORS = re.compile(r"[；;\n]+")
# excel_ledger adds the date a wording means on its own line, （2023年12月31日）: a reading aid, not a deadline.
DATE_NOTE = re.compile(r"（\d{4}年\d{1,2}月\d{1,2}日）$")
KEY_PATTERN = re.compile(r"^(\d+)-(\d+)$")
ROLE_OF_FIELD = {
    "lead_leaders": Responsibility.Role.LEAD_LEADER,
    "lead_units": Responsibility.Role.LEAD,
    "co_units": Responsibility.Role.CO,
}


def not_xlsx_message() -> str:
    return _("该文件不是 Excel 工作簿（.xlsx），请用“导出台账”下载的模板修改后再导入")


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class TaskChange:
    key: str
    task_id: int
    seq: int
    row: int
    changes: list[FieldChange]
    # The new values as they will be written: text, phrase lists, deadline and target dicts.
    values: dict

    def field_names(self) -> list[str]:
        return [change.field for change in self.changes]


@dataclass
class RowError:
    message: str
    row: int | None = None
    column: str | None = None


@dataclass
class MissingTask:
    key: str
    seq: int
    text: str


@dataclass
class ImportDiff:
    plan_id: int
    fingerprint: str
    changes: list[TaskChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing: list[MissingTask] = field(default_factory=list)
    rows_read: int = 0

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict) -> ImportDiff:
        return cls(
            plan_id=raw["plan_id"],
            fingerprint=raw["fingerprint"],
            changes=[
                TaskChange(**{**c, "changes": [FieldChange(**f) for f in c["changes"]]}) for c in raw["changes"]
            ],
            errors=[RowError(**e) for e in raw["errors"]],
            missing=[MissingTask(**m) for m in raw["missing"]],
            rows_read=raw.get("rows_read", 0),
        )


def plan_fingerprint(plan: Plan) -> str:
    """A digest of everything the 台账 shows for ``plan``: equal digests, same ledger."""
    rows = [ledger_row_values(task) for task in ledger_tasks(plan)]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


# --- reading the workbook ------------------------------------------------------------------------


def _cell_text(cell, field_name: str) -> tuple[str, bool]:
    """The cell as text, and whether it is a formula (which the import refuses)."""
    value = cell.value
    if value is None:
        return "", False
    if cell.data_type == "f":
        return str(value), True
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        # A date typed into 完成时限 means "by then", the way the plans write it.
        suffix = "前" if field_name == "deadlines" else ""
        return f"{value.year}年{value.month}月{value.day}日{suffix}", False
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return unescape_cell(text.strip()).strip(), False


@dataclass
class _SheetRow:
    row: int
    texts: dict[str, str]
    formulas: list[str]
    filled_cells: int


def _sheet_rows(xlsx_bytes: bytes, limits: ReadLimits) -> list[_SheetRow]:
    """The rows below the header of the active sheet, as text per field.

    The file's ZIP and XML structure is checked first (sizes, DTD, depth); the sheet is then
    streamed (openpyxl's read-only mode) no further than ``limits.table_rows`` rows and the
    last header column, so neither a huge sheet nor a sheet claiming 16,384 columns is loaded.
    """
    if not zipfile.is_zipfile(io.BytesIO(xlsx_bytes)):
        raise ValidationError(not_xlsx_message(), code="not_xlsx")
    try:
        zip_check(xlsx_bytes, limits, xml=True, deadline=Deadline(limits.parse_seconds))
    except InputRejected as error:
        raise ValidationError(error.message_for(get_language()), code="unsafe") from error
    try:
        workbook = load_workbook(io.BytesIO(xlsx_bytes), read_only=True)
    except Exception as error:  # openpyxl raises many kinds on damaged files
        raise ValidationError(not_xlsx_message(), code="not_xlsx") from error
    try:
        sheet = workbook.active
        header_row, columns = _find_header(sheet, limits)
        rows = []
        last_row = header_row + limits.table_rows
        cells_by_row = sheet.iter_rows(min_row=header_row + 1, max_row=last_row + 1, max_col=max(columns.values()))
        for row, cells in enumerate(cells_by_row, start=header_row + 1):
            if row > last_row:
                if any(cell.value not in (None, "") for cell in cells):
                    raise ValidationError(_("台账超过 %(max)s 行，请只保留任务行后再导入") % {"max": limits.table_rows},
                                          code="too_many_rows")
                break
            texts: dict[str, str] = {}
            formulas = []
            for name, index in columns.items():
                text, is_formula = _cell_text(cells[index - 1], name) if index <= len(cells) else ("", False)
                texts[name] = text
                if is_formula:
                    formulas.append(name)
            filled = len([c for c in cells if c.value not in (None, "")])
            rows.append(_SheetRow(row=row, texts=texts, formulas=formulas, filled_cells=filled))
    except ValidationError:
        raise
    except Exception as error:  # a damaged sheet fails while it is streamed, not when it is opened
        raise ValidationError(not_xlsx_message(), code="not_xlsx") from error
    finally:
        workbook.close()
    return rows


def _find_header(sheet, limits: ReadLimits) -> tuple[int, dict[str, int]]:
    """The header row and the column index of each field, found by the column titles."""
    by_title = {title: name for name, title in COLUMN_TITLES.items()}
    header_rows = sheet.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=limits.table_columns)
    for number, row in enumerate(header_rows, start=1):
        columns = {}
        for index, cell in enumerate(row, start=1):
            title = re.sub(r"\s+", "", str(cell.value or ""))
            if title in by_title:
                columns[by_title[title]] = index
        if "text" in columns and "key" in columns:
            missing = [COLUMN_TITLES[name] for name in COMPARED_FIELDS if name not in columns]
            if missing:
                raise ValidationError(
                    _("找不到“%(columns)s”列，请用“导出台账”下载的模板修改后再导入") % {"columns": "”“".join(missing)},
                    code="columns",
                )
            return number, columns
    raise ValidationError(
        _("找不到表头（应含“任务内容”和“任务编号”两列），请用“导出台账”下载的模板修改后再导入"), code="header"
    )


# --- comparing -------------------------------------------------------------------------------------


def _phrases(text: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


def _items(text: str) -> list[str]:
    return [part.strip() for part in ITEM_SEPARATORS.split(text) if part.strip()]


def _deadline_texts(cell: str) -> list[str]:
    texts = (DATE_NOTE.sub("", part).strip() for part in _items(cell))
    return [text for text in texts if text]


def _comparable(field_name: str, text: str):
    if field_name in ROLE_OF_FIELD:
        return _phrases(text)
    if field_name == "deadlines":
        return _deadline_texts(text)
    if field_name == "targets":
        return _items(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _display(field_name: str, value) -> str:
    if isinstance(value, list):
        return (LIST_JOINER if field_name in ROLE_OF_FIELD else "；").join(value)
    return value


def _cell_error(row: int, column: str, text: str, example: str) -> RowError:
    return RowError(
        row=row,
        column=column,
        message=_("第 %(row)s 行“%(column)s”列的“%(text)s”无法识别，请改为如“%(example)s”的格式")
        % {"row": row, "column": column, "text": text, "example": example},
    )


def _parse_new_value(field_name: str, new, *, row: int, errors: list[RowError]):
    """The value to write for a changed field, or None after appending an error."""
    column = COLUMN_TITLES[field_name]
    if field_name == "text":
        if not new:
            errors.append(RowError(row=row, column=column, message=_(
                "第 %(row)s 行“任务内容”列为空，请填写任务内容；导入不会删除任务") % {"row": row}))
            return None
        return new
    if field_name == "lead_units" and not new:
        errors.append(RowError(row=row, column=column, message=_(
            "第 %(row)s 行“牵头单位”列为空，请至少填写一个牵头单位") % {"row": row}))
        return None
    if field_name in ROLE_OF_FIELD:
        return new
    if field_name == "deadlines":
        deadlines = []
        for part in new:
            found = extract_deadlines(part)
            if not found:
                errors.append(_cell_error(row, column, part, "2023年12月31日前"))
                return None
            # The office's wording is kept whole; what it means comes from the importer's grammar.
            deadlines.append(replace(found[0], text=part).to_dict())
        return deadlines
    targets = []
    for part in new:
        found = extract_targets(part)
        if not found:
            errors.append(_cell_error(row, column, part, "报备率达到100%"))
            return None
        targets.append(replace(found[0], text=part).to_dict())
    return targets


def ledger_import_preview(*, plan: Plan, xlsx_bytes: bytes, limits: ReadLimits | None = None) -> ImportDiff:
    """Compare an edited 台账 with ``plan``; writes nothing.

    Raises ``ValidationError`` when the file cannot be read as a 台账 at all, or goes past
    ``limits`` (default: the ``FAZHI_MAX_*`` settings); problems in single rows and cells
    are collected in ``errors`` instead.
    """
    rows = _sheet_rows(xlsx_bytes, limits or ReadLimits.from_settings(settings))
    tasks = {task_key(task): task for task in ledger_tasks(plan)}
    diff = ImportDiff(plan_id=plan.pk, fingerprint=plan_fingerprint(plan))
    seen: dict[str, int] = {}
    for sheet_row in rows:
        row, texts, formulas = sheet_row.row, sheet_row.texts, sheet_row.formulas
        filled = [name for name, text in texts.items() if text]
        if not filled:
            continue  # a blank row someone added
        key = texts.get("key", "")
        if not key and sheet_row.filled_cells <= 1:
            continue  # a section row: one merged cell
        diff.rows_read += 1
        for name in formulas:
            diff.errors.append(RowError(row=row, column=COLUMN_TITLES[name], message=_(
                "第 %(row)s 行“%(column)s”列是公式，请改为文字") % {"row": row, "column": COLUMN_TITLES[name]}))
        if formulas:
            continue
        task = _task_for_key(key, row=row, plan=plan, tasks=tasks, seen=seen, errors=diff.errors)
        if task is None:
            continue
        change = _task_change(task, texts, row=row, errors=diff.errors)
        if change is not None:
            diff.changes.append(change)
    diff.missing = [
        MissingTask(key=key, seq=task.seq, text=task.text[:60]) for key, task in tasks.items() if key not in seen
    ]
    return diff


def _task_for_key(key: str, *, row: int, plan: Plan, tasks: dict, seen: dict, errors: list[RowError]) -> Task | None:
    column = COLUMN_TITLES["key"]
    if not key:
        errors.append(RowError(row=row, column=column, message=_(
            "第 %(row)s 行没有“任务编号”：导入只能修改已有任务，不能新增；请在方案中新增任务，或删除该行")
            % {"row": row}))
        return None
    match = KEY_PATTERN.match(key)
    if match and int(match[1]) != plan.pk:
        errors.append(RowError(row=row, column=column, message=_(
            "第 %(row)s 行的任务编号“%(key)s”属于另一个方案，请导入本方案导出的台账") % {"row": row, "key": key}))
        return None
    if key not in tasks:
        errors.append(RowError(row=row, column=column, message=_(
            "第 %(row)s 行的任务编号“%(key)s”在本方案中不存在，请勿修改“任务编号”列") % {"row": row, "key": key}))
        return None
    if key in seen:
        errors.append(RowError(row=row, column=column, message=_(
            "第 %(row)s 行的任务编号“%(key)s”与第 %(first)s 行重复，请删除其中一行")
            % {"row": row, "key": key, "first": seen[key]}))
        return None
    seen[key] = row
    return tasks[key]


def _task_change(task: Task, texts: dict[str, str], *, row: int, errors: list[RowError]) -> TaskChange | None:
    current = ledger_row_values(task)
    changes, values = [], {}
    for name in COMPARED_FIELDS:
        old = _comparable(name, current[name])
        new = _comparable(name, texts[name])
        if old == new:
            continue
        value = _parse_new_value(name, new, row=row, errors=errors)
        if value is None:
            continue
        changes.append(FieldChange(field=name, label=COLUMN_TITLES[name], old=_display(name, old),
                                   new=_display(name, new)))
        values[name] = value
    if not changes:
        return None
    return TaskChange(key=task_key(task), task_id=task.pk, seq=task.seq, row=row, changes=changes, values=values)
