"""The unit directory as an Excel workbook: export, and import of the same workbook.

Sheets: 单位 (名称, 全称, 类别, 别名, 示例数据, 启用), 单位组 (称谓, 成员单位, 说明, 示例数据),
牵头领导 (姓名, 职务). Import upserts by name and never deletes: a unit missing from the
sheet stays as it is (set 启用 to 否 to retire one). Every row is checked before anything
is written; one error and nothing changes.
"""

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from fazhi.audit.services import event_record
from fazhi.lib.limits import InputRejected, ReadLimits
from fazhi.lib.xlsxcells import WorkbookUnreadable, escape_cell, open_workbook, unescape_cell
from fazhi.orgs import services
from fazhi.orgs.matching import normalise_unit_phrase
from fazhi.orgs.models import Jurisdiction, Leader, Unit, UnitAlias, UnitGroup

UNIT_SHEET, GROUP_SHEET, LEADER_SHEET = "单位", "单位组", "牵头领导"
UNIT_COLUMNS = ["名称", "全称", "类别", "别名", "示例数据", "启用"]
GROUP_COLUMNS = ["称谓", "成员单位", "说明", "示例数据"]
LEADER_COLUMNS = ["姓名", "职务"]
REQUIRED_COLUMNS = {UNIT_SHEET: ["名称", "类别"], GROUP_SHEET: ["称谓", "成员单位"], LEADER_SHEET: ["姓名"]}
SHEET_LABELS = {UNIT_SHEET: "单位表", GROUP_SHEET: "单位组表", LEADER_SHEET: "牵头领导表"}
LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
YES, NO = "是", "否"


def _join(values) -> str:
    return "、".join(values)


def directory_export(jurisdiction: Jurisdiction) -> bytes:
    """The directory of ``jurisdiction`` as .xlsx bytes (five queries)."""
    workbook = Workbook()
    units_sheet = workbook.active
    units_sheet.title = UNIT_SHEET
    rows = {
        UNIT_SHEET: [
            [
                unit.name,
                unit.full_name,
                unit.get_kind_display(),
                _join(alias.text for alias in unit.aliases.all()),
                YES if unit.is_sample else NO,
                YES if unit.is_active else NO,
            ]
            for unit in Unit.objects.filter(jurisdiction=jurisdiction).prefetch_related("aliases")
        ],
        GROUP_SHEET: [
            [
                group.phrase,
                _join(unit.name for unit in group.members.all()),
                group.note,
                YES if group.is_sample else NO,
            ]
            for group in services.directory_groups(jurisdiction)
        ],
        LEADER_SHEET: [[leader.name, leader.title] for leader in services.directory_leaders(jurisdiction)],
    }
    columns = {UNIT_SHEET: UNIT_COLUMNS, GROUP_SHEET: GROUP_COLUMNS, LEADER_SHEET: LEADER_COLUMNS}
    widths = {UNIT_SHEET: [22, 36, 12, 40, 10, 8], GROUP_SHEET: [28, 80, 50, 10], LEADER_SHEET: [12, 30]}
    for title in (UNIT_SHEET, GROUP_SHEET, LEADER_SHEET):
        sheet = units_sheet if title == UNIT_SHEET else workbook.create_sheet(title)
        sheet.append(columns[title])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows[title]:
            sheet.append([escape_cell(value) for value in row])
        for letter, width in zip("ABCDEF", widths[title], strict=False):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class CellError:
    sheet: str
    row: int | None
    column: str | None
    message: str


@dataclass
class DirectoryImportResult:
    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _UnitRow:
    row: int
    name: str
    full_name: str
    kind: str
    aliases: list[str]
    is_sample: bool
    is_active: bool


@dataclass
class _GroupRow:
    row: int
    phrase: str
    members: list[str]
    note: str
    is_sample: bool | None


@dataclass
class _LeaderRow:
    row: int
    name: str
    title: str


