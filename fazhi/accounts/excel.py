"""Clerk accounts from an Excel sheet (columns 单位, 姓名, 手机, 账号), and the sheet of initial passwords.

Reading is bounded like every upload (``fazhi.lib.limits``): the ZIP and XML structure is checked
before openpyxl opens the file, then at most ``table_rows`` rows of ``table_columns`` columns are
streamed. Units are matched by name, alias, full name or short name (``fazhi.orgs.matching``).
"""

import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from fazhi.accounts.services import ImportedAccount, username_problem
from fazhi.lib.limits import InputRejected, ReadLimits
from fazhi.lib.xlsxcells import WorkbookUnreadable, escape_cell, open_workbook, unescape_cell
from fazhi.orgs.matching import build_directory_index, match_unit_phrase
from fazhi.orgs.models import Jurisdiction

COLUMNS = ["单位", "姓名", "手机", "账号"]
REQUIRED = ["单位", "姓名", "账号"]
MOBILE = re.compile(r"^1\d{10}$")


@dataclass
class AccountRow:
    row: int
    unit_text: str
    name: str
    phone: str
    username: str
    unit_id: int | None = None
    unit_name: str = ""
    problems: list[str] = field(default_factory=list)

    def as_session(self) -> dict:
        return {"row": self.row, "unit_id": self.unit_id, "name": self.name, "phone": self.phone,
                "username": self.username}


@dataclass
class AccountImportPreview:
    rows: list[AccountRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """Problems of the file as a whole (unreadable, a missing column, too many rows)."""

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows) and not any(row.problems for row in self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.errors) + sum(len(row.problems) for row in self.rows)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # a phone number typed into a number cell
        value = int(value)
    return unescape_cell(str(value).strip())


_Unreadable = WorkbookUnreadable  # raised here too, for a damaged sheet


def _sheet_rows(file, limits: ReadLimits):
    """(row number, values) of the first sheet, header first; bounded by ``limits``."""
    workbook = open_workbook(file, limits)
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise _Unreadable
        rows = sheet.iter_rows(max_row=limits.table_rows + 2, max_col=limits.table_columns, values_only=True)
        return list(enumerate(rows, start=1))
    except _Unreadable:
        raise
    except Exception as error:  # a damaged sheet fails while streamed
        raise _Unreadable from error
    finally:
        workbook.close()


def accounts_import_preview(*, jurisdiction: Jurisdiction, file, limits: ReadLimits | None = None
                            ) -> AccountImportPreview:
    """Every row of the sheet with its unit matched and its problems in Chinese; writes nothing."""
    limits = limits or ReadLimits.from_settings(settings)
    preview = AccountImportPreview()
    try:
        lines = _sheet_rows(file, limits)
    except InputRejected as error:
        preview.errors.append(error.message_for(get_language()))
        return preview
    except _Unreadable:
        preview.errors.append(_("文件无法读取，请上传 .xlsx 格式的 Excel 文件（可先下载模板）"))
        return preview
    if not lines:
        preview.errors.append(_("表格是空的，请按模板填写单位、姓名、手机、账号四列"))
        return preview
    header = [_text(value) for value in lines[0][1]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        preview.errors.append(_("第 1 行表头缺少“%(columns)s”列，请按模板填写单位、姓名、手机、账号四列")
                              % {"columns": "”“".join(missing)})
        return preview
    directory = build_directory_index(jurisdiction)
    taken: set[str] = set()
    for number, values in lines[1:]:
        if number > limits.table_rows + 1:
            if any(value not in (None, "") for value in values):
                preview.errors.append(_("表格超过 %(max)s 行，请分批导入") % {"max": limits.table_rows})
            break
        cells = {name: _text(value) for name, value in zip(header, values, strict=False) if name}
        if not any(cells.get(name) for name in COLUMNS):
            continue
        row = AccountRow(number, cells.get("单位", ""), "".join(cells.get("姓名", "").split()),
                         cells.get("手机", "").replace(" ", "").replace("-", ""), cells.get("账号", ""))
        _check_row(row, jurisdiction, directory, taken)
        preview.rows.append(row)
    if not preview.rows and not preview.errors:
        preview.errors.append(_("表格中没有账号行，请在表头下面逐行填写"))
    return preview


def _check_row(row: AccountRow, jurisdiction, directory, taken: set[str]) -> None:
    if not row.unit_text:
        row.problems.append(_("没有填写单位"))
    else:
        match = match_unit_phrase(jurisdiction, row.unit_text, directory=directory)
        if match.unit is not None:
            row.unit_id, row.unit_name = match.unit.pk, match.unit.name
        elif match.group is not None:
            row.problems.append(_("“%(text)s”是单位组，请填写一个具体单位") % {"text": row.unit_text})
        else:
            row.problems.append(_("单位“%(text)s”不在本辖区单位名录中（或有多个单位与之相符），请填写名录中的名称")
                                % {"text": row.unit_text})
    if not row.name:
        row.problems.append(_("没有填写姓名"))
    elif len(row.name) > 30:
        row.problems.append(_("姓名不能超过 30 个字符"))
    if row.phone and not MOBILE.match(row.phone):
        row.problems.append(_("手机号“%(phone)s”应为 11 位数字，以 1 开头") % {"phone": row.phone})
    if problem := username_problem(row.username, taken=taken):
        row.problems.append(problem)
    if row.username:
        taken.add(row.username.lower())


def _workbook_bytes(rows, widths) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("账号")
    for number, row in enumerate(rows):
        sheet.append([escape_cell(value) for value in row])
        if number == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def accounts_template_xlsx() -> bytes:
    """An empty sheet with the four columns and one example row, for the office to fill in."""
    return _workbook_bytes([COLUMNS, ["县司法局", "张三", "13800000000", "sifaju_zhangsan"]], [24, 12, 16, 24])


def credentials_xlsx(accounts: list[ImportedAccount], *, login_url: str) -> bytes:
    """The new accounts with their initial passwords, to hand to each clerk."""
    header = [_("单位"), _("姓名"), _("手机"), _("账号"), _("初始密码"), _("登录地址")]
    rows = [[a.unit_name, a.name, a.phone, a.username, a.password, login_url] for a in accounts]
    return _workbook_bytes([header, *rows], [24, 12, 16, 24, 18, 40])
