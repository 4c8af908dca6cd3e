"""The Excel 任务台账 in the layout county offices print and circulate.

One sheet: a title row, a subtitle row (文号, 导出时间), the header row, then the tasks
in document order with a section row for each level-1 and level-2 heading. The last
column, 任务编号, is hidden; it carries the key ``ledger_import`` matches rows by.

Which tasks a unit or a leader gets is decided by ``ledger_tasks`` alone.
"""

from __future__ import annotations

import io
import math
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fazhi.lib.xlsxcells import escape_cell
from fazhi.plans.ledger_columns import (
    COLUMNS,
    HEADER_ROW,
    PRINTED_COLUMNS,
    SHEET_TITLE,
    SUBTITLE_ROW,
    TITLE_ROW,
    ledger_row_values,
)
from fazhi.plans.models import Plan, Task
from fazhi.plans.queries import ledger_tasks

FONT_NAME = "宋体"
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
SECTION_FILLS = {1: PatternFill("solid", fgColor="DDEBF7"), 2: PatternFill("solid", fgColor="F2F2F2")}
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
LINE_HEIGHT = 15  # points per wrapped line at 11 pt


def scope_label(*, unit=None, leader=None) -> str:
    if unit is not None:
        return f"（{unit.name}）"
    if leader is not None:
        return _("（牵头领导：%(name)s）") % {"name": leader.name}
    return ""


def ledger_workbook(plan: Plan, *, unit=None, leader=None) -> Workbook:
    """The 台账 of ``plan`` (or of the tasks reaching ``unit`` / led by ``leader``)."""
    tasks = ledger_tasks(plan, unit=unit, leader=leader)
    if unit is not None or leader is not None:
        # A unit's or a leader's cut is a worklist: a cancelled task is no longer on it.
        tasks = tasks.filter(state=Task.State.ACTIVE)
    tasks = list(tasks)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _write_title(sheet, plan, scope_label(unit=unit, leader=leader))
    _write_header(sheet)
    last_sections: dict[int, int | None] = {1: None, 2: None}
    row = HEADER_ROW + 1
    for task in tasks:
        for section in _sections_of(task):
            if last_sections[section.level] != section.pk:
                last_sections[section.level] = section.pk
                if section.level == 1:
                    last_sections[2] = None
                _write_section(sheet, row, section)
                row += 1
        _write_task(sheet, row, ledger_row_values(task), cancelled=task.state == Task.State.CANCELLED)
        row += 1
    _set_up_page(sheet, last_row=max(row - 1, HEADER_ROW))
    return workbook


def ledger_xlsx_bytes(plan: Plan, *, unit=None, leader=None) -> bytes:
    buffer = io.BytesIO()
    ledger_workbook(plan, unit=unit, leader=leader).save(buffer)
    return buffer.getvalue()


def _sections_of(task: Task) -> list:
    """The task's level-1 and level-2 headings, outermost first (deeper levels are not section rows)."""
    chain = []
    heading = task.heading
    while heading is not None:
        chain.append(heading)
        # heading__parent is selected; a third level up costs a query, and plans rarely nest deeper.
        heading = heading.parent
    return [h for h in reversed(chain) if h.level in (1, 2)]


def _merge_across(sheet: Worksheet, row: int) -> None:
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=PRINTED_COLUMNS)


def _write_title(sheet: Worksheet, plan: Plan, scope: str) -> None:
    title = sheet.cell(TITLE_ROW, 1, escape_cell(f"{plan.title} {_('任务台账')}{scope}"))
    title.font = Font(name=FONT_NAME, size=16, bold=True)
    title.alignment = WRAP_CENTER
    _merge_across(sheet, TITLE_ROW)
    sheet.row_dimensions[TITLE_ROW].height = 36

    exported = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    parts = []
    if plan.doc_number:
        parts.append(_("文号：%(number)s") % {"number": plan.doc_number})
    parts.append(_("导出时间：%(time)s") % {"time": exported})
    subtitle = sheet.cell(SUBTITLE_ROW, 1, escape_cell("　　".join(parts)))
    subtitle.font = Font(name=FONT_NAME, size=10, color="404040")
    subtitle.alignment = Alignment(horizontal="right", vertical="center")
    _merge_across(sheet, SUBTITLE_ROW)
    sheet.row_dimensions[SUBTITLE_ROW].height = 20


def _write_header(sheet: Worksheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, index, column.title)
        cell.font = Font(name=FONT_NAME, size=11, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = WRAP_CENTER
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 24
    # The key column stays in the file for the import but out of sight and off the page.
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True


def _write_section(sheet: Worksheet, row: int, heading) -> None:
    cell = sheet.cell(row, 1, escape_cell(f"{heading.number}{heading.title}"))
    cell.font = Font(name=FONT_NAME, size=12 if heading.level == 1 else 11, bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column in range(1, PRINTED_COLUMNS + 1):
        sheet.cell(row, column).fill = SECTION_FILLS[heading.level]
        sheet.cell(row, column).border = BORDER
    _merge_across(sheet, row)
    sheet.row_dimensions[row].height = _row_height([(cell.value, _printed_width())])


def _write_task(sheet: Worksheet, row: int, values: dict[str, str], *, cancelled: bool = False) -> None:
    """One task row; a cancelled task struck through in grey (it stays, so the 台账 can be imported back)."""
    for index, column in enumerate(COLUMNS, start=1):
        value = values[column.field]
        cell = sheet.cell(row, index)
        if column.field == "seq":
            cell.value = int(value)
            cell.alignment = Alignment(horizontal="center", vertical="top")
        else:
            cell.value = escape_cell(value)
            cell.data_type = "s"  # never a formula, whatever the text looks like
            cell.alignment = WRAP_TOP
        cell.font = Font(name=FONT_NAME, size=11, strike=cancelled, color="808080" if cancelled else None)
        cell.border = BORDER
    sheet.row_dimensions[row].height = _row_height(
        [(values[c.field], c.width) for c in COLUMNS[:PRINTED_COLUMNS] if c.field != "seq"]
    )


def _printed_width() -> float:
    return sum(column.width for column in COLUMNS[:PRINTED_COLUMNS])


def _display_width(text: str) -> int:
    """Excel width units a text needs: a CJK character takes two, a Latin one one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _row_height(cells: list[tuple[str, float]]) -> float:
    """Row height that shows every wrapped cell whole.

    openpyxl cannot measure text, and Excel does not refit rows it did not write,
    so the height is estimated here from the text's width per column.
    """
    lines = 1
    for text, width in cells:
        usable = max(width - 1.5, 1)
        cell_lines = sum(max(1, math.ceil(_display_width(part) / usable)) for part in str(text or "").split("\n"))
        lines = max(lines, cell_lines)
    return lines * LINE_HEIGHT + 6


def _set_up_page(sheet: Worksheet, *, last_row: int) -> None:
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{get_column_letter(PRINTED_COLUMNS)}{last_row}"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = 0.6
    margins.bottom = 0.7
    margins.header = 0.3
    margins.footer = 0.3
    sheet.oddFooter.center.text = _("第 &P 页 共 &N 页")
    sheet.oddFooter.center.size = 9