class _Reader:
    """Reads one sheet into dicts keyed by header and collects errors with sheet/row/column."""

    def __init__(self, workbook, title: str, errors: list[CellError], limits: ReadLimits):
        self.title, self.errors, self.limits = title, errors, limits
        self.label = SHEET_LABELS[title]
        self.sheet = workbook[title] if title in workbook.sheetnames else None

    def error(self, row, column, message):
        self.errors.append(CellError(self.title, row, column, message))

    def cell_error(self, row, column, value, problem):
        self.error(
            row,
            column,
            _("%(sheet)s第 %(row)s 行“%(column)s”列的“%(value)s”%(problem)s")
            % {"sheet": self.label, "row": row, "column": column, "value": value, "problem": problem},
        )

    def rows(self):
        """(row number, {column: text}) for each filled row, at most ``limits.table_rows`` below the header.

        A filled row past the limit is an error; reading stops at the first row past it either way.
        """
        if self.sheet is None:
            self.error(
                None,
                None,
                _("工作簿中没有“%(sheet)s”工作表，请使用本系统导出的名录文件") % {"sheet": self.title},
            )
            return
        max_rows = self.limits.table_rows
        lines = _streamed(self.sheet.iter_rows(max_row=max_rows + 2, max_col=self.limits.table_columns,
                                               values_only=True))
        header = [_text(value) for value in next(lines, ())]
        missing = [name for name in REQUIRED_COLUMNS[self.title] if name not in header]
        if missing:
            self.error(
                1,
                None,
                _("%(sheet)s缺少“%(columns)s”列，请勿修改表头")
                % {"sheet": self.label, "columns": "”“".join(missing)},
            )
            return
        for number, values in enumerate(lines, start=2):
            if number > max_rows + 1:
                if any(value not in (None, "") for value in values):
                    self.error(
                        number,
                        None,
                        _("%(sheet)s超过 %(max)s 行，请分批导入") % {"sheet": self.label, "max": max_rows},
                    )
                return
            cells = {name: _text(value) for name, value in zip(header, values, strict=False) if name}
            if any(cells.values()):
                yield number, cells

    def yes_no(self, number, cells, column, default):
        value = cells.get(column, "")
        if not value:
            return default
        if value in (YES, "Y", "y", "1", "TRUE", "True", "true"):
            return True
        if value in (NO, "N", "n", "0", "FALSE", "False", "false"):
            return False
        self.cell_error(number, column, value, _("无法识别，请填写“是”或“否”"))
        return default


def _text(value) -> str:
    if value is None:
        return ""
    return unescape_cell(str(value).strip())


def _split(value: str) -> list[str]:
    return [part for part in (normalise_unit_phrase(p) for p in LIST_SEPARATORS.split(value)) if part]


KIND_BY_LABEL = {str(label): value for value, label in Unit.Kind.choices}


def _read_units(workbook, errors, limits) -> list[_UnitRow]:
    reader, rows, seen = _Reader(workbook, UNIT_SHEET, errors, limits), [], {}
    kinds = "、".join(KIND_BY_LABEL)
    for number, cells in reader.rows():
        name = normalise_unit_phrase(cells.get("名称", ""))
        if not name:
            reader.error(
                number,
                "名称",
                _("%(sheet)s第 %(row)s 行没有填写“名称”") % {"sheet": reader.label, "row": number},
            )
            continue
        if name in seen:
            reader.cell_error(
                number, "名称", name, _("与第 %(row)s 行重复，同一单位只能出现一次") % {"row": seen[name]}
            )
            continue
        seen[name] = number
        label = cells.get("类别", "")
        kind = KIND_BY_LABEL.get(label) or (label if label in Unit.Kind.values else None)
        if kind is None:
            reader.cell_error(number, "类别", label, _("无法识别，可选：%(kinds)s") % {"kinds": kinds})
            continue
        rows.append(
            _UnitRow(
                row=number,
                name=name,
                full_name=cells.get("全称", ""),
                kind=kind,
                aliases=[alias for alias in _split(cells.get("别名", "")) if alias != name],
                is_sample=reader.yes_no(number, cells, "示例数据", False),
                is_active=reader.yes_no(number, cells, "启用", True),
            )
        )
    return rows


