"""How the audit log names its actions and object types to a person. Unknown codes show as they are."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "accounts.login": _("登录"),
    "accounts.login_failed": _("登录失败"),
    "accounts.login_locked": _("锁定期间尝试登录"),
    "accounts.logout": _("退出登录"),
    "accounts.account_create": _("新建账号"),
    "accounts.account_import": _("导入账号"),
    "accounts.accounts_import": _("批量导入账号"),
    "accounts.account_deactivate": _("停用账号"),
    "accounts.account_reactivate": _("启用账号"),
    "accounts.account_unlock": _("解除登录锁定"),
    "accounts.password_change": _("修改密码"),
    "accounts.password_reset": _("重置密码"),
    "admin.add": _("后台新增"),
    "admin.change": _("后台修改"),
    "admin.delete": _("后台删除"),
    "assignments.follow": _("按名录调整分派"),
    "cadence.update": _("修改调度频次"),
    "calendar.day_set": _("设置节假日/调休"),
    "calendar.day_clear": _("取消节假日/调休设置"),
    "calendar.year_complete": _("确认全年日历"),
    "calendar.year_incomplete": _("撤销全年日历确认"),
    "calendar.year_enter": _("录入全年日历"),
    "channel.add": _("新增提醒渠道"),
    "channel.update": _("修改提醒渠道"),
    "channel.enable": _("启用提醒渠道"),
    "channel.disable": _("停用提醒渠道"),
    "channel.delete": _("删除提醒渠道"),
    "channel.test": _("发送测试消息"),
    "evidence.attach": _("上传佐证材料"),
    "evidence.cite": _("引用佐证材料"),
    "evidence.detach": _("移除佐证材料"),
    "goal.assess": _("评定年度目标"),
    "leader_digest.send": _("发送领导周报"),
    "notice.create": _("发出通知"),
    "notice.read": _("阅读通知"),
    "orgs.directory_import": _("导入单位名录"),
    "orgs.group_create": _("新建单位组"),
    "orgs.group_set_members": _("修改单位组成员"),
    "orgs.group_update": _("修改单位组"),
    "orgs.jurisdiction_create": _("新建辖区"),
    "orgs.leader_create": _("新增牵头领导"),
    "orgs.leader_update": _("修改牵头领导"),
    "orgs.unit_alias_add": _("添加单位别名"),
    "orgs.unit_alias_remove": _("删除单位别名"),
    "orgs.unit_create": _("新增单位"),
    "orgs.unit_update": _("修改单位"),
    "orgs.unit_edit": _("修改单位"),
    "orgs.unit_activate": _("启用单位"),
    "orgs.unit_deactivate": _("停用单位"),
    "orgs.unit_merge": _("合并单位"),
    "period.close": _("结束调度期"),
    "period.lock": _("锁定调度期"),
    "period.open": _("重新开放调度期"),
    "period.due_confirm": _("确认截止日期"),
    "period.snapshot_missing": _("补存调度期快照"),
    "periods.generate": _("生成调度期"),
    "plan.import": _("导入方案"),
    "plan.import_as_new": _("导入方案（已提示重复）"),
    "plan.import_review": _("核对导入预览中的任务"),
    "plan.import_reviewed": _("按预览中的核对结果导入方案"),
    "plan.revision": _("修订方案"),
    "plan.archive": _("归档方案"),
    "plan.unarchive": _("取消归档方案"),
    "plan.delete": _("删除方案"),
    "plan.parent_set": _("关联实施方案"),
    "plan.upload": _("上传方案"),
    "plan.ledger_import": _("导入台账修改"),
    "plan.ledger_import_upload": _("上传台账修改"),
    "progress_report.create": _("新建进展报告"),
    "progress_report.save": _("保存进展报告"),
    "progress_report.submit": _("提交进展报告"),
    "progress_report.accept": _("审核通过"),
    "progress_report.return": _("退回进展报告"),
    "progress_report.carry_over": _("沿用上期报告（本期无新进展）"),
    "progress_report.copy_last": _("复制上期报告"),
    "measurement.record": _("填报量化指标实际值"),
    "site.url_set": _("设置站点地址"),
    "task.add": _("新增任务"),
    "task.update": _("编辑任务"),
    "task.split": _("拆分任务"),
    "task.merge": _("合并任务"),
    "task.cancel": _("取消任务"),
    "task.restore": _("恢复任务"),
    "task.delete": _("删除任务"),
    "task.ledger_import": _("按台账修改任务"),
    "tracking.end_set": _("设置调度截止日期"),
    "unit.urge": _("催办"),
}

TARGET_LABELS = {
    "accounts.profile": _("账号"),
    "auth.user": _("用户"),
    "orgs.jurisdiction": _("辖区"),
    "orgs.unit": _("单位"),
    "orgs.unitgroup": _("单位组"),
    "orgs.leader": _("牵头领导"),
    "plans.plan": _("方案"),
    "plans.task": _("任务"),
    "plans.pendingimport": _("待确认的导入"),
    "tracking.period": _("调度期"),
    "tracking.progressreport": _("进展报告"),
    "tracking.assignment": _("任务分派"),
    "tracking.goalassessment": _("目标评定"),
    "tracking.reportingcadence": _("调度频次"),
    "notify.notice": _("通知"),
    "notify.unitchannel": _("单位通知渠道"),
    "workcal.calendarday": _("日历"),
    "workcal.calendaryear": _("年度日历"),
    "files.evidencefile": _("佐证材料"),
}


# The keys of ``Event.data`` a person reads on the log page; others show as they are.
DATA_LABELS = {
    "username": _("账号"),
    "usernames": _("账号"),
    "address": _("地址"),
    "attempts_removed": _("清除的失败次数"),
    "name": _("姓名"),
    "role": _("角色"),
    "unit": _("单位"),
    "leader": _("领导"),
    "row": _("行"),
    "created": _("新增"),
    "updated": _("更新"),
    "admin_message": _("后台说明"),
    "is_active": _("启用"),
    "note": _("说明"),
    "comment": _("意见"),
    "day": _("日期"),
    "is_workday": _("工作日"),
    "full_name": _("全称"),
    "kind": _("类别"),
    "is_sample": _("示例数据"),
    "title": _("职务"),
    "sort_order": _("排序"),
    "alias": _("别名"),
    "members": _("成员单位"),
    "added": _("新增成员"),
    "removed": _("移出成员"),
    "version": _("版本"),
    "achieved": _("已完成"),
    "absorbed": _("并入的单位"),
    "survivor": _("保留的单位"),
    "moved": _("转移的记录"),
    "groups": _("单位组"),
    "channels": _("渠道"),
    "items": _("条目"),
    "notice": _("通知"),
    "plan": _("方案"),
    "plans": _("方案"),
    "email": _("邮箱"),
    "week": _("周"),
    "user": _("用户"),
    "id": _("编号"),
    "error": _("错误"),
    "errors": _("错误"),
    "ok": _("成功"),
    "signed": _("加签"),
    "target": _("地址"),
    "draft": _("草稿"),
    "seq": _("任务序号"),
    "decision": _("核对结果"),
    "decisions": _("预览中的核对"),
    "edited": _("修改后导入的任务"),
    "rejected": _("不导入的任务"),
    "lead_units": _("牵头单位"),
    "co_units": _("配合单位"),
    "deadlines": _("完成时限"),
    "new_seq": _("新任务序号"),
    "other_seq": _("另一任务序号"),
    "other": _("另一任务"),
    "ops": _("修改内容"),
    "parent": _("所属实施方案"),
    "reason": _("修改原因"),
    "renumbered": _("重新编号"),
    "revision": _("修订号"),
    "text": _("任务内容"),
    "tasks": _("任务数"),
    "responsibilities": _("责任分工条数"),
    "unmatched": _("未识别的单位"),
    "similar_plans": _("相似的方案"),
    "sha256": _("文件校验值"),
    "snapshot_sha256": _("快照校验值"),
    "source_name": _("文件名"),
    "source_sha256": _("文件校验值"),
    "through": _("生成至"),
    "provisional": _("暂定截止日"),
    "deactivated": _("停用"),
    "year": _("年度"),
    "rest": _("放假的工作日"),
    "work": _("调休上班日"),
    "tracking_start": _("开始调度日期"),
    "tracking_end": _("调度截止日期"),
    "monthly": _("月度调度"),
    "monthly_due_workdays": _("月度报送时限"),
    "quarterly": _("季度盘点"),
    "quarterly_due_workdays": _("季度报送时限"),
    "yearly": _("年度总结"),
    "yearly_due_month": _("年度总结报送月"),
    "yearly_due_day": _("年度总结报送日"),
    "perennial_kind": _("长期任务考核周期"),
    "due_soon_workdays": _("临期提醒（工作日）"),
    "behind_threshold": _("滞后阈值（百分点）"),
    "co_reports_to_office": _("配合单位报告也报依法治县办审核"),
}
# What a bare ``from``/``to`` pair changed, by the action (or its prefix before the dot), and the
# model field whose choices name the stored codes (a state such as "open" reads as 填报中).
FROM_TO_FIELDS = {
    "tracking.end_set": (_("调度截止日期"), None),
    "period.due_confirm": (_("截止日期"), None),
    "site.url_set": (_("站点地址"), None),
    "channel.update": (_("地址"), None),
    "period": (_("状态"), ("tracking.period", "state")),
    "progress_report": (_("状态"), ("tracking.progressreport", "state")),
}
# Said already by the action's own label (登录 / 登录失败 …).
HIDDEN_DATA = {"result"}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def target_label(code: str) -> str:
    """The object type's name: ours above, else the model's own verbose name, else the code."""
    if code in TARGET_LABELS:
        return str(TARGET_LABELS[code])
    try:
        return str(apps.get_model(code)._meta.verbose_name)
    except (LookupError, ValueError):
        return code


def event_changes(data: dict, action: str = "", target_type: str = "") -> list[tuple[str, str, str]]:
    """(field, before, after) of an edit, from the shapes writers record: ``before``/``after`` dicts
    (accounts, admin), ``changes`` as {field: [old, new]} (``fazhi.core.services.model_update``), or a
    ``from``/``to`` pair (a report's or period's state, a due date; named by ``action``). Codes of a
    field with choices on ``target_type``'s model read as their labels. [] for an event that is no edit."""
    before, after = data.get("before"), data.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        keys = dict.fromkeys([*before, *after])
        return [_change(target_type, key, before.get(key), after.get(key)) for key in keys]
    changes = data.get("changes")
    if isinstance(changes, dict) and all(isinstance(pair, list | tuple) and len(pair) == 2
                                         for pair in changes.values()):
        return [_change(target_type, key, old, new) for key, (old, new) in changes.items()]
    if "from" in data and "to" in data:
        field, choices = _from_to_field(action)
        return [(field, _plain(choices.get(data["from"], data["from"])), _plain(choices.get(data["to"], data["to"])))]
    return []


