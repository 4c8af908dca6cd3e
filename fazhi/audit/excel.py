"""The audit log as a workbook, written row by row (openpyxl's write-only mode) and bounded."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from fazhi.audit.labels import action_label, event_changes, event_details, target_label
from fazhi.lib.xlsxcells import escape_cell

EXPORT_MAX_ROWS = 20_000


def events_xlsx(events, *, max_rows: int = EXPORT_MAX_ROWS) -> tuple[bytes, bool]:
    """.xlsx bytes of at most ``max_rows`` events (newest first as given), and whether more were left out."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计日志"))
    sheet.append([_("时间"), _("操作人"), _("操作"), _("对象类型"), _("对象"), _("辖区"), _("修改前后"), _("详情")])
    truncated = False
    for number, event in enumerate(events.iterator(chunk_size=1000)):
        if number >= max_rows:
            truncated = True
            break
        changes = "；".join(f"{field}：{before} → {after}" if field else f"{before} → {after}"
                           for field, before, after in event_changes(event.data, event.action, event.target_type))
        details = "；".join(f"{key}：{value}" for key, value in event_details(event.data, event.action, event.target_type))
        actor = event.actor.get_username() if event.actor else ""
        row = [timezone.localtime(event.at).replace(tzinfo=None), actor, action_label(event.action),
               target_label(event.target_type), event.target_label, event.jurisdiction.name if event.jurisdiction else "",
               changes, details]
        sheet.append([escape_cell(value) for value in row])
    if truncated:
        sheet.append([_("仅导出最新的 %(max)s 条，请缩小日期范围后分批导出") % {"max": max_rows}])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), truncated