def _check_names(jurisdiction, unit_rows, errors) -> dict[str, str]:
    """Aliases and names must stay unique after the import; returns every final name/alias → unit name."""
    label = SHEET_LABELS[UNIT_SHEET]
    in_sheet = {row.name for row in unit_rows}
    owner: dict[str, str] = {}
    for unit in Unit.objects.filter(jurisdiction=jurisdiction):
        owner[unit.name] = unit.name
    for text, unit_name in UnitAlias.objects.filter(jurisdiction=jurisdiction).values_list(
        "text", "unit__name"
    ):
        if unit_name not in in_sheet:
            owner[text] = unit_name
    for row in unit_rows:
        owner.setdefault(row.name, row.name)
    for row in unit_rows:
        for alias in row.aliases:
            holder = owner.setdefault(alias, row.name)
            if holder != row.name:
                errors.append(
                    CellError(
                        UNIT_SHEET,
                        row.row,
                        "别名",
                        _(
                            "%(sheet)s第 %(row)s 行“别名”列的“%(alias)s”已是单位“%(other)s”的名称或别名，同一称呼不能对应两个单位"
                        )
                        % {"sheet": label, "row": row.row, "alias": alias, "other": holder},
                    )
                )
    return owner


def _read_groups(workbook, errors, owner: dict[str, str], limits) -> list[_GroupRow]:
    reader, rows, seen = _Reader(workbook, GROUP_SHEET, errors, limits), [], {}
    for number, cells in reader.rows():
        phrase = normalise_unit_phrase(cells.get("称谓", ""))
        if not phrase:
            reader.error(
                number,
                "称谓",
                _("%(sheet)s第 %(row)s 行没有填写“称谓”") % {"sheet": reader.label, "row": number},
            )
            continue
        if phrase in seen:
            reader.cell_error(number, "称谓", phrase, _("与第 %(row)s 行重复") % {"row": seen[phrase]})
            continue
        seen[phrase] = number
        if phrase in owner:
            reader.cell_error(
                number,
                "称谓",
                phrase,
                _("已是单位“%(unit)s”的名称或别名，请换一个称谓") % {"unit": owner[phrase]},
            )
            continue
        members = []
        for text in _split(cells.get("成员单位", "")):
            if text not in owner:
                reader.cell_error(number, "成员单位", text, _("不在单位表或名录中，请先在单位表中添加该单位"))
            elif owner[text] not in members:
                members.append(owner[text])
        sample = reader.yes_no(number, cells, "示例数据", None) if "示例数据" in cells else None
        rows.append(_GroupRow(number, phrase, members, cells.get("说明", ""), sample))
    return rows


def _read_leaders(workbook, errors, limits) -> list[_LeaderRow]:
    reader, rows, seen = _Reader(workbook, LEADER_SHEET, errors, limits), [], {}
    for number, cells in reader.rows():
        name = "".join(cells.get("姓名", "").split())
        if not name:
            reader.error(
                number,
                "姓名",
                _("%(sheet)s第 %(row)s 行没有填写“姓名”") % {"sheet": reader.label, "row": number},
            )
            continue
        if name in seen:
            reader.cell_error(number, "姓名", name, _("与第 %(row)s 行重复") % {"row": seen[name]})
            continue
        seen[name] = number
        rows.append(_LeaderRow(number, name, cells.get("职务", "")))
    return rows


_Unreadable = WorkbookUnreadable  # raised here too, for a damaged sheet


def _streamed(rows):
    """``rows`` as they are streamed: a damaged sheet fails here, not when the workbook is opened."""
    try:
        yield from rows
    except Exception as error:  # openpyxl raises many kinds on damaged sheets
        raise _Unreadable from error


def _read(jurisdiction, file, limits: ReadLimits, errors: list[CellError]):
    """The rows of the three sheets, checked. The ZIP and XML structure is checked before openpyxl sees it."""
    workbook = open_workbook(file, limits)
    try:
        unit_rows = _read_units(workbook, errors, limits)
        owner = _check_names(jurisdiction, unit_rows, errors)
        group_rows = _read_groups(workbook, errors, owner, limits)
        leader_rows = _read_leaders(workbook, errors, limits)
    finally:
        workbook.close()
    return unit_rows, group_rows, leader_rows