def _change(target_type: str, key: str, old, new) -> tuple[str, str, str]:
    choices = _field_choices(target_type, key)
    return (_label(key), _plain(choices.get(old, old) if isinstance(old, str) else old),
            _plain(choices.get(new, new) if isinstance(new, str) else new))


def _from_to_field(action: str) -> tuple[str, dict]:
    """The name of what a ``from``/``to`` pair of ``action`` changed, and the labels of its codes."""
    field, source = FROM_TO_FIELDS.get(action) or FROM_TO_FIELDS.get(action.split(".")[0]) or ("", None)
    if source is None:
        return str(field), {}
    try:
        choices = apps.get_model(source[0])._meta.get_field(source[1]).choices or []
    except (LookupError, ValueError):
        choices = []
    return str(field), {code: str(label) for code, label in choices}


def _label(key: str) -> str:
    return str(DATA_LABELS.get(key, key))


def event_details(data: dict, action: str = "", target_type: str = "",
                  unit_names: dict[int, str] | None = None) -> list[tuple[str, str]]:
    """The other facts an event carries, as (key, text); an empty one is left out. A code the
    target's model names among the choices of a field of the same name (a unit's ``kind``, a
    notice's ``kind``) reads as its label, a plan revision's operations as words, and a unit
    recorded by its id as its name when ``unit_names`` has it."""
    skip = HIDDEN_DATA | ({"before", "after", "changes", "from", "to"} if event_changes(data, action) else set())
    details = []
    for key, value in data.items():
        if key in skip or value in ("", []):
            continue
        if key == "unit" and isinstance(value, int) and unit_names and value in unit_names:
            value = unit_names[value]
        elif key in ("ops", "other"):
            value = [str(REVISION_OPS.get(op, op)) for op in value] if isinstance(value, list) \
                else str(REVISION_OPS.get(value, value))
        elif isinstance(value, str):
            value = _field_choices(target_type, key).get(value, value)
        details.append((_label(key), _plain(value)))
    return details


REVISION_OPS = {"added": _("新增"), "changed": _("修改"), "removed": _("删除"), "cancelled": _("取消"),
                "restored": _("恢复"), "split": _("拆分"), "merged": _("合并")}


def unit_ids(events) -> set[int]:
    """The units some of ``events`` record by id (notices, reminder channels), to be named."""
    return {event.data["unit"] for event in events
            if isinstance(event.data, dict) and isinstance(event.data.get("unit"), int)}


def _field_choices(target_type: str, field: str) -> dict[str, str]:
    """{code: label} of ``field`` on the model ``target_type`` names, {} when it has no such choices."""
    if not target_type:
        return {}
    try:
        choices = apps.get_model(target_type)._meta.get_field(field).choices or []
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}
    return {code: str(label) for code, label in choices if isinstance(code, str)}


def _plain(value) -> str:
    if value is None:
        return "—"
    if value is True:
        return str(_("是"))
    if value is False:
        return str(_("否"))
    if isinstance(value, list):
        return "、".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return "；".join(f"{key}：{_plain(item)}" for key, item in value.items())
    return str(value)