def directory_import(*, jurisdiction: Jurisdiction, file, by, limits: ReadLimits | None = None) -> DirectoryImportResult:
    """Upsert units, groups and leaders from an exported workbook; nothing is written if any row is wrong.

    ``limits`` (default: the ``FAZHI_MAX_*`` settings) bound the file's unpacked size, XML and rows.
    """
    result = DirectoryImportResult()
    try:
        unit_rows, group_rows, leader_rows = _read(
            jurisdiction, file, limits or ReadLimits.from_settings(settings), result.errors)
    except InputRejected as error:
        result.errors.append(CellError("", None, None, error.message_for(get_language())))
        return result
    except _Unreadable:
        result.errors.append(CellError("", None, None, _("文件无法读取，请上传由本系统导出的 .xlsx 文件")))
        return result
    if result.errors:
        return result
    try:
        with transaction.atomic():
            _apply(jurisdiction, unit_rows, group_rows, leader_rows, result, by)
            event_record(
                actor=by,
                action="orgs.directory_import",
                target=jurisdiction,
                jurisdiction=jurisdiction,
                data={"created": result.created, "updated": result.updated},
            )
    except ValidationError as exc:
        # A conflict the row checks above do not foresee (e.g. an alias equal to a group phrase).
        result.created = result.updated = 0
        result.errors.append(CellError("", None, None, "；".join(exc.messages)))
    return result


def _apply(jurisdiction, unit_rows, group_rows, leader_rows, result, by) -> None:
    units = {
        unit.name: unit for unit in Unit.objects.filter(jurisdiction=jurisdiction).prefetch_related("aliases")
    }
    # Remove aliases first so an alias can move from one unit to another in the same import.
    for row in unit_rows:
        unit = units.get(row.name)
        if unit:
            for alias in unit.aliases.all():
                if alias.text not in row.aliases:
                    services.unit_alias_remove(alias=alias, by=by)
    for row in unit_rows:
        unit = units.get(row.name)
        if unit is None:
            unit = units[row.name] = services.unit_create(
                jurisdiction=jurisdiction,
                name=row.name,
                full_name=row.full_name,
                kind=row.kind,
                is_sample=row.is_sample,
                by=by,
            )
            if not row.is_active:
                services.unit_update(unit=unit, is_active=False, by=by)
            result.created += 1
            existing_aliases = set()
        else:
            before = (unit.full_name, unit.kind, unit.is_sample, unit.is_active)
            services.unit_update(
                unit=unit,
                full_name=row.full_name,
                kind=row.kind,
                is_sample=row.is_sample,
                is_active=row.is_active,
                by=by,
            )
            existing_aliases = {alias.text for alias in unit.aliases.all() if alias.text in row.aliases}
            if before != (unit.full_name, unit.kind, unit.is_sample, unit.is_active):
                result.updated += 1
        for text in row.aliases:
            if text not in existing_aliases:
                services.unit_alias_add(unit=unit, text=text, by=by)
    groups = {group.phrase: group for group in UnitGroup.objects.filter(jurisdiction=jurisdiction)}
    for row in group_rows:
        members = [units[name] for name in row.members]
        group = groups.get(row.phrase)
        if group is None:
            services.group_create(
                jurisdiction=jurisdiction,
                phrase=row.phrase,
                members=members,
                note=row.note,
                is_sample=bool(row.is_sample),
                by=by,
            )
            result.created += 1
        else:
            services.group_set_members(group=group, members=members, by=by)
            services.group_update(group=group, note=row.note, is_sample=row.is_sample, by=by)
    leaders = {leader.name: leader for leader in Leader.objects.filter(jurisdiction=jurisdiction)}
    for row in leader_rows:
        if row.name in leaders:
            services.leader_update(leader=leaders[row.name], title=row.title, by=by)
        else:
            services.leader_create(jurisdiction=jurisdiction, name=row.name, title=row.title, by=by)
            result.created += 1
